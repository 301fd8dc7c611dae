//! Background operations: `/1.0/operations`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::client::{Client, check_timeout};
use crate::error::{Error, Result};
use crate::input::path;
use crate::models::Operation;
use crate::options::ListOptions;

/// Extra time a long poll may take past the server's own wait.
const WAIT_MARGIN: Duration = Duration::from_secs(10);

/// Background operations: `/1.0/operations`, and waiting for them. Every
/// method that starts work on the daemon returns an [`Operation`];
/// [`Client::wait_for_completion`] waits for its end.
impl Client {
    /// Lists the ids of the operations the server knows, in every state.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension
    /// `operations_get_query_all_projects`.
    ///
    /// Sends `GET /1.0/operations` (`operations_get`). Of `options`, the
    /// endpoint honours `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// for id in client.list_operation_names(None)? {
    ///     let op = client.get_operation(&id)?;
    ///     println!("{id} {} {}", op.status, op.description);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_operation_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/operations"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("operations_get_query_all_projects", "all-projects")
            .names()
    }

    /// Lists the operations the server knows, in every state.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension
    /// `operations_get_query_all_projects`.
    ///
    /// Sends `GET /1.0/operations?recursion=1` (`operations_get_recursion1`);
    /// `options` as for [`Client::list_operation_names`].
    pub fn list_operations(&self, options: Option<&ListOptions>) -> Result<Vec<Operation>> {
        self.get(path!("/1.0/operations"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("operations_get_query_all_projects", "all-projects")
            .sync::<BTreeMap<String, Vec<Operation>>>()
            .map(|by_status| by_status.into_values().flatten().collect())
    }

    /// Gets one operation's current state.
    ///
    /// Sends `GET /1.0/operations/{id}` (`operation_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 once the server has forgotten
    /// the operation (a few seconds after it ended).
    pub fn get_operation(&self, id: &str) -> Result<Operation> {
        self.get(path!("/1.0/operations/{}", id)).sync()
    }

    /// Cancels a running operation (if its `may_cancel` is true).
    ///
    /// Sends `DELETE /1.0/operations/{id}` (`operation_delete`).
    pub fn cancel_operation(&self, id: &str) -> Result<()> {
        self.delete(path!("/1.0/operations/{}", id)).unit()
    }

    /// Waits up to `timeout` (whole seconds, at least one) for an operation
    /// to end, and returns it in whatever state it is then: check
    /// `status_code`. Most callers want [`Client::wait_for_completion`].
    ///
    /// Sends `GET /1.0/operations/{id}/wait?timeout=N` (`operation_wait_get`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for a timeout over
    /// 100 years; otherwise as [`Client::get_operation`].
    pub fn wait_operation(&self, id: &str, timeout: Duration) -> Result<Operation> {
        check_timeout("timeout", timeout)?;
        let secs = timeout.as_secs().max(1);
        self.get(path!("/1.0/operations/{}/wait", id))
            .param("timeout", &secs.to_string())
            .timeout(Duration::from_secs(secs) + WAIT_MARGIN)
            .sync()
    }

    /// Waits until `op` ends, for at most `timeout`, and returns it finished.
    ///
    /// Long-polls `GET /1.0/operations/{id}/wait?timeout=N`
    /// (`operation_wait_get`): the daemon answers as soon as the operation
    /// ends, so the end is seen at once. The daemon waits whole seconds, so
    /// each poll asks for a number of seconds that ends well before the
    /// deadline, or well after it (then the request is cut at the deadline):
    /// the deadline passing is always [`Error::Timeout`], whatever the
    /// duration. When a wait answers with an error, the operation itself is
    /// read (`GET /1.0/operations/{id}`) to tell a failed operation from a
    /// failed wait. A server that answers a wait early with the operation
    /// still running is polled with a growing pause (20 ms doubling to
    /// 500 ms, never past the deadline) rather than hammered.
    ///
    /// A daemon that stops or restarts during the wait (the connection
    /// drops, the socket is missing or refuses) is asked again with the same
    /// pauses, for up to 30 seconds (never past the deadline). The daemon
    /// keeps operations in memory only, so a restarted one no longer knows
    /// the operation: the wait then ends with [`Error::Api`] 404 (`Operation
    /// not found`, [`Error::is_not_found`]) and whether the work was done is
    /// unknown; check the object it was for. A daemon still away after that
    /// is the last [`Error::Transport`].
    ///
    /// # Errors
    ///
    /// [`Error::Operation`] with the operation's `err` text if it failed
    /// (400) or was cancelled (401, [`Error::is_cancelled`]);
    /// [`Error::Timeout`] naming the operation if it did not end within
    /// `timeout` (it may still be running); [`Error::Api`] if the daemon no
    /// longer knows the operation (it forgets finished ones after a few
    /// seconds, and all of them when it restarts) or refuses the wait;
    /// [`Error::Transport`] if the daemon cannot be reached for 30 seconds
    /// or until the deadline; [`Error::InvalidInput`] for a timeout over 100 years.
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
        check_timeout("timeout", timeout)?;
        let deadline = Instant::now() + timeout;
        let timed_out = || Err(Error::Timeout { id: op.id.clone() });
        let mut pause = FIRST_PAUSE;
        // Since when the daemon has not answered (stopped or restarting).
        let mut away_since: Option<Instant> = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return timed_out();
            }
            let secs = wait_secs(left);
            let asked = Instant::now();
            let early = || asked.elapsed() + WAIT_SLACK < Duration::from_secs(secs);
            let answer = wait_once(self, &op.id, secs, left);
            if !matches!(&answer, Err(Error::Transport(e)) if e.is_daemon_away()) {
                away_since = None;
            }
            let wait_error = match answer {
                Ok(current) if current.status_code.is_final() => return finished(current),
                Ok(_) if early() => {
                    // Answered early, still running: not a long poll. Pause.
                    let left = deadline.saturating_duration_since(Instant::now());
                    std::thread::sleep(pause.min(left));
                    pause = (pause * 2).min(MAX_PAUSE);
                    continue;
                }
                Ok(_) => {
                    pause = FIRST_PAUSE;
                    continue;
                }
                Err(e) if e.is_timeout() => return timed_out(),
                Err(e @ Error::Api { .. }) => e,
                Err(Error::Transport(e)) if e.is_daemon_away() => {
                    // The daemon stopped or is restarting: ask again until
                    // it answers (a restarted one has forgotten the
                    // operation: 404), for as long as a restart takes at
                    // most, never past the deadline.
                    let away = *away_since.get_or_insert_with(Instant::now);
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left < pause || away.elapsed() >= RESTART_GRACE {
                        return Err(Error::Transport(e));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(MAX_PAUSE);
                    continue;
                }
                Err(e) => return Err(e),
            };
            // Incus 6.0 answers a failed operation's wait, and a wait that
            // ran out, with an error: read the operation to tell which.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return timed_out();
            }
            let current = match get_operation_within(self, &op.id, left) {
                Ok(current) => current,
                Err(e) if e.is_timeout() => return timed_out(),
                Err(_) => return Err(wait_error),
            };
            if current.status_code.is_final() {
                return finished(current);
            }
            // Still running: go on only if this was the server's own wait
            // running out, not a wait that failed at once.
            if early() {
                return Err(wait_error);
            }
            pause = FIRST_PAUSE;
        }
    }

    /// Like [`Client::wait_for_completion`], and while the operation runs,
    /// reads it every `interval` and hands it to `progress`: its `metadata`
    /// carries the daemon's own progress of server-side work (e.g.
    /// `create_image_from_container_pack_progress` while publishing an
    /// image, `download_progress` while fetching one, `fs_progress` in a
    /// migration).
    ///
    /// Built on [`Client::wait_for_completion`] (each wait at most
    /// `interval` long) and the operation read ([`Client::get_operation`]).
    /// Errors as for [`Client::wait_for_completion`];
    /// [`Error::InvalidInput`] for an `interval` under 100 ms.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ImagesPost, ImagesPostSource};
    /// let client = incus::Client::local()?;
    /// let publish = ImagesPost { source: ImagesPostSource::instance("c1"), ..Default::default() };
    /// let op = client.create_image(&publish)?;
    /// let show = |op: &incus::models::Operation| {
    ///     if let Some(progress) = op.metadata.get("create_image_from_container_pack_progress") {
    ///         eprint!("\r{progress}");
    ///     }
    /// };
    /// client.wait_with_progress(&op, Duration::from_secs(600), Duration::from_secs(1), show)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn wait_with_progress(
        &self,
        op: &Operation,
        timeout: Duration,
        interval: Duration,
        mut progress: impl FnMut(&Operation),
    ) -> Result<Operation> {
        check_timeout("timeout", timeout)?;
        if interval < MIN_INTERVAL {
            return Err(Error::invalid(format!(
                "the progress interval {interval:?} is under {MIN_INTERVAL:?}"
            )));
        }
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.wait_for_completion(op, interval.min(left)) {
                Err(Error::Timeout { .. }) if left > interval => {}
                ended => return ended,
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match get_operation_within(self, &op.id, left) {
                Ok(current) if current.status_code.is_final() => return finished(current),
                Ok(current) => progress(&current),
                Err(e) if e.is_timeout() => return Err(Error::Timeout { id: op.id.clone() }),
                Err(e) => return Err(e),
            }
        }
    }
}

/// The shortest interval between progress reads.
const MIN_INTERVAL: Duration = Duration::from_millis(100);

/// One long poll: the server waits up to `secs`, the request up to `left`.
fn wait_once(client: &Client, id: &str, secs: u64, left: Duration) -> Result<Operation> {
    client
        .get(path!("/1.0/operations/{}/wait", id))
        .param("timeout", &secs.to_string())
        .timeout(left)
        .sync()
}

/// [`Client::get_operation`] within `left`.
fn get_operation_within(client: &Client, id: &str, left: Duration) -> Result<Operation> {
    client
        .get(path!("/1.0/operations/{}", id))
        .timeout(left)
        .sync()
}

/// How much sooner than asked the server's timed-out wait may answer, and
/// how far each wait's end stays from the caller's deadline.
const WAIT_SLACK: Duration = Duration::from_millis(250);

/// The first pause after a wait that answered early with the operation
/// still running, and the longest; each such answer doubles it.
const FIRST_PAUSE: Duration = Duration::from_millis(20);
const MAX_PAUSE: Duration = Duration::from_millis(500);

/// How long a wait asks again a daemon that does not answer (stopped or
/// restarting) before it gives up: longer than a restart takes (a few
/// seconds), far shorter than a long wait's deadline.
const RESTART_GRACE: Duration = Duration::from_secs(30);

/// The whole seconds to ask the server to wait when `left` remains before
/// the deadline: at least [`WAIT_SLACK`] less than `left`, so the server's
/// answer (an error on Incus 6.0) comes back in time to be read; or, when
/// `left` is too short for that, at least `WAIT_SLACK` more, so the request
/// is cut at the deadline first. Never a value that races the deadline.
fn wait_secs(left: Duration) -> u64 {
    if left >= Duration::from_secs(1) + WAIT_SLACK {
        (left - WAIT_SLACK).as_secs()
    } else {
        (left + WAIT_SLACK).as_secs() + 1
    }
}

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
        assert_eq!(e.to_string(), "operation x failed: boom");
        assert_eq!(e.status(), Some(400));
        let ok = Operation {
            status_code: StatusCode::SUCCESS,
            ..Default::default()
        };
        assert!(finished(ok).is_ok());
    }

    #[test]
    fn waits_never_end_near_the_deadline() {
        let ms = Duration::from_millis;
        for left in (1..=10_000).map(ms) {
            let asked = Duration::from_secs(wait_secs(left));
            assert!(asked >= Duration::from_secs(1), "{left:?}");
            let gap = asked.abs_diff(left);
            assert!(gap >= WAIT_SLACK, "{left:?}: asks {asked:?}");
        }
        assert_eq!(wait_secs(ms(1000)), 2);
        assert_eq!(wait_secs(ms(999)), 2);
        assert_eq!(wait_secs(ms(1250)), 1);
        assert_eq!(wait_secs(ms(3000)), 2);
        assert_eq!(
            wait_secs(Duration::from_secs(u32::MAX.into())),
            u64::from(u32::MAX) - 1
        );
    }

    #[test]
    fn huge_timeouts_are_refused_not_a_panic() {
        let client = Client::unix("/nonexistent/socket").unwrap();
        let op = Operation {
            id: "x".into(),
            status_code: StatusCode::RUNNING,
            ..Default::default()
        };
        let e = client.wait_for_completion(&op, Duration::MAX).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
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
