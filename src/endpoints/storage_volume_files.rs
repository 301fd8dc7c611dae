//! Files inside storage volumes, `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/files?path=`,
//! and the volume's SFTP server (`…/sftp`).

use ureq::http::Method;

use crate::client::Client;
use crate::error::Result;
use crate::files::{InstanceFile, InstanceFileArgs, InstanceFileMetadata};
use crate::input::{check_volume_type, path};
use crate::upgrade::Upgraded;

/// Files inside storage volumes, as inside instances: read (streamed),
/// stat, write (streamed from any reader), delete, and an SFTP server on
/// the volume. Paths are absolute, without `.` or `..` steps; anything else
/// is refused before sending. The same types as the instance methods carry
/// the content and metadata ([`InstanceFile`], [`InstanceFileArgs`]).
impl Client {
    /// Reads a path inside a storage volume: a file's content as a stream
    /// with its metadata, or a directory's entries. Requires API extension
    /// `file_storage_volume`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/files`
    /// (`storage_pool_volume_type_files_get`) with `path=`. The content is
    /// never held in memory; read it to the end or drop it.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `file_storage_volume` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 for a missing path, volume or
    /// pool; [`Error::InvalidInput`](crate::Error::InvalidInput) for an
    /// unknown volume type, a relative path, a `..` step or a control
    /// character.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::InstanceFileArgs;
    /// let client = incus::Client::local()?;
    /// let args = InstanceFileArgs::file(&b"hello\n"[..]).mode(0o644);
    /// client.create_storage_volume_file("default", "custom", "data", "/hello.txt", args)?;
    /// let mut file = client.get_storage_volume_file("default", "custom", "data", "/hello.txt")?;
    /// std::io::copy(&mut file, &mut std::io::stdout())?;
    /// let root = client.get_storage_volume_file("default", "custom", "data", "/")?;
    /// println!("{:?}", root.entries);
    /// client.delete_storage_volume_file("default", "custom", "data", "/hello.txt")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_storage_volume_file(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        path: &str,
    ) -> Result<InstanceFile> {
        let files = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/files",
            pool,
            volume_type,
            volume
        );
        self.get(check_volume_type(volume_type).and(files))
            .extension("file_storage_volume")
            .file_path(path)
            .file()
    }

    /// Reads what a path inside a storage volume is, its owner and mode,
    /// without its content. Requires API extension `file_storage_volume`.
    ///
    /// Sends `HEAD /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/files`
    /// (`storage_pool_volume_type_files_head`) with `path=`. Errors as
    /// [`Client::get_storage_volume_file`] (a missing path is 404 with no
    /// message: HEAD replies carry no body).
    pub fn get_storage_volume_file_metadata(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        path: &str,
    ) -> Result<InstanceFileMetadata> {
        let files = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/files",
            pool,
            volume_type,
            volume
        );
        self.call(Method::HEAD, check_volume_type(volume_type).and(files))
            .extension("file_storage_volume")
            .file_path(path)
            .file_metadata()
    }

    /// Creates or replaces a file, directory or symlink inside a storage
    /// volume; a file's content is streamed from a reader. See
    /// [`InstanceFileArgs`] for owner, mode, append and a declared length.
    /// Requires API extension `file_storage_volume`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/files`
    /// (`storage_pool_volume_type_files_post`) with `path=` and the
    /// `X-Incus-Type`, `-Uid`, `-Gid`, `-Mode`, `-Write` headers, as
    /// [`Client::create_instance_file`] does (what a failing reader leaves
    /// behind is the same too). Errors as [`Client::get_storage_volume_file`].
    pub fn create_storage_volume_file(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        path: &str,
        file: InstanceFileArgs<'_>,
    ) -> Result<()> {
        let files = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/files",
            pool,
            volume_type,
            volume
        );
        let call = self
            .post(check_volume_type(volume_type).and(files))
            .extension("file_storage_volume")
            .file_path(path);
        file.apply(call, path).unit()
    }

    /// Deletes a file, a symlink or an empty directory inside a storage
    /// volume. Requires API extension `file_storage_volume`.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/files`
    /// (`storage_pool_volume_type_files_delete`) with `path=`. Errors as
    /// [`Client::get_storage_volume_file`].
    pub fn delete_storage_volume_file(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        path: &str,
    ) -> Result<()> {
        let files = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/files",
            pool,
            volume_type,
            volume
        );
        self.delete(check_volume_type(volume_type).and(files))
            .extension("file_storage_volume")
            .file_path(path)
            .unit()
    }

    /// Connects to an SFTP server on a storage volume's filesystem: the
    /// connection, switched to SFTP, is a byte stream to give to an SFTP
    /// client library. Requires API extension `custom_volume_sftp`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/sftp`
    /// (`storage_pool_volume_type_sftp_get`) with `Upgrade: sftp`; the
    /// daemon answers `101 Switching Protocols`. Speaks SFTP as
    /// [`Client::connect_instance_sftp`]'s stream does.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `custom_volume_sftp` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) when the daemon refuses (404 for a
    /// missing volume); [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for an unknown volume type.
    pub fn connect_storage_volume_sftp(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Upgraded> {
        let sftp = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/sftp",
            pool,
            volume_type,
            volume
        );
        self.get(check_volume_type(volume_type).and(sftp))
            .extension("custom_volume_sftp")
            .upgrade("sftp")
    }
}
