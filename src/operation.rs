//! Waiting for background operations.

use std::time::{Duration, Instant};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::models::Operation;

impl Client {
    /// Waits until `op` ends, for at most `timeout`, and returns it finished.
    ///
    /// Long-polls `GET /1.0/operations/{id}/wait?timeout=N`
    /// (`operation_wait_get`): the daemon answers as soon as the operation
    /// ends, so there is no sleeping between calls and the end is seen at
    /// once. When the daemon's own wait runs out (newer servers answer with
    /// the operation still running, Incus 6.0 with an error), the loop asks
    /// again until `timeout`. When the wait answers with an error, the
    /// operation itself is read (`GET /1.0/operations/{id}`) to tell a
    /// failed operation from a failed wait.
    ///
    /// # Errors
    ///
    /// [`Error::Operation`] with the operation's `err` text if it failed
    /// (400) or was cancelled (401); [`Error::Timeout`] naming the operation
    /// if it did not end within `timeout` (it may still be running);
    /// [`Error::Api`] if the daemon no longer knows the operation (it forgets
    /// finished ones after a few seconds) or refuses the wait.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let op = client.start_instance("c1")?;
    /// let done = client.wait_for_completion(&op, Duration::from_secs(30))?;
    /// println!("{} at {}", done.status, done.updated_at);
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_for_completion(&self, op: &Operation, timeout: Duration) -> Result<Operation> {
        if op.status_code.is_final() {
            return finished(op.clone());
        }
        let timed_out = || Error::Timeout { id: op.id.clone() };
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(timed_out());
            }
            // The server waits whole seconds: ask for what is left, rounded
            // up, and cut our own request off at the deadline.
            let secs = left.as_secs_f64().ceil() as u64;
            let asked = Instant::now();
            let wait_error = match self.wait_once(&op.id, secs, left) {
                Ok(current) if current.status_code.is_final() => return finished(current),
                Ok(_) => continue,
                Err(e) if e.is_timeout() => return Err(timed_out()),
                Err(e @ Error::Api { .. }) => e,
                Err(e) => return Err(e),
            };
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(wait_error);
            }
            let Ok(current) = self.get_operation_within(&op.id, Some(left)) else {
                return Err(wait_error);
            };
            if current.status_code.is_final() {
                return finished(current);
            }
            // Still running: go on only if this was the server's own wait
            // running out, not a wait that failed at once.
            if asked.elapsed() < Duration::from_secs(secs).saturating_sub(WAIT_SLACK) {
                return Err(wait_error);
            }
        }
    }
}

/// How much sooner than asked the server's timed-out wait may answer.
const WAIT_SLACK: Duration = Duration::from_millis(200);

/// Success, or the operation's failure as an error.
fn finished(op: Operation) -> Result<Operation> {
    if op.status_code.is_success() {
        Ok(op)
    } else {
        Err(Error::Operation {
            id: op.id,
            status_code: op.status_code.0,
            message: op.err,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::StatusCode;

    #[test]
    fn failures_carry_the_error_text() {
        let op = Operation {
            id: "x".into(),
            status_code: StatusCode::FAILURE,
            err: "boom".into(),
            ..Default::default()
        };
        let e = finished(op).unwrap_err();
        assert_eq!(e.to_string(), "operation x ended with status 400: boom");
        assert_eq!(e.status(), Some(400));
        let ok = Operation {
            status_code: StatusCode::SUCCESS,
            ..Default::default()
        };
        assert!(finished(ok).is_ok());
    }

    #[test]
    fn finished_operations_need_no_request() {
        let client = Client::unix("/nonexistent/socket").unwrap();
        let op = Operation {
            id: "x".into(),
            status_code: StatusCode::CANCELLED,
            err: "Cancelled".into(),
            ..Default::default()
        };
        let e = client
            .wait_for_completion(&op, Duration::from_secs(1))
            .unwrap_err();
        assert!(
            matches!(
                e,
                Error::Operation {
                    status_code: 401,
                    ..
                }
            ),
            "{e}"
        );
    }
}
