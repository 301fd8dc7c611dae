//! The two ways bytes reach the daemon: a unix socket, and TLS with our own
//! certificate checks.
//!
//! ureq has no unix-socket connector, and its TLS settings take no custom
//! certificate verifier, so both plug in through ureq's
//! `unversioned::transport` API. That API is outside ureq's semver promise
//! (Cargo.toml pins ureq's minor version), so every use of it stays in this
//! file.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::dialer::{Dialer, socket_error};

use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use ureq::Agent;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, TcpConnector,
    Transport, TransportAdapter,
};

use crate::error::Result;
use crate::tls;

/// Idle keep-alive connections an agent keeps (ureq keeps 3 per host). An
/// agent talks to one daemon, so this is also the per-host limit: with
/// ureq's 3, threads sharing a client beyond the third closed their
/// connection after each reply and dialled a new one for the next request.
pub(crate) const IDLE_CONNECTIONS: usize = 16;

/// Builds an agent that speaks HTTP over the unix socket at `path`, and
/// the dialer for raw streams (websockets) to the same socket.
pub(crate) fn unix_agent(config: Config, path: PathBuf) -> (Agent, Dialer) {
    let dialer = Dialer::Unix(path.clone());
    let agent = Agent::with_parts(config, UnixConnector { path }, NoResolver);
    (agent, dialer)
}

/// Builds an agent that speaks HTTPS (TLS 1.3 only) with our own checks.
pub(crate) fn tls_agent(
    config: Config,
    authority: (&str, u16),
    trust: tls::ServerTrust,
    identity: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
) -> Result<(Agent, Dialer)> {
    let config_tls = Arc::new(tls::client_config(trust, identity)?);
    let dialer = Dialer::Tls {
        host: authority.0.to_string(),
        port: authority.1,
        config: config_tls.clone(),
    };
    let connector = TcpConnector::default().chain(TlsConnector { config: config_tls });
    let agent = Agent::with_parts(config, connector, DefaultResolver::default());
    Ok((agent, dialer))
}

/// Resolves nothing: a unix-socket URL's host is a placeholder, and looking
/// it up would send a DNS query for it.
#[derive(Debug)]
struct NoResolver;

impl Resolver for NoResolver {
    fn resolve(
        &self,
        _uri: &Uri,
        _config: &Config,
        _timeout: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        let mut addrs = self.empty();
        // Never dialled: UnixConnector ignores addresses.
        addrs.push(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)));
        Ok(addrs)
    }
}

#[derive(Debug)]
struct UnixConnector {
    path: PathBuf,
}

impl Connector<()> for UnixConnector {
    type Out = UnixTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        _chained: Option<()>,
    ) -> std::result::Result<Option<UnixTransport>, ureq::Error> {
        let stream = UnixStream::connect(&self.path)
            .map_err(|e| ureq::Error::Io(socket_error(&self.path, e)))?;
        let config = details.config;
        Ok(Some(UnixTransport {
            stream,
            buffers: LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
            probe_due: false,
            read_timeout: None,
            write_timeout: None,
            reuse: Reuse::default(),
        }))
    }
}

#[derive(Debug)]
struct UnixTransport {
    stream: UnixStream,
    buffers: LazyBuffers,
    /// Whether the next `is_open` must probe the socket. ureq asks twice per
    /// request: when the reply has been read (to pool the connection) and
    /// when it takes the connection from the pool. Only the second probe can
    /// see anything the first would not (the daemon closing an idle
    /// connection, or stray bytes, which are still waiting then), so the
    /// first is answered without the three syscalls a probe costs.
    probe_due: bool,
    /// The socket's read and write timeouts as last set (a new socket has
    /// none), so that each read and write needs no syscall to set them.
    read_timeout: Option<Duration>,
    write_timeout: Option<Duration>,
    reuse: Reuse,
}

/// Where a connection is in its exchanges, to tell a kept-alive
/// connection the daemon closed before answering (it closed it while idle,
/// just as the request went out) from any other failure: see [`is_stale`].
#[derive(Debug, Default)]
struct Reuse {
    /// A reply came on this connection before: it is a kept-alive one.
    served: bool,
    /// A request went out and no byte of its reply has come yet.
    awaiting: bool,
}

/// The failure of a kept-alive connection the daemon closed before any
/// byte of the reply came (the request may or may not have reached it).
#[derive(Debug)]
struct Stale;

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the daemon closed the kept-alive connection before answering")
    }
}

impl std::error::Error for Stale {}

impl Reuse {
    /// Notes a request (or part of one) being written, and marks the
    /// failure to write it on a kept-alive connection as stale.
    fn sent<T>(
        &mut self,
        result: std::result::Result<T, ureq::Error>,
    ) -> std::result::Result<T, ureq::Error> {
        self.awaiting = true;
        match result {
            Err(ureq::Error::Io(e)) if self.served && is_closed(&e) => Err(stale(e.kind())),
            other => other,
        }
    }

    /// Notes `amount` bytes of reply read (or the failure to read them): an
    /// end of stream or a reset before the first byte of a reply on a
    /// kept-alive connection is stale.
    fn received(
        &mut self,
        result: std::result::Result<usize, ureq::Error>,
    ) -> std::result::Result<usize, ureq::Error> {
        let stale_now = self.served && self.awaiting;
        match result {
            Ok(0) if stale_now => Err(stale(io::ErrorKind::UnexpectedEof)),
            Ok(amount) => {
                if amount > 0 {
                    (self.served, self.awaiting) = (true, false);
                }
                Ok(amount)
            }
            Err(ureq::Error::Io(e)) if stale_now && is_closed(&e) => Err(stale(e.kind())),
            Err(e) => Err(e),
        }
    }
}

/// Whether `e` says the peer closed or reset the connection, or ended it
/// before the reply did.
pub(crate) fn is_closed(e: &io::Error) -> bool {
    crate::dialer::is_gone(e) || e.kind() == io::ErrorKind::UnexpectedEof
}

fn stale(kind: io::ErrorKind) -> ureq::Error {
    ureq::Error::Io(io::Error::new(kind, Stale))
}

/// Whether a request failed because the daemon had closed the kept-alive
/// connection it was sent on before answering: safe to send again on a new
/// connection if the request is idempotent.
pub(crate) fn is_stale(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<Stale>()))
}

/// How much later than asked a kept socket timeout may end: less than the
/// kernel's own rounding of socket timeouts to scheduler ticks.
const TIMEOUT_SLACK: Duration = Duration::from_millis(5);

/// Runs one socket read or write (`op`) within `timeout`. The socket's
/// timeout (`applied`, changed with `set`) is kept when it ends no later
/// than [`TIMEOUT_SLACK`] past the time left, and set to the time left
/// otherwise; a kept timeout shorter than the time left that runs out is
/// set to the time left and the call goes on. So a steady stream of
/// requests sets no socket option, and no call waits past its deadline.
fn within<T>(
    applied: &mut Option<Duration>,
    timeout: NextTimeout,
    set: impl Fn(Option<Duration>) -> io::Result<()>,
    mut op: impl FnMut() -> io::Result<T>,
) -> std::result::Result<T, ureq::Error> {
    let deadline = io_timeout(timeout)?.map(|after| Instant::now() + after);
    let mut exact = false;
    loop {
        let left = match deadline {
            Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                Some(left) if !left.is_zero() => Some(left),
                _ => return Err(ureq::Error::Timeout(timeout.reason)),
            },
            None => None,
        };
        let keep = !exact
            && match (left, *applied) {
                (None, None) => true,
                (Some(left), Some(kept)) => kept <= left + TIMEOUT_SLACK,
                _ => false,
            };
        if !keep {
            set(left)?;
            *applied = left;
        }
        exact = false;
        match op() {
            Ok(value) => return Ok(value),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            // A kept timeout shorter than this call's: go on for the rest.
            Err(e) if is_timeout(&e) && *applied != left => exact = true,
            Err(e) => return Err(map_io(e, timeout)),
        }
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// The socket timeout for `timeout`, or a ureq timeout error if it has passed.
fn io_timeout(
    timeout: NextTimeout,
) -> std::result::Result<Option<std::time::Duration>, ureq::Error> {
    if timeout.after.is_zero() {
        return Err(ureq::Error::Timeout(timeout.reason));
    }
    Ok(timeout.not_zero().map(|d| *d))
}

/// Turns a socket timeout into ureq's timeout error, naming which one ran out.
fn map_io(e: io::Error, timeout: NextTimeout) -> ureq::Error {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ureq::Error::Timeout(timeout.reason),
        _ => ureq::Error::Io(e),
    }
}

impl Transport for UnixTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(
        &mut self,
        amount: usize,
        timeout: NextTimeout,
    ) -> std::result::Result<(), ureq::Error> {
        self.probe_due = false;
        let timeout = timeout.for_write();
        let stream = &self.stream;
        let mut output = &self.buffers.output()[..amount];
        while !output.is_empty() {
            let set = |t| stream.set_write_timeout(t);
            let written = within(&mut self.write_timeout, timeout, set, || {
                (&mut &*stream).write(output)
            });
            match self.reuse.sent(written)? {
                0 => return Err(ureq::Error::Io(io::ErrorKind::WriteZero.into())),
                n => output = &output[n..],
            }
        }
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> std::result::Result<bool, ureq::Error> {
        self.probe_due = false;
        let timeout = timeout.for_read();
        let stream = &self.stream;
        let input = self.buffers.input_append_buf();
        let set = |t| stream.set_read_timeout(t);
        let read = within(&mut self.read_timeout, timeout, set, || {
            (&mut &*stream).read(input)
        });
        let amount = self.reuse.received(read)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        if !std::mem::replace(&mut self.probe_due, true) {
            return true;
        }
        // A pooled connection is usable if a non-blocking read finds nothing
        // waiting: no stray bytes, no end of stream.
        if self.stream.set_nonblocking(true).is_err() {
            return false;
        }
        let mut byte = [0u8];
        let open =
            matches!(self.stream.read(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
        open && self.stream.set_nonblocking(false).is_ok()
    }
}

#[derive(Debug)]
struct TlsConnector {
    config: Arc<ClientConfig>,
}

impl<In: Transport> Connector<In> for TlsConnector {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> std::result::Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Ok(None);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let host = details.uri.host().unwrap_or_default();
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let name = ServerName::try_from(host.to_string())
            .map_err(|_| ureq::Error::Tls("invalid server name for TLS"))?;
        let mut conn = ClientConnection::new(self.config.clone(), name)
            .map_err(|e| ureq::Error::Io(io::Error::other(e)))?;
        let mut sock = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        sock.set_timeout(details.timeout);
        // The handshake (and so the certificate check) completes before any
        // request byte is written.
        conn.complete_io(&mut sock)?;
        let config = details.config;
        Ok(Some(Either::B(TlsTransport {
            buffers: LazyBuffers::new(config.input_buffer_size(), config.output_buffer_size()),
            stream: StreamOwned { conn, sock },
            reuse: Reuse::default(),
        })))
    }
}

struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
    reuse: Reuse,
}

impl std::fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsTransport").finish_non_exhaustive()
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(
        &mut self,
        amount: usize,
        timeout: NextTimeout,
    ) -> std::result::Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        let written = self.stream.write_all(output).map_err(ureq::Error::from);
        self.reuse.sent(written)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> std::result::Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let read = self.stream.read(input).map_err(ureq::Error::from);
        let amount = self.reuse.received(read)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socket_failures_say_what_to_do() {
        let path = std::path::Path::new("/run/incus/unix.socket");
        let e = |kind| socket_error(path, io::Error::from(kind)).to_string();
        let denied = e(io::ErrorKind::PermissionDenied);
        assert!(denied.starts_with("cannot connect to the socket /run/incus/unix.socket: "));
        assert!(
            denied.contains("join the `incus-admin` group for full access")
                && denied.contains("the `incus` group for the restricted per-user socket"),
            "{denied}"
        );
        assert!(e(io::ErrorKind::NotFound).contains("is the daemon running?"));
        assert!(e(io::ErrorKind::ConnectionRefused).contains("nothing is listening"));
        assert!(!e(io::ErrorKind::Other).ends_with("; "));
    }
}
