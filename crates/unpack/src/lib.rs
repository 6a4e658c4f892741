//! The playground's in-page decoder. The web build ships the wharf-web wasm compressed with
//! LZMA (`xz --format=lzma`, a quarter smaller than gzip), and the page unpacks it with this
//! crate, built as a small wasm module of its own (`dist/unpack.wasm`), before compiling it:
//! any static host then sends fewer bytes, with no `Content-Encoding` to configure.
//!
//! [`lzma`] is the decoder, plain Rust over slices (so it is tested natively); [`wasm`] is the
//! handful of exports the page calls. On wasm32 the crate is `no_std` and allocates nothing: it
//! lays the input and the output out in linear memory itself.

#![cfg_attr(target_arch = "wasm32", no_std)]

pub mod lzma;
mod range;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// Why a stream does not decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The 13-byte header is short, or its properties are out of range.
    Header,
    /// The input ended before the stream did.
    Truncated,
    /// The stream is not valid LZMA: a bad first byte, a match reaching before the start, or
    /// an end marker where the stream cannot end.
    Corrupt,
    /// The output would pass the caller's limit.
    TooLarge,
}

impl Error {
    /// The code the wasm exports return for it (negative: a success is a length).
    pub fn code(self) -> i32 {
        match self {
            Error::Header => -1,
            Error::Truncated => -2,
            Error::Corrupt => -3,
            Error::TooLarge => -4,
        }
    }
}
