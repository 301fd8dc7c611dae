//! Background operations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{null_default, StatusCode};

/// A background operation: what an endpoint that takes time answers with.
///
/// Pass it to [`Client::wait_for_completion`](crate::Client::wait_for_completion).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Operation {
    /// UUID of the operation. Example: `6916c8a6-9b7d-4abd-90b3-aedfec7ec7da`
    pub id: String,
    /// Type of operation (`task`, `token` or `websocket`).
    pub class: String,
    /// Description of the operation. Example: `Executing command`
    pub description: String,
    /// Operation creation time.
    pub created_at: String,
    /// Operation last change.
    pub updated_at: String,
    /// Status name. Example: `Running`
    pub status: String,
    /// Status code: final once 200 or more.
    pub status_code: StatusCode,
    /// Affected resources. Example: `{"instances": ["/1.0/instances/foo"]}`
    #[serde(deserialize_with = "null_default")]
    pub resources: BTreeMap<String, Vec<String>>,
    /// Operation specific metadata.
    #[serde(deserialize_with = "null_default")]
    pub metadata: BTreeMap<String, serde_json::Value>,
    /// Whether the operation can be cancelled.
    pub may_cancel: bool,
    /// Operation error message, set when it failed.
    pub err: String,
    /// What cluster member this record was found on. Example: `server01`
    pub location: String,
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
    }
}
