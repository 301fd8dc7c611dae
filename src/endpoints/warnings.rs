//! Warnings: `/1.0/warnings`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{Warning, WarningPut};
use crate::options::ListOptions;

/// Warnings: `/1.0/warnings`. Problems the daemon noticed (a missing
/// kernel feature, an unavailable network or pool), counted each time they
/// recur; a client acknowledges or deletes them.
///
/// A client with a project ([`Client::with_project`]) lists that project's
/// warnings only; without one, every warning. The daemon sends no ETag for
/// a warning and checks none, so the writers take none.
impl Client {
    /// Lists the UUIDs of the warnings.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/warnings` (`warnings_get`). Of `options`, the
    /// endpoint honours `filter` (Incus 6.0.4 does, though its API
    /// description lists only `project`); `all_projects` changes nothing.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::WarningPut;
    /// let client = incus::Client::local()?;
    /// let new = incus::ListOptions::new().filter("status eq new");
    /// for warning in client.list_warnings(Some(&new))? {
    ///     println!("{} ({}x): {}", warning.kind, warning.count, warning.last_message);
    ///     client.replace_warning(&warning.uuid, &WarningPut::acknowledged())?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_warning_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/warnings"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the warnings.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/warnings?recursion=1` (`warnings_get_recursion1`);
    /// `options` as for [`Client::list_warning_names`].
    pub fn list_warnings(&self, options: Option<&ListOptions>) -> Result<Vec<Warning>> {
        self.get(path!("/1.0/warnings"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one warning.
    ///
    /// Sends `GET /1.0/warnings/{uuid}` (`warning_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such warning.
    pub fn get_warning(&self, uuid: &str) -> Result<Warning> {
        self.get(path!("/1.0/warnings/{}", uuid)).sync()
    }

    /// Sets a warning's status: [`WarningPut::acknowledged`] or
    /// [`WarningPut::reset`].
    ///
    /// Sends `PUT /1.0/warnings/{uuid}` (`warning_put`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown status, 403 for
    /// `resolved` (only the daemon resolves), 404 if there is no such
    /// warning.
    pub fn replace_warning(&self, uuid: &str, warning: &WarningPut) -> Result<()> {
        self.put(path!("/1.0/warnings/{}", uuid))
            .json(warning)
            .unit()
    }

    /// Sets a warning's status, as [`Client::replace_warning`] (the only
    /// writable field is the status; the daemon treats both alike).
    ///
    /// Sends `PATCH /1.0/warnings/{uuid}` (`warning_patch`).
    pub fn update_warning(&self, uuid: &str, warning: &WarningPut) -> Result<()> {
        self.patch(path!("/1.0/warnings/{}", uuid))
            .json(warning)
            .unit()
    }

    /// Deletes a warning; the daemon makes a new one if the problem recurs.
    ///
    /// Sends `DELETE /1.0/warnings/{uuid}` (`warning_delete`).
    pub fn delete_warning(&self, uuid: &str) -> Result<()> {
        self.delete(path!("/1.0/warnings/{}", uuid)).unit()
    }
}
