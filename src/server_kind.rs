//! Which daemon a client talks to, Incus or LXD, learnt from `GET /1.0`
//! (once per client, with the API extensions), and the two things that
//! differ on the wire between them: the prefix of the daemon's own headers
//! (`X-Incus-*`, `X-LXD-*`) and, on older LXD, list URLs escaped twice.
//! Every header name and every names-from-URLs decode asks here.

use crate::client::Client;
use crate::error::Result;
use crate::models::Server;

/// The daemon behind a [`Client`]: Incus, or LXD, the daemon Incus was
/// forked from, whose API it still mostly shares.
///
/// [`Client::server_kind`] reads it. The crate adapts by itself where the
/// two differ on the wire (header names, list URLs); what LXD lacks shows as
/// missing API extensions ([`Client::has_extension`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ServerKind {
    /// Incus (`environment.server` is `incus`, or anything but `lxd`).
    Incus,
    /// LXD (`environment.server` is `lxd`).
    Lxd,
}

impl ServerKind {
    /// The prefix of the daemon's own request and reply headers: `X-Incus-`
    /// or `X-LXD-` (header names are case-insensitive).
    pub fn header_prefix(self) -> &'static str {
        match self {
            ServerKind::Incus => "X-Incus-",
            ServerKind::Lxd => "X-LXD-",
        }
    }

    /// The name another server uses for this one's own protocol, in an
    /// image source (`incus` or `lxd`).
    pub(crate) fn protocol(self) -> &'static str {
        match self {
            ServerKind::Incus => "incus",
            ServerKind::Lxd => "lxd",
        }
    }

    /// The daemon's header `name` (`Type`, `Mode`, …) with this server's
    /// prefix: `X-Incus-Type` or `X-LXD-Type`.
    pub(crate) fn header(self, name: &str) -> String {
        format!("{}{name}", self.header_prefix())
    }
}

/// What `GET /1.0` told about the daemon, read once per client.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServerInfo {
    pub(crate) kind: ServerKind,
    pub(crate) extensions: Vec<String>,
    /// Whether the daemon escapes each segment of a list's URLs twice
    /// (`/1.0/profiles/a%2520b` for `a b`).
    pub(crate) double_escaped: bool,
}

impl ServerInfo {
    /// The facts the crate needs from a `GET /1.0` reply. A reply without
    /// `environment` (an untrusted client's) is told by its extensions:
    /// LXD names its guest API `devlxd`, Incus `dev_incus`.
    pub(crate) fn new(server: Server) -> ServerInfo {
        let environment = &server.environment;
        let kind = match environment.server.as_str() {
            "lxd" => ServerKind::Lxd,
            "" if server.api_extensions.iter().any(|e| e == "devlxd_events") => ServerKind::Lxd,
            _ => ServerKind::Incus,
        };
        let double_escaped =
            kind == ServerKind::Lxd && lxd_double_escapes(&environment.server_version);
        ServerInfo {
            kind,
            extensions: server.api_extensions,
            double_escaped,
        }
    }
}

/// Whether LXD `version` escapes list URLs twice: its URL builder escaped
/// each segment into the unescaped path (so Go escaped the `%` again) until
/// 5.19, and in the 5.0 series until 5.0.3. A version that does not parse
/// is taken as a recent one.
impl ServerInfo {
    /// Whether the daemon takes a token (a trust token, a cluster join
    /// token) in the older password field: LXD before its API extension
    /// `explicit_trust_token` (LXD 5.0) does.
    pub(crate) fn takes_token_as_password(&self) -> bool {
        self.kind == ServerKind::Lxd && !self.extensions.iter().any(|e| e == "explicit_trust_token")
    }
}

fn lxd_double_escapes(version: &str) -> bool {
    let mut parts = version
        .split('.')
        .map(|part| part.trim().parse::<u32>().ok());
    let (Some(Some(major)), Some(Some(minor))) = (parts.next(), parts.next()) else {
        return false;
    };
    let patch = parts.next().flatten().unwrap_or(0);
    match (major, minor) {
        (0..=4, _) => true,
        (5, 0) => patch < 3,
        (5, minor) => minor < 19,
        _ => false,
    }
}

impl Client {
    /// Which daemon this client talks to: Incus or LXD.
    ///
    /// Read with `GET /1.0` the first time the client needs it (with the API
    /// extensions, see [`Client::has_extension`]) and kept for the life of
    /// the client and its clones. The crate asks by itself before it sends
    /// or reads the daemon's own headers (files, image uploads, backup
    /// imports).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) or
    /// [`Error::Transport`](crate::Error::Transport) if `GET /1.0` fails.
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// if client.server_kind()? == incus::ServerKind::Lxd {
    ///     println!("talking to LXD");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn server_kind(&self) -> Result<ServerKind> {
        self.server_info(|info| info.kind)
    }

    /// Whether the daemon takes a token in the older password field (see
    /// [`ServerInfo::takes_token_as_password`]).
    pub(crate) fn takes_token_as_password(&self) -> Result<bool> {
        self.server_info(ServerInfo::takes_token_as_password)
    }

    /// Runs `read` on the daemon's facts, reading them first with
    /// `GET /1.0` if this client (or a clone) has not yet. That read
    /// carries no `project=` or `target=`: the facts belong to the daemon,
    /// and the first clone to ask must not decide what the others see (a
    /// clone's unknown target would fail it).
    pub(crate) fn server_info<T>(&self, read: impl FnOnce(&ServerInfo) -> T) -> Result<T> {
        let cell = &self.shared.server;
        if let Some(info) = cell.get() {
            return Ok(read(info));
        }
        let daemon = Client {
            shared: self.shared.clone(),
            project: None,
            target: None,
        };
        let server = daemon.get_server()?;
        // An untrusted client is not told the server's version; it is kept
        // only once trusted (a trust token makes this client trusted).
        if server.auth == "untrusted" {
            return Ok(read(&ServerInfo::new(server)));
        }
        // Two threads may both read it; either answer is the same.
        let fresh = ServerInfo::new(server);
        Ok(read(cell.get_or_init(|| fresh)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(server: &str, version: &str) -> ServerInfo {
        let mut reply = Server::default();
        reply.environment.server = server.into();
        reply.environment.server_version = version.into();
        reply.api_extensions = vec!["etag".into()];
        ServerInfo::new(reply)
    }

    #[test]
    fn the_server_is_named_in_its_environment() {
        assert_eq!(info("lxd", "5.0.2").kind, ServerKind::Lxd);
        assert_eq!(info("incus", "6.0.4").kind, ServerKind::Incus);
        // An untrusted client sees no environment, but the extensions.
        assert_eq!(info("", "").kind, ServerKind::Incus);
        let untrusted = Server {
            api_extensions: vec!["etag".into(), "devlxd_events".into()],
            ..Default::default()
        };
        assert_eq!(ServerInfo::new(untrusted).kind, ServerKind::Lxd);
        assert_eq!(info("lxd", "5.0.2").extensions, ["etag"]);
    }

    #[test]
    fn headers_take_the_servers_prefix() {
        assert_eq!(ServerKind::Incus.header("Type"), "X-Incus-Type");
        assert_eq!(ServerKind::Lxd.header("Type"), "X-LXD-Type");
    }

    #[test]
    fn lxd_escaped_list_urls_twice_until_5_19_and_5_0_3() {
        for version in ["4.0.9", "5.0.0", "5.0.2", "5.1", "5.18"] {
            assert!(info("lxd", version).double_escaped, "{version}");
        }
        for version in ["5.0.3", "5.0.5", "5.19", "5.21.3", "6.1", "", "git"] {
            assert!(!info("lxd", version).double_escaped, "{version}");
        }
        // Incus never did, whatever its version.
        assert!(!info("incus", "0.1").double_escaped);
        assert!(!info("", "5.0.2").double_escaped);
    }
}
