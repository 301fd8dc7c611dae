//! Connections the daemon switches to another protocol (HTTP 101), such as
//! an instance's SFTP server: the request head the call builder made,
//! written over a raw stream from the dialer (the unix socket, or TLS with
//! the same pinning and client certificate), and the reply head read back.
//! A refusal is read like any reply, so it becomes the daemon's
//! [`Error::Api`].

use std::fmt;
use std::io::{self, Read, Write};
use std::time::Duration;

use tungstenite::handshake::client::Response;
use tungstenite::handshake::machine::TryParse;
use ureq::http;

use crate::client::Client;
use crate::dialer::RawStream;
use crate::error::{Error, Result, TransportError};
use crate::exchange::Exchange;

/// The most of a reply head or refusal body read into memory.
const MAX_REPLY: usize = 1024 * 1024;

/// A connection the daemon has switched to another protocol, from
/// [`Client::connect_instance_sftp`](crate::Client::connect_instance_sftp):
/// a plain byte stream ([`Read`] + [`Write`]) to hand to a client of that
/// protocol. Reads block until data comes (see
/// [`Upgraded::set_read_timeout`]); writes time out after the client's
/// request timeout. Dropping it closes the connection.
pub struct Upgraded {
    stream: RawStream,
    /// Bytes that came after the reply head, handed out before the stream's.
    tail: io::Cursor<Vec<u8>>,
    /// `GET /path`, for errors.
    endpoint: String,
    limit: (&'static str, Duration),
}

impl Upgraded {
    /// Sends `request` over a new raw stream and reads the reply head: a
    /// 101 switching to `protocol` gives the stream, any other reply the
    /// error it stands for.
    pub(crate) fn connect(
        client: &Client,
        exchange: Exchange,
        request: http::request::Builder,
        protocol: &str,
    ) -> Result<Upgraded> {
        let shared = &client.shared;
        let endpoint = exchange.endpoint.clone();
        let limit = exchange.limit;
        let failed = |e: io::Error| {
            exchange.log_failure(&e);
            TransportError::io(&endpoint, limit, e)
        };
        let request = request
            .body(())
            .map_err(|e| Error::invalid(format!("{endpoint}: {e}")))?;
        let mut stream = shared.dialer.dial(shared.connect_timeout).map_err(failed)?;
        let timeouts = |stream: &RawStream, t| {
            stream
                .set_read_timeout(t)
                .and(stream.set_write_timeout(Some(shared.timeout)))
        };
        timeouts(&stream, Some(shared.timeout)).map_err(failed)?;
        stream.write_all(&head(&request)).map_err(failed)?;
        stream.flush().map_err(failed)?;
        let (reply, tail) = read_head(&mut stream).map_err(failed)?;
        let status = reply.status().as_u16();
        let header = |name| reply.headers().get(name).and_then(|v| v.to_str().ok());
        if status != 101 {
            let body = read_body(
                &mut stream,
                header("Content-Length"),
                header("Transfer-Encoding"),
                tail,
            )
            .map_err(failed)?;
            exchange.log(status, format_args!("{} bytes", body.len()));
            return Err(match status {
                400.. => crate::reply::api_error(endpoint, status, &body),
                _ => Error::decode(
                    &endpoint,
                    format!("expected 101 Switching Protocols, got {status}"),
                ),
            });
        }
        if !header("Upgrade").is_some_and(|p| p.eq_ignore_ascii_case(protocol)) {
            let upgrade = header("Upgrade").unwrap_or_default();
            return Err(Error::decode(
                &endpoint,
                format!("the connection switched to {upgrade:?}, not {protocol:?}"),
            ));
        }
        exchange.log(101, protocol);
        timeouts(&stream, None).map_err(failed)?;
        Ok(Upgraded {
            stream,
            tail: io::Cursor::new(tail),
            endpoint,
            limit,
        })
    }

    /// Limits how long a read blocks (`None`: until data comes, the
    /// default).
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] if the socket refuses the setting.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.stream
            .set_read_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, self.limit, e))
    }

    /// Limits how long a write blocks (`None`: no limit). Defaults to the
    /// client's request timeout.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] if the socket refuses the setting.
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        self.stream
            .set_write_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, self.limit, e))
    }
}

impl Read for Upgraded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.tail.read(buf)? {
            0 => self.stream.read(buf),
            n => Ok(n),
        }
    }
}

impl Write for Upgraded {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

impl fmt::Debug for Upgraded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upgraded")
            .field("endpoint", &self.endpoint)
            .field("stream", &self.stream)
            .finish_non_exhaustive()
    }
}

/// The HTTP/1.1 head of `request`: request line, `Host`, its headers.
fn head(request: &http::Request<()>) -> Vec<u8> {
    let uri = request.uri();
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let host = uri.authority().map_or("", |a| a.as_str());
    let mut out =
        format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", request.method()).into_bytes();
    for (name, value) in request.headers() {
        out.extend_from_slice(name.as_str().as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out
}

/// Reads a reply head; returns it and the bytes read past it.
fn read_head(stream: &mut impl Read) -> io::Result<(Response, Vec<u8>)> {
    let mut data = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            let e = "the connection closed before a complete reply head";
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, e));
        }
        data.extend_from_slice(&chunk[..n]);
        match Response::try_parse(&data) {
            Ok(Some((size, reply))) => return Ok((reply, data.split_off(size))),
            Ok(None) if data.len() < MAX_REPLY => {}
            Ok(None) => return Err(invalid_data("the reply head is too long")),
            Err(e) => return Err(invalid_data(&format!("a malformed reply head: {e}"))),
        }
    }
}

/// Reads a refusal's body, `tail` being its start: `Content-Length` bytes,
/// chunks, or up to the end of the connection; at most [`MAX_REPLY`].
fn read_body(
    stream: &mut impl Read,
    length: Option<&str>,
    encoding: Option<&str>,
    mut data: Vec<u8>,
) -> io::Result<Vec<u8>> {
    let length = length.and_then(|l| l.trim().parse::<usize>().ok());
    let chunked = encoding.is_some_and(|e| e.eq_ignore_ascii_case("chunked"));
    let mut chunk = [0u8; 4096];
    loop {
        match (length, chunked) {
            (Some(length), _) if data.len() >= length => {
                data.truncate(length);
                return Ok(data);
            }
            (_, true) => {
                if let Some(body) = dechunk(&data) {
                    return Ok(body);
                }
            }
            _ => {}
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 || data.len() >= MAX_REPLY {
            return Ok(data);
        }
        data.extend_from_slice(&chunk[..n]);
    }
}

/// The body a complete chunked transfer stands for; `None` until the last
/// (empty) chunk has arrived, or if the chunk sizes are malformed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&data[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        data = &data[end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn invalid_data(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_written_and_read() {
        let request = http::Request::get("http://unix.socket/1.0/instances/c%201/sftp?project=p")
            .header("Upgrade", "sftp")
            .body(())
            .unwrap();
        assert_eq!(
            String::from_utf8(head(&request)).unwrap(),
            "GET /1.0/instances/c%201/sftp?project=p HTTP/1.1\r\nHost: unix.socket\r\n\
             upgrade: sftp\r\n\r\n"
        );
        let mut reply = &b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: sftp\r\n\r\n\x00\x00"[..];
        let (head, tail) = read_head(&mut reply).unwrap();
        assert_eq!(head.status().as_u16(), 101);
        assert_eq!(head.headers()["Upgrade"], "sftp");
        assert_eq!(tail, b"\x00\x00");
        let e = read_head(&mut &b"HTTP/1.1 101 Swi"[..]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn refusal_bodies_are_read_by_length_chunks_or_to_the_end() {
        let body = |length, encoding, data: &[u8], rest: &[u8]| {
            read_body(&mut &rest[..], length, encoding, data.to_vec()).unwrap()
        };
        assert_eq!(body(Some("5"), None, b"hel", b"lo and more"), b"hello");
        let chunks = b"4\r\nhell\r\n1;x=y\r\no\r\n0\r\n\r\n";
        assert_eq!(
            body(None, Some("chunked"), &chunks[..6], &chunks[6..]),
            b"hello"
        );
        assert_eq!(body(None, None, b"he", b"llo"), b"hello");
        assert_eq!(dechunk(b"4\r\nhell\r\n"), None);
        assert_eq!(dechunk(b"zz\r\n"), None);
    }
}
