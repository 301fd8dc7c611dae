//! Raw streams to the daemon for websockets, which ureq cannot upgrade to:
//! the same endpoint and the same TLS settings (pinning or CA, client
//! certificate) as the agent's requests.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};

/// Opens raw streams to the daemon, the same way the agent connects: the
/// unix socket, or TCP with the same TLS settings (pinning or CA, client
/// certificate). For websockets, which ureq cannot upgrade to.
pub(crate) enum Dialer {
    Unix(PathBuf),
    Tls {
        host: String,
        port: u16,
        config: Arc<ClientConfig>,
    },
}

impl Dialer {
    /// Connects within `timeout`; a TLS handshake (and so the certificate
    /// check) completes before this returns.
    pub(crate) fn dial(&self, timeout: Duration) -> io::Result<RawStream> {
        match self {
            Dialer::Unix(path) => UnixStream::connect(path)
                .map(|stream| RawStream::new(Link::Unix(stream)))
                .map_err(|e| socket_error(path, e)),
            Dialer::Tls { host, port, config } => {
                use std::net::{TcpStream, ToSocketAddrs};
                let mut last = io::Error::new(io::ErrorKind::NotFound, "no address");
                let addrs = (host.trim_start_matches('[').trim_end_matches(']'), *port)
                    .to_socket_addrs()?;
                let tcp = addrs
                    .into_iter()
                    .find_map(|addr| match TcpStream::connect_timeout(&addr, timeout) {
                        Ok(tcp) => Some(tcp),
                        Err(e) => {
                            last = e;
                            None
                        }
                    })
                    .ok_or(last)?;
                tcp.set_nodelay(true)?;
                tcp.set_read_timeout(Some(timeout))?;
                tcp.set_write_timeout(Some(timeout))?;
                let name = host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .to_string();
                let name = ServerName::try_from(name)
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
                let conn = ClientConnection::new(config.clone(), name).map_err(io::Error::other)?;
                let mut stream = StreamOwned::new(conn, tcp);
                while stream.conn.is_handshaking() {
                    stream.conn.complete_io(&mut stream.sock)?;
                }
                Ok(RawStream::new(Link::Tls(Box::new(stream))))
            }
        }
    }
}

/// A raw stream to the daemon. Once the daemon has closed its end, writes
/// are dropped (and [`RawStream::peer_gone`] says so) instead of failing:
/// a websocket answers pings and close frames by writing before it reads
/// on, and a failed answer would lose what the daemon sent before closing.
pub(crate) struct RawStream {
    link: Link,
    peer_gone: bool,
}

enum Link {
    Unix(UnixStream),
    Tls(Box<StreamOwned<ClientConnection, std::net::TcpStream>>),
}

impl RawStream {
    fn new(link: Link) -> RawStream {
        RawStream {
            link,
            peer_gone: false,
        }
    }

    /// Whether a write found the daemon's end closed (and was dropped).
    pub(crate) fn peer_gone(&self) -> bool {
        self.peer_gone
    }

    /// A second handle on the same socket, to shut it down from another
    /// thread: a read blocked on this stream then returns at once.
    pub(crate) fn shutdown_handle(&self) -> io::Result<ShutdownHandle> {
        match &self.link {
            Link::Unix(stream) => stream.try_clone().map(ShutdownHandle::Unix),
            Link::Tls(stream) => stream.sock.try_clone().map(ShutdownHandle::Tcp),
        }
    }

    /// Sets the read timeout (`None`: block until data comes).
    pub(crate) fn set_read_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match &self.link {
            Link::Unix(stream) => stream.set_read_timeout(timeout),
            Link::Tls(stream) => stream.sock.set_read_timeout(timeout),
        }
    }

    /// Sets the write timeout.
    pub(crate) fn set_write_timeout(&self, timeout: Option<Duration>) -> io::Result<()> {
        match &self.link {
            Link::Unix(stream) => stream.set_write_timeout(timeout),
            Link::Tls(stream) => stream.sock.set_write_timeout(timeout),
        }
    }

    /// Runs a write or flush; one that finds the daemon gone succeeds
    /// having written nothing, as does every one after it.
    fn unless_gone(
        &mut self,
        len: usize,
        op: impl FnOnce(&mut Link) -> io::Result<usize>,
    ) -> io::Result<usize> {
        if self.peer_gone {
            return Ok(len);
        }
        match op(&mut self.link) {
            Err(e) if is_gone(&e) => {
                self.peer_gone = true;
                Ok(len)
            }
            other => other,
        }
    }
}

/// The socket under a [`RawStream`], cloned: shutting it down ends the
/// stream's reads and writes, wherever they block.
#[derive(Debug)]
pub(crate) enum ShutdownHandle {
    Unix(UnixStream),
    Tcp(std::net::TcpStream),
}

impl ShutdownHandle {
    /// Shuts both directions down; the stream's blocked read returns (end
    /// of file, or an error for TLS), and later ones fail. Errors (a socket
    /// already closed) are ignored: the socket is down either way.
    pub(crate) fn shutdown(&self) {
        let _ = match self {
            ShutdownHandle::Unix(socket) => socket.shutdown(std::net::Shutdown::Both),
            ShutdownHandle::Tcp(socket) => socket.shutdown(std::net::Shutdown::Both),
        };
    }
}

/// Whether `e` says the other end of the connection has closed.
pub(crate) fn is_gone(e: &io::Error) -> bool {
    use io::ErrorKind::{BrokenPipe, ConnectionAborted, ConnectionReset};
    matches!(e.kind(), BrokenPipe | ConnectionReset | ConnectionAborted)
}

impl Read for RawStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.link {
            Link::Unix(stream) => stream.read(buf),
            // A TLS stream sends what it has pending before it reads; with
            // the daemon gone that fails, so read what came without it.
            Link::Tls(stream) if self.peer_gone => read_only(stream, buf),
            Link::Tls(stream) => stream.read(buf),
        }
    }
}

/// Reads plaintext from a TLS stream without writing anything first.
fn read_only(
    stream: &mut StreamOwned<ClientConnection, std::net::TcpStream>,
    buf: &mut [u8],
) -> io::Result<usize> {
    loop {
        match stream.conn.reader().read(buf) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
            other => return other,
        }
        if stream.conn.read_tls(&mut stream.sock)? == 0 {
            return Ok(0);
        }
        stream
            .conn
            .process_new_packets()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    }
}

impl Write for RawStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.unless_gone(buf.len(), |link| match link {
            Link::Unix(stream) => stream.write(buf),
            Link::Tls(stream) => stream.write(buf),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.unless_gone(0, |link| match link {
            Link::Unix(stream) => stream.flush().map(|()| 0),
            Link::Tls(stream) => stream.flush().map(|()| 0),
        })
        .map(drop)
    }
}

impl std::fmt::Debug for RawStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.link {
            Link::Unix(_) => "unix",
            Link::Tls(_) => "tls",
        };
        f.debug_struct("RawStream")
            .field("link", &kind)
            .field("peer_gone", &self.peer_gone)
            .finish()
    }
}

/// A failure to connect to the unix socket, with what to do about it.
pub(crate) fn socket_error(path: &std::path::Path, e: io::Error) -> io::Error {
    let path = path.display();
    let advice = match e.kind() {
        io::ErrorKind::NotFound => {
            "is the daemon running? Client::local() looks at $INCUS_SOCKET, \
             $INCUS_DIR/unix.socket, /run/incus/unix.socket, /var/lib/incus/unix.socket"
        }
        io::ErrorKind::PermissionDenied => {
            "join the `incus-admin` group for full access (unix.socket), or the \
             `incus` group for the restricted per-user socket (unix.socket.user); \
             `lxd` for LXD; log in again after joining"
        }
        io::ErrorKind::ConnectionRefused => {
            "nothing is listening: the daemon is not running, or the socket is stale"
        }
        _ => "",
    };
    let message = match advice {
        "" => format!("cannot connect to the socket {path}: {e}"),
        advice => format!("cannot connect to the socket {path}: {e}; {advice}"),
    };
    io::Error::new(e.kind(), message)
}
