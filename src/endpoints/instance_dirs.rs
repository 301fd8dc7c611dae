//! Directory trees copied to and from instances (`incus file push -r` /
//! `pull -r`), built on the file methods of `instance_files.rs`.

use std::fs::{self, File};
use std::io::{self, Read};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::client::Client;
use crate::dirs::{
    MAX_TARGET, Tracked, about, check_entry_name, join, local_error, local_target, remote_error,
    trim_remote,
};
use crate::error::{Error, Result};
use crate::files::{InstanceFile, InstanceFileArgs};

/// Directory trees copied to and from instances, one request per entry:
/// files are streamed (never held in memory), symlinks are copied as
/// symlinks (never followed), permission bits are kept. Helpers built on
/// [`Client::create_instance_file`] and [`Client::get_instance_file`].
impl Client {
    /// Copies the local directory tree `local` to `remote` inside an
    /// instance, like `incus file push -r`.
    ///
    /// `remote` is created if missing (its parent must exist); each entry
    /// is created with its permission bits (`mode & 0o7777`; Incus 6.0 keeps
    /// only `0o777`), symlinks as symlinks with their target text as
    /// written (never followed, so a symlink loop is copied as a loop).
    /// Files are streamed from disk. Entries that are neither file,
    /// directory nor symlink (fifos, sockets, devices) are skipped with a
    /// `log` warning. `local` itself may be a symlink to a directory.
    /// Owners are left to the daemon: everything is created as root (uid
    /// and gid 0 in the instance). The daemon applies mode only to what it
    /// creates, and refuses to replace a symlink with a different target,
    /// so push into a new or empty directory to get an exact copy.
    ///
    /// Uses `POST /1.0/instances/{name}/files` once per entry (and for
    /// `remote`), walking `local` with `std::fs::read_dir`.
    ///
    /// # Errors
    ///
    /// The first failure stops the copy, leaving what was sent so far:
    /// [`Error::Io`] naming the local path that could not be read (a
    /// missing `local`, an unreadable directory, a file that fails halfway);
    /// [`Error::InvalidInput`] if `local` is not a directory, or for a name
    /// the API cannot carry (not UTF-8, a control character) or a relative
    /// `remote`; [`Error::Api`] naming the remote path, e.g. 404 for a
    /// missing instance or parent of `remote`; [`Error::Transport`] if the
    /// daemon cannot be reached or a request breaks.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::path::Path;
    /// let client = incus::Client::local()?;
    /// client.push_instance_dir("c1", Path::new("site"), "/srv/www")?;
    /// client.pull_instance_dir("c1", "/etc", Path::new("c1-etc"))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn push_instance_dir(&self, name: &str, local: &Path, remote: &str) -> Result<()> {
        let root = fs::metadata(local).map_err(|e| local_error(local, e))?;
        if !root.is_dir() {
            return Err(Error::invalid(format!(
                "{} is not a directory",
                local.display()
            )));
        }
        let remote = trim_remote(remote);
        self.push_dir(name, remote, root.mode())?;
        let mut pending = vec![(local.to_path_buf(), remote.to_string())];
        while let Some((dir, remote_dir)) = pending.pop() {
            let mut entries: Vec<_> = fs::read_dir(&dir)
                .and_then(|entries| entries.map(|e| e.map(|e| e.file_name())).collect())
                .map_err(|e| local_error(&dir, e))?;
            entries.sort();
            for entry in entries {
                let path = dir.join(&entry);
                let Some(entry) = entry.to_str() else {
                    return Err(Error::invalid(format!(
                        "{}: the name is not UTF-8, which the files API cannot carry",
                        path.display()
                    )));
                };
                let target = join(&remote_dir, entry);
                let meta = fs::symlink_metadata(&path).map_err(|e| local_error(&path, e))?;
                let kind = meta.file_type();
                if kind.is_dir() {
                    self.push_dir(name, &target, meta.mode())?;
                    pending.push((path, target));
                } else if kind.is_file() {
                    let file = File::open(&path).map_err(|e| local_error(&path, e))?;
                    let length = file.metadata().map_err(|e| local_error(&path, e))?.len();
                    self.push_file(name, &target, file, length, &path, meta.mode())?;
                } else if kind.is_symlink() {
                    let link = fs::read_link(&path).map_err(|e| local_error(&path, e))?;
                    let Some(link) = link.to_str() else {
                        return Err(Error::invalid(format!(
                            "{}: the symlink target is not UTF-8",
                            path.display()
                        )));
                    };
                    let args = InstanceFileArgs::symlink(link);
                    self.create_instance_file(name, &target, args)
                        .map_err(|e| about(&target, e))?;
                } else {
                    log::warn!(
                        "push_instance_dir: skipping {}: not a file, directory or symlink ({kind:?})",
                        path.display()
                    );
                }
            }
        }
        Ok(())
    }

    /// Copies the directory tree at `remote` inside an instance to
    /// `local`, like `incus file pull -r`.
    ///
    /// `local` is created if missing (its parent must exist); if it exists
    /// it must be a directory (a symlink to one is followed), and it keeps
    /// its own mode. Below it, files are streamed to disk and given the
    /// instance's permission bits, directories too (set once they are
    /// filled), and symlinks are made as symlinks. What is already there is
    /// replaced, except that a directory is never replaced by a file or
    /// symlink; symlinks below `local` are never followed, and names the
    /// daemon lists are checked to be plain names, so nothing is written
    /// outside `local`. Owners are not copied.
    ///
    /// Symlink targets: the daemon reports a link's target joined to the
    /// link's directory and cleaned, not as written (Incus 6.0). A target
    /// inside `remote` is written relative to the link (so a clean relative
    /// link such as `../lib/x` comes back as written), any other as the
    /// absolute path in the instance.
    ///
    /// Uses `GET /1.0/instances/{name}/files` once per entry (a directory's
    /// reply lists its entries).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] naming `local` if it exists and is not a
    /// directory (before any request), or if `remote` is not a directory;
    /// [`Error::Api`] naming the remote path, e.g. 404 for a missing
    /// `remote` or instance; [`Error::Io`] naming the local path that could
    /// not be written, or the remote file whose download broke;
    /// [`Error::Decode`] if a listing holds a name that is not one plain
    /// step (empty, `.`, `..`, or with `/`); [`Error::Transport`] as for
    /// [`Client::push_instance_dir`]. The first failure stops the
    /// copy, leaving what was written so far. See
    /// [`Client::push_instance_dir`] for an example.
    pub fn pull_instance_dir(&self, name: &str, remote: &str, local: &Path) -> Result<()> {
        let existed = match fs::metadata(local) {
            Ok(meta) if meta.is_dir() => true,
            Ok(_) => {
                return Err(Error::invalid(format!(
                    "{} exists and is not a directory",
                    local.display()
                )));
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(local_error(local, e)),
        };
        let remote = trim_remote(remote);
        let root = self
            .get_instance_file(name, remote)
            .map_err(|e| about(remote, e))?;
        if !root.metadata.is_dir() {
            return Err(Error::invalid(format!(
                "{remote} in instance {name} is a {}, not a directory",
                root.metadata.kind
            )));
        }
        if !existed {
            fs::create_dir(local).map_err(|e| local_error(local, e))?;
        }
        // Directory modes are set once the directories are filled (a
        // read-only one could not be written into), deepest first.
        let mut modes: Vec<(PathBuf, u32)> = Vec::new();
        if !existed {
            modes.push((local.to_path_buf(), root.metadata.mode));
        }
        let mut pending = vec![(remote.to_string(), local.to_path_buf(), root.entries)];
        while let Some((remote_dir, dir, entries)) = pending.pop() {
            for entry in entries {
                check_entry_name(name, &remote_dir, &entry)?;
                let source = join(&remote_dir, &entry);
                let path = dir.join(&entry);
                let file = self
                    .get_instance_file(name, &source)
                    .map_err(|e| about(&source, e))?;
                let mode = file.metadata.mode & 0o7777;
                if file.metadata.is_dir() {
                    make_dir(&path)?;
                    modes.push((path.clone(), mode));
                    pending.push((source, path, file.entries));
                } else if file.metadata.is_symlink() {
                    let target = read_target(name, &source, file)?;
                    let target = local_target(remote, &remote_dir, &target);
                    clear(&path)?;
                    std::os::unix::fs::symlink(&target, &path)
                        .map_err(|e| local_error(&path, e))?;
                } else if file.metadata.kind == "file" {
                    write_file(name, &source, file, &path, mode)?;
                } else {
                    log::warn!(
                        "pull_instance_dir: skipping {source} in instance {name}: the daemon calls it a {:?}",
                        file.metadata.kind
                    );
                }
            }
        }
        for (path, mode) in modes.into_iter().rev() {
            fs::set_permissions(&path, fs::Permissions::from_mode(mode))
                .map_err(|e| local_error(&path, e))?;
        }
        Ok(())
    }

    /// Creates a directory at `remote` with `mode`'s permission bits.
    fn push_dir(&self, name: &str, remote: &str, mode: u32) -> Result<()> {
        let args = InstanceFileArgs::directory().mode(mode & 0o7777);
        self.create_instance_file(name, remote, args)
            .map_err(|e| about(remote, e))
    }

    /// Streams `content` (the file at `local`, of the given length) to
    /// `remote`. A read that fails is reported as the local file's
    /// [`Error::Io`], not as the request's transport error; a file whose
    /// length changes meanwhile fails the push (see
    /// [`InstanceFileArgs::length`]).
    fn push_file(
        &self,
        name: &str,
        remote: &str,
        content: impl Read,
        length: u64,
        local: &Path,
        mode: u32,
    ) -> Result<()> {
        let mut content = Tracked::new(content);
        let args = InstanceFileArgs::file(&mut content)
            .mode(mode & 0o7777)
            .length(length);
        let sent = self.create_instance_file(name, remote, args);
        match content.take_error() {
            Some(e) => Err(local_error(local, e)),
            None => sent.map_err(|e| about(remote, e)),
        }
    }
}

/// Makes `path` a directory: an existing one is kept, a file or symlink
/// there is replaced (never followed).
fn make_dir(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => return Ok(()),
        Ok(_) => fs::remove_file(path).map_err(|e| local_error(path, e))?,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(local_error(path, e)),
    }
    fs::create_dir(path).map_err(|e| local_error(path, e))
}

/// Removes a file or symlink at `path`, so that what replaces it is not
/// written through a symlink; a directory stays (and the write then fails,
/// naming it).
fn clear(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.is_dir() => fs::remove_file(path).map_err(|e| local_error(path, e)),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(local_error(path, e)),
    }
}

/// Reads a symlink's target from its reply (at most [`MAX_TARGET`] bytes).
fn read_target(name: &str, source: &str, file: InstanceFile) -> Result<String> {
    let mut target = Vec::new();
    file.take(MAX_TARGET + 1)
        .read_to_end(&mut target)
        .map_err(|e| remote_error(name, source, e))?;
    if target.len() as u64 > MAX_TARGET {
        return Err(Error::decode(
            &format!("GET /1.0/instances/{name}/files"),
            format!("symlink {source} has a target over {MAX_TARGET} bytes"),
        ));
    }
    String::from_utf8(target).map_err(|_| {
        Error::decode(
            &format!("GET /1.0/instances/{name}/files"),
            format!("symlink {source} has a target that is not UTF-8"),
        )
    })
}

/// Streams a downloaded file to `path` and gives it `mode`. A download that
/// breaks names the remote file, a write that fails the local one.
fn write_file(name: &str, source: &str, file: InstanceFile, path: &Path, mode: u32) -> Result<()> {
    clear(path)?;
    let mut out = File::create(path).map_err(|e| local_error(path, e))?;
    let mut download = Tracked::new(file);
    if let Err(e) = io::copy(&mut download, &mut out) {
        return Err(match download.take_error() {
            Some(e) => remote_error(name, source, e),
            None => local_error(path, e),
        });
    }
    out.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(|e| local_error(path, e))
}

#[cfg(test)]
mod tests {
    use std::io::Read;
    use std::os::unix::net::UnixListener;
    use std::time::Duration;

    use super::*;
    use crate::server_kind::ServerInfo;

    /// A local file that fails halfway through its upload is reported as
    /// that file's error, not as the request's.
    #[test]
    fn a_read_failing_halfway_names_the_local_file() {
        let dir = std::env::temp_dir().join(format!("incus-dirs-unit-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("unix.socket");
        let _ = fs::remove_file(&socket);
        let listener = UnixListener::bind(&socket).unwrap();
        // A daemon that reads whatever comes until the client gives up.
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut received = Vec::new();
            let _ = stream.read_to_end(&mut received);
            received.len()
        });
        struct Half(usize);
        impl Read for Half {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::other("bad sector"));
                }
                let n = buf.len().min(self.0);
                buf[..n].fill(b'x');
                self.0 -= n;
                Ok(n)
            }
        }
        let client = Client::unix(&socket).unwrap();
        // Known to be an Incus: the upload's headers need no `GET /1.0`.
        let incus = crate::models::Server::default();
        let _ = client.shared.server.set(ServerInfo::new(incus));
        let local = Path::new("/data/big file.bin");
        let e = client
            .push_file("c1", "/root/big", Half(100_000), 200_000, local, 0o644)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "io error: /data/big file.bin: bad sector",
            "{e:?}"
        );
        drop(client);
        assert!(server.join().unwrap() > 0, "the request was sent");
        let _ = fs::remove_dir_all(&dir);
    }
}
