//! `Client`, `ClientBuilder` and the ways to connect.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::RootCertStore;
use ureq::Agent;
use ureq::http;

use crate::error::{Error, Result};
use crate::sockets;
use crate::tls::{self, ServerTrust};
use crate::transport;

/// The placeholder host of unix-socket URLs (never resolved).
const UNIX_BASE: &str = "http://unix.socket";

/// A connection to one Incus (or LXD) daemon.
///
/// One `Client` has one method per API endpoint; see the crate docs for a
/// tour. It is cheap to clone, and clones share one pool of keep-alive
/// connections, so hand a clone to each thread.
///
/// [`Client::with_project`] and [`Client::with_target`] return clones that
/// add `project=` or `target=` to every request.
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) project: Option<String>,
    pub(crate) target: Option<String>,
}

/// What the clones of one client share.
pub(crate) struct Shared {
    pub(crate) agent: Agent,
    /// Raw streams to the same endpoint (websockets).
    pub(crate) dialer: crate::dialer::Dialer,
    /// `http://unix.socket` or `https://host:port`, no trailing slash.
    pub(crate) base: String,
    /// Where the client connects, for `Debug` and errors.
    address: String,
    pub(crate) bearer: Option<String>,
    /// The per-request timeout.
    pub(crate) timeout: Duration,
    /// How long a connection may take to open.
    pub(crate) connect_timeout: Duration,
    /// The most bytes a JSON reply may have.
    pub(crate) max_reply: u64,
    /// The server's kind and API extensions, read once (`GET /1.0`) when
    /// a call first needs them.
    pub(crate) server: std::sync::OnceLock<crate::server_kind::ServerInfo>,
}

/// The longest timeout accepted anywhere: longer ones (`Duration::MAX`
/// meaning "for ever") cannot be added to the current time.
const MAX_TIMEOUT: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// Checks a caller's timeout (`what` names it): finite, at most 100 years.
pub(crate) fn check_timeout(what: &str, timeout: Duration) -> Result<()> {
    if timeout > MAX_TIMEOUT {
        return Err(Error::invalid(format!(
            "{what} {timeout:?} is too long: the most is 100 years"
        )));
    }
    Ok(())
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("address", &self.shared.address)
            .field("project", &self.project)
            .field("target", &self.target)
            .field("bearer", &self.shared.bearer.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl Client {
    /// Connects to the local daemon's unix socket, found the way the `incus`
    /// command line finds it: `$INCUS_SOCKET`, else `$INCUS_DIR/unix.socket`,
    /// else `/run/incus/unix.socket` or `/var/lib/incus/unix.socket` if it
    /// exists. With no Incus socket, it looks for LXD's as
    /// [`Client::local_lxd`] does (`$LXD_SOCKET`, `$LXD_DIR/unix.socket`,
    /// then the snap's and the package's sockets if they exist), and
    /// falls back to `/var/lib/incus/unix.socket`.
    ///
    /// No connection is made until the first request. Which server answers
    /// is read when it matters ([`Client::server_kind`]).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// println!("{}", client.get_server()?.environment.server_version);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local() -> Result<Client> {
        Client::unix(sockets::local_socket(&sockets::env_var, &|path| {
            path.exists()
        }))
    }

    /// Connects to the local LXD daemon's unix socket, found the way the
    /// `lxc` command line finds it: `$LXD_SOCKET`, else
    /// `$LXD_DIR/unix.socket`, else `/var/snap/lxd/common/lxd/unix.socket`
    /// (the snap) if it exists, else `/var/lib/lxd/unix.socket`.
    ///
    /// Same client as [`Client::local`] gives: the crate reads which server
    /// it talks to from `GET /1.0` and adapts (see the crate docs on LXD).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local_lxd()?;
    /// assert_eq!(client.server_kind()?, incus::ServerKind::Lxd);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_lxd() -> Result<Client> {
        let found = sockets::lxd_socket(&sockets::env_var, &|path| path.exists());
        Client::unix(found.unwrap_or_else(|| "/var/lib/lxd/unix.socket".into()))
    }

    /// Connects to the daemon's unix socket at `path`, with default settings.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::unix("/var/lib/incus/unix.socket")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn unix(path: impl AsRef<Path>) -> Result<Client> {
        ClientBuilder::unix(path).build()
    }

    /// Starts building an HTTPS client for `url` (`https://host:8443`).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::builder("https://127.0.0.1:8443")
    ///     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
    ///     .server_certificate(std::fs::read("server.crt")?)
    ///     .build()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn builder(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(url)
    }

    /// Returns a clone that works in project `project`: every request gets
    /// `project=<project>`. The clone shares this client's connections.
    #[must_use]
    pub fn with_project(&self, project: impl Into<String>) -> Client {
        Client {
            project: Some(project.into()),
            ..self.clone()
        }
    }

    /// Returns a clone that addresses cluster member `target`: every request
    /// gets `target=<target>`. The clone shares this client's connections.
    #[must_use]
    pub fn with_target(&self, target: impl Into<String>) -> Client {
        Client {
            target: Some(target.into()),
            ..self.clone()
        }
    }

    /// The project this client works in, if set with [`Client::with_project`].
    pub fn project(&self) -> Option<&str> {
        self.project.as_deref()
    }

    /// The cluster member this client addresses, if set with [`Client::with_target`].
    pub fn target(&self) -> Option<&str> {
        self.target.as_deref()
    }
}

/// Settings for a [`Client`]: where it connects, how it proves who it is,
/// how it checks the server, and its timeouts.
///
/// Secrets (the client key, the token) never appear in `Debug` output.
#[must_use]
#[derive(Clone)]
pub struct ClientBuilder {
    pub(crate) url: String,
    socket: Option<PathBuf>,
    pub(crate) client_cert: Option<Vec<u8>>,
    client_key: Option<Vec<u8>>,
    pub(crate) server_cert: Option<Vec<u8>>,
    pub(crate) server_fingerprint: Option<String>,
    ca_cert: Option<Vec<u8>>,
    bearer: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    max_reply: u64,
    user_agent: String,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |v: bool| if v { "<set>" } else { "<unset>" };
        f.debug_struct("ClientBuilder")
            .field("url", &self.url)
            .field("socket", &self.socket)
            .field("client_cert", &set(self.client_cert.is_some()))
            .field("client_key", &set(self.client_key.is_some()))
            .field("server_cert", &set(self.server_cert.is_some()))
            .field("server_fingerprint", &self.server_fingerprint)
            .field("ca_cert", &set(self.ca_cert.is_some()))
            .field("bearer", &set(self.bearer.is_some()))
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish()
    }
}

/// Settings with no URL yet, for [`ClientBuilder::trust_token`], which
/// takes the server's address from the token.
impl Default for ClientBuilder {
    fn default() -> ClientBuilder {
        ClientBuilder::new("")
    }
}

impl ClientBuilder {
    /// Starts settings for an HTTPS daemon at `url` (`https://host:port`).
    pub fn new(url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            url: url.into(),
            socket: None,
            client_cert: None,
            client_key: None,
            server_cert: None,
            server_fingerprint: None,
            ca_cert: None,
            bearer: None,
            connect_timeout: Duration::from_secs(10),
            max_reply: crate::exchange::MAX_BODY,
            timeout: Duration::from_secs(60),
            user_agent: concat!("incus-rs/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }

    /// Starts settings for the daemon listening on the unix socket `path`.
    pub fn unix(path: impl AsRef<Path>) -> ClientBuilder {
        ClientBuilder {
            socket: Some(path.as_ref().to_path_buf()),
            ..ClientBuilder::new(UNIX_BASE)
        }
    }

    /// The client certificate and its private key, both PEM, for TLS client
    /// authentication (what `incus config trust add-certificate` trusts).
    ///
    /// Defaults to none.
    pub fn client_certificate(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.client_cert = Some(cert_pem.into());
        self.client_key = Some(key_pem.into());
        self
    }

    /// Accepts exactly this server certificate (PEM) and no other, as the
    /// incus CLI does with the certificates it saves for its remotes. A
    /// server that shows another certificate is refused during the
    /// handshake, before any request is sent.
    ///
    /// Defaults to none; one of this or [`ClientBuilder::ca_certificate`] is
    /// required for HTTPS.
    pub fn server_certificate(mut self, cert_pem: impl Into<Vec<u8>>) -> Self {
        self.server_cert = Some(cert_pem.into());
        self
    }

    /// Accepts exactly the server certificate whose SHA-256 (of its DER) is
    /// `fingerprint`, 64 hex digits (`:` separators allowed), and no other:
    /// what `incus config trust list-tokens` and a trust token carry, or
    /// `openssl x509 -noout -fingerprint -sha256` prints. Like
    /// [`ClientBuilder::server_certificate`], a server that shows another
    /// certificate is refused during the handshake.
    ///
    /// Defaults to none; a pinned certificate wins over it.
    pub fn server_fingerprint(mut self, fingerprint: impl Into<String>) -> Self {
        self.server_fingerprint = Some(fingerprint.into());
        self
    }

    /// Verifies the server's certificate chain up to this CA (PEM, may hold
    /// several certificates) and its host name.
    ///
    /// Defaults to none; one of this or [`ClientBuilder::server_certificate`]
    /// is required for HTTPS.
    pub fn ca_certificate(mut self, ca_pem: impl Into<Vec<u8>>) -> Self {
        self.ca_cert = Some(ca_pem.into());
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request (OIDC).
    ///
    /// Defaults to none.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }

    /// The most bytes a JSON reply may have (64 MiB by default): a larger
    /// one is refused with [`Error::Decode`] before it is read (or once
    /// the limit is passed, if its length is not declared), so memory stays
    /// bounded whatever a server sends. Raise it for very large
    /// `recursion=2` lists (about 4 KiB to 20 KiB per instance). Streamed
    /// bodies (downloads, exports, logs) have no such limit.
    pub fn max_reply_size(mut self, bytes: u64) -> Self {
        self.max_reply = bytes;
        self
    }

    /// How long to wait for a TCP connection. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take, from connecting to the end of the
    /// reply. Long polls ([`Client::wait_for_completion`]) set their own.
    /// Defaults to 60 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header. Defaults to `incus-rs/<crate version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Checks the settings and builds the client. No connection is made
    /// until the first request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a URL that is not `https://host[:port]`, a
    /// zero timeout or one over 100 years, unreadable PEM, a key that does not fit the certificate,
    /// a client certificate that has expired (or is not valid yet), or HTTPS
    /// with neither a pinned server certificate nor a CA.
    pub fn build(self) -> Result<Client> {
        if self.timeout.is_zero() || self.connect_timeout.is_zero() {
            return Err(Error::invalid("timeouts must be longer than zero"));
        }
        check_timeout("timeout", self.timeout)?;
        check_timeout("connect timeout", self.connect_timeout)?;
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(self.connect_timeout))
            .timeout_global(Some(self.timeout))
            .max_redirects(0)
            .max_idle_connections(transport::IDLE_CONNECTIONS)
            .max_idle_connections_per_host(transport::IDLE_CONNECTIONS)
            .user_agent(self.user_agent.as_str())
            .accept("application/json")
            .build();
        let ((agent, dialer), base, address) = match &self.socket {
            Some(path) => (
                transport::unix_agent(config, path.clone()),
                UNIX_BASE.to_string(),
                format!("unix:{}", path.display()),
            ),
            None => {
                let (base, uri) = https_base(&self.url)?;
                let authority = (
                    uri.host().unwrap_or_default(),
                    uri.port_u16().unwrap_or(443),
                );
                let parts =
                    transport::tls_agent(config, authority, self.trust()?, self.identity()?)?;
                (parts, base.clone(), base)
            }
        };
        Ok(Client {
            shared: Arc::new(Shared {
                agent,
                dialer,
                base,
                address,
                bearer: self.bearer,
                timeout: self.timeout,
                connect_timeout: self.connect_timeout,
                max_reply: self.max_reply,
                server: std::sync::OnceLock::new(),
            }),
            project: None,
            target: None,
        })
    }

    fn trust(&self) -> Result<ServerTrust> {
        match (&self.server_cert, &self.ca_cert) {
            (Some(pem), _) => {
                let certs = tls::parse_certs(pem, "server certificate")?;
                Ok(ServerTrust::Pinned(certs[0].to_vec()))
            }
            (None, _) if self.server_fingerprint.is_some() => {
                let fingerprint = self.server_fingerprint.as_deref().unwrap_or_default();
                Ok(ServerTrust::Fingerprint(tls::parse_fingerprint(
                    fingerprint,
                )?))
            }
            (None, Some(pem)) => {
                let mut roots = RootCertStore::empty();
                for cert in tls::parse_certs(pem, "ca certificate")? {
                    roots
                        .add(cert)
                        .map_err(|e| Error::invalid(format!("ca certificate: {e}")))?;
                }
                Ok(ServerTrust::Ca(roots))
            }
            (None, None) => Err(Error::invalid(
                "https needs server_certificate (pinned), server_fingerprint or ca_certificate",
            )),
        }
    }

    #[allow(clippy::type_complexity)] // a certificate chain and its key, as rustls takes them
    fn identity(
        &self,
    ) -> Result<
        Option<(
            Vec<rustls::pki_types::CertificateDer<'static>>,
            rustls::pki_types::PrivateKeyDer<'static>,
        )>,
    > {
        match (&self.client_cert, &self.client_key) {
            (Some(cert), Some(key)) => {
                Ok(Some((tls::parse_client_certs(cert)?, tls::parse_key(key)?)))
            }
            _ => Ok(None),
        }
    }
}

/// Checks an HTTPS URL and returns it without a trailing slash, and parsed.
fn https_base(url: &str) -> Result<(String, http::Uri)> {
    let rest = url
        .strip_prefix("https://")
        .ok_or_else(|| Error::invalid(format!("url {url:?} must start with https://")))?;
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(['/', '?', '#', '@', ' ']) {
        return Err(Error::invalid(format!(
            "url {url:?} must be https://host[:port] with no path"
        )));
    }
    let base = format!("https://{host}");
    let uri = base
        .parse::<http::Uri>()
        .map_err(|e| Error::invalid(format!("url {url:?}: {e}")))?;
    Ok((base, uri))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone + 'static>() {}
        check::<Client>();
    }

    #[test]
    fn timeouts_are_finite() {
        assert!(check_timeout("timeout", MAX_TIMEOUT).is_ok());
        let e = check_timeout("timeout", Duration::MAX).unwrap_err();
        assert!(e.to_string().starts_with("invalid input: timeout "), "{e}");
    }

    #[test]
    fn bad_settings_are_refused() {
        let e = |b: ClientBuilder| b.build().unwrap_err().to_string();
        assert!(e(Client::builder("http://x:8443")).contains("https://"));
        assert!(e(Client::builder("https://x:8443/1.0")).contains("no path"));
        assert!(e(Client::builder("https://x:8443")).contains("server_certificate"));
        assert!(
            e(Client::builder("https://x").server_certificate("junk"))
                .contains("server certificate")
        );
        assert!(e(ClientBuilder::unix("/s").timeout(Duration::ZERO)).contains("timeouts"));
        assert!(e(ClientBuilder::unix("/s").timeout(Duration::MAX)).contains("too long"));
        assert!(
            e(ClientBuilder::unix("/s").connect_timeout(Duration::MAX))
                .starts_with("invalid input: connect timeout")
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let b = Client::builder("https://x")
            .bearer_token("s3cret-token")
            .client_certificate("CERT", "s3cret-key");
        let text = format!("{b:?}");
        assert!(!text.contains("s3cret"), "{text}");
        let client = Client::unix("/s").unwrap();
        let text = format!("{client:?}");
        assert!(text.contains("unix:/s"), "{text}");
    }
}
