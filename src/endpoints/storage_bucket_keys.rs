//! Keys to storage buckets: `/1.0/storage-pools/{pool}/buckets/{bucket}/keys`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{StorageBucketKey, StorageBucketKeyPut, StorageBucketKeysPost};

/// Keys to storage buckets: S3 credentials (an access key and a secret
/// key) with a role, `admin` or `read-only`. The models' `Debug` output
/// hides the secret keys.
impl Client {
    /// Lists the names of a bucket's keys.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys`
    /// (`storage_pool_bucket_keys_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool or the bucket does
    /// not exist.
    ///
    /// # Example
    ///
    /// A read-only key made for a CI job, its role changed, and deleted:
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StorageBucketKeysPost;
    /// let client = incus::Client::local()?;
    /// let new = StorageBucketKeysPost {
    ///     name: "ci".into(),
    ///     role: "read-only".into(),
    ///     ..Default::default()
    /// };
    /// let key = client.create_storage_bucket_key("default", "artifacts", &new)?;
    /// println!("{key:?}"); // the secret key shows as <redacted>
    /// println!("{:?}", client.list_storage_bucket_key_names("default", "artifacts")?);
    ///
    /// let (key, etag) = client.get_storage_bucket_key_with_etag("default", "artifacts", "ci")?;
    /// let mut put = key.writable();
    /// put.role = Some("admin".into());
    /// client.replace_storage_bucket_key("default", "artifacts", "ci", &put, Some(&etag))?;
    /// client.delete_storage_bucket_key("default", "artifacts", "ci")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_bucket_key_names(&self, pool: &str, bucket: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/storage-pools/{}/buckets/{}/keys", pool, bucket))
            .extension("storage_buckets")
            .names()
    }

    /// Lists a bucket's keys, secrets included.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys?recursion=1`
    /// (`storage_pool_bucket_keys_get_recursion1`). Errors as
    /// [`Client::list_storage_bucket_key_names`].
    pub fn list_storage_bucket_keys(
        &self,
        pool: &str,
        bucket: &str,
    ) -> Result<Vec<StorageBucketKey>> {
        self.get(path!("/1.0/storage-pools/{}/buckets/{}/keys", pool, bucket))
            .extension("storage_buckets")
            .recursion(1)
            .sync()
    }

    /// Creates a key to a bucket and returns it with its credentials (those
    /// left empty in `key` are made up by the daemon).
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys`
    /// (`storage_pool_bucket_key_post`); the daemon answers `201 Created`
    /// with the key.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// As [`Client::list_storage_bucket_key_names`];
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown role, 409 for a
    /// taken name.
    pub fn create_storage_bucket_key(
        &self,
        pool: &str,
        bucket: &str,
        key: &StorageBucketKeysPost,
    ) -> Result<StorageBucketKey> {
        self.post(path!("/1.0/storage-pools/{}/buckets/{}/keys", pool, bucket))
            .extension("storage_buckets")
            .json(key)
            .sync()
    }

    /// Gets one key to a bucket, secret included.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys/{keyName}`
    /// (`storage_pool_bucket_key_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool, the bucket or the
    /// key does not exist.
    pub fn get_storage_bucket_key(
        &self,
        pool: &str,
        bucket: &str,
        key: &str,
    ) -> Result<StorageBucketKey> {
        self.get(path!(
            "/1.0/storage-pools/{}/buckets/{}/keys/{}",
            pool,
            bucket,
            key
        ))
        .extension("storage_buckets")
        .sync()
    }

    /// Like [`Client::get_storage_bucket_key`], and also returns the ETag for
    /// [`Client::replace_storage_bucket_key`].
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys/{keyName}`
    /// (`storage_pool_bucket_key_get`). Errors as
    /// [`Client::get_storage_bucket_key`].
    pub fn get_storage_bucket_key_with_etag(
        &self,
        pool: &str,
        bucket: &str,
        key: &str,
    ) -> Result<(StorageBucketKey, String)> {
        self.get(path!(
            "/1.0/storage-pools/{}/buckets/{}/keys/{}",
            pool,
            bucket,
            key
        ))
        .extension("storage_buckets")
        .sync_with_etag()
    }

    /// Replaces a key's description, role and credentials with `key`.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `PUT /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys/{keyName}`
    /// (`storage_pool_bucket_key_put`). Pass the ETag from
    /// [`Client::get_storage_bucket_key_with_etag`] to refuse the write if
    /// the key changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// As [`Client::get_storage_bucket_key`]; [`Error::Api`](crate::Error::Api)
    /// 412 if `etag` no longer matches, 400 for an unknown role.
    pub fn replace_storage_bucket_key(
        &self,
        pool: &str,
        bucket: &str,
        name: &str,
        key: &StorageBucketKeyPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!(
            "/1.0/storage-pools/{}/buckets/{}/keys/{}",
            pool,
            bucket,
            name
        ))
        .extension("storage_buckets")
        .json(key)
        .etag(etag)
        .unit()
    }

    /// Deletes a key to a bucket; its credentials stop working.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/buckets/{bucketName}/keys/{keyName}`
    /// (`storage_pool_bucket_key_delete`). Errors as
    /// [`Client::get_storage_bucket_key`].
    pub fn delete_storage_bucket_key(&self, pool: &str, bucket: &str, key: &str) -> Result<()> {
        self.delete(path!(
            "/1.0/storage-pools/{}/buckets/{}/keys/{}",
            pool,
            bucket,
            key
        ))
        .extension("storage_buckets")
        .unit()
    }
}
