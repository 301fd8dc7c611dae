//! Background operations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{StatusCode, null_default};

/// A background operation: what an endpoint that takes time answers with.
///
/// Pass it to [`Client::wait_for_completion`](crate::Client::wait_for_completion).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Operation {
    /// The operation's UUID. Example: `6916c8a6-9b7d-4abd-90b3-aedfec7ec7da`
    pub id: String,
    /// `task` (runs by itself), `websocket` (waits for clients to connect) or `token` (a credential to hand out).
    pub class: String,
    /// What the operation does. Example: `Executing command`
    pub description: String,
    /// When the operation was created (RFC 3339).
    pub created_at: String,
    /// When the operation last changed (RFC 3339).
    pub updated_at: String,
    /// Human-readable state. Example: `Running`
    pub status: String,
    /// The state as a number; the operation is over once it is 200 or more.
    pub status_code: StatusCode,
    /// URLs of the objects the operation touches, by kind. Example: `{"instances": ["/1.0/instances/foo"]}`
    #[serde(deserialize_with = "null_lists")]
    pub resources: BTreeMap<String, Vec<String>>,
    /// Data particular to this kind of operation (websocket secrets, progress, exit code, …).
    #[serde(deserialize_with = "null_default")]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Whether the operation can be cancelled.
    pub may_cancel: bool,
    /// Why the operation failed; empty unless it did.
    pub err: String,
    /// Cluster member running the operation. Example: `server01`
    pub location: String,
}

/// Reads a map of lists where the map or any list may be `null` (a
/// cluster operation's `{"cluster": null}`), each `null` as empty.
fn null_lists<'de, D>(deserializer: D) -> Result<BTreeMap<String, Vec<String>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let map: Option<BTreeMap<String, Option<Vec<String>>>> =
        serde::Deserialize::deserialize(deserializer)?;
    let lists = map.unwrap_or_default().into_iter();
    Ok(lists
        .map(|(kind, urls)| (kind, urls.unwrap_or_default()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_with_nulls_and_new_fields() {
        let op: Operation = serde_json::from_str(
            r#"{"id":"6916c8a6","class":"task","description":"Creating instance",
                "created_at":"2021-03-23T17:38:37.753398689-04:00","updated_at":"2021-03-23T17:38:37.753398689-04:00",
                "status":"Running","status_code":103,"resources":{"instances":["/1.0/instances/foo"]},
                "metadata":null,"may_cancel":false,"err":"","location":"none","requestor":{"username":"root"}}"#,
        )
        .unwrap();
        assert_eq!(op.id, "6916c8a6");
        assert_eq!(op.status_code, StatusCode::RUNNING);
        assert!(op.metadata.is_empty());
        assert_eq!(op.resources["instances"], ["/1.0/instances/foo"]);
        // Cluster operations list a kind with no URLs as null.
        let op: Operation =
            serde_json::from_str(r#"{"id":"c1","resources":{"cluster":null}}"#).unwrap();
        assert!(op.resources["cluster"].is_empty());
        let op: Operation = serde_json::from_str(r#"{"resources":null}"#).unwrap();
        assert!(op.resources.is_empty());
    }
}
