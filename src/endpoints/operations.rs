//! Background operations: `/1.0/operations`.

use std::collections::BTreeMap;
use std::time::Duration;

use ureq::http::Method;

use super::{list_path, ListOptions};
use crate::client::Client;
use crate::error::Result;
use crate::models::Operation;
use crate::request::{check_timeout, names_from_urls, path};

/// Extra time a long poll may take past the server's own wait.
const WAIT_MARGIN: Duration = Duration::from_secs(10);

impl Client {
    /// Lists the ids of the operations the server knows, in every state.
    ///
    /// Sends `GET /1.0/operations` (`operations_get`). `options` may set
    /// `all_projects`.
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
        let path = list_path("/1.0/operations", 0, options)?;
        let by_status: BTreeMap<String, Vec<String>> = self.request_json(&path)?;
        names_from_urls(
            &path,
            "/1.0/operations/",
            by_status.into_values().flatten().collect(),
        )
    }

    /// Lists the operations the server knows, in every state.
    ///
    /// Sends `GET /1.0/operations?recursion=1` (`operations_get_recursion1`).
    pub fn list_operations(&self, options: Option<&ListOptions>) -> Result<Vec<Operation>> {
        let path = list_path("/1.0/operations", 1, options)?;
        let by_status: BTreeMap<String, Vec<Operation>> = self.request_json(&path)?;
        Ok(by_status.into_values().flatten().collect())
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
        self.get_operation_within(id, None)
    }

    /// [`Client::get_operation`] with `timeout` in place of the client's.
    pub(crate) fn get_operation_within(
        &self,
        id: &str,
        timeout: Option<Duration>,
    ) -> Result<Operation> {
        self.request_json_within(&path!("/1.0/operations/{}", id)?, timeout)
    }

    /// Cancels a running operation (if its `may_cancel` is true).
    ///
    /// Sends `DELETE /1.0/operations/{id}` (`operation_delete`).
    pub fn cancel_operation(&self, id: &str) -> Result<()> {
        let path = path!("/1.0/operations/{}", id)?;
        self.request_unit::<()>(Method::DELETE, &path, None, None)
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
        self.wait_once(id, secs, Duration::from_secs(secs) + WAIT_MARGIN)
    }

    /// One long poll: the server waits up to `secs`, we up to `request_timeout`.
    pub(crate) fn wait_once(
        &self,
        id: &str,
        secs: u64,
        request_timeout: Duration,
    ) -> Result<Operation> {
        let path = path!("/1.0/operations/{}/wait?timeout={secs}", id)?;
        self.request_json_within(&path, Some(request_timeout))
    }
}
