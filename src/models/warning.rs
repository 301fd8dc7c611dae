//! Warnings: problems the daemon noticed and keeps a record of.

use serde::{Deserialize, Serialize};

/// A warning, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Warning {
    /// The warning's UUID. Example: `e9e9da0d-2538-4351-8047-46d4a8ae4dbb`
    pub uuid: String,
    /// `new`, `acknowledged` or `resolved` (set by the daemon when the problem is gone).
    pub status: String,
    /// Cluster member the warning is about. Example: `server01`
    pub location: String,
    /// Project the warning is about; empty for the whole server.
    pub project: String,
    /// The kind of problem. Example: `Couldn't find the CGroup blkio.weight`
    #[serde(rename = "type")]
    pub kind: String,
    /// How many times the problem was seen.
    pub count: u64,
    /// When the problem was first seen (RFC 3339).
    pub first_seen_at: String,
    /// When the problem was last seen (RFC 3339).
    pub last_seen_at: String,
    /// The latest message about the problem. Example: `disk priority will be ignored`
    pub last_message: String,
    /// `low`, `moderate` or `high`.
    pub severity: String,
    /// URL of the object the warning is about, if any. Example: `/1.0/instances/c1?project=default`
    pub entity_url: String,
}

impl Warning {
    /// The writable part (the status), for
    /// [`Client::replace_warning`](crate::Client::replace_warning).
    pub fn writable(&self) -> WarningPut {
        WarningPut {
            status: Some(self.status.clone()),
        }
    }
}

/// The writable field of a warning (PUT and PATCH): its status, which a
/// client may set to `acknowledged` or back to `new`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WarningPut {
    /// `acknowledged` or `new`; the daemon refuses any other.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl WarningPut {
    /// Acknowledges the warning: `incus warning list` hides it until it
    /// is reset.
    #[must_use]
    pub fn acknowledged() -> WarningPut {
        WarningPut {
            status: Some("acknowledged".into()),
        }
    }

    /// Sets the warning back to `new`.
    #[must_use]
    pub fn reset() -> WarningPut {
        WarningPut {
            status: Some("new".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_put_bodies() {
        let warning: Warning = serde_json::from_str(
            r#"{"uuid":"e9e9da0d","status":"new","location":"none","project":"","count":2,
                "type":"Couldn't find the CGroup blkio.weight","severity":"low",
                "first_seen_at":"2021-03-23T17:38:37.753398689-04:00",
                "last_seen_at":"2021-03-23T17:38:37.753398689-04:00",
                "last_message":"disk priority will be ignored","entity_url":"","x":1}"#,
        )
        .unwrap();
        assert_eq!((warning.count, warning.severity.as_str()), (2, "low"));
        assert_eq!(warning.kind, "Couldn't find the CGroup blkio.weight");
        let put = warning.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body, serde_json::json!({"status": "new"}));
        assert_eq!(serde_json::from_value::<WarningPut>(body).unwrap(), put);
        assert_eq!(put, WarningPut::reset());
        assert_eq!(
            serde_json::to_string(&WarningPut::acknowledged()).unwrap(),
            r#"{"status":"acknowledged"}"#
        );
        assert_eq!(serde_json::to_string(&WarningPut::default()).unwrap(), "{}");
    }
}
