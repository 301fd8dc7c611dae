//! Reading a reply: the envelope every JSON answer comes in (`sync`,
//! `async`, `error`), read once; its metadata decoded into the endpoint's
//! type; error replies turned into [`Error::Api`].

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::error::{Error, Result};
use crate::models::{Operation, StatusCode};

/// How much of a non-JSON error body goes into the error message.
const MAX_RAW_MESSAGE: usize = 512;

/// The reply envelope every JSON answer of the API comes in.
#[derive(Deserialize)]
struct Envelope<'a> {
    /// `sync`, `async` or `error`: borrowed, never escaped.
    #[serde(rename = "type", default, borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    error_code: u16,
    #[serde(default)]
    error: String,
    /// Kept undecoded: the endpoint knows its type.
    #[serde(default)]
    metadata: Option<Box<RawValue>>,
}

/// A successful reply, its envelope read once.
pub(crate) struct Reply {
    /// `METHOD /path`, for error messages.
    endpoint: String,
    /// The envelope's `type`.
    kind: Kind,
    /// The envelope's `metadata`, undecoded.
    metadata: Option<Box<RawValue>>,
    /// The `ETag` header, if any.
    etag: Option<String>,
}

impl Reply {
    /// Reads a reply body: an error (by HTTP status or envelope type) becomes
    /// [`Error::Api`], anything but an envelope [`Error::Decode`].
    pub(crate) fn parse(
        endpoint: String,
        status: u16,
        body: &[u8],
        etag: Option<String>,
    ) -> Result<Reply> {
        if status >= 400 {
            return Err(api_error(endpoint, status, body));
        }
        let envelope = match envelope(body) {
            Ok(envelope) => envelope,
            Err(source) => return Err(Error::Decode { endpoint, source }),
        };
        let kind = match &*envelope.kind {
            "sync" => Kind::Sync,
            "async" => Kind::Async,
            "error" => return Err(envelope_error(endpoint, status, envelope)),
            other => Kind::Other(other.to_string()),
        };
        Ok(Reply {
            endpoint,
            kind,
            metadata: envelope.metadata,
            etag,
        })
    }

    /// The metadata as `T`, after checking the reply type is `want`.
    pub(crate) fn decode<T: DeserializeOwned>(&self, want: Option<Kind>) -> Result<T> {
        if let Some(want) = want.filter(|want| *want != self.kind) {
            return Err(Error::decode(
                &self.endpoint,
                format!("expected a {want:?} reply, got {:?}", self.kind),
            ));
        }
        let metadata = self.metadata.as_deref().map_or("null", RawValue::get);
        serde_json::from_str(metadata).map_err(|source| Error::Decode {
            endpoint: self.endpoint.clone(),
            source,
        })
    }

    pub(crate) fn sync<T: DeserializeOwned + Default>(&self) -> Result<T> {
        self.decode::<Option<T>>(Some(Kind::Sync))
            .map(Option::unwrap_or_default)
    }

    /// The operation of an `async` reply; a `sync` reply (the daemon did
    /// the work before answering) as an operation already over: status
    /// `Success`, code 200, no id. Either way, `wait_for_completion` on it
    /// returns once the work is done.
    pub(crate) fn operation_or_done(&self) -> Result<Operation> {
        match self.kind {
            Kind::Sync => Ok(Operation {
                status: "Success".into(),
                status_code: StatusCode::SUCCESS,
                ..Default::default()
            }),
            _ => self.decode(Some(Kind::Async)),
        }
    }

    pub(crate) fn require_etag(&self) -> Result<String> {
        self.etag
            .clone()
            .ok_or_else(|| Error::decode(&self.endpoint, "the reply has no ETag header"))
    }
}

/// The `type` of a reply envelope that is not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    Sync,
    Async,
    /// A type this crate does not know (kept for the error message).
    Other(String),
}

/// Reads the envelope of a reply body, which must be a JSON object: serde's
/// derived structs also take an array of the fields in order, so without
/// this check `["sync", 0, "", {…}]` (or `[]`) would pass as an envelope.
fn envelope(body: &[u8]) -> serde_json::Result<Envelope<'_>> {
    if body.trim_ascii_start().first().is_some_and(|b| *b != b'{') {
        let unexpected = serde::de::Unexpected::Other("a JSON value other than an object");
        return Err(serde::de::Error::invalid_type(
            unexpected,
            &"a reply envelope (a JSON object)",
        ));
    }
    serde_json::from_slice(body)
}

/// An error envelope as [`Error::Api`]: its `error_code`, or the HTTP
/// status when it has none.
fn envelope_error(endpoint: String, status: u16, envelope: Envelope) -> Error {
    let status = match envelope.error_code {
        0 => status,
        code => code,
    };
    Error::Api {
        status,
        message: envelope.error,
        endpoint,
    }
}

/// Turns an error reply (envelope or not) into [`Error::Api`].
pub(crate) fn api_error(endpoint: String, status: u16, body: &[u8]) -> Error {
    if let Ok(envelope) = envelope(body) {
        if envelope.kind == "error" || !envelope.error.is_empty() {
            return envelope_error(endpoint, status, envelope);
        }
    }
    let text = String::from_utf8_lossy(body);
    let mut message: String = text.trim().chars().take(MAX_RAW_MESSAGE).collect();
    if message.is_empty() {
        message = format!("HTTP {status} with no message");
    }
    Error::Api {
        status,
        message,
        endpoint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_api_errors() {
        let e = api_error(
            "GET /1.0/profiles/web".into(),
            404,
            br#"{"type":"error","status":"","status_code":0,"operation":"","error_code":404,"error":"Profile not found","metadata":null}"#,
        );
        assert!(e.is_not_found());
        assert_eq!(e.to_string(), "incus api error 404: Profile not found");
        assert_eq!(e.endpoint(), Some("GET /1.0/profiles/web"));
        let e = api_error("GET /".into(), 502, b"<html>Bad Gateway</html>");
        assert_eq!(
            e.to_string(),
            "incus api error 502: <html>Bad Gateway</html>"
        );
        let e = api_error("GET /".into(), 500, b"");
        assert_eq!(
            e.to_string(),
            "incus api error 500: HTTP 500 with no message"
        );
    }

    #[test]
    fn envelopes_decode_by_type() {
        let reply = |body: &str| Reply::parse("GET /x".into(), 200, body.as_bytes(), None).unwrap();
        let r = reply(
            r#"{"type":"sync","status":"Success","status_code":200,"metadata":["a"],"new_field":1}"#,
        );
        assert_eq!(r.sync::<Vec<String>>().unwrap(), ["a"]);
        assert!(matches!(
            r.decode::<Operation>(Some(Kind::Async)),
            Err(Error::Decode { .. })
        ));
        assert!(matches!(r.require_etag(), Err(Error::Decode { .. })));
        let r = reply(r#"{"type":"sync","metadata":null}"#);
        assert!(r.sync::<Vec<String>>().unwrap().is_empty());
        let r = reply(
            r#"{"type":"async","status_code":100,"operation":"/1.0/operations/x","metadata":{"id":"x","status":"Running","status_code":103}}"#,
        );
        assert_eq!(r.decode::<Operation>(Some(Kind::Async)).unwrap().id, "x");
        assert_eq!(r.operation_or_done().unwrap().id, "x");
        let done = reply(r#"{"type":"sync","status":"Success","metadata":{}}"#);
        let op = done.operation_or_done().unwrap();
        assert!(op.id.is_empty() && op.status_code.is_success());
        let other = reply(r#"{"type":"mystery","metadata":{}}"#);
        assert!(matches!(
            other.operation_or_done(),
            Err(Error::Decode { .. })
        ));
        let truncated = Reply::parse("GET /x".into(), 200, br#"{"type":"sync","metadata":"#, None);
        assert!(matches!(truncated, Err(Error::Decode { .. })));
        let error = Reply::parse(
            "GET /x".into(),
            200,
            br#"{"type":"error","error_code":403,"error":"no"}"#,
            None,
        );
        assert!(matches!(error, Err(Error::Api { status: 403, .. })));
    }

    /// Found by `prop_tests::sync_metadata_decodes_back`: serde_json's
    /// default float parser read this number one unit in the last place off.
    #[test]
    fn floats_decode_exactly() {
        let body = br#"{"type":"sync","metadata":[-3.60373161250897e-112, 0.1, 1e308]}"#;
        let reply = Reply::parse("GET /x".into(), 200, body, None).unwrap();
        let numbers: Vec<f64> = reply.sync().unwrap();
        assert_eq!(numbers, [-3.60373161250897e-112, 0.1, 1e308]);
    }

    /// Found by `prop_tests::reply_from_any_json`: serde's derived
    /// `Deserialize` also reads a struct from an array of its fields, so
    /// `[]` and `["sync", 0, "", …]` passed as envelopes.
    #[test]
    fn only_an_object_is_an_envelope() {
        for body in [
            "[]",
            r#" ["sync", 0, "", ["a"]]"#,
            r#"["error", 403, "no"]"#,
        ] {
            let e = Reply::parse("GET /x".into(), 200, body.as_bytes(), None).err();
            assert!(
                matches!(&e, Some(Error::Decode { source, .. })
                    if source.to_string().contains("expected a reply envelope (a JSON object)")),
                "{body}: {e:?}"
            );
        }
        let e = api_error("GET /x".into(), 500, br#"["error", 403, "no"]"#);
        assert!(
            matches!(&e, Error::Api { status: 500, message, .. } if message == r#"["error", 403, "no"]"#)
        );
    }
}
