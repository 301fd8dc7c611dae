//! Instance backups: `/1.0/instances/{name}/backups`, their export, and the
//! import of a backup as a new instance (`POST /1.0/instances`, raw).

use crate::backups::InstanceBackupArgs;
use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{InstanceBackup, InstanceBackupPost, InstanceBackupsPost, Operation};
use crate::stream::Download;

/// Instance backups: made and kept by the daemon, exported as one tarball
/// (streamed), imported as a new instance (streamed). Making, renaming,
/// deleting and importing return an [`Operation`] for
/// [`Client::wait_for_completion`].
impl Client {
    /// Lists the names of an instance's backups.
    ///
    /// Sends `GET /1.0/instances/{name}/backups` (`instance_backups_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the instance does not exist.
    ///
    /// # Example
    ///
    /// A backup made, exported into a file, and imported under another name:
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::InstanceBackupArgs;
    /// use incus::models::InstanceBackupsPost;
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(600);
    /// let backup = InstanceBackupsPost { name: "nightly".into(), ..Default::default() };
    /// client.wait_for_completion(&client.create_instance_backup("c1", &backup)?, wait)?;
    /// println!("{:?}", client.list_instance_backup_names("c1")?);
    ///
    /// let mut export = client.export_instance_backup("c1", "nightly")?;
    /// std::io::copy(&mut export, &mut std::fs::File::create("c1.tar.gz")?)?;
    ///
    /// let file = std::fs::File::open("c1.tar.gz")?;
    /// let length = file.metadata()?.len();
    /// let import = InstanceBackupArgs::new(file).name("c1-copy").length(length);
    /// client.wait_for_completion(&client.import_instance_backup(import)?, wait)?;
    /// client.wait_for_completion(&client.delete_instance_backup("c1", "nightly")?, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_backup_names(&self, name: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/backups", name)).names()
    }

    /// Lists an instance's backups.
    ///
    /// Sends `GET /1.0/instances/{name}/backups?recursion=1`
    /// (`instance_backups_get_recursion1`). Errors as
    /// [`Client::list_instance_backup_names`].
    pub fn list_instance_backups(&self, name: &str) -> Result<Vec<InstanceBackup>> {
        self.get(path!("/1.0/instances/{}/backups", name))
            .recursion(1)
            .sync()
    }

    /// Starts making a backup of an instance (a running one too); wait for
    /// it with [`Client::wait_for_completion`]. The daemon keeps the backup
    /// until it is deleted or `expires_at` passes.
    ///
    /// Sends `POST /1.0/instances/{name}/backups` (`instance_backups_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 for a missing instance, 400 for
    /// an unknown compression algorithm; [`Error::Operation`](crate::Error::Operation)
    /// from the wait when a backup of that name exists or the disk is full.
    pub fn create_instance_backup(
        &self,
        name: &str,
        backup: &InstanceBackupsPost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/backups", name))
            .json(backup)
            .operation()
    }

    /// Gets one backup of an instance.
    ///
    /// Sends `GET /1.0/instances/{name}/backups/{backup}` (`instance_backup_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the instance or the backup
    /// does not exist.
    pub fn get_instance_backup(&self, name: &str, backup: &str) -> Result<InstanceBackup> {
        self.get(path!("/1.0/instances/{}/backups/{}", name, backup))
            .sync()
    }

    /// Starts renaming a backup of an instance; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/instances/{name}/backups/{backup}` (`instance_backup_post`).
    ///
    /// # Errors
    ///
    /// As [`Client::get_instance_backup`]; [`Error::Api`](crate::Error::Api)
    /// 400 for a new name with a `/`; [`Error::Operation`](crate::Error::Operation)
    /// from the wait when the new name is taken. Make sure it is free first:
    /// Incus 6.0 moves the tarball before it checks the name, so that failed
    /// rename has replaced the other backup's tarball with this one's and
    /// left this backup without one.
    pub fn rename_instance_backup(
        &self,
        name: &str,
        backup: &str,
        rename: &InstanceBackupPost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/backups/{}", name, backup))
            .json(rename)
            .operation()
    }

    /// Starts deleting a backup of an instance; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `DELETE /1.0/instances/{name}/backups/{backup}` (`instance_backup_delete`).
    /// Errors as [`Client::get_instance_backup`].
    pub fn delete_instance_backup(&self, name: &str, backup: &str) -> Result<Operation> {
        self.delete(path!("/1.0/instances/{}/backups/{}", name, backup))
            .operation()
    }

    /// Exports a backup of an instance: the tarball as a stream, for
    /// [`Client::import_instance_backup`] here or on another server.
    ///
    /// Sends `GET /1.0/instances/{name}/backups/{backup}/export`
    /// (`instance_backup_export`). The tarball is never held in memory:
    /// copy the [`Download`] into a file (wrap the file in a
    /// [`Progress`](crate::Progress) to follow the copy); its
    /// [`Download::len`] is the tarball's size. Dropping it before the end
    /// closes its connection; the client stays usable.
    ///
    /// # Errors
    ///
    /// As [`Client::get_instance_backup`]; a connection lost while reading
    /// is an `io::Error` from the read.
    pub fn export_instance_backup(&self, name: &str, backup: &str) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/backups/{}/export", name, backup))
            .stream()
    }

    /// Starts creating an instance from a backup tarball; wait for it with
    /// [`Client::wait_for_completion`]. The tarball is streamed from the
    /// reader in `backup` (never held in memory); see
    /// [`InstanceBackupArgs`] for the new name, the pool and the length.
    ///
    /// Sends `POST /1.0/instances` (`instances_post`) with the tarball as an
    /// `application/octet-stream` body and the `X-Incus-name` and
    /// `X-Incus-pool` headers. The daemon reads the whole upload before it
    /// answers. With [`Client::with_target`], the instance is created on
    /// that cluster member.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty name
    /// or pool; [`Error::Api`](crate::Error::Api) when the upload is no
    /// backup the daemon can read (Incus 6.0 answers 500 `Unsupported
    /// compression` to bytes that are no archive);
    /// [`Error::Operation`](crate::Error::Operation) from the wait when
    /// unpacking fails (a truncated tarball) or the name is taken; [`Error::Transport`](crate::Error::Transport) when the
    /// reader fails (its message says so) or gives other than the declared
    /// length.
    pub fn import_instance_backup(&self, backup: InstanceBackupArgs<'_>) -> Result<Operation> {
        backup
            .apply(self.post(path!("/1.0/instances")))
            .and_then(|call| call.operation())
    }
}
