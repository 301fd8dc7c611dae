//! Reply bodies handed to the caller as streams.

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
