//! Debugging a virtual machine: `/1.0/instances/{name}/debug/memory`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::options::GetInstanceDebugMemoryOptions;
use crate::stream::Download;

/// Debugging a running virtual machine: a dump of its memory.
impl Client {
    /// Dumps a running virtual machine's memory, as a stream.
    ///
    /// Sends `GET /1.0/instances/{name}/debug/memory`
    /// (`instance_debug_memory_get`); `options` picks the dump format. The
    /// dump is as large as the machine's memory: copy it to a file rather
    /// than into memory.
    ///
    /// # Errors
    ///
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
            .query(options)
            .stream()
    }
}
