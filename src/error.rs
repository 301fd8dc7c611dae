//! The crate's one error type.

use std::fmt;

/// Everything a call on [`Client`](crate::Client) can fail with.
///
/// Match on the variant, or use the helpers ([`Error::status`],
/// [`Error::is_not_found`], [`Error::is_precondition_failed`]) for the
/// common checks.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The daemon answered with an error (an `error` envelope, or a 4xx/5xx
    /// reply that was not JSON).
    Api {
        /// The error code the daemon gave (its HTTP status).
        status: u16,
        /// The daemon's error message, or the start of the raw body.
        message: String,
        /// The request it answered, as `METHOD /path` (no query).
        endpoint: String,
    },
    /// A background operation ended in Failure or Cancelled
    /// ([`Error::is_cancelled`] tells which).
    Operation {
        /// The operation's UUID.
        id: String,
        /// The operation's final status code (400 Failure, 401 Cancelled).
        status_code: u16,
        /// The operation's `err` text (often empty for a cancelled one).
        message: String,
    },
    /// [`Client::wait_for_completion`](crate::Client::wait_for_completion) ran
    /// out of time; the operation may still be running.
    Timeout {
        /// The operation's UUID.
        id: String,
    },
    /// A reply did not have the expected shape, or was too large: a JSON
    /// reply is read whole into memory, at most 64 MiB (a larger one is
    /// refused before it is read when its length is declared, and as soon
    /// as it passes the cap when not). Streamed bodies (file downloads,
    /// exports, logs) have no such cap.
    Decode {
        /// The method and path of the request, e.g. `GET /1.0/profiles/default`.
        endpoint: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// A request did not get a complete reply: the socket could not be
    /// reached, TLS failed, a timeout ran out, or the connection broke. The
    /// message names the request and, for a timeout, which limit it hit.
    Transport(Box<TransportError>),
    /// Local I/O outside a request. The crate's own calls report socket and
    /// connection failures as [`Error::Transport`]; this variant lets
    /// `std::fs::read(…)?` (a certificate file, say) work in a function that
    /// returns this crate's [`Result`].
    Io(std::io::Error),
    /// An argument that cannot be turned into a correct request.
    InvalidInput(String),
    /// Content received does not hash to the fingerprint that names it (an
    /// image export): discard what was written.
    Integrity(Box<crate::image_export::IntegrityError>),
    /// The server lacks an API extension the request needs; nothing was
    /// sent (see [`Client::has_extension`](crate::Client::has_extension)).
    MissingExtension {
        /// The API extension, e.g. `instance_nvram`.
        extension: String,
        /// The request that needs it, as `METHOD /path` (no query).
        endpoint: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The API status code: the daemon's error code for [`Error::Api`], the
    /// operation's status code for [`Error::Operation`], `None` otherwise.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            Error::Operation { status_code, .. } => Some(*status_code),
            _ => None,
        }
    }

    /// Whether the daemon said the object does not exist (404).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Api { status: 404, .. })
    }

    /// Whether the daemon refused the request for lack of permission (403).
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Api { status: 403, .. })
    }

    /// Whether the request conflicts with the current state (409), e.g. a
    /// name that is taken.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Api { status: 409, .. })
    }

    /// The request an error came from, as `METHOD /path` (no query): for
    /// [`Error::Api`], [`Error::Decode`], [`Error::Transport`],
    /// [`Error::MissingExtension`] and [`Error::Integrity`].
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            Error::Api { endpoint, .. }
            | Error::Decode { endpoint, .. }
            | Error::MissingExtension { endpoint, .. } => Some(endpoint),
            Error::Transport(e) => Some(e.endpoint()),
            Error::Integrity(e) => Some(e.endpoint()),
            _ => None,
        }
    }

    /// Whether a write was refused because the ETag no longer matches (412).
    pub fn is_precondition_failed(&self) -> bool {
        matches!(self, Error::Api { status: 412, .. })
    }

    /// Whether this is a timeout: waiting for an operation, or a request that
    /// took longer than the client's timeouts allow.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Transport(e) => e.is_timeout(),
            _ => false,
        }
    }

    /// Whether a background operation was cancelled (status 401), by
    /// [`Client::cancel_operation`](crate::Client::cancel_operation) or by
    /// the daemon.
    pub fn is_cancelled(&self) -> bool {
        matches!(
            self,
            Error::Operation {
                status_code: 401,
                ..
            }
        )
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Error {
        Error::InvalidInput(message.into())
    }

    pub(crate) fn decode(endpoint: &str, message: impl fmt::Display) -> Error {
        Error::Decode {
            endpoint: endpoint.to_string(),
            source: serde::de::Error::custom(message),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api {
                status, message, ..
            } => write!(f, "incus api error {status}: {message}"),
            Error::Operation {
                id,
                status_code,
                message,
            } => {
                match status_code {
                    400 => write!(f, "operation {id} failed")?,
                    401 => write!(f, "operation {id} was cancelled")?,
                    code => write!(f, "operation {id} ended with status {code}")?,
                }
                if message.is_empty() {
                    Ok(())
                } else {
                    write!(f, ": {message}")
                }
            }
            Error::Timeout { id } => write!(f, "timed out waiting for operation {id}"),
            Error::Decode { endpoint, source } => {
                write!(f, "unexpected reply from {endpoint}: {source}")
            }
            Error::Transport(e) => e.fmt(f),
            Error::Io(e) => write!(f, "io error: {e}"),
            Error::InvalidInput(m) => write!(f, "invalid input: {m}"),
            Error::Integrity(e) => e.fmt(f),
            Error::MissingExtension {
                extension,
                endpoint,
            } => write!(
                f,
                "the server lacks the API extension `{extension}` that {endpoint} needs"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => std::error::Error::source(&**e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

/// Why a request got no complete reply. Opaque: its `Display` says which
/// request failed and why, [`TransportError::endpoint`] names the request,
/// and `source()` gives the underlying error.
#[derive(Debug)]
pub struct TransportError {
    /// `METHOD /path`, without the query.
    endpoint: String,
    /// The limit that applied: what it is called, and how long it was.
    limit: (&'static str, std::time::Duration),
    source: Source,
}

/// What failed below the API.
#[derive(Debug)]
enum Source {
    Http(ureq::Error),
    Io(std::io::Error),
    Websocket(tungstenite::Error),
}

impl TransportError {
    /// `source` as [`Error::Transport`] for the request `endpoint`
    /// (`METHOD /path?query`; the query is dropped), which was given `limit`.
    pub(crate) fn error(
        endpoint: &str,
        limit: (&'static str, std::time::Duration),
        source: ureq::Error,
    ) -> Error {
        TransportError::wrap(endpoint, limit, Source::Http(source))
    }

    /// A raw stream's failure (dialing a websocket) as [`Error::Transport`].
    pub(crate) fn io(
        endpoint: &str,
        limit: (&'static str, std::time::Duration),
        source: std::io::Error,
    ) -> Error {
        TransportError::wrap(endpoint, limit, Source::Io(source))
    }

    /// A websocket's failure as [`Error::Transport`].
    pub(crate) fn websocket(
        endpoint: &str,
        limit: (&'static str, std::time::Duration),
        source: tungstenite::Error,
    ) -> Error {
        TransportError::wrap(endpoint, limit, Source::Websocket(source))
    }

    fn wrap(endpoint: &str, limit: (&'static str, std::time::Duration), source: Source) -> Error {
        let endpoint = endpoint.split('?').next().unwrap_or_default().to_string();
        Error::Transport(Box::new(TransportError {
            endpoint,
            limit,
            source,
        }))
    }

    /// The request that failed, as `METHOD /path` (the query left out).
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Whether the daemon could not be reached, or dropped the connection
    /// before answering (it stopped, or is restarting): the failures a
    /// wait rides out.
    pub(crate) fn is_daemon_away(&self) -> bool {
        let away = |e: &std::io::Error| {
            use std::io::ErrorKind::{ConnectionRefused, NotFound};
            crate::transport::is_closed(e) || matches!(e.kind(), NotFound | ConnectionRefused)
        };
        match &self.source {
            Source::Http(ureq::Error::Io(e)) | Source::Io(e) => away(e),
            Source::Http(ureq::Error::ConnectionFailed) => true,
            _ => false,
        }
    }

    /// Whether a timeout ran out (connecting, or waiting for the reply).
    pub fn is_timeout(&self) -> bool {
        let io_timeout = |e: &std::io::Error| {
            matches!(
                e.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            )
        };
        match &self.source {
            Source::Http(e) => matches!(e, ureq::Error::Timeout(_)),
            Source::Io(e) => io_timeout(e),
            Source::Websocket(tungstenite::Error::Io(e)) => io_timeout(e),
            Source::Websocket(_) => false,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endpoint = &self.endpoint;
        let (limit, after) = self.limit;
        if self.is_timeout() && !matches!(self.source, Source::Http(_)) {
            return write!(f, "{endpoint}: no data within {limit} ({after:?})");
        }
        match &self.source {
            Source::Http(ureq::Error::Timeout(ureq::Timeout::Connect)) => write!(
                f,
                "{endpoint}: could not connect within the connect timeout ({after:?})"
            ),
            Source::Http(ureq::Error::Timeout(_)) => write!(
                f,
                "{endpoint}: no complete reply within {limit} ({after:?})"
            ),
            // ureq's words for a connection closed or reset mid-reply.
            Source::Http(ureq::Error::Io(e))
                if e.kind() == std::io::ErrorKind::UnexpectedEof
                    && e.to_string() == "Peer disconnected" =>
            {
                write!(
                    f,
                    "{endpoint}: the connection closed before the reply was complete"
                )
            }
            Source::Http(ureq::Error::Io(e)) | Source::Io(e) => write!(f, "{endpoint}: {e}"),
            Source::Http(other) => write!(f, "{endpoint}: {other}"),
            Source::Websocket(e) => write!(f, "{endpoint}: websocket: {e}"),
        }
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.source {
            Source::Http(e) => Some(e),
            Source::Io(e) => Some(e),
            Source::Websocket(e) => Some(e),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error::Io(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        assert!(std::mem::size_of::<Error>() <= 64);
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: std::error::Error + Send + Sync + 'static>() {}
        check::<Error>();
    }

    #[test]
    fn display_is_short() {
        let e = Error::Api {
            status: 404,
            message: "Profile not found".into(),
            endpoint: "GET /1.0/profiles/web".into(),
        };
        assert_eq!(e.to_string(), "incus api error 404: Profile not found");
        assert_eq!(e.endpoint(), Some("GET /1.0/profiles/web"));
        assert!(e.is_not_found() && !e.is_conflict() && !e.is_forbidden());
        assert!(!e.is_precondition_failed());
        assert_eq!(e.status(), Some(404));
        let api = |status| Error::Api {
            status,
            message: String::new(),
            endpoint: String::new(),
        };
        assert!(api(409).is_conflict() && api(403).is_forbidden());
        let e = Error::Timeout { id: "abc".into() };
        assert_eq!(e.to_string(), "timed out waiting for operation abc");
        assert_eq!(e.endpoint(), None);
        assert!(e.is_timeout());
        let e = Error::decode("GET /1.0", "expected a sync reply");
        assert!(!e.is_cancelled());
        assert_eq!(
            e.to_string(),
            "unexpected reply from GET /1.0: expected a sync reply"
        );
        let e = Error::MissingExtension {
            extension: "instance_nvram".into(),
            endpoint: "GET /1.0/instances/vm1/nvram".into(),
        };
        assert_eq!(
            e.to_string(),
            "the server lacks the API extension `instance_nvram` that \
             GET /1.0/instances/vm1/nvram needs"
        );
        assert_eq!(e.endpoint(), Some("GET /1.0/instances/vm1/nvram"));
        assert_eq!(e.status(), None);
    }

    #[test]
    fn cancelled_operation_says_cancelled() {
        let op = |status_code, message: &str| Error::Operation {
            id: "abc".into(),
            status_code,
            message: message.into(),
        };
        let e = op(401, "");
        assert_eq!(e.to_string(), "operation abc was cancelled");
        assert!(e.is_cancelled());
        let e = op(401, "Cancelled by the user");
        assert_eq!(
            e.to_string(),
            "operation abc was cancelled: Cancelled by the user"
        );
        let e = op(400, "Command not found");
        assert_eq!(e.to_string(), "operation abc failed: Command not found");
        assert!(!e.is_cancelled());
        assert_eq!(op(400, "").to_string(), "operation abc failed");
        assert_eq!(
            op(402, "x").to_string(),
            "operation abc ended with status 402: x"
        );
    }

    #[test]
    fn transport_timeout_names_request_and_timeout() {
        let limit = ("the request timeout", std::time::Duration::from_secs(1));
        let timeout = ureq::Error::Timeout(ureq::Timeout::Global);
        let e = TransportError::error("GET /1.0/profiles?recursion=1", limit, timeout);
        assert!(e.is_timeout());
        assert_eq!(
            e.to_string(),
            "GET /1.0/profiles: no complete reply within the request timeout (1s)"
        );
        let connect = ureq::Error::Timeout(ureq::Timeout::Connect);
        let e = TransportError::error("GET /1.0", limit, connect);
        assert!(e.to_string().contains("connect timeout"), "{e}");
        let Error::Transport(t) = &e else { panic!() };
        assert_eq!(t.endpoint(), "GET /1.0");
        assert!(std::error::Error::source(&e).is_some());
    }
}
