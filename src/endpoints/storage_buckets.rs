//! Storage buckets: `/1.0/storage-pools/{pool}/buckets`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    StorageBucket, StorageBucketFull, StorageBucketKey, StorageBucketPut, StorageBucketsPost,
};
use crate::options::ListOptions;

/// Storage buckets: S3 object stores kept in a storage pool, served by the
/// daemon at each bucket's `s3_url`. Their keys and backups have methods of
/// their own (`…_storage_bucket_key…`, `…_storage_bucket_backup…`).
impl Client {
    /// Lists the names of the buckets in a storage pool.
    /// Requires API extension `storage_buckets`. A `filter` requires API
    /// extension `api_filtering_extended`. `all_projects` requires API
    /// extension `storage_buckets_all_projects`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets` (`storage_pool_buckets_get`).
    /// [`ListOptions`] may add `filter=` and `all-projects=true`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool does not exist, 400
    /// for a bad filter.
    ///
    /// # Example
    ///
    /// A bucket made, its admin key kept, its description changed (with the
    /// ETag), and deleted:
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StorageBucketsPost;
    /// let client = incus::Client::local()?;
    /// let new = StorageBucketsPost { name: "artifacts".into(), ..Default::default() };
    /// let admin = client.create_storage_bucket("default", &new)?;
    /// println!("access key {}", admin.access_key); // admin.secret_key: keep it safe
    /// println!("{:?}", client.list_storage_bucket_names("default", None)?);
    ///
    /// let (bucket, etag) = client.get_storage_bucket_with_etag("default", "artifacts")?;
    /// println!("S3 at {}", bucket.s3_url);
    /// let mut put = bucket.writable();
    /// put.description = Some("CI artifacts".into());
    /// client.replace_storage_bucket("default", "artifacts", &put, Some(&etag))?;
    /// client.delete_storage_bucket("default", "artifacts")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_bucket_names(
        &self,
        pool: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/storage-pools/{}/buckets", pool))
            .extension("storage_buckets")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("storage_buckets_all_projects", "all-projects")
            .names()
    }

    /// Lists the buckets in a storage pool.
    /// Requires API extension `storage_buckets`. A `filter` requires API
    /// extension `api_filtering_extended`. `all_projects` requires API
    /// extension `storage_buckets_all_projects`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets?recursion=1`
    /// (`storage_pool_buckets_get_recursion1`). Errors as
    /// [`Client::list_storage_bucket_names`].
    pub fn list_storage_buckets(
        &self,
        pool: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<StorageBucket>> {
        self.get(path!("/1.0/storage-pools/{}/buckets", pool))
            .extension("storage_buckets")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("storage_buckets_all_projects", "all-projects")
            .recursion(1)
            .sync()
    }

    /// Lists the buckets in a storage pool with their keys (secrets
    /// included) and backups. Requires API extension `storage_bucket_full`.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `storage_buckets_all_projects`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets?recursion=2`
    /// (`storage_pool_buckets_get_recursion2`). Errors as
    /// [`Client::list_storage_bucket_names`], and
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_full` (nothing is sent; Incus 6.0.4
    /// lacks it).
    pub fn list_storage_buckets_full(
        &self,
        pool: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<StorageBucketFull>> {
        self.get(path!("/1.0/storage-pools/{}/buckets", pool))
            .extension("storage_bucket_full")
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("storage_buckets_all_projects", "all-projects")
            .recursion(2)
            .sync()
    }

    /// Gets one bucket of a storage pool.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}`
    /// (`storage_pool_bucket_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the pool or the bucket does
    /// not exist.
    pub fn get_storage_bucket(&self, pool: &str, bucket: &str) -> Result<StorageBucket> {
        self.get(path!("/1.0/storage-pools/{}/buckets/{}", pool, bucket))
            .extension("storage_buckets")
            .sync()
    }

    /// Like [`Client::get_storage_bucket`], and also returns the ETag for
    /// [`Client::replace_storage_bucket`] and [`Client::update_storage_bucket`].
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}`
    /// (`storage_pool_bucket_get`). Errors as [`Client::get_storage_bucket`].
    pub fn get_storage_bucket_with_etag(
        &self,
        pool: &str,
        bucket: &str,
    ) -> Result<(StorageBucket, String)> {
        self.get(path!("/1.0/storage-pools/{}/buckets/{}", pool, bucket))
            .extension("storage_buckets")
            .sync_with_etag()
    }

    /// Gets one bucket with its keys (secrets included) and backups.
    /// Requires API extension `storage_bucket_full`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/buckets/{bucketName}?recursion=1`
    /// (`storage_pool_bucket_get_recursion1`). Errors as
    /// [`Client::get_storage_bucket`], and
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_bucket_full` (nothing is sent; Incus 6.0.4
    /// lacks it).
    pub fn get_storage_bucket_full(&self, pool: &str, bucket: &str) -> Result<StorageBucketFull> {
        self.get(path!("/1.0/storage-pools/{}/buckets/{}", pool, bucket))
            .extension("storage_bucket_full")
            .recursion(1)
            .sync()
    }

    /// Creates a bucket in a storage pool and returns its first key, `admin`
    /// (full access), with the secret key the daemon made up.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/buckets`
    /// (`storage_pool_bucket_post`); the daemon answers `201 Created`, in
    /// sync, with the key. The bucket is served at its `s3_url`
    /// ([`Client::get_storage_bucket`]). For a pool of a local driver
    /// (`dir`, `btrfs`, `zfs`, `lvm`) the daemon runs MinIO, and S3 clients
    /// reach it at the server's `core.storage_buckets_address`.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 for a missing pool, 400 for an
    /// invalid name, 409 for a taken one, 500 when the bucket cannot be
    /// made. Incus 6.0.4 on a host without the MinIO binaries answers 500
    /// `Failed creating storage bucket: Failed connecting to bucket: Couldn't
    /// find the MinIO client tool` (in sync, no operation), records no
    /// bucket, but may leave the bucket's directory in the pool: a retry of
    /// that name then fails with 500 `… Volume path "…" already exists`.
    pub fn create_storage_bucket(
        &self,
        pool: &str,
        bucket: &StorageBucketsPost,
    ) -> Result<StorageBucketKey> {
        self.post(path!("/1.0/storage-pools/{}/buckets", pool))
            .extension("storage_buckets")
            .json(bucket)
            .sync()
    }

    /// Replaces a bucket's configuration with `bucket`.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `PUT /1.0/storage-pools/{poolName}/buckets/{bucketName}`
    /// (`storage_pool_bucket_put`). Every writable field is overwritten; use
    /// [`Client::update_storage_bucket`] to change only some. Pass the ETag
    /// from [`Client::get_storage_bucket_with_etag`] to refuse the write if
    /// the bucket changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_buckets` (nothing is sent);
    /// As [`Client::get_storage_bucket`]; [`Error::Api`](crate::Error::Api)
    /// 412 if `etag` no longer matches, 400 for invalid config.
    pub fn replace_storage_bucket(
        &self,
        pool: &str,
        name: &str,
        bucket: &StorageBucketPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/storage-pools/{}/buckets/{}", pool, name))
            .extension("storage_buckets")
            .json(bucket)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields of a bucket set in `bucket`; config keys are
    /// merged into the current ones.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `PATCH /1.0/storage-pools/{poolName}/buckets/{bucketName}`
    /// (`storage_pool_bucket_patch`). Errors as
    /// [`Client::replace_storage_bucket`].
    pub fn update_storage_bucket(
        &self,
        pool: &str,
        name: &str,
        bucket: &StorageBucketPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/storage-pools/{}/buckets/{}", pool, name))
            .extension("storage_buckets")
            .json(bucket)
            .etag(etag)
            .unit()
    }

    /// Deletes a bucket, its objects and its keys.
    /// Requires API extension `storage_buckets`.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/buckets/{bucketName}`
    /// (`storage_pool_bucket_delete`). Errors as [`Client::get_storage_bucket`].
    pub fn delete_storage_bucket(&self, pool: &str, bucket: &str) -> Result<()> {
        self.delete(path!("/1.0/storage-pools/{}/buckets/{}", pool, bucket))
            .extension("storage_buckets")
            .unit()
    }
}
