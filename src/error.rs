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
    },
    /// A background operation ended in Failure or Cancelled.
    Operation {
        /// The operation's UUID.
        id: String,
        /// The operation's final status code (400 Failure, 401 Cancelled).
        status_code: u16,
        /// The operation's `err` text.
        message: String,
    },
    /// [`Client::wait_for_completion`](crate::Client::wait_for_completion) ran
    /// out of time; the operation may still be running.
    Timeout {
        /// The operation's UUID.
        id: String,
    },
    /// A reply did not have the expected shape.
    Decode {
        /// The method and path of the request, e.g. `GET /1.0/profiles/default`.
        endpoint: String,
        /// What did not match.
        source: serde_json::Error,
    },
    /// Connection, TLS, timeout or protocol failure below the API.
    Transport(Box<ureq::Error>),
    /// Local I/O: reading certificates, finding the socket.
    Io(std::io::Error),
    /// An argument that cannot be turned into a correct request.
    InvalidInput(String),
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

    /// Whether a write was refused because the ETag no longer matches (412).
    pub fn is_precondition_failed(&self) -> bool {
        matches!(self, Error::Api { status: 412, .. })
    }

    /// Whether this is a timeout: waiting for an operation, or a request that
    /// took longer than the client's timeouts allow.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
            || matches!(self, Error::Transport(e) if matches!(**e, ureq::Error::Timeout(_)))
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
            Error::Api { status, message } => write!(f, "incus api error {status}: {message}"),
            Error::Operation {
                id,
                status_code,
                message,
            } => write!(
                f,
                "operation {id} ended with status {status_code}: {message}"
            ),
            Error::Timeout { id } => write!(f, "timed out waiting for operation {id}"),
            Error::Decode { endpoint, source } => {
                write!(f, "unexpected reply from {endpoint}: {source}")
            }
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Io(e) => write!(f, "io error: {e}"),
            Error::InvalidInput(m) => write!(f, "invalid input: {m}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode { source, .. } => Some(source),
            Error::Transport(e) => Some(&**e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ureq::Error> for Error {
    fn from(e: ureq::Error) -> Error {
        Error::Transport(Box::new(e))
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
        };
        assert_eq!(e.to_string(), "incus api error 404: Profile not found");
        assert!(e.is_not_found());
        assert!(!e.is_precondition_failed());
        assert_eq!(e.status(), Some(404));
        let e = Error::Timeout { id: "abc".into() };
        assert_eq!(e.to_string(), "timed out waiting for operation abc");
        assert!(e.is_timeout());
        let e = Error::decode("GET /1.0", "expected a sync reply");
        assert_eq!(
            e.to_string(),
            "unexpected reply from GET /1.0: expected a sync reply"
        );
    }
}
