//! A container's state, and the status line `docker ps` prints for it.

use crate::cli::units::human_duration;
use crate::kernel::Timestamp;

/// Where a container is in its life (`State.Status` in `docker inspect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// Made, never started.
    Created,
    /// Its process runs.
    Running,
    /// Frozen by `docker pause`.
    Paused,
    /// Waiting to be started again by its restart policy.
    Restarting,
    /// Being removed.
    Removing,
    /// Its process ended.
    Exited,
    /// Removal failed half way.
    Dead,
}

impl Status {
    /// The lower-case word `docker inspect` and `--filter status=` use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Created => "created",
            Status::Running => "running",
            Status::Paused => "paused",
            Status::Restarting => "restarting",
            Status::Removing => "removing",
            Status::Exited => "exited",
            Status::Dead => "dead",
        }
    }
}

/// What `docker ps` needs to word a status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateView {
    /// The state.
    pub status: Status,
    /// When the process last started (nanoseconds since the epoch), if ever.
    pub started_at: Option<Timestamp>,
    /// When it last ended, if ever.
    pub finished_at: Option<Timestamp>,
    /// The last exit code.
    pub exit_code: i32,
    /// The health check's verdict, if the image has one (`healthy`, `unhealthy`, `starting`).
    pub health: Option<String>,
}

impl StateView {
    /// The `STATUS` column of `docker ps`, as Docker's `State.String()` words it:
    /// `Up 2 minutes`, `Up 3 seconds (Paused)`, `Up 1 hour (healthy)`,
    /// `Restarting (1) 5 seconds ago`, `Exited (137) 2 minutes ago`, `Created`, `Dead`.
    pub fn status_line(&self, now: Timestamp) -> String {
        let ago = |t: Option<Timestamp>| human_duration(t.map_or(0, |t| (now - t) / 1_000_000_000));
        match self.status {
            Status::Running | Status::Paused => {
                let mut s = format!("Up {}", ago(self.started_at));
                if self.status == Status::Paused {
                    s.push_str(" (Paused)");
                } else if let Some(h) = &self.health {
                    // moby's `State.String()`: `(health: starting)`, `(healthy)`, `(unhealthy)`.
                    if h == "starting" {
                        s.push_str(" (health: starting)");
                    } else {
                        s.push_str(&format!(" ({h})"));
                    }
                }
                s
            }
            Status::Restarting => format!("Restarting ({}) {} ago", self.exit_code, ago(self.finished_at)),
            Status::Removing => "Removal In Progress".to_string(),
            Status::Dead => "Dead".to_string(),
            Status::Created => "Created".to_string(),
            Status::Exited => format!("Exited ({}) {} ago", self.exit_code, ago(self.finished_at)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i64 = 1_000_000_000;

    fn view(status: Status) -> StateView {
        StateView { status, started_at: Some(100 * S), finished_at: Some(160 * S), exit_code: 137, health: None }
    }

    #[test]
    fn status_lines_read_like_docker_ps() {
        let now = 280 * S;
        assert_eq!(view(Status::Running).status_line(now), "Up 3 minutes");
        assert_eq!(view(Status::Paused).status_line(now), "Up 3 minutes (Paused)");
        assert_eq!(view(Status::Exited).status_line(now), "Exited (137) 2 minutes ago");
        assert_eq!(view(Status::Restarting).status_line(now), "Restarting (137) 2 minutes ago");
        assert_eq!(view(Status::Created).status_line(now), "Created");
        let healthy = StateView { health: Some("healthy".into()), ..view(Status::Running) };
        assert_eq!(healthy.status_line(101 * S), "Up 1 second (healthy)");
        assert_eq!(view(Status::Running).status_line(100 * S), "Up Less than a second");
    }
}
