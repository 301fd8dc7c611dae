//! Low-level instance debugging: `/1.0/instances/{name}/debug/…` (a
//! virtual machine's memory dump, repairs).

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::InstanceDebugRepairPost;
use crate::options::GetInstanceDebugMemoryOptions;
use crate::stream::Download;

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

    /// Dumps a running virtual machine's memory, as a stream.
    /// Requires API extension `instance_debug_memory`.
    ///
    /// Sends `GET /1.0/instances/{name}/debug/memory`
    /// (`instance_debug_memory_get`); `options` picks the dump format. The
    /// dump is as large as the machine's memory: copy it to a file rather
    /// than into memory.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_debug_memory` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 for a container ("only
    /// supported for virtual machines") or a stopped machine, 404 if the
    /// instance does not exist.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::GetInstanceDebugMemoryOptions;
    /// let client = incus::Client::local()?;
    /// let options = GetInstanceDebugMemoryOptions::new().format("elf");
    /// let mut dump = client.get_instance_debug_memory("vm1", Some(&options))?;
    /// std::io::copy(&mut dump, &mut std::fs::File::create("vm1.elf")?)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_instance_debug_memory(
        &self,
        name: &str,
        options: Option<&GetInstanceDebugMemoryOptions>,
    ) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/debug/memory", name))
            .extension("instance_debug_memory")
            .query(options)
            .stream()
    }
}
