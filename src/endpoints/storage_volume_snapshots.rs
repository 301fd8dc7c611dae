//! Storage volume snapshots:
//! `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots`.

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_volume_type, path};
use crate::models::{
    Operation, StorageVolumeSnapshot, StorageVolumeSnapshotPost, StorageVolumeSnapshotPut,
    StorageVolumeSnapshotsPost,
};

/// Storage volume snapshots:
/// `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots`.
/// Point-in-time copies of a volume; taking, renaming and deleting one is
/// an [`Operation`] for [`Client::wait_for_completion`]. Every method
/// checks `volume_type` first (`custom`, `container`, `virtual-machine` or
/// `image`); snapshots of instance volumes are the instance's snapshots
/// (see `instance_snapshots`), so these are mostly for `custom` volumes.
impl Client {
    /// Lists the names of a volume's snapshots (without the volume's name).
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots`
    /// (`storage_pool_volumes_type_snapshots_get`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before sending for
    /// an unknown volume type or an empty name; [`Error::Api`](crate::Error::Api)
    /// 404 if the pool or the volume does not exist.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{StorageVolumeSnapshotPost, StorageVolumeSnapshotsPost};
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(60);
    /// let post = StorageVolumeSnapshotsPost { name: "before".into(), ..Default::default() };
    /// let op = client.create_storage_volume_snapshot("default", "custom", "data", &post)?;
    /// client.wait_for_completion(&op, wait)?;
    /// let names = client.list_storage_volume_snapshot_names("default", "custom", "data")?;
    /// assert!(names.contains(&"before".to_string()));
    ///
    /// let (snapshot, etag) =
    ///     client.get_storage_volume_snapshot_with_etag("default", "custom", "data", "before")?;
    /// let mut put = snapshot.writable();
    /// put.description = Some("known good".into());
    /// client.replace_storage_volume_snapshot("default", "custom", "data", "before", &put, Some(&etag))?;
    ///
    /// let rename = StorageVolumeSnapshotPost { name: "good".into(), ..Default::default() };
    /// let op = client.rename_storage_volume_snapshot("default", "custom", "data", "before", &rename)?;
    /// client.wait_for_completion(&op, wait)?;
    /// let op = client.delete_storage_volume_snapshot("default", "custom", "data", "good")?;
    /// client.wait_for_completion(&op, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_volume_snapshot_names(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<String>> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots",
            pool,
            volume_type,
            volume
        )))
        .names()
    }

    /// Lists a volume's snapshots.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots?recursion=1`
    /// (`storage_pool_volumes_type_snapshots_get_recursion1`). Incus 6.0.4
    /// lists each `name` as `volume/snapshot`, an empty `content_type` and
    /// a `null` `expires_at` (no expiry read); [`Client::get_storage_volume_snapshot`]
    /// gives the snapshot's own name, content type and expiry. Errors as
    /// [`Client::list_storage_volume_snapshot_names`].
    pub fn list_storage_volume_snapshots(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<StorageVolumeSnapshot>> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots",
            pool,
            volume_type,
            volume
        )))
        .recursion(1)
        .sync()
    }

    /// Starts taking a snapshot of a volume; wait for it with
    /// [`Client::wait_for_completion`]. An empty `name` lets the daemon pick
    /// the next free `snapN`.
    ///
    /// Sends `POST /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots`
    /// (`storage_pool_volumes_type_snapshots_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the pool or the volume does
    /// not exist, 409 if the name is taken, 400 for a name with `/`.
    pub fn create_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &StorageVolumeSnapshotsPost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots",
            pool,
            volume_type,
            volume
        )))
        .json(snapshot)
        .operation()
    }

    /// Gets one snapshot of a volume.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the pool, the volume or the
    /// snapshot does not exist ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
    ) -> Result<StorageVolumeSnapshot> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .sync()
    }

    /// Gets one snapshot of a volume and its ETag (which covers the
    /// description and the expiry), for [`Client::replace_storage_volume_snapshot`]
    /// or [`Client::update_storage_volume_snapshot`].
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_get`). Errors as
    /// [`Client::get_storage_volume_snapshot`].
    pub fn get_storage_volume_snapshot_with_etag(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
    ) -> Result<(StorageVolumeSnapshot, String)> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .sync_with_etag()
    }

    /// Replaces a snapshot's description and expiry with `put`: a field left
    /// unset is cleared (no description, never expires).
    ///
    /// Sends `PUT /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_put`). Pass the ETag from
    /// [`Client::get_storage_volume_snapshot_with_etag`] to refuse the write
    /// if the snapshot changed in between.
    ///
    /// # Errors
    ///
    /// As [`Client::get_storage_volume_snapshot`]; [`Error::Api`](crate::Error::Api)
    /// 412 if `etag` no longer matches, 400 for an expiry that is no RFC 3339 time.
    pub fn replace_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
        put: &StorageVolumeSnapshotPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .json(put)
        .etag(etag)
        .unit()
    }

    /// Changes only the fields set in `put` (description, expiry).
    ///
    /// Sends `PATCH /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_patch`). Errors as
    /// [`Client::replace_storage_volume_snapshot`].
    pub fn update_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
        put: &StorageVolumeSnapshotPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .json(put)
        .etag(etag)
        .unit()
    }

    /// Starts renaming a snapshot (or, with `migration`, sending it to
    /// another server); wait for it with [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_post`).
    ///
    /// # Errors
    ///
    /// As [`Client::get_storage_volume_snapshot`]; [`Error::Api`](crate::Error::Api)
    /// 400 for an empty name or one with `/`, 409 if the name is taken.
    pub fn rename_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
        post: &StorageVolumeSnapshotPost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .json(post)
        .operation()
    }

    /// Starts deleting a snapshot of a volume; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `DELETE /1.0/storage-pools/{pool}/volumes/{type}/{volume}/snapshots/{snapshot}`
    /// (`storage_pool_volumes_type_snapshot_delete`). Errors as
    /// [`Client::get_storage_volume_snapshot`].
    pub fn delete_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
    ) -> Result<Operation> {
        self.delete(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/snapshots/{}",
            pool,
            volume_type,
            volume,
            snapshot
        )))
        .operation()
    }
}
