//! Bodies streamed to and from the daemon: reply bodies handed to the
//! caller, request bodies from the caller's readers, and request bodies of
//! a declared length.

use std::fmt;
use std::io::{self, Read};

use ureq::http::HeaderMap;

/// A reply body being read from the daemon: a file, a log. Implements
/// [`Read`]; the bytes arrive as they are read, never held whole in memory.
/// Holds its connection until it is read to the end or dropped (a dropped,
/// unfinished download closes the connection rather than reuse it).
pub struct Download {
    headers: HeaderMap,
    reader: ureq::BodyReader<'static>,
}

impl Download {
    pub(crate) fn new(headers: HeaderMap, reader: ureq::BodyReader<'static>) -> Download {
        Download { headers, reader }
    }

    /// A reply header, if present and text (e.g. `X-Incus-Mode`).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body's length, when the daemon sent one (`Content-Length`).
    pub fn len(&self) -> Option<u64> {
        self.header("Content-Length").and_then(|v| v.parse().ok())
    }

    /// Whether the daemon said the body is empty (`Content-Length: 0`).
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }
}

impl Read for Download {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.header("Content-Type"))
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

/// A request body streamed from any reader (a `File`, `&mut` any reader,
/// `&b"…"[..]`), never held whole in memory, optionally of a declared
/// length ([`Upload::length`]). Anything that is [`Read`] converts into
/// one.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// let file = std::fs::File::open("hostname.tpl")?;
/// let length = file.metadata()?.len();
/// let upload = incus::Upload::new(file).length(length);
/// # Ok(())
/// # }
/// ```
pub struct Upload<'a> {
    pub(crate) reader: Box<dyn Read + 'a>,
    pub(crate) length: Option<u64>,
}

impl<'a> Upload<'a> {
    /// The bytes of `reader`, of unknown length.
    pub fn new(reader: impl Read + 'a) -> Upload<'a> {
        Upload {
            reader: Box::new(reader),
            length: None,
        }
    }

    /// Declares the exact length in bytes. The reader must give exactly
    /// that many: one that ends early or has more fails the request with
    /// [`Error::Transport`](crate::Error::Transport) (the daemon sees an
    /// unfinished request), and more is never sent. Defaults to unknown.
    #[must_use]
    pub fn length(mut self, length: u64) -> Upload<'a> {
        self.length = Some(length);
        self
    }
}

impl<'a, R: Read + 'a> From<R> for Upload<'a> {
    fn from(reader: R) -> Upload<'a> {
        Upload::new(reader)
    }
}

impl fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upload")
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

/// `inner`, whose read errors say what was being read (`reading {what}:
/// …`), for a request body the caller's reader gives.
pub(crate) fn labelled<'a>(inner: Box<dyn Read + 'a>, what: String) -> Box<dyn Read + 'a> {
    Box::new(Labelled { inner, what })
}

struct Labelled<'a> {
    inner: Box<dyn Read + 'a>,
    what: String,
}

impl Read for Labelled<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner
            .read(buf)
            .map_err(|e| io::Error::new(e.kind(), format!("reading {}: {e}", self.what)))
    }
}

/// A request body of a declared length, sent with `Content-Length`: it
/// gives at most that many bytes, and fails the upload (so the daemon never
/// sees a complete request) when the reader ends early or has more.
pub(crate) struct Exact<R> {
    inner: R,
    declared: u64,
    left: u64,
}

impl<R: Read> Exact<R> {
    /// `inner`, which must give exactly `declared` bytes. A declared length
    /// of 0 is checked here, since no body is read for it.
    pub(crate) fn new(mut inner: R, declared: u64) -> io::Result<Exact<R>> {
        if declared == 0 {
            ensure_ended(&mut inner, 0)?;
        }
        Ok(Exact {
            inner,
            declared,
            left: declared,
        })
    }
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = retry(|| self.inner.read(&mut buf[..want]))?;
        if n == 0 {
            let sent = self.declared - self.left;
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "the content ended after {sent} of the {} bytes declared",
                    self.declared
                ),
            ));
        }
        self.left -= n as u64;
        if self.left == 0 {
            // The last bytes go out only once the reader has shown it ends.
            ensure_ended(&mut self.inner, self.declared)?;
        }
        Ok(n)
    }
}

/// Fails unless `reader` is at its end (it gave all `declared` bytes).
fn ensure_ended(reader: &mut impl Read, declared: u64) -> io::Result<()> {
    let mut probe = [0u8; 1];
    match retry(|| reader.read(&mut probe))? {
        0 => Ok(()),
        _ => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the content is longer than the {declared} bytes declared"),
        )),
    }
}

/// Runs `read` again while it is interrupted.
fn retry(mut read: impl FnMut() -> io::Result<usize>) -> io::Result<usize> {
    loop {
        match read() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(reader: &mut impl Read) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        reader.read_to_end(&mut out).map(|_| out)
    }

    #[test]
    fn exact_bodies_give_their_declared_bytes_or_fail() {
        let mut exact = Exact::new(&b"hello"[..], 5).unwrap();
        assert_eq!(read_all(&mut exact).unwrap(), b"hello");

        let mut short = Exact::new(&b"hell"[..], 5).unwrap();
        let e = read_all(&mut short).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
        assert_eq!(
            e.to_string(),
            "the content ended after 4 of the 5 bytes declared"
        );

        // The last byte is never handed over when more follows.
        let mut long = Exact::new(&b"hello!"[..], 5).unwrap();
        let mut buf = [0u8; 3];
        assert_eq!(long.read(&mut buf).unwrap(), 3);
        let e = long.read(&mut buf).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::InvalidData);
        assert_eq!(
            e.to_string(),
            "the content is longer than the 5 bytes declared"
        );

        assert_eq!(
            read_all(&mut Exact::new(&b""[..], 0).unwrap()).unwrap(),
            b""
        );
        let e = Exact::new(&b"x"[..], 0).err().unwrap();
        assert_eq!(
            e.to_string(),
            "the content is longer than the 0 bytes declared"
        );
    }

    #[test]
    fn exact_bodies_retry_interrupted_reads() {
        struct Flaky(bool, &'static [u8]);
        impl Read for Flaky {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                self.0 = !self.0;
                match self.0 {
                    true => Err(io::ErrorKind::Interrupted.into()),
                    false => self.1.read(buf),
                }
            }
        }
        let mut exact = Exact::new(Flaky(false, b"abc"), 3).unwrap();
        assert_eq!(read_all(&mut exact).unwrap(), b"abc");
    }
}
