//! Receiving an image export: the body of `GET /1.0/images/{fp}/export`
//! streamed into the caller's writers and checked against the fingerprint.
//!
//! A unified image comes as one tarball; a split one as `multipart/form-data`
//! with two parts, the metadata tarball then the root filesystem, read here
//! as they arrive (see [`Multipart`]). Incus names an image by the SHA-256 of
//! its files in that order (`getImgPostInfo` hashes the metadata part, then
//! the rootfs part, into one digest), so the hash of everything received
//! must equal the fingerprint.

use std::fmt;
use std::io::{self, Read, Write};

use ring::digest::{Context, SHA256};

use crate::error::{Error, Result, TransportError};
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
#[derive(Debug)]
pub struct IntegrityError {
    endpoint: String,
    expected: String,
    actual: String,
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
}

impl fmt::Display for IntegrityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the content received has sha256 {}, not the fingerprint {}: it is not that image",
            self.endpoint, self.actual, self.expected
        )
    }
}

/// Reads an export from `download` into `metadata` (and `rootfs` for a
/// split image), hashing as it goes; fails when the hash is not
/// `expected` (a whole fingerprint, lowercase), once the body has ended.
pub(crate) fn receive<'w>(
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
        return Err(Error::Integrity(Box::new(IntegrityError {
            endpoint: endpoint.to_string(),
            expected: expected.to_string(),
            actual,
        })));
    }
    Ok(ImageExport {
        fingerprint: actual,
        metadata,
        rootfs,
    })
}

/// A failed copy: the daemon's side (reading) or the caller's (writing).
pub(crate) enum CopyError {
    Read(io::Error),
    Write(io::Error),
}

impl CopyError {
    /// A read failure as `transport` makes it; a write failure as
    /// [`Error::Io`], its message saying what was being written.
    fn into(self, transport: impl Fn(io::Error) -> Error) -> Error {
        match self {
            CopyError::Read(e) => transport(e),
            CopyError::Write(e) => Error::Io(e),
        }
    }
}

/// Copies `from` to its end into `to`; the bytes copied.
fn copy(
    from: &mut impl Read,
    to: &mut dyn Write,
    what: &str,
) -> std::result::Result<u64, CopyError> {
    let mut buf = vec![0u8; BUF];
    let mut total = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyError::Read(e)),
        };
        write(to, &buf[..n], what)?;
        total += n as u64;
    }
    flush(to, what)?;
    Ok(total)
}

fn write(to: &mut dyn Write, bytes: &[u8], what: &str) -> std::result::Result<(), CopyError> {
    to.write_all(bytes)
        .map_err(|e| CopyError::Write(io::Error::new(e.kind(), format!("writing {what}: {e}"))))
}

fn flush(to: &mut dyn Write, what: &str) -> std::result::Result<(), CopyError> {
    to.flush()
        .map_err(|e| CopyError::Write(io::Error::new(e.kind(), format!("writing {what}: {e}"))))
}

/// How much is read at a time.
const BUF: usize = 128 * 1024;

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

/// The boundary of a `multipart/…` content type (quoted or not); `None`
/// for any other type.
fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let kind = params.next()?.trim();
    if !kind.to_ascii_lowercase().starts_with("multipart/") {
        return None;
    }
    params.find_map(|param| {
        let (key, value) = param.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("boundary")).then(|| unquote(value.trim()))
    })
}

/// `filename=` of a `Content-Disposition` value, quoted or not; empty if
/// there is none.
fn file_name(disposition: &str) -> String {
    disposition
        .split(';')
        .find_map(|param| {
            let (key, value) = param.split_once('=')?;
            (key.trim().eq_ignore_ascii_case("filename")).then(|| unquote(value.trim()))
        })
        .unwrap_or_default()
}

/// A parameter value without its quotes (and `\` escapes), if quoted.
fn unquote(value: &str) -> String {
    match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        None => value.to_string(),
        Some(inner) => {
            let mut out = String::new();
            let mut chars = inner.chars();
            while let Some(c) = chars.next() {
                out.push(if c == '\\' {
                    chars.next().unwrap_or(c)
                } else {
                    c
                });
            }
            out
        }
    }
}

/// The head of one multipart part.
#[derive(Debug, PartialEq)]
struct PartHead {
    /// `name=` of its `Content-Disposition`.
    name: String,
    /// `filename=` of it; empty if none.
    file_name: String,
}

/// The most a part's head may take: its headers are a few short lines.
const MAX_HEAD: usize = 16 * 1024;

/// A `multipart/…` body read as it arrives (RFC 2046): each part's head,
/// then its content streamed up to the next delimiter, never more than a
/// buffer of it in memory.
struct Multipart<R> {
    inner: R,
    /// `\r\n--boundary`: what ends every part's content.
    delimiter: Vec<u8>,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    /// Whether `inner` has ended.
    eof: bool,
    /// Whether the closing delimiter (`--boundary--`) was read.
    closed: bool,
    /// Whether the first delimiter was found.
    started: bool,
}

impl<R: Read> Multipart<R> {
    fn new(inner: R, boundary: &str) -> Multipart<R> {
        let delimiter = format!("\r\n--{boundary}").into_bytes();
        let mut buf = vec![0u8; BUF + delimiter.len() + MAX_HEAD];
        // The first delimiter may open the body, with no line break before it.
        buf[..2].copy_from_slice(b"\r\n");
        Multipart {
            inner,
            delimiter,
            buf,
            start: 0,
            end: 2,
            eof: false,
            closed: false,
            started: false,
        }
    }

    /// Reads more into the buffer (moving the unread bytes to its start
    /// first); false once `inner` has ended.
    fn fill(&mut self) -> io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        loop {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.end += n;
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// The next part's head, or `None` after the closing delimiter. Skips
    /// the preamble before the first part.
    fn next_part(&mut self) -> io::Result<Option<PartHead>> {
        if self.closed {
            return Ok(None);
        }
        if !self.started {
            self.skip_to_delimiter()?;
            self.started = true;
        }
        // After a delimiter: `--` closes the body; else optional spaces and
        // a line break, then the part's headers up to an empty line.
        let head_end = loop {
            let unread = &self.buf[self.start..self.end];
            if unread.starts_with(b"--") {
                self.closed = true;
                return Ok(None);
            }
            if let Some(at) = find(unread, b"\r\n\r\n") {
                break at;
            }
            if unread.len() >= MAX_HEAD {
                return Err(invalid("a multipart part's head is too long"));
            }
            if !self.fill()? {
                return Err(eof("in a multipart part's head"));
            }
        };
        let head = String::from_utf8_lossy(&self.buf[self.start..self.start + head_end]);
        let mut lines = head.split("\r\n");
        if !lines.next().unwrap_or("").trim().is_empty() {
            return Err(invalid("text after a multipart delimiter"));
        }
        let mut part = None;
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                return Err(invalid("a multipart part's header without a colon"));
            };
            if name.trim().eq_ignore_ascii_case("Content-Disposition") {
                let name = value.split(';').find_map(|param| {
                    let (key, value) = param.split_once('=')?;
                    (key.trim().eq_ignore_ascii_case("name")).then(|| unquote(value.trim()))
                });
                part = Some(PartHead {
                    name: name.unwrap_or_default(),
                    file_name: file_name(value),
                });
            }
        }
        self.start += head_end + 4;
        part.map(Some)
            .ok_or_else(|| invalid("a multipart part without Content-Disposition"))
    }

    /// Skips everything up to and including the first delimiter.
    fn skip_to_delimiter(&mut self) -> io::Result<()> {
        loop {
            let unread = &self.buf[self.start..self.end];
            if let Some(at) = find(unread, &self.delimiter) {
                self.start += at + self.delimiter.len();
                return Ok(());
            }
            // Keep what could be the start of a delimiter.
            self.start = self
                .end
                .saturating_sub(self.delimiter.len() - 1)
                .max(self.start);
            if !self.fill()? {
                return Err(eof("before the first multipart delimiter"));
            }
        }
    }

    /// Copies the current part's content into `to`, up to the delimiter
    /// that ends it; the bytes copied.
    fn copy_part(&mut self, to: &mut dyn Write, what: &str) -> std::result::Result<u64, CopyError> {
        let mut total = 0u64;
        loop {
            let unread = &self.buf[self.start..self.end];
            if let Some(at) = find(unread, &self.delimiter) {
                write(to, &unread[..at], what)?;
                self.start += at + self.delimiter.len();
                flush(to, what)?;
                return Ok(total + at as u64);
            }
            // All but what could be the start of a delimiter is content.
            let safe = unread.len().saturating_sub(self.delimiter.len() - 1);
            if safe > 0 {
                write(to, &unread[..safe], what)?;
                self.start += safe;
                total += safe as u64;
            }
            match self.fill() {
                Ok(true) => {}
                Ok(false) => return Err(CopyError::Read(eof("in a multipart part"))),
                Err(e) => return Err(CopyError::Read(e)),
            }
        }
    }
}

/// Where `needle` first occurs in `hay`.
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let last = hay.len().checked_sub(needle.len())?;
    let mut at = 0;
    while at <= last {
        at += hay[at..=last].iter().position(|&b| b == needle[0])?;
        if hay[at..at + needle.len()] == *needle {
            return Some(at);
        }
        at += 1;
    }
    None
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

fn eof(where_: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("the export ended {where_}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader giving at most `step` bytes a read.
    struct Drip<'a>(&'a [u8], usize);
    impl Read for Drip<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(self.1);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn body(boundary: &str, parts: &[(&str, &str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, file, content) in parts {
            out.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes());
            out.extend_from_slice(content);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        out
    }

    #[test]
    fn multipart_parts_stream_whatever_the_read_sizes() {
        let boundary = "b0d2";
        // Content that holds near-delimiters and line breaks.
        let meta: Vec<u8> = b"\r\n--b0d\r\n--b0d3\r\n-".repeat(3000);
        let rootfs: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let bytes = body(
            boundary,
            &[
                ("metadata", "meta-x.tar.gz", &meta),
                ("rootfs", "x.tar.gz", &rootfs),
            ],
        );
        for step in [1, 7, 70, 4096, usize::MAX] {
            let mut parts = Multipart::new(Drip(&bytes, step), boundary);
            let head = parts.next_part().unwrap().unwrap();
            assert_eq!(
                head,
                PartHead {
                    name: "metadata".into(),
                    file_name: "meta-x.tar.gz".into()
                }
            );
            let mut got = Vec::new();
            assert_eq!(parts.copy_part(&mut got, "m").ok(), Some(meta.len() as u64));
            assert!(got == meta, "step {step}: metadata differs");
            assert_eq!(parts.next_part().unwrap().unwrap().name, "rootfs");
            got.clear();
            assert_eq!(
                parts.copy_part(&mut got, "r").ok(),
                Some(rootfs.len() as u64)
            );
            assert!(got == rootfs, "step {step}: rootfs differs");
            assert_eq!(parts.next_part().unwrap(), None);
        }
    }

    #[test]
    fn a_cut_multipart_body_is_an_error() {
        let bytes = body("b", &[("metadata", "m", b"abc")]);
        let cut = &bytes[..bytes.len() - 10];
        let mut parts = Multipart::new(cut, "b");
        parts.next_part().unwrap().unwrap();
        match parts.copy_part(&mut Vec::new(), "m") {
            Err(CopyError::Read(e)) => assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof),
            _ => panic!("a cut part must fail"),
        }
        let mut none = Multipart::new(&b"no delimiter here"[..], "b");
        assert!(none.next_part().is_err());
    }

    #[test]
    fn header_parameters_are_read_quoted_or_not() {
        assert_eq!(
            boundary("multipart/form-data; boundary=abc123").as_deref(),
            Some("abc123")
        );
        assert_eq!(
            boundary("Multipart/Form-Data; charset=x; Boundary=\"a b:c\"").as_deref(),
            Some("a b:c")
        );
        assert_eq!(boundary("application/octet-stream"), None);
        assert_eq!(file_name("inline;filename=abc.tar.gz"), "abc.tar.gz");
        assert_eq!(
            file_name("form-data; name=\"x\"; filename=\"a \\\"b\\\".gz\""),
            "a \"b\".gz"
        );
        assert_eq!(file_name("inline"), "");
        assert_eq!(find(b"abcabd", b"abd"), Some(3));
        assert_eq!(find(b"ab", b"abd"), None);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
