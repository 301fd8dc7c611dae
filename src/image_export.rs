//! Receiving an image export: the body of `GET /1.0/images/{fp}/export`
//! streamed into the caller's writers and checked against the fingerprint.
//!
//! A unified image comes as one tarball; a split one as `multipart/form-data`
//! with two parts, the metadata tarball then the root filesystem, read here
//! as they arrive (`multipart.rs`). Incus names an image by the SHA-256 of
//! its files in that order (`getImgPostInfo` hashes the metadata part, then
//! the rootfs part, into one digest), so the hash of everything received
//! must equal the fingerprint.

use std::fmt;
use std::io::{self, Read, Write};

use ring::digest::{Context, SHA256};

use crate::Client;
use crate::error::{Error, Result, TransportError};
use crate::multipart::{MAX_HEAD, Multipart, boundary, copy, file_name};
use crate::stream::Download;

/// What [`Client::export_image`](crate::Client::export_image) received and
/// verified: the image's fingerprint and the file or files written.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageExport {
    /// The fingerprint the content hashed to (lowercase hex).
    pub fingerprint: String,
    /// The unified tarball, or a split image's metadata tarball: what went
    /// to the first writer.
    pub metadata: ImageExportFile,
    /// A split image's root filesystem (a tarball or squashfs, or a VM's
    /// disk): what went to the second writer. `None` for a unified image,
    /// which writes nothing there.
    pub rootfs: Option<ImageExportFile>,
}

impl ImageExport {
    /// Whether the image came in two files (metadata and root filesystem).
    pub fn is_split(&self) -> bool {
        self.rootfs.is_some()
    }
}

/// One file of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ImageExportFile {
    /// The file name the daemon gave it, e.g. `<fingerprint>.tar.gz` or
    /// `meta-<fingerprint>.tar.xz`; empty if it gave none.
    pub file_name: String,
    /// The multipart part it came in: `metadata`, `rootfs`, or `rootfs.img`
    /// (a virtual machine's disk); empty for a unified image.
    pub part: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Content that does not hash to the fingerprint it was asked for: the
/// bytes received are not that image (a corrupted transfer, or a server
/// giving other bytes). Held by [`Error::Integrity`].
///
/// It says which bytes are bad as far as they can be known: every byte
/// written, per writer ([`received`](Self::received): bytes `0..size` of
/// each file), since Incus publishes one digest over all of them and
/// nothing finer. Compared with the size the server records for the image
/// ([`image_size`](Self::image_size)), it tells a transfer that lost or
/// gained bytes from one whose length is right but some content differs.
#[derive(Debug)]
pub struct IntegrityError {
    endpoint: String,
    expected: String,
    actual: String,
    received: Vec<ImageExportFile>,
    image_size: Option<u64>,
}

impl IntegrityError {
    /// The request, as `METHOD /path`.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The fingerprint asked for (lowercase hex).
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// The SHA-256 of what was received (lowercase hex).
    pub fn actual(&self) -> &str {
        &self.actual
    }

    /// What was written, in order: the `metadata` writer's file, then (for
    /// a split image) the `rootfs` writer's. All of their bytes are suspect; discard
    /// them.
    pub fn received(&self) -> &[ImageExportFile] {
        &self.received
    }

    /// The bytes received, all files together.
    pub fn received_size(&self) -> u64 {
        self.received.iter().map(|file| file.size).sum()
    }

    /// The size of the image's files as the server records it, read after
    /// the mismatch (`GET /1.0/images/{fingerprint}`); `None` when that
    /// read failed.
    pub fn image_size(&self) -> Option<u64> {
        self.image_size
    }
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the content received has sha256 {}, not the fingerprint {}: it is not that image; \
             discard ",
            self.endpoint, self.actual, self.expected
        )?;
        let writers = ["the metadata writer", "the rootfs writer"];
        for (i, (file, writer)) in self.received.iter().zip(writers).enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "bytes 0..{} written to {writer}", file.size)?;
            match (file.part.as_str(), file.file_name.as_str()) {
                ("", "") => {}
                ("", name) => write!(f, " ({name:?})")?,
                (part, "") => write!(f, " (part {part})")?,
                (part, name) => write!(f, " (part {part}, {name:?})")?,
            }
        }
        let received = self.received_size();
        match self.image_size {
            None => Ok(()),
            Some(size) if size > received => write!(
                f,
                "; the image is {size} bytes, {} more than arrived: bytes are missing",
                size - received
            ),
            Some(size) if size < received => write!(
                f,
                "; the image is {size} bytes, {} fewer than arrived: bytes were added",
                received - size
            ),
            Some(size) => write!(
                f,
                "; the image is {size} bytes too, so some of these bytes differ from it \
                 (one digest over the whole cannot say which)"
            ),
        }
    }
}

/// Reads an export from `download` into `metadata` (and `rootfs` for a
/// split image), hashing as it goes; fails when the hash is not
/// `expected` (a whole fingerprint, lowercase), once the body has ended,
/// with the image's recorded size read from `client` to say what went
/// wrong.
pub(crate) fn receive<'w>(
    client: &Client,
    download: Download,
    endpoint: &str,
    limit: (&'static str, std::time::Duration),
    expected: &str,
    metadata: &'w mut dyn Write,
    rootfs: &'w mut dyn Write,
) -> Result<ImageExport> {
    let content_type = download.header("Content-Type").unwrap_or("").to_string();
    let file_name = download
        .header("Content-Disposition")
        .map(file_name)
        .unwrap_or_default();
    let mut download = download;
    let mut context = Context::new(&SHA256);
    let transport = |e: io::Error| TransportError::io(endpoint, limit, e);
    let (metadata, rootfs) = match boundary(&content_type) {
        None => {
            let mut out = Hashing {
                context: &mut context,
                inner: metadata,
            };
            let size = copy(&mut download, &mut out, "the image").map_err(|e| e.into(transport))?;
            let file = ImageExportFile {
                file_name,
                part: String::new(),
                size,
            };
            (file, None)
        }
        Some(boundary) => {
            let mut parts = Multipart::new(&mut download, &boundary);
            let decode = |what: String| Error::decode(endpoint, what);
            let mut files = Vec::new();
            for (want, out) in [
                (&["metadata"][..], metadata),
                (&["rootfs", "rootfs.img"], rootfs),
            ] {
                let head = parts.next_part().map_err(transport)?.ok_or_else(|| {
                    decode(format!(
                        "the multipart export ended before its {} part",
                        want[0]
                    ))
                })?;
                if !want.contains(&head.name.as_str()) {
                    return Err(decode(format!(
                        "the multipart export has a part {:?} where {want:?} belongs",
                        head.name
                    )));
                }
                let what = format!("the image's {} part", head.name);
                let mut out = Hashing {
                    context: &mut context,
                    inner: out,
                };
                let size = parts
                    .copy_part(&mut out, &what)
                    .map_err(|e| e.into(transport))?;
                files.push(ImageExportFile {
                    file_name: head.file_name,
                    part: head.name,
                    size,
                });
            }
            if let Some(extra) = parts.next_part().map_err(transport)? {
                return Err(decode(format!(
                    "the multipart export has a third part {:?}",
                    extra.name
                )));
            }
            drop(parts);
            // The epilogue after the closing delimiter (Incus 6.0.4 writes
            // that delimiter twice): read, so the connection can be reused.
            let mut epilogue = (&mut download).take(MAX_HEAD as u64);
            io::copy(&mut epilogue, &mut io::sink()).map_err(transport)?;
            let rootfs = files.pop();
            (files.remove(0), rootfs)
        }
    };
    let actual = hex(context.finish().as_ref());
    if actual != expected {
        let image_size = client.get_image(expected).ok();
        return Err(Error::Integrity(Box::new(IntegrityError {
            endpoint: endpoint.to_string(),
            expected: expected.to_string(),
            actual,
            received: [Some(metadata), rootfs].into_iter().flatten().collect(),
            image_size: image_size.and_then(|image| u64::try_from(image.size).ok()),
        })));
    }
    Ok(ImageExport {
        fingerprint: actual,
        metadata,
        rootfs,
    })
}

/// A writer that hashes what it writes: the content of the parts, not
/// the multipart framing around them.
struct Hashing<'a, 'w> {
    context: &'a mut Context,
    inner: &'w mut dyn Write,
}

impl Write for Hashing<'_, '_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.context.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lowercase_and_padded() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
