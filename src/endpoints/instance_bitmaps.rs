//! Dirty bitmaps across a virtual machine's disks: `/1.0/instances/{name}/bitmaps`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::StorageVolumeBitmapsPost;

/// Dirty bitmaps across a virtual machine's disks:
/// `/1.0/instances/{name}/bitmaps`, the basis of incremental backups.
impl Client {
    /// Creates a dirty bitmap on every disk of a running virtual machine at
    /// once (its root disk and its dependent volumes), so they agree on the
    /// moment it starts. Requires API extension `storage_volume_nbd`.
    ///
    /// Sends `POST /1.0/instances/{name}/bitmaps` (`instance_bitmaps_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_volume_nbd` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 if the instance is not a
    /// running virtual machine, 404 if there is no such instance.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StorageVolumeBitmapsPost;
    /// let client = incus::Client::local()?;
    /// let bitmap = StorageVolumeBitmapsPost {
    ///     name: "since-monday".into(),
    ///     persistent: true,
    ///     ..Default::default()
    /// };
    /// client.create_instance_bitmap("vm1", &bitmap)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn create_instance_bitmap(
        &self,
        name: &str,
        bitmap: &StorageVolumeBitmapsPost,
    ) -> Result<()> {
        self.post(path!("/1.0/instances/{}/bitmaps", name))
            .extension("storage_volume_nbd")
            .json(bitmap)
            .unit()
    }
}
