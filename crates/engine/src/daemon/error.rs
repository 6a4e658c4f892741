//! The daemon's errors: an HTTP status and dockerd's message, as the API returns them.

use std::fmt;

/// A refusal from the daemon: what dockerd would answer with an HTTP error status. The docker
/// client prints it as `Error response from daemon: MESSAGE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status (404 not found, 409 conflict, 400 invalid, 500 system).
    pub status: u16,
    /// dockerd's message.
    pub message: String,
}

impl ApiError {
    /// 404: the object does not exist (`errdefs.NotFound`).
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError { status: 404, message: message.into() }
    }

    /// 409: the object is in the wrong state or the name is taken (`errdefs.Conflict`).
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError { status: 409, message: message.into() }
    }

    /// 400: the request is invalid (`errdefs.InvalidParameter`).
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError { status: 400, message: message.into() }
    }

    /// 500: the system failed (`errdefs.System`).
    pub fn system(message: impl Into<String>) -> ApiError {
        ApiError { status: 500, message: message.into() }
    }

    /// `No such container: NAME`.
    pub fn no_such_container(name: &str) -> ApiError {
        ApiError::not_found(format!("No such container: {name}"))
    }

    /// Whether this is a 404.
    pub fn is_not_found(&self) -> bool {
        self.status == 404
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ApiError {}

impl From<crate::image::db::DbError> for ApiError {
    fn from(e: crate::image::db::DbError) -> ApiError {
        use crate::image::db::DbError;
        match e {
            DbError::NoSuchImage(_) => ApiError::not_found(e.to_string()),
            _ => ApiError::system(e.to_string()),
        }
    }
}
