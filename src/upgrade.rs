//! HTTP upgrades to a raw protocol (`Upgrade: nbd`, `Upgrade: tcp`,
//! `Upgrade: sftp`): the request written by hand on a stream from the
//! dialer (the unix socket, or TLS with the client's pinning and
//! certificate), since ureq cannot hand over a connection; after `101
//! Switching Protocols` the stream is the caller's. Any other answer
//! becomes the usual error. The pieces of such a hand-written exchange
//! (the request head, the stream, the reply head and body) also serve
//! large uploads (`upload.rs`).

use std::fmt;
use std::io::{self, Read, Write};
use std::time::Duration;

use crate::client::Client;
use crate::dialer::RawStream;
use crate::error::{Error, Result, TransportError};
use crate::exchange::Exchange;
use crate::exchange::Started;
use crate::request::{Body, Checked};
use crate::trace;

/// The longest reply head read (a daemon's is a few hundred bytes).
const MAX_HEAD: usize = 64 * 1024;

/// The largest reply body read: an error envelope, or the envelope that
/// answers an upload.
const MAX_REPLY_BODY: usize = 1024 * 1024;

/// A connection the daemon switched to another protocol (NBD, a TCP port
/// inside an instance): read and write the protocol's bytes directly. The
/// daemon ends the session when this is dropped.
///
/// Reads block until data comes, unless a timeout is set with
/// [`Upgraded::set_read_timeout`]; writes get the client's request timeout.
pub struct Upgraded {
    stream: RawStream,
    protocol: &'static str,
    /// `METHOD /path`, for errors.
    endpoint: String,
}

impl fmt::Debug for Upgraded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Upgraded")
            .field("protocol", &self.protocol)
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

impl Upgraded {
    /// The protocol the daemon switched to (`nbd`, `tcp`).
    pub fn protocol(&self) -> &str {
        self.protocol
    }

    /// Limits how long a read blocks (`None`: until data comes). Defaults to
    /// no limit.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        let limit = ("its read timeout", timeout.unwrap_or_default());
        self.stream
            .set_read_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, limit, e))
    }

    /// Limits how long a write blocks (`None`: until the daemon takes the
    /// bytes). Defaults to the client's request timeout.
    pub fn set_write_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        let limit = ("its write timeout", timeout.unwrap_or_default());
        self.stream
            .set_write_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, limit, e))
    }
}

impl Read for Upgraded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.read(buf)
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

/// Sends `call` asking to switch to `protocol` and returns the stream once
/// the daemon has; an error reply becomes [`Error::Api`], any other reply
/// [`Error::Decode`].
pub(crate) fn connect(call: Checked<'_>, protocol: &'static str) -> Result<Upgraded> {
    let Started {
        client,
        target,
        exchange,
        body,
        headers,
        ..
    } = call.start(false);
    let body = match body {
        None => Vec::new(),
        Some(Body::Json(json)) => json,
        Some(_) => {
            return Err(Error::invalid(format!(
                "{}: an upgrade sends JSON only",
                exchange.endpoint
            )));
        }
    };
    let limit = exchange.limit;
    let endpoint = exchange.endpoint.as_str();
    let io = |e: io::Error| exchange.io(e);
    let mut extra = vec![("Connection", "Upgrade".to_string())];
    extra.push(("Upgrade", protocol.to_string()));
    if !body.is_empty() {
        extra.push(("Content-Type", "application/json".to_string()));
        extra.push(("Content-Length", body.len().to_string()));
    }
    let head = request_head(client, &exchange, &target, &headers, &extra)?;
    let mut stream = open(client, limit.1).map_err(io)?;
    stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body))
        .and_then(|()| stream.flush())
        .map_err(io)?;
    let reply = read_head(&mut stream).map_err(io)?;
    if reply.status == 101 {
        let switched = reply.header("Upgrade").unwrap_or_default();
        if !switched.eq_ignore_ascii_case(protocol) {
            exchange.log(101, format_args!("switched to {switched:?}"));
            return Err(Error::decode(
                endpoint,
                format!("asked to switch to `{protocol}`, the daemon switched to {switched:?}"),
            ));
        }
        exchange.log(101, format_args!("upgraded to {protocol}"));
        stream.set_read_timeout(None).map_err(io)?;
        return Ok(Upgraded {
            stream,
            protocol,
            endpoint: exchange.endpoint,
        });
    }
    let body = read_body(&mut stream, &reply).map_err(io)?;
    exchange.log(reply.status, format_args!("{} bytes", body.len()));
    trace::reply(&exchange.method, &exchange.url, reply.status, &body);
    if reply.status >= 400 {
        return Err(crate::reply::api_error(
            exchange.endpoint,
            reply.status,
            &body,
        ));
    }
    Err(Error::decode(
        endpoint,
        format!(
            "expected the daemon to switch to `{protocol}` (HTTP 101), got HTTP {}",
            reply.status
        ),
    ))
}

/// The head of a request to `target` written by hand: the request line,
/// `Host`, the call's `headers` and the `extra` ones. A line break in a
/// value fails the call.
pub(crate) fn request_head(
    client: &Client,
    exchange: &Exchange,
    target: &str,
    headers: &[(String, String)],
    extra: &[(&'static str, String)],
) -> Result<String> {
    let base = &client.shared.base;
    let host = base
        .split_once("://")
        .map_or(base.as_str(), |(_, host)| host);
    let mut head = format!("{} {target} HTTP/1.1\r\nHost: {host}\r\n", exchange.method);
    let headers = headers.iter().map(|(name, value)| (name.as_str(), value));
    let extra = extra.iter().map(|(name, value)| (*name, value));
    for (name, value) in headers.chain(extra) {
        if value.contains(['\r', '\n']) {
            return Err(Error::invalid(format!(
                "{}: header {name} holds a line break",
                exchange.endpoint
            )));
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    Ok(head)
}

/// A new raw stream to the daemon whose reads and writes each give up
/// after `step`.
pub(crate) fn open(client: &Client, step: Duration) -> io::Result<RawStream> {
    let stream = client.shared.dialer.dial(client.shared.connect_timeout)?;
    stream.set_read_timeout(Some(step))?;
    stream.set_write_timeout(Some(step))?;
    Ok(stream)
}

/// A reply's status and headers.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) status: u16,
    headers: Vec<(String, String)>,
}

impl Head {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        found.next().map(|(_, v)| v.as_str())
    }
}

fn invalid_data(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.into())
}

/// Reads a reply head byte by byte, so not one byte of the switched
/// protocol is taken from the stream.
pub(crate) fn read_head(stream: &mut impl Read) -> io::Result<Head> {
    let mut head = Vec::new();
    let mut byte = [0u8];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() >= MAX_HEAD {
            return Err(invalid_data("the reply head is too long"));
        }
        stream.read_exact(&mut byte)?;
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = match status_line.split(' ').collect::<Vec<_>>()[..] {
        [version, code, ..] if version.starts_with("HTTP/1.") => code.parse().ok(),
        _ => None,
    };
    let status = status.ok_or_else(|| invalid_data(format!("bad status line {status_line:?}")))?;
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Ok(Head { status, headers })
}

/// Reads the body of a reply that did not switch (an envelope): by its
/// `Content-Length`, chunked, or none.
pub(crate) fn read_body(stream: &mut impl Read, head: &Head) -> io::Result<Vec<u8>> {
    let too_long = || invalid_data("the error body is too long");
    let chunked = head
        .header("Transfer-Encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    if !chunked {
        let length = match head.header("Content-Length") {
            Some(length) => length
                .parse::<usize>()
                .map_err(|_| invalid_data("bad length"))?,
            None => 0,
        };
        if length > MAX_REPLY_BODY {
            return Err(too_long());
        }
        let mut body = vec![0; length];
        stream.read_exact(&mut body)?;
        return Ok(body);
    }
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        let mut byte = [0u8];
        while !line.ends_with(b"\r\n") && line.len() < 1024 {
            stream.read_exact(&mut byte)?;
            line.push(byte[0]);
        }
        let size = String::from_utf8_lossy(&line);
        let size = size.trim_end().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size.trim(), 16).map_err(|_| invalid_data("bad chunk"))?;
        if body.len() + size > MAX_REPLY_BODY {
            return Err(too_long());
        }
        let mut chunk = vec![0; size + 2];
        stream.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_read_without_taking_the_protocols_bytes() {
        let mut wire: &[u8] = b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: nbd\r\n\
                                Connection: Upgrade\r\n\r\nNBDMAGIC";
        let head = read_head(&mut wire).unwrap();
        assert_eq!(head.status, 101);
        assert_eq!(head.header("upgrade"), Some("nbd"));
        assert_eq!(wire, b"NBDMAGIC");
        let mut bad: &[u8] = b"SSH-2.0-x\r\n\r\n";
        assert!(read_head(&mut bad).is_err());
        let mut cut: &[u8] = b"HTTP/1.1 101 Switching";
        assert_eq!(
            read_head(&mut cut).unwrap_err().kind(),
            io::ErrorKind::UnexpectedEof
        );
    }

    #[test]
    fn error_bodies_are_read_by_length_or_chunks() {
        let head = |headers: &[(&str, &str)]| Head {
            status: 400,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        let mut wire: &[u8] = b"{\"a\":1}rest";
        let body = read_body(&mut wire, &head(&[("Content-Length", "7")])).unwrap();
        assert_eq!((body.as_slice(), wire), (&b"{\"a\":1}"[..], &b"rest"[..]));
        let mut wire: &[u8] = b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
        let chunked = head(&[("Transfer-Encoding", "chunked")]);
        assert_eq!(read_body(&mut wire, &chunked).unwrap(), b"abcde");
        let huge = head(&[("Content-Length", "99999999999")]);
        assert!(read_body(&mut &b""[..], &huge).is_err());
        assert_eq!(read_body(&mut &b"x"[..], &head(&[])).unwrap(), b"");
    }
}
