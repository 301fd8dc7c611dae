//! Events from the event stream (`GET /1.0/events`): the envelope and the
//! metadata of each event type.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{Operation, null_default};

/// The request every event comes from, named in decode errors.
const EVENTS: &str = "GET /1.0/events";

/// One event: its type, when and where it happened, and its metadata, kept
/// as raw JSON. Decode the metadata with [`Event::lifecycle`],
/// [`Event::logging`] or [`Event::operation`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Event {
    /// The event type: `lifecycle`, `logging`, `operation` or `network-acl`.
    #[serde(rename = "type")]
    pub kind: String,
    /// When the daemon sent the event (RFC 3339). Example: `2021-02-24T19:00:45.452649098-05:00`
    pub timestamp: String,
    /// The event's data as the daemon sent it; its shape depends on `kind`.
    pub metadata: serde_json::Value,
    /// The cluster member the event happened on. Example: `server01`. API extension: event_location
    #[serde(skip_serializing_if = "String::is_empty")]
    pub location: String,
    /// The project the event belongs to (empty for server-wide ones). API extension: event_project
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
}

impl Event {
    /// The metadata of a `lifecycle` event; `Ok(None)` for an event of
    /// another type.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) if the metadata does not
    /// have a lifecycle event's shape.
    pub fn lifecycle(&self) -> crate::Result<Option<EventLifecycle>> {
        self.decode(&["lifecycle"])
    }

    /// The metadata of a `logging` event, or of a `network-acl` one (a log
    /// line of a network ACL rule, in the same shape); `Ok(None)` for an
    /// event of another type.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) if the metadata does not
    /// have a log record's shape.
    pub fn logging(&self) -> crate::Result<Option<EventLogging>> {
        self.decode(&["logging", "network-acl"])
    }

    /// The operation an `operation` event reports, as it is at that moment
    /// (created, updated, or ended); `Ok(None)` for an event of another
    /// type.
    ///
    /// # Errors
    ///
    /// [`Error::Decode`](crate::Error::Decode) if the metadata does not
    /// have an operation's shape.
    pub fn operation(&self) -> crate::Result<Option<Operation>> {
        self.decode(&["operation"])
    }

    /// The metadata as `T` if the event is of one of the `kinds`.
    fn decode<T: DeserializeOwned>(&self, kinds: &[&str]) -> crate::Result<Option<T>> {
        if !kinds.contains(&self.kind.as_str()) {
            return Ok(None);
        }
        T::deserialize(&self.metadata)
            .map(Some)
            .map_err(|source| crate::Error::Decode {
                endpoint: EVENTS.to_string(),
                source,
            })
    }
}

/// What a `lifecycle` event says: an action done to an object (created,
/// started, stopped, deleted, …), and who asked for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventLifecycle {
    /// What happened, as `<object>-<past participle>`. Example: `instance-started`
    pub action: String,
    /// The URL of the object it happened to. Example: `/1.0/instances/c1`
    pub source: String,
    /// Details of the action (they vary by action; often empty).
    #[serde(
        deserialize_with = "null_default",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub context: BTreeMap<String, serde_json::Value>,
    /// Who asked for the action; `None` for the daemon's own. API extension: event_lifecycle_requestor
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requestor: Option<EventLifecycleRequestor>,
    /// The object's name. Example: `c1`. API extension: event_lifecycle_name_and_project
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The object's project. Example: `default`. API extension: event_lifecycle_name_and_project
    #[serde(skip_serializing_if = "String::is_empty")]
    pub project: String,
}

/// Who asked for the action a lifecycle event reports.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventLifecycleRequestor {
    /// The user (for TLS clients, the certificate's fingerprint). Example: `root`
    pub username: String,
    /// How they connected. Example: `unix`, `tls`
    pub protocol: String,
    /// Where they connected from. Example: `10.0.2.15`. API extension: event_lifecycle_requestor_address
    pub address: String,
}

/// What a `logging` (or `network-acl`) event says: one line of the
/// daemon's log, at any level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EventLogging {
    /// The log line. Example: `Event listener server handler started`
    pub message: String,
    /// Its level: `debug`, `info`, `warning` or `error` (`trace` too).
    pub level: String,
    /// Its key-value fields.
    #[serde(deserialize_with = "null_default")]
    pub context: BTreeMap<String, String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::StatusCode;

    fn event(json: &str) -> Event {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn lifecycle_events_decode_and_round_trip() {
        let text = r#"{"type":"lifecycle","timestamp":"2021-02-24T19:00:45.452649098-05:00",
            "metadata":{"action":"instance-started","source":"/1.0/instances/c1",
                "context":{"command":["sh"]},"requestor":{"username":"root","protocol":"unix",
                "address":"@"},"name":"c1","project":"default","new":1},
            "location":"none","project":"default"}"#;
        let e = event(text);
        assert_eq!(
            (e.kind.as_str(), e.project.as_str()),
            ("lifecycle", "default")
        );
        let lifecycle = e.lifecycle().unwrap().unwrap();
        assert_eq!(lifecycle.action, "instance-started");
        assert_eq!(lifecycle.source, "/1.0/instances/c1");
        assert_eq!(lifecycle.context["command"], serde_json::json!(["sh"]));
        assert_eq!(lifecycle.requestor.as_ref().unwrap().protocol, "unix");
        assert_eq!(lifecycle.name, "c1");
        assert_eq!(e.logging().unwrap(), None);
        assert_eq!(e.operation().unwrap(), None);
        let again: Event = serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(again, e);
        let back: EventLifecycle =
            serde_json::from_value(serde_json::to_value(&lifecycle).unwrap()).unwrap();
        assert_eq!(back, lifecycle);
    }

    #[test]
    fn logging_and_operation_events_decode() {
        let e = event(
            r#"{"type":"logging","timestamp":"2026-12-02T05:59:37Z",
                "metadata":{"message":"Event listener server handler started","level":"debug",
                "context":null}}"#,
        );
        let logging = e.logging().unwrap().unwrap();
        assert_eq!(
            (logging.level.as_str(), logging.context.len()),
            ("debug", 0)
        );
        assert_eq!(e.lifecycle().unwrap(), None);
        let acl = Event {
            kind: "network-acl".into(),
            metadata: serde_json::json!({"message": "ACL hit", "level": "info",
                                         "context": {"rule": "r1"}}),
            ..Default::default()
        };
        assert_eq!(acl.logging().unwrap().unwrap().context["rule"], "r1");
        let e = event(
            r#"{"type":"operation","timestamp":"2026-12-02T05:59:37Z","project":"default",
                "metadata":{"id":"abc","class":"task","status":"Success","status_code":200,
                "resources":null,"metadata":null}}"#,
        );
        let op = e.operation().unwrap().unwrap();
        assert_eq!(
            (op.id.as_str(), op.status_code),
            ("abc", StatusCode::SUCCESS)
        );
    }

    #[test]
    fn metadata_of_the_wrong_shape_is_a_decode_error() {
        let e = event(r#"{"type":"lifecycle","metadata":{"action":7}}"#);
        let error = e.lifecycle().unwrap_err();
        assert!(matches!(error, crate::Error::Decode { .. }), "{error:?}");
        assert_eq!(error.endpoint(), Some("GET /1.0/events"));
        assert!(
            event(r#"{"type":"logging","metadata":"a line"}"#)
                .logging()
                .is_err()
        );
        let unknown = event(r#"{"type":"cluster-magic","metadata":{}}"#);
        assert_eq!(unknown.lifecycle().unwrap(), None);
    }
}
