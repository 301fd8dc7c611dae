//! Files inside instances: `/1.0/instances/{name}/files?path=`.

use ureq::http::Method;

use crate::client::Client;
use crate::error::Result;
use crate::files::{InstanceFile, InstanceFileArgs, InstanceFileMetadata};
use crate::input::path;

/// Files inside instances: read (streamed), stat, write (streamed from any
/// reader), make directories and symlinks, delete. Paths are absolute,
/// without `.` or `..` steps; anything else is refused before sending.
impl Client {
    /// Reads a path inside an instance: a file's content as a stream with
    /// its metadata, or a directory's entries.
    ///
    /// Sends `GET /1.0/instances/{name}/files` (`instance_files_get`) with
    /// `path=`. The content is never held in memory; read it to the end or
    /// drop it.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 for a missing path or
    /// instance; [`Error::InvalidInput`](crate::Error::InvalidInput) for a
    /// relative path, a `..` step or a control character.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::InstanceFileArgs;
    /// let client = incus::Client::local()?;
    /// let local = std::fs::File::open("app.conf")?;
    /// client.create_instance_file("c1", "/etc/app.conf", InstanceFileArgs::file(local).mode(0o600))?;
    /// let mut file = client.get_instance_file("c1", "/etc/app.conf")?;
    /// println!("mode {:o}, owner {}", file.metadata.mode, file.metadata.uid);
    /// std::io::copy(&mut file, &mut std::io::stdout())?;
    /// println!("{:?}", client.get_instance_file("c1", "/etc")?.entries);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_instance_file(&self, name: &str, path: &str) -> Result<InstanceFile> {
        self.get(path!("/1.0/instances/{}/files", name))
            .file_path(path)
            .file()
    }

    /// Reads what a path inside an instance is, its owner and mode, without
    /// its content.
    ///
    /// Sends `HEAD /1.0/instances/{name}/files` (`instance_files_head`) with
    /// `path=`. Errors as [`Client::get_instance_file`] (a missing path is
    /// 404 with no message: HEAD replies carry no body).
    pub fn get_instance_file_metadata(
        &self,
        name: &str,
        path: &str,
    ) -> Result<InstanceFileMetadata> {
        self.call(Method::HEAD, path!("/1.0/instances/{}/files", name))
            .file_path(path)
            .file_metadata()
    }

    /// Creates or replaces a file, directory or symlink inside an instance;
    /// a file's content is streamed from a reader (never held in memory;
    /// see the crate docs on uploads). See [`InstanceFileArgs`] for owner,
    /// mode, append and a declared length.
    ///
    /// Sends `POST /1.0/instances/{name}/files` (`instance_files_post`) with
    /// `path=` and the `X-Incus-Type`, `-Uid`, `-Gid`, `-Mode`, `-Write`
    /// headers. The parent directory must exist. Errors as
    /// [`Client::get_instance_file`]; a reader that fails is an
    /// [`Error::Transport`](crate::Error::Transport) whose message names the
    /// file (`reading the content for /path: …`), and what the daemon
    /// received before is left in the file: write to a temporary name and
    /// rename if a half-written file must never be seen.
    pub fn create_instance_file(
        &self,
        name: &str,
        path: &str,
        file: InstanceFileArgs<'_>,
    ) -> Result<()> {
        let files = path!("/1.0/instances/{}/files", name);
        file.apply(self.post(files).file_path(path), path).unit()
    }

    /// Deletes a file, a symlink or an empty directory inside an instance.
    ///
    /// Sends `DELETE /1.0/instances/{name}/files` (`instance_files_delete`)
    /// with `path=`. Errors as [`Client::get_instance_file`].
    pub fn delete_instance_file(&self, name: &str, path: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/files", name))
            .file_path(path)
            .unit()
    }
}
