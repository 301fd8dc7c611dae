//! Who can reach an instance: `/1.0/instances/{name}/access`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::Access;

/// Who can reach an instance, by identity and role.
impl Client {
    /// Lists the identities that have access to an instance, with their
    /// role and the authorization backend that grants it. Requires API
    /// extension `instance_access`.
    ///
    /// Sends `GET /1.0/instances/{name}/access` (`instance_access`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_access` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the instance does not exist.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// for entry in client.get_instance_access("c1")? {
    ///     println!("{} {} ({})", entry.identifier, entry.role, entry.provider);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_instance_access(&self, name: &str) -> Result<Access> {
        self.get(path!("/1.0/instances/{}/access", name))
            .extension("instance_access")
            .sync()
    }
}
