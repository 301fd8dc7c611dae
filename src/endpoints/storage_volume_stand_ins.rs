//! stand-ins: replaced by storage_volumes.rs at merge.
//!
//! The four volume methods `copy_storage_volume_to` builds on, with the
//! signatures the storage-core branch gives them; the lead deletes this
//! file when merging that branch.

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_volume_type, path};
use crate::models::{Operation, StorageVolume, StorageVolumePost, StorageVolumesPost};

/// Storage volumes (stand-ins).
impl Client {
    /// Gets one volume (stand-in).
    pub fn get_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<StorageVolume> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        )))
        .sync()
    }

    /// Starts creating a volume (stand-in).
    pub fn create_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &StorageVolumesPost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}",
            pool,
            volume_type
        )))
        .json(volume)
        .operation()
    }

    /// Starts renaming, moving or migrating a volume (stand-in).
    pub fn rename_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
        post: &StorageVolumePost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        )))
        .json(post)
        .operation()
    }

    /// Starts deleting a volume (stand-in).
    pub fn delete_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<Operation> {
        self.delete(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        )))
        .operation()
    }
}
