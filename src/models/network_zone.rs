//! Network zones: DNS zones the daemon serves for its networks, and the
//! records added to them by hand.

use serde::{Deserialize, Serialize};

use super::{ConfigMap, is_zero, null_default};

/// A network zone, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZone {
    /// The zone's DNS domain. Example: `example.net`
    pub name: String,
    /// Free-text description. Example: `Internal domain`
    pub description: String,
    /// Zone options, key to value (`dns.nameservers`, `peers.*`, `user.*`).
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// URLs of the networks that use the zone. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// Project the zone belongs to. Read only. API extension: network_zones_all_projects
    pub project: String,
}

impl NetworkZone {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_zone`](crate::Client::replace_network_zone).
    pub fn writable(&self) -> NetworkZonePut {
        NetworkZonePut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a zone (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
///
/// `config` is the exception: it is always sent, `{}` when empty (on PATCH
/// no keys to merge, on PUT no config, as if left out). Incus 6.0.4 drops
/// the connection on a PATCH without it when the object has config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZonePut {
    /// Free-text description. Example: `Internal domain`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Zone options; with PATCH, keys are merged into the current ones. Always sent.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
}

/// A new zone (POST /1.0/network-zones).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZonesPost {
    /// The zone's DNS domain. Example: `example.net`
    pub name: String,
    /// Free-text description. Example: `Internal domain`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Zone options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// One DNS entry of a record: a type, a value and an optional TTL.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZoneRecordEntry {
    /// DNS record type. Example: `TXT`
    #[serde(rename = "type")]
    pub kind: String,
    /// Time to live in seconds; 0 (left out) means the zone's default. Example: `3600`
    #[serde(skip_serializing_if = "is_zero")]
    pub ttl: u64,
    /// The entry's data, as in a zone file. Example: `v=spf1 mx ~all`
    pub value: String,
}

impl NetworkZoneRecordEntry {
    /// An entry of DNS type `kind` holding `value`, with the default TTL.
    pub fn new(kind: impl Into<String>, value: impl Into<String>) -> NetworkZoneRecordEntry {
        NetworkZoneRecordEntry {
            kind: kind.into(),
            value: value.into(),
            ttl: 0,
        }
    }
}

/// A record of a zone, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZoneRecord {
    /// Name of the record in the zone (`@` is the zone's apex). Example: `www`
    pub name: String,
    /// Free-text description. Example: `SPF record`
    pub description: String,
    /// The record's DNS entries.
    #[serde(deserialize_with = "null_default")]
    pub entries: Vec<NetworkZoneRecordEntry>,
    /// Record options, key to value (`user.*` keys).
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
}

impl NetworkZoneRecord {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_network_zone_record`](crate::Client::replace_network_zone_record).
    pub fn writable(&self) -> NetworkZoneRecordPut {
        NetworkZoneRecordPut {
            description: Some(self.description.clone()),
            entries: self.entries.clone(),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a zone record (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
///
/// `config` is the exception: it is always sent, `{}` when empty (on PATCH
/// no keys to merge, on PUT no config, as if left out). Incus 6.0.4 drops
/// the connection on a PATCH without it when the object has config.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZoneRecordPut {
    /// Free-text description. Example: `SPF record`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The record's entries; a list sent replaces the current one whole.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub entries: Vec<NetworkZoneRecordEntry>,
    /// Record options; with PATCH, keys are merged into the current ones. Always sent.
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
}

/// A new zone record (POST /1.0/network-zones/{zone}/records).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkZoneRecordsPost {
    /// Name of the record in the zone. Example: `www`
    pub name: String,
    /// Free-text description. Example: `SPF record`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The record's DNS entries.
    #[serde(
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "null_default"
    )]
    pub entries: Vec<NetworkZoneRecordEntry>,
    /// Record options, key to value.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_round_trip_and_patch_body() {
        let zone: NetworkZone = serde_json::from_str(
            r#"{"name":"example.net","description":"Internal domain","config":{"user.a":"b"},
                "used_by":null,"project":"","x":1}"#,
        )
        .unwrap();
        assert_eq!(zone.config["user.a"], "b");
        assert!(zone.used_by.is_empty());
        let put = zone.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(serde_json::from_value::<NetworkZonePut>(body).unwrap(), put);
        let patch = NetworkZonePut {
            description: Some("d".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"d","config":{}}"#
        );
        let post = NetworkZonesPost {
            name: "example.test".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"example.test"}"#
        );
    }

    #[test]
    fn record_round_trip_and_entries() {
        let record: NetworkZoneRecord = serde_json::from_str(
            r#"{"name":"@","description":"SPF record","config":null,
                "entries":[{"type":"TXT","ttl":3600,"value":"v=spf1 mx ~all"},
                           {"type":"A","value":"192.0.2.10"}]}"#,
        )
        .unwrap();
        assert_eq!(record.entries[0].kind, "TXT");
        assert_eq!(record.entries[0].ttl, 3600);
        assert_eq!(record.entries[1].ttl, 0);
        let put = record.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body["entries"],
            serde_json::json!([{"type": "TXT", "ttl": 3600, "value": "v=spf1 mx ~all"},
                               {"type": "A", "value": "192.0.2.10"}])
        );
        assert_eq!(
            serde_json::from_value::<NetworkZoneRecordPut>(body).unwrap(),
            put
        );
        let post = NetworkZoneRecordsPost {
            name: "www".into(),
            entries: vec![NetworkZoneRecordEntry::new("AAAA", "2001:db8::1")],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&post).unwrap(),
            r#"{"name":"www","entries":[{"type":"AAAA","value":"2001:db8::1"}]}"#
        );
    }
}
