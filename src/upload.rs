//! Large request bodies (files, backups, templates) on a connection of
//! their own, written by hand in 128 KiB chunks.
//!
//! ureq frames a streamed body in 10 KiB chunks, and Incus writes what it
//! reads of a chunked body into the instance one piece at a time, each
//! piece a round trip to the instance's file server (at most 32 KiB, and
//! never across a chunk's end). Chunks that are whole multiples of 32 KiB
//! make every piece a full one: a 1 GiB push went from 87 to 247 MB/s on
//! the sandbox daemon, and a sized body (`Content-Length`, whose reads end
//! wherever the socket's data does) gives about 215. So a body of unknown
//! length, or a declared one of [`RAW_FROM`] or more, is sent here;
//! smaller declared ones go through ureq with `Content-Length` on a pooled
//! connection.

use std::io::{self, Read, Write};

use crate::error::{Error, Result};
use crate::exchange::Started;
use crate::reply::Reply;
use crate::request::Body;
use crate::trace;
use crate::upgrade::{open, read_body, read_head, request_head};

/// The payload of every chunk but the last: a whole number of the
/// daemon's 32 KiB pieces.
const CHUNK: usize = 128 * 1024;

/// Room before a chunk's payload for its size line (`20000\r\n`).
const ROOM: usize = 16;

/// Declared lengths from this size on are sent here; smaller bodies gain
/// nothing from a connection of their own.
pub(crate) const RAW_FROM: u64 = 1024 * 1024;

/// Sends a streamed body (`started` must carry a [`Body::Reader`]) and
/// reads the reply's envelope. A declared length is checked as the body is
/// read ([`Exact`](crate::stream::Exact)); the body goes chunked either way. A reader that fails
/// leaves the request unfinished (no last chunk), so the daemon never takes
/// it as complete. When the daemon answers before taking the whole body
/// (an error), sending stops and its answer is the result.
pub(crate) fn send(started: Started<'_>) -> Result<Reply> {
    let Started {
        client,
        target,
        exchange,
        body,
        headers,
        ..
    } = started;
    let Some(Body::Reader(reader, length)) = body else {
        return Err(Error::invalid(format!(
            "{}: only a streamed body is sent on a connection of its own",
            exchange.endpoint
        )));
    };
    let mut reader: Box<dyn Read + '_> = match length {
        None => reader,
        Some(length) => Box::new(exchange.exact(reader, length)?),
    };
    let io = |e: io::Error| exchange.io(e);
    let mut extra = vec![("Transfer-Encoding", "chunked".to_string())];
    if !headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("Content-Type"))
    {
        // Raw bytes, unless the call says what they are (a multipart body).
        extra.push(("Content-Type", "application/octet-stream".to_string()));
    }
    let head = request_head(client, &exchange, &target, &headers, &extra)?;
    let mut stream = open(client, exchange.limit.1).map_err(io)?;
    stream.write_all(head.as_bytes()).map_err(io)?;
    let mut buf = vec![0u8; ROOM + CHUNK + 2];
    let mut sent = 0u64;
    while !stream.peer_gone() {
        let n = fill(&mut reader, &mut buf[ROOM..ROOM + CHUNK]).map_err(io)?;
        if n == 0 {
            stream.write_all(b"0\r\n\r\n").map_err(io)?;
            break;
        }
        let size = format!("{n:x}\r\n");
        let start = ROOM - size.len();
        buf[start..ROOM].copy_from_slice(size.as_bytes());
        buf[ROOM + n..ROOM + n + 2].copy_from_slice(b"\r\n");
        stream.write_all(&buf[start..ROOM + n + 2]).map_err(io)?;
        sent += n as u64;
    }
    stream.flush().map_err(io)?;
    let reply = read_head(&mut stream).map_err(io)?;
    let body = read_body(&mut stream, &reply).map_err(io)?;
    exchange.log(
        reply.status,
        format_args!("{} bytes, {sent} bytes sent", body.len()),
    );
    trace::reply(&exchange.method, &exchange.url, reply.status, &body);
    let etag = reply.header("ETag").map(str::to_string);
    Reply::parse(exchange.endpoint, reply.status, &body, etag)
}

/// Reads into `buf` until it is full or `reader` ends; the bytes read.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_filled_from_short_reads() {
        struct Drip(Vec<u8>);
        impl Read for Drip {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let n = buf.len().min(self.0.len()).min(3);
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0.drain(..n);
                Ok(n)
            }
        }
        let mut reader = Drip(b"abcdefghij".to_vec());
        let mut buf = [0u8; 8];
        assert_eq!(fill(&mut reader, &mut buf).unwrap(), 8);
        assert_eq!(&buf, b"abcdefgh");
        assert_eq!(fill(&mut reader, &mut buf).unwrap(), 2);
        assert_eq!(fill(&mut reader, &mut buf).unwrap(), 0);
    }
}
