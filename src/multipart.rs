//! A `multipart/form-data` body read as it arrives (the form of a split
//! image's export): each part's head, then its content streamed into a
//! writer up to the delimiter that ends it, with no more than a buffer of
//! it in memory. Only what image exports need; no new crate.

use std::io::{self, Read, Write};

use crate::error::Error;

/// A failed copy: the daemon's side (reading) or the caller's (writing).
pub(crate) enum CopyError {
    Read(io::Error),
    Write(io::Error),
}

impl CopyError {
    /// A read failure as `transport` makes it; a write failure as
    /// [`Error::Io`], its message saying what was being written.
    pub(crate) fn into(self, transport: impl Fn(io::Error) -> Error) -> Error {
        match self {
            CopyError::Read(e) => transport(e),
            CopyError::Write(e) => Error::Io(e),
        }
    }
}

/// Copies `from` to its end into `to`; the bytes copied.
pub(crate) fn copy(
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

pub(crate) fn write(
    to: &mut dyn Write,
    bytes: &[u8],
    what: &str,
) -> std::result::Result<(), CopyError> {
    to.write_all(bytes)
        .map_err(|e| CopyError::Write(io::Error::new(e.kind(), format!("writing {what}: {e}"))))
}

pub(crate) fn flush(to: &mut dyn Write, what: &str) -> std::result::Result<(), CopyError> {
    to.flush()
        .map_err(|e| CopyError::Write(io::Error::new(e.kind(), format!("writing {what}: {e}"))))
}

/// How much is read at a time.
pub(crate) const BUF: usize = 128 * 1024;

/// The boundary of a `multipart/…` content type (quoted or not); `None`
/// for any other type.
pub(crate) fn boundary(content_type: &str) -> Option<String> {
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
pub(crate) fn file_name(disposition: &str) -> String {
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
pub(crate) struct PartHead {
    /// `name=` of its `Content-Disposition`.
    pub(crate) name: String,
    /// `filename=` of it; empty if none.
    pub(crate) file_name: String,
}

/// The most a part's head may take: its headers are a few short lines.
pub(crate) const MAX_HEAD: usize = 16 * 1024;

/// A `multipart/…` body read as it arrives (RFC 2046): each part's head,
/// then its content streamed up to the next delimiter, never more than a
/// buffer of it in memory.
pub(crate) struct Multipart<R> {
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
    pub(crate) fn new(inner: R, boundary: &str) -> Multipart<R> {
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
    pub(crate) fn next_part(&mut self) -> io::Result<Option<PartHead>> {
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
    pub(crate) fn copy_part(
        &mut self,
        to: &mut dyn Write,
        what: &str,
    ) -> std::result::Result<u64, CopyError> {
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
    }
}
