//! Storage buckets: S3 object stores in a pool, the keys that open them and
//! their backups.
//!
//! The key types hold an S3 secret key: their `Debug` output shows
//! `<redacted>` in its place (an empty one stays empty), so a logged or
//! printed key never gives it away.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{ConfigMap, null_default};

/// A storage bucket, as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucket {
    /// Name of the bucket. Example: `foo`
    pub name: String,
    /// Free-text description. Example: `Build artifacts`
    pub description: String,
    /// Bucket options, key to value. Example: `{"size": "5GiB"}`
    #[serde(deserialize_with = "null_default")]
    pub config: ConfigMap,
    /// Where S3 clients reach the bucket. Read only. Example: `https://127.0.0.1:8080/foo`
    pub s3_url: String,
    /// Cluster member holding it; empty when not clustered. Read only.
    pub location: String,
    /// Project it belongs to. Read only. API extension: storage_buckets_all_projects
    pub project: String,
}

impl StorageBucket {
    /// The writable part, ready to change and send back with
    /// `Client::replace_storage_bucket`.
    pub fn writable(&self) -> StorageBucketPut {
        StorageBucketPut {
            description: Some(self.description.clone()),
            config: self.config.clone(),
        }
    }
}

/// A bucket with its keys and backups (recursion=1 on one bucket,
/// recursion=2 on the list). API extension: storage_bucket_full
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketFull {
    /// The bucket's own fields, flattened into the same JSON object.
    #[serde(flatten)]
    pub bucket: StorageBucket,
    /// The bucket's keys, secrets included.
    #[serde(deserialize_with = "null_default")]
    pub keys: Vec<StorageBucketKey>,
    /// The bucket's backups.
    #[serde(deserialize_with = "null_default")]
    pub backups: Vec<StorageBucketBackup>,
}

/// The writable fields of a bucket (PUT and PATCH).
///
/// Unset fields are left out of the request: PATCH keeps their current
/// value, PUT clears them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketPut {
    /// Free-text description. Example: `Build artifacts`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Bucket options; with PATCH, keys are merged into the current ones.
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A new bucket (POST /1.0/storage-pools/{pool}/buckets).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketsPost {
    /// Name of the new bucket (an S3 bucket name: lowercase). Example: `foo`
    pub name: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Bucket options, key to value. Example: `{"size": "5GiB"}`
    #[serde(
        skip_serializing_if = "ConfigMap::is_empty",
        deserialize_with = "null_default"
    )]
    pub config: ConfigMap,
}

/// A key to a bucket: S3 credentials with a role. Its `Debug` hides the
/// secret key.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketKey {
    /// Name of the key. Example: `admin`
    pub name: String,
    /// Free-text description. Example: `CI uploads`
    pub description: String,
    /// What it may do: `admin` (read and write) or `read-only`. Example: `read-only`
    pub role: String,
    /// The S3 access key (the public half). Example: `33UgkaIBLBIxb7O1`
    #[serde(rename = "access-key")]
    pub access_key: String,
    /// The S3 secret key; shown as `<redacted>` by `Debug`.
    #[serde(rename = "secret-key")]
    pub secret_key: String,
}

impl StorageBucketKey {
    /// The writable part, ready to change and send back with
    /// `Client::replace_storage_bucket_key`.
    pub fn writable(&self) -> StorageBucketKeyPut {
        StorageBucketKeyPut {
            description: Some(self.description.clone()),
            role: Some(self.role.clone()),
            access_key: Some(self.access_key.clone()),
            secret_key: Some(self.secret_key.clone()),
        }
    }
}

/// The writable fields of a key (PUT). Its `Debug` hides the secret key.
///
/// Unset fields are left out of the request. PUT replaces the whole key:
/// start from [`StorageBucketKey::writable`] to keep what you do not change.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketKeyPut {
    /// Free-text description. Example: `CI uploads`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `admin` or `read-only`. Example: `read-only`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The S3 access key to use. Example: `33UgkaIBLBIxb7O1`
    #[serde(rename = "access-key", skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    /// The S3 secret key to use; shown as `<redacted>` by `Debug`.
    #[serde(rename = "secret-key", skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
}

/// A new key (POST /1.0/storage-pools/{pool}/buckets/{bucket}/keys). Its
/// `Debug` hides the secret key.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketKeysPost {
    /// Name of the new key; the daemon picks one when empty. Example: `ci`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Free-text description.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `admin` or `read-only` (the default when empty). Example: `read-only`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// The S3 access key to use; the daemon makes one up when empty.
    #[serde(rename = "access-key", skip_serializing_if = "String::is_empty")]
    pub access_key: String,
    /// The S3 secret key to use; the daemon makes one up when empty.
    #[serde(rename = "secret-key", skip_serializing_if = "String::is_empty")]
    pub secret_key: String,
}

/// `<redacted>` in place of a secret, unless it is empty.
fn hidden(secret: &str) -> &str {
    match secret {
        "" => "",
        _ => "<redacted>",
    }
}

impl fmt::Debug for StorageBucketKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageBucketKey")
            .field("name", &self.name)
            .field("description", &self.description)
            .field("role", &self.role)
            .field("access_key", &self.access_key)
            .field("secret_key", &hidden(&self.secret_key))
            .finish()
    }
}

impl fmt::Debug for StorageBucketKeyPut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageBucketKeyPut")
            .field("description", &self.description)
            .field("role", &self.role)
            .field("access_key", &self.access_key)
            .field("secret_key", &self.secret_key.as_deref().map(hidden))
            .finish()
    }
}

impl fmt::Debug for StorageBucketKeysPost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageBucketKeysPost")
            .field("name", &self.name)
            .field("description", &self.description)
            .field("role", &self.role)
            .field("access_key", &self.access_key)
            .field("secret_key", &hidden(&self.secret_key))
            .finish()
    }
}

/// A backup of a bucket, kept on the server.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketBackup {
    /// Name of the backup. Example: `backup0`
    pub name: String,
    /// When the backup was made (RFC 3339).
    pub created_at: String,
    /// When the server deletes the backup by itself (RFC 3339).
    pub expires_at: String,
}

/// A new backup of a bucket (POST …/buckets/{bucket}/backups). Every field
/// may stay unset: the daemon then names the backup itself, keeps it until
/// deleted and compresses with its configured default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketBackupsPost {
    /// Name for the backup; the daemon picks one when empty. Example: `backup0`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// When the daemon should delete the backup by itself (RFC 3339); never when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub expires_at: String,
    /// Compressor for the tarball (`gzip`, `xz`, `zstd`, `none`, …); the server's default when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub compression_algorithm: String,
}

/// A rename of a bucket backup (POST …/buckets/{bucket}/backups/{backup}).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StorageBucketBackupPost {
    /// New name. Example: `backup1`
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn buckets_round_trip_and_bodies_leave_out_what_is_unset() {
        let bucket: StorageBucket = serde_json::from_value(json!({
            "name": "foo", "description": "My custom bucket", "config": null,
            "s3_url": "https://127.0.0.1:8080/foo", "location": "server01",
            "project": "project1", "x": 1}))
        .unwrap();
        assert_eq!(bucket.s3_url, "https://127.0.0.1:8080/foo");
        assert!(bucket.config.is_empty());
        let put = bucket.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(body, json!({"description": "My custom bucket"}));
        assert_eq!(
            serde_json::from_value::<StorageBucketPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_value(StorageBucketsPost {
                name: "foo".into(),
                ..Default::default()
            })
            .unwrap(),
            json!({"name": "foo"})
        );

        let full: StorageBucketFull = serde_json::from_value(json!({
            "name": "foo", "s3_url": "u", "keys": [{"name": "admin", "secret-key": "s"}],
            "backups": null}))
        .unwrap();
        assert_eq!(full.bucket.name, "foo");
        assert_eq!(full.keys[0].secret_key, "s");
        assert!(full.backups.is_empty());
    }

    #[test]
    fn keys_round_trip_with_their_dashed_names() {
        let key: StorageBucketKey = serde_json::from_value(json!({
            "name": "my-read-only-key", "description": "My read-only bucket key",
            "role": "read-only", "access-key": "33UgkaIBLBIxb7O1",
            "secret-key": "kDQD6AOgwHgaQI1UIJBJpPaiLgZuJbq0"}))
        .unwrap();
        assert_eq!(key.secret_key, "kDQD6AOgwHgaQI1UIJBJpPaiLgZuJbq0");
        let put = key.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            json!({"description": "My read-only bucket key", "role": "read-only",
                   "access-key": "33UgkaIBLBIxb7O1",
                   "secret-key": "kDQD6AOgwHgaQI1UIJBJpPaiLgZuJbq0"})
        );
        assert_eq!(
            serde_json::from_value::<StorageBucketKeyPut>(body).unwrap(),
            put
        );
        assert_eq!(
            serde_json::to_value(StorageBucketKeyPut::default()).unwrap(),
            json!({})
        );
        let post = StorageBucketKeysPost {
            name: "ci".into(),
            role: "admin".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            json!({"name": "ci", "role": "admin"})
        );
    }

    #[test]
    fn debug_never_shows_a_secret_key() {
        let secret = "kDQD6AOgwHgaQI1UIJBJpPaiLgZuJbq0";
        let key = StorageBucketKey {
            name: "admin".into(),
            access_key: "33UgkaIBLBIxb7O1".into(),
            secret_key: secret.into(),
            ..Default::default()
        };
        let post = StorageBucketKeysPost {
            secret_key: secret.into(),
            ..Default::default()
        };
        let full = StorageBucketFull {
            keys: vec![key.clone()],
            ..Default::default()
        };
        for text in [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{:?}", key.writable()),
            format!("{post:?}"),
            format!("{full:?}"),
        ] {
            assert!(!text.contains(secret), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
        // The access key is the public half; it stays.
        assert!(format!("{key:?}").contains("33UgkaIBLBIxb7O1"));
        // No secret: nothing to hide, and that shows.
        let empty = format!("{:?}", StorageBucketKey::default());
        assert!(empty.contains("secret_key: \"\""), "{empty}");
        let unset = format!("{:?}", StorageBucketKeyPut::default());
        assert!(unset.contains("secret_key: None"), "{unset}");
    }

    #[test]
    fn backups_read_and_bodies_leave_out_what_is_unset() {
        let backup: StorageBucketBackup = serde_json::from_value(json!({
            "name": "backup0", "created_at": "2021-03-23T16:38:37.753398689-04:00",
            "expires_at": "2021-03-23T17:38:37.753398689-04:00"}))
        .unwrap();
        assert_eq!(backup.name, "backup0");
        let again: StorageBucketBackup =
            serde_json::from_value(serde_json::to_value(&backup).unwrap()).unwrap();
        assert_eq!(again, backup);
        assert_eq!(
            serde_json::to_value(StorageBucketBackupsPost::default()).unwrap(),
            json!({})
        );
        let post = StorageBucketBackupsPost {
            name: "b".into(),
            compression_algorithm: "gzip".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            json!({"name": "b", "compression_algorithm": "gzip"})
        );
    }
}
