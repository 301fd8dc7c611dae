//! Files inside instances and storage volumes: what a read gives back (the
//! metadata from the reply's headers, a directory's entries, the content as
//! a stream) and what a write sends.

use std::fmt;
use std::io::{self, Read};

use crate::error::{Error, Result};
use crate::reply::Reply;
use crate::request::Call;
use crate::server_kind::ServerKind;
use crate::stream::{Download, labelled};

/// The most of a directory listing read into memory.
const MAX_LISTING: u64 = 64 * 1024 * 1024;

/// What a path inside an instance or a storage volume is, with its owner
/// and mode, as the daemon reports them (`X-Incus-*` headers, `X-LXD-*` on
/// LXD).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct InstanceFileMetadata {
    /// `file`, `directory` or `symlink`.
    pub kind: String,
    /// Owner user id.
    pub uid: u32,
    /// Owner group id.
    pub gid: u32,
    /// Permission bits. Example: `0o640`
    pub mode: u32,
    /// Last modification time, as the daemon writes it. Example:
    /// `2026-11-25 03:59:15 +0000 UTC`
    pub modified: String,
}

impl InstanceFileMetadata {
    /// Reads the metadata from a reply's headers, named with the prefix of
    /// the `server`'s.
    pub(crate) fn from_headers(
        server: ServerKind,
        header: impl Fn(&str) -> Option<String>,
    ) -> Result<Self> {
        let text = |name: &str| {
            let name = server.header(name);
            header(&name).ok_or_else(|| missing(&name))
        };
        let number = |name: &str, radix: u32| -> Result<u32> {
            let text = text(name)?;
            u32::from_str_radix(text.trim(), radix).map_err(|_| {
                let name = server.header(name);
                Error::decode("a file reply", format!("{name}: {text:?}"))
            })
        };
        Ok(InstanceFileMetadata {
            kind: text("Type")?,
            uid: number("Uid", 10)?,
            gid: number("Gid", 10)?,
            mode: number("Mode", 8)?,
            modified: text("Modified").unwrap_or_default(),
        })
    }

    /// Whether the path is a directory.
    pub fn is_dir(&self) -> bool {
        self.kind == "directory"
    }

    /// Whether the path is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.kind == "symlink"
    }
}

fn missing(name: &str) -> Error {
    Error::decode("a file reply", format!("no {name} header"))
}

/// A path read from an instance or a storage volume: its metadata, and
/// either the content as a stream ([`Read`]) or, for a directory, the names
/// in it (then reading gives nothing).
pub struct InstanceFile {
    /// What the path is, its owner and mode.
    pub metadata: InstanceFileMetadata,
    /// A directory's entries (names only); empty for a file.
    pub entries: Vec<String>,
    content: Option<Download>,
}

impl InstanceFile {
    pub(crate) fn new(
        metadata: InstanceFileMetadata,
        entries: Vec<String>,
        content: Option<Download>,
    ) -> InstanceFile {
        InstanceFile {
            metadata,
            entries,
            content,
        }
    }
}

impl InstanceFile {
    /// The read of `path` from a `server`: a directory's listing is read
    /// whole (a JSON envelope), a file's content is left to stream.
    pub(crate) fn from_download(
        mut download: Download,
        server: ServerKind,
    ) -> Result<InstanceFile> {
        let metadata = InstanceFileMetadata::from_headers(server, |name| {
            download.header(name).map(str::to_string)
        })?;
        if !metadata.is_dir() {
            return Ok(InstanceFile::new(metadata, Vec::new(), Some(download)));
        }
        let mut body = Vec::new();
        (&mut download)
            .take(MAX_LISTING)
            .read_to_end(&mut body)
            .map_err(|e| Error::decode("a directory listing", e))?;
        let entries = Reply::parse("GET a directory".into(), 200, &body, None)?.sync()?;
        Ok(InstanceFile::new(metadata, entries, None))
    }
}

impl Read for InstanceFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.content {
            Some(content) => content.read(buf),
            None => Ok(0),
        }
    }
}

impl fmt::Debug for InstanceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstanceFile")
            .field("metadata", &self.metadata)
            .field("entries", &self.entries)
            .finish_non_exhaustive()
    }
}

/// What to create at a path inside an instance or a storage volume: a file
/// from a reader, a directory or a symbolic link, with its owner and mode.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// use incus::InstanceFileArgs;
/// let args = InstanceFileArgs::file(std::fs::File::open("app.conf")?).mode(0o600).uid(1000);
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct InstanceFileArgs<'a> {
    pub(crate) kind: &'static str,
    pub(crate) content: Content<'a>,
    pub(crate) uid: Option<u32>,
    pub(crate) gid: Option<u32>,
    pub(crate) mode: Option<u32>,
    pub(crate) append: bool,
    pub(crate) length: Option<u64>,
}

/// The body of a write.
pub(crate) enum Content<'a> {
    Reader(Box<dyn Read + 'a>),
    Text(&'a [u8]),
}

impl<'a> InstanceFileArgs<'a> {
    fn new(kind: &'static str, content: Content<'a>) -> InstanceFileArgs<'a> {
        InstanceFileArgs {
            kind,
            content,
            uid: None,
            gid: None,
            mode: None,
            append: false,
            length: None,
        }
    }

    /// A file with the bytes of `content` (a `File`, `&mut` any reader,
    /// `&b"…"[..]`), streamed as they are read. Add
    /// [`InstanceFileArgs::length`] when the length is known.
    pub fn file(content: impl Read + 'a) -> InstanceFileArgs<'a> {
        InstanceFileArgs::new("file", Content::Reader(Box::new(content)))
    }

    /// A directory (its parent must exist).
    pub fn directory() -> InstanceFileArgs<'static> {
        InstanceFileArgs::new("directory", Content::Text(b""))
    }

    /// A symbolic link pointing at `target`.
    pub fn symlink(target: &'a str) -> InstanceFileArgs<'a> {
        InstanceFileArgs::new("symlink", Content::Text(target.as_bytes()))
    }

    /// The owner's user id. Defaults to the daemon's choice (root, or the
    /// current owner of an existing file).
    pub fn uid(mut self, uid: u32) -> Self {
        self.uid = Some(uid);
        self
    }

    /// The owner's group id. Defaults as for [`InstanceFileArgs::uid`].
    pub fn gid(mut self, gid: u32) -> Self {
        self.gid = Some(gid);
        self
    }

    /// The permission bits, e.g. `0o600`. The daemon applies them only
    /// when it creates the path (an existing file or directory keeps its
    /// mode and owner), and Incus 6.0 keeps only the `0o777` bits (setuid,
    /// setgid and sticky are dropped). Defaults to the daemon's choice.
    pub fn mode(mut self, mode: u32) -> Self {
        self.mode = Some(mode);
        self
    }

    /// Appends to an existing file instead of replacing it. Defaults to
    /// replacing.
    pub fn append(mut self) -> Self {
        self.append = true;
        self
    }

    /// Declares the file's exact length in bytes: a check that the file
    /// arrives whole. The reader must give exactly `length` bytes: one that
    /// ends early or has more (a file that changed meanwhile) fails the
    /// write with [`Error::Transport`] (the daemon sees an unfinished
    /// request), and more is never sent. Speed is the same either way. Only
    /// for [`InstanceFileArgs::file`]; directories and symlinks ignore it.
    /// Defaults to unknown (whatever the reader gives is sent).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// # let client = incus::Client::local()?;
    /// let local = std::fs::File::open("big.bin")?;
    /// let length = local.metadata()?.len();
    /// let args = incus::InstanceFileArgs::file(local).length(length);
    /// client.create_instance_file("c1", "/root/big.bin", args)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }
}

impl<'a> InstanceFileArgs<'a> {
    /// Puts these arguments on a POST to the files endpoint for `path`.
    pub(crate) fn apply<'c>(self, call: Call<'c>, path: &str) -> Call<'c>
    where
        'a: 'c,
    {
        let write = if self.append { "append" } else { "overwrite" };
        let mut call = call
            .daemon_header("Type", self.kind)
            .daemon_header("Write", write);
        if let Some(uid) = self.uid {
            call = call.daemon_header("Uid", uid);
        }
        if let Some(gid) = self.gid {
            call = call.daemon_header("Gid", gid);
        }
        if let Some(mode) = self.mode {
            call = call.daemon_header("Mode", mode_header(mode));
        }
        match self.content {
            Content::Reader(inner) => {
                let content = labelled(inner, format!("the content for {path}"));
                call.reader(content, self.length)
            }
            Content::Text(bytes) => call.bytes(bytes),
        }
    }
}

/// `X-Incus-Mode` (`X-LXD-Mode`) for `mode`: octal with a leading `0`, always. The daemon
/// parses the header with Go's base prefixes, so `4755` (what `{:04o}`
/// gives for `0o4755`) would be read as decimal 4755, mode `0o223`.
fn mode_header(mode: u32) -> String {
    format!("0{mode:o}")
}

impl fmt::Debug for InstanceFileArgs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstanceFileArgs")
            .field("kind", &self.kind)
            .field("uid", &self.uid)
            .field("gid", &self.gid)
            .field("mode", &self.mode)
            .field("append", &self.append)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_are_sent_as_octal_with_a_leading_zero() {
        assert_eq!(mode_header(0o600), "0600");
        assert_eq!(mode_header(0o755), "0755");
        assert_eq!(mode_header(0o4755), "04755");
        assert_eq!(mode_header(0o7), "07");
        assert_eq!(mode_header(0), "00");
    }
}
