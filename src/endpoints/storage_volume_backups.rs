//! Storage volume backups:
//! `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups`, their
//! export, and the import of a backup or an ISO as a new custom volume
//! (`POST /1.0/storage-pools/{pool}/volumes/custom`, raw).

use crate::backups::StorageVolumeImportArgs;
use crate::client::Client;
use crate::error::Result;
use crate::input::{check_volume_type, path};
use crate::models::{
    Operation, StorageVolumeBackup, StorageVolumeBackupPost, StorageVolumeBackupsPost,
};
use crate::stream::Download;

/// Storage volume backups: made and kept by the daemon, exported as one
/// tarball (streamed), imported as a new custom volume (streamed), as is
/// an ISO image. Incus 6.0.4 keeps backups of `custom` volumes only: any
/// other `volume_type` is a 400. Making, renaming, deleting and importing
/// return an [`Operation`] for [`Client::wait_for_completion`].
impl Client {
    /// Lists the names of a volume's backups.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups`
    /// (`storage_pool_volumes_type_backups_get`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before sending for
    /// an unknown volume type or an empty name; [`Error::Api`](crate::Error::Api)
    /// 404 if the pool or the volume does not exist, 400 for a volume type
    /// other than `custom`.
    ///
    /// # Example
    ///
    /// A backup made, exported into a file, and imported as another volume:
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::StorageVolumeImportArgs;
    /// use incus::models::StorageVolumeBackupsPost;
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(600);
    /// let backup = StorageVolumeBackupsPost { name: "nightly".into(), ..Default::default() };
    /// let op = client.create_storage_volume_backup("default", "custom", "data", &backup)?;
    /// client.wait_for_completion(&op, wait)?;
    /// println!("{:?}", client.list_storage_volume_backup_names("default", "custom", "data")?);
    ///
    /// let mut export = client.export_storage_volume_backup("default", "custom", "data", "nightly")?;
    /// std::io::copy(&mut export, &mut std::fs::File::create("data.tar.gz")?)?;
    ///
    /// let file = std::fs::File::open("data.tar.gz")?;
    /// let length = file.metadata()?.len();
    /// let import = StorageVolumeImportArgs::backup(file).name("data-copy").length(length);
    /// client.wait_for_completion(&client.import_storage_volume("default", import)?, wait)?;
    /// let op = client.delete_storage_volume_backup("default", "custom", "data", "nightly")?;
    /// client.wait_for_completion(&op, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_volume_backup_names(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<String>> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups",
            pool,
            volume_type,
            volume
        )))
        .names()
    }

    /// Lists a volume's backups.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups?recursion=1`
    /// (`storage_pool_volumes_type_backups_get_recursion1`). Errors as
    /// [`Client::list_storage_volume_backup_names`].
    pub fn list_storage_volume_backups(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<StorageVolumeBackup>> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups",
            pool,
            volume_type,
            volume
        )))
        .recursion(1)
        .sync()
    }

    /// Starts making a backup of a volume; wait for it with
    /// [`Client::wait_for_completion`]. The daemon keeps the backup until it
    /// is deleted or `expires_at` passes.
    ///
    /// Sends `POST /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups`
    /// (`storage_pool_volumes_type_backups_post`).
    ///
    /// # Errors
    ///
    /// As [`Client::list_storage_volume_backup_names`]; [`Error::Api`](crate::Error::Api)
    /// 400 for a name with `/`; [`Error::Operation`](crate::Error::Operation)
    /// from the wait when a backup of that name exists, the compression
    /// algorithm is unknown or the disk is full.
    pub fn create_storage_volume_backup(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        backup: &StorageVolumeBackupsPost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups",
            pool,
            volume_type,
            volume
        )))
        .json(backup)
        .operation()
    }

    /// Gets one backup of a volume.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups/{backup}`
    /// (`storage_pool_volumes_type_backup_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the pool, the volume or the
    /// backup does not exist, 400 for a volume type other than `custom`.
    pub fn get_storage_volume_backup(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        backup: &str,
    ) -> Result<StorageVolumeBackup> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups/{}",
            pool,
            volume_type,
            volume,
            backup
        )))
        .sync()
    }

    /// Starts renaming a backup of a volume; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups/{backup}`
    /// (`storage_pool_volumes_type_backup_post`).
    ///
    /// # Errors
    ///
    /// As [`Client::get_storage_volume_backup`]; [`Error::Api`](crate::Error::Api)
    /// 400 for a new name with a `/`; [`Error::Operation`](crate::Error::Operation)
    /// from the wait when the new name is taken. Make sure it is free first:
    /// Incus 6.0.4 moves this backup's tarball over the other one's before
    /// it checks the name, then moves it back, so that failed rename loses
    /// the other backup's tarball (its export then fails).
    pub fn rename_storage_volume_backup(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        backup: &str,
        rename: &StorageVolumeBackupPost,
    ) -> Result<Operation> {
        self.post(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups/{}",
            pool,
            volume_type,
            volume,
            backup
        )))
        .json(rename)
        .operation()
    }

    /// Starts deleting a backup of a volume; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `DELETE /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups/{backup}`
    /// (`storage_pool_volumes_type_backup_delete`). Errors as
    /// [`Client::get_storage_volume_backup`].
    pub fn delete_storage_volume_backup(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        backup: &str,
    ) -> Result<Operation> {
        self.delete(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups/{}",
            pool,
            volume_type,
            volume,
            backup
        )))
        .operation()
    }

    /// Exports a backup of a volume: the tarball as a stream, for
    /// [`Client::import_storage_volume`] here or on another server.
    ///
    /// Sends `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups/{backup}/export`
    /// (`storage_pool_volumes_type_backup_export_get`). The tarball is never
    /// held in memory: copy the [`Download`] into a file (wrap the file in a
    /// [`Progress`](crate::Progress) to follow the copy); its
    /// [`Download::len`] is the tarball's size. Dropping it before the end
    /// closes its connection; the client stays usable.
    ///
    /// # Errors
    ///
    /// As [`Client::get_storage_volume_backup`]; a connection lost while
    /// reading is an `io::Error` from the read.
    pub fn export_storage_volume_backup(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        backup: &str,
    ) -> Result<Download> {
        self.get(check_volume_type(volume_type).and(path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/backups/{}/export",
            pool,
            volume_type,
            volume,
            backup
        )))
        .stream()
    }

    /// Starts creating a custom volume in `pool` from a backup tarball or an
    /// ISO image; wait for it with [`Client::wait_for_completion`]. The
    /// content is streamed from the reader in `import` (never held in
    /// memory); see [`StorageVolumeImportArgs`] for the kind, the name and
    /// the length.
    /// An ISO requires API extension `custom_volume_iso`.
    ///
    /// Sends `POST /1.0/storage-pools/{pool}/volumes/{type}`
    /// (`storage_pool_volumes_type_post`) to `…/volumes/custom` with the
    /// content as an `application/octet-stream` body, `X-Incus-name`, and
    /// `X-Incus-type: iso` for an ISO. The daemon reads the whole upload
    /// before it answers. A backup goes into `pool` whatever pool it was
    /// made in; an ISO becomes a volume of content type `iso` (Incus 6.0.4
    /// does not look inside it), to attach to a virtual machine.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before sending for
    /// an empty pool or name, or an ISO without a name;
    /// [`Error::Api`](crate::Error::Api) when the upload is no backup the
    /// daemon can read (Incus 6.0.4 answers 500 to bytes that are no
    /// archive, 400 to an archive without `backup/index.yaml`);
    /// [`Error::Operation`](crate::Error::Operation) from the wait when the
    /// name is taken or unpacking fails; [`Error::Transport`](crate::Error::Transport)
    /// when the reader fails (its message says so) or gives other than the
    /// declared length.
    pub fn import_storage_volume(
        &self,
        pool: &str,
        import: StorageVolumeImportArgs<'_>,
    ) -> Result<Operation> {
        import
            .apply(self.post(path!("/1.0/storage-pools/{}/volumes/custom", pool)))
            .and_then(|call| call.operation())
    }
}
