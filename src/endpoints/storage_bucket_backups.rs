//! Storage bucket backups: `/1.0/storage-pools/{pool}/buckets/{bucket}/backups`
//! and their export.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    Operation, StorageBucketBackup, StorageBucketBackupPost, StorageBucketBackupsPost,
};
use crate::stream::Download;

/// Storage bucket backups: made and kept by the daemon, exported as one
/// tarball (streamed). Making, renaming and deleting return an
/// [`Operation`] for [`Client::wait_for_completion`].
impl Client {
    /// Lists the names of a bucket's backups.
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups`
    /// (`storage_pool_buckets_backups_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_backup` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool or the bucket does
    /// not exist.
    ///
    /// # Example
    ///
    /// A backup made, exported into a file, and deleted:
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StorageBucketBackupsPost;
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(600);
    /// let backup = StorageBucketBackupsPost { name: "nightly".into(), ..Default::default() };
    /// let op = client.create_storage_bucket_backup("default", "artifacts", &backup)?;
    /// client.wait_for_completion(&op, wait)?;
    /// println!("{:?}", client.list_storage_bucket_backup_names("default", "artifacts")?);
    ///
    /// let mut export = client.export_storage_bucket_backup("default", "artifacts", "nightly")?;
    /// std::io::copy(&mut export, &mut std::fs::File::create("artifacts.tar.gz")?)?;
    /// let op = client.delete_storage_bucket_backup("default", "artifacts", "nightly")?;
    /// client.wait_for_completion(&op, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_bucket_backup_names(
        &self,
        pool: &str,
        bucket: &str,
    ) -> Result<Vec<String>> {
        self.get(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups",
            pool,
            bucket
        ))
        .extension("storage_bucket_backup")
        .names()
    }

    /// Lists a bucket's backups.
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups?recursion=1`
    /// (`storage_pool_buckets_backups_get_recursion1`). Errors as
    /// [`Client::list_storage_bucket_backup_names`].
    pub fn list_storage_bucket_backups(
        &self,
        pool: &str,
        bucket: &str,
    ) -> Result<Vec<StorageBucketBackup>> {
        self.get(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups",
            pool,
            bucket
        ))
        .extension("storage_bucket_backup")
        .recursion(1)
        .sync()
    }

    /// Starts making a backup of a bucket's objects; wait for it with
    /// [`Client::wait_for_completion`]. The daemon keeps the backup until it
    /// is deleted or `expires_at` passes.
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups`
    /// (`storage_pool_buckets_backups_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_backup` (nothing is sent);
    /// As [`Client::list_storage_bucket_backup_names`];
    /// [`Error::Operation`](crate::Error::Operation) from the wait when a
    /// backup of that name exists or the bucket cannot be read.
    pub fn create_storage_bucket_backup(
        &self,
        pool: &str,
        bucket: &str,
        backup: &StorageBucketBackupsPost,
    ) -> Result<Operation> {
        self.post(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups",
            pool,
            bucket
        ))
        .extension("storage_bucket_backup")
        .json(backup)
        .operation()
    }

    /// Gets one backup of a bucket.
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups/{backupName}`
    /// (`storage_pool_buckets_backup_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_backup` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool, the bucket or the
    /// backup does not exist.
    pub fn get_storage_bucket_backup(
        &self,
        pool: &str,
        bucket: &str,
        backup: &str,
    ) -> Result<StorageBucketBackup> {
        self.get(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups/{}",
            pool,
            bucket,
            backup
        ))
        .extension("storage_bucket_backup")
        .sync()
    }

    /// Starts renaming a backup of a bucket; wait for it with
    /// [`Client::wait_for_completion`].
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups/{backupName}`
    /// (`storage_pool_buckets_backup_post`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_backup` (nothing is sent);
    /// As [`Client::get_storage_bucket_backup`];
    /// [`Error::Operation`](crate::Error::Operation) from the wait when the
    /// new name is taken.
    pub fn rename_storage_bucket_backup(
        &self,
        pool: &str,
        bucket: &str,
        backup: &str,
        rename: &StorageBucketBackupPost,
    ) -> Result<Operation> {
        self.post(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups/{}",
            pool,
            bucket,
            backup
        ))
        .extension("storage_bucket_backup")
        .json(rename)
        .operation()
    }

    /// Starts deleting a backup of a bucket; wait for it with
    /// [`Client::wait_for_completion`].
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups/{backupName}`
    /// (`storage_pool_buckets_backup_delete`). Errors as
    /// [`Client::get_storage_bucket_backup`].
    pub fn delete_storage_bucket_backup(
        &self,
        pool: &str,
        bucket: &str,
        backup: &str,
    ) -> Result<Operation> {
        self.delete(path!(
            "/1.0/storage-pools/{}/buckets/{}/backups/{}",
            pool,
            bucket,
            backup
        ))
        .extension("storage_bucket_backup")
        .operation()
    }

    /// Exports a backup of a bucket: the tarball as a stream.
    /// Requires API extension `storage_bucket_backup`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/backups/{backupName}/export`
    /// (`storage_pool_buckets_backup_export_get`). The tarball is never held
    /// in memory: copy the [`Download`] into a file (wrap the file in a
    /// [`Progress`](crate::Progress) to follow the copy); its
    /// [`Download::len`] is the tarball's size. Dropping it before the end
    /// closes its connection; the client stays usable.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_backup` (nothing is sent);
    /// As [`Client::get_storage_bucket_backup`]; a connection lost while
    /// reading is an `io::Error` from the read.
    pub fn export_storage_bucket_backup(
        &self,
        pool: &str,
        bucket: &str,
        backup: &str,
    ) -> Result<Download> {
        let path = path!(
            "/1.0/storage-pools/{}/buckets/{}/backups/{}/export",
            pool,
            bucket,
            backup
        );
        self.get(path).extension("storage_bucket_backup").stream()
    }
}
