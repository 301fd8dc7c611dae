//! Rebuilding a custom volume: `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/rebuild`.

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_volume_type, path};
use crate::models::{Operation, StorageVolumeRebuildPost};

/// Rebuilding a custom volume: wiped and made again, empty, with the same
/// name and configuration.
impl Client {
    /// Starts rebuilding a custom volume as an empty one with the same
    /// configuration; wait for it with [`Client::wait_for_completion`].
    /// Everything on the volume is lost. Requires API extension
    /// `storage_volumes_rebuild`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/rebuild`
    /// (`storage_pool_volume_type_rebuild_post`). Only custom volumes
    /// without snapshots can be rebuilt.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_volumes_rebuild` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the volume does not exist,
    /// 400 if it is no custom volume or has snapshots;
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an unknown
    /// volume type.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StorageVolumeRebuildPost;
    /// let client = incus::Client::local()?;
    /// let rebuild = StorageVolumeRebuildPost::default();
    /// let op = client.rebuild_storage_volume("default", "custom", "scratch", &rebuild)?;
    /// client.wait_for_completion(&op, Duration::from_secs(60))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn rebuild_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        rebuild: &StorageVolumeRebuildPost,
    ) -> Result<Operation> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/rebuild",
            pool,
            volume_type,
            volume
        );
        self.post(check_volume_type(volume_type).and(path))
            .extension("storage_volumes_rebuild")
            .json(rebuild)
            .operation()
    }
}
