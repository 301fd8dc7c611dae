//! Storage pools: where volumes live, each run by one storage driver
//! (`dir`, `zfs`, `btrfs`, `lvm`, `ceph`, …).

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A storage pool, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoragePool {
    /// Name of the pool. Example: `local`
    pub name: String,
    /// Free-text description. Example: `Local SSD pool`
    pub description: String,
    /// Driver options, key to value. Example: `{"source": "/srv/pool"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Storage driver behind the pool. Example: `zfs`
    pub driver: String,
    /// URLs of the instances, profiles and volumes using it. Read only.
    #[serde(deserialize_with = "null_default")]
    pub used_by: Vec<String>,
    /// `Created`, `Pending`, `Errored` or `Unknown`. Read only.
    pub status: String,
    /// Cluster members the pool is defined on. Read only.
    #[serde(deserialize_with = "null_default")]
    pub locations: Vec<String>,
}

impl StoragePool {
    /// The writable part, ready to change and send back with
    /// [`Client::replace_storage_pool`](crate::Client::replace_storage_pool).
    pub fn writable(&self) -> StoragePoolPut {
        StoragePoolPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// The writable fields of a pool (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoragePoolPut {
    /// Free-text description. Example: `Local SSD pool`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Driver options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new pool (POST /1.0/storage-pools).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StoragePoolsPost {
    /// Name of the new pool. Example: `local`
    pub name: String,
    /// Storage driver to run it. Example: `dir`
    pub driver: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Driver options, key to value. Example: `{"source": "/srv/pool"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

impl StoragePoolsPost {
    /// A pool `name` run by `driver`, with no options yet.
    #[must_use]
    pub fn new(name: impl Into<String>, driver: impl Into<String>) -> StoragePoolsPost {
        StoragePoolsPost {
            name: name.into(),
            driver: driver.into(),
            ..Default::default()
        }
    }

    /// Sets the driver option `key` (`source`, `size`, …).
    #[must_use]
    pub fn config(mut self, key: impl Into<String>, value: impl Into<String>) -> StoragePoolsPost {
        self.config.insert(key.into(), value.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_bodies() {
        let pool: StoragePool = serde_json::from_str(
            r#"{"name":"local","description":"Local SSD pool","config":{"source":"/srv/p"},
                "driver":"zfs","used_by":null,"status":"Created","locations":["none"],"x":1}"#,
        )
        .unwrap();
        assert_eq!(pool.driver, "zfs");
        assert!(pool.used_by.is_empty());
        assert_eq!(pool.locations, ["none"]);
        let put = pool.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"description": "Local SSD pool", "config": {"source": "/srv/p"}})
        );
        assert_eq!(serde_json::from_value::<StoragePoolPut>(body).unwrap(), put);
        let patch = StoragePoolPut {
            description: Some("x".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&patch).unwrap(),
            r#"{"description":"x"}"#
        );

        let post = StoragePoolsPost::new("p", "dir").config("source", "/srv/p");
        let body = serde_json::to_value(&post).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"name": "p", "driver": "dir", "config": {"source": "/srv/p"}})
        );
        assert_eq!(
            serde_json::from_value::<StoragePoolsPost>(body).unwrap(),
            post
        );
    }
}
