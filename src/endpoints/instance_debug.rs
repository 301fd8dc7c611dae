//! Low-level instance debugging: `/1.0/instances/{name}/debug/…`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::InstanceDebugRepairPost;

/// Low-level instance debugging: `/1.0/instances/{name}/debug/…`.
impl Client {
    /// Runs a low-level repair on a stopped virtual machine (rebuild its
    /// config volume, reset its NVRAM): see the constructors of
    /// [`InstanceDebugRepairPost`]. Requires API extension
    /// `instances_debug_repair`.
    ///
    /// Sends `POST /1.0/instances/{name}/debug/repair` (`instance_debug_repair_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instances_debug_repair` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown action or an
    /// instance the action does not fit (running, a container), 404 if
    /// there is no such instance.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::InstanceDebugRepairPost;
    /// let client = incus::Client::local()?;
    /// client.repair_instance("vm1", &InstanceDebugRepairPost::rebuild_nvram())?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn repair_instance(&self, name: &str, repair: &InstanceDebugRepairPost) -> Result<()> {
        self.post(path!("/1.0/instances/{}/debug/repair", name))
            .extension("instances_debug_repair")
            .json(repair)
            .unit()
    }
}
