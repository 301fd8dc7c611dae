//! Storage pools: `/1.0/storage-pools`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{ResourcesStoragePool, StoragePool, StoragePoolPut, StoragePoolsPost};
use crate::options::ListOptions;

/// Storage pools: `/1.0/storage-pools`. Where volumes live, each pool run
/// by one storage driver (`dir`, `zfs`, `btrfs`, `lvm`, `ceph`, …). Pools
/// belong to the server, not to a project; their volumes are in
/// [`Client::list_storage_volumes`] and the other volume methods.
impl Client {
    /// Lists the names of the storage pools.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/storage-pools` (`storage_pools_get`). Of `options`,
    /// the endpoint honours `filter`; pools belong to no project, so
    /// `all_projects` changes nothing (Incus 6.0.4 ignores it).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::StoragePoolsPost;
    /// let client = incus::Client::local()?;
    /// client.create_storage_pool(&StoragePoolsPost::new("scratch", "dir").config("source", "/srv/scratch"))?;
    /// assert!(client.list_storage_pool_names(None)?.contains(&"scratch".to_string()));
    /// let (pool, etag) = client.get_storage_pool_with_etag("scratch")?;
    /// let mut put = pool.writable();
    /// put.description = Some("build caches".into());
    /// client.replace_storage_pool("scratch", &put, Some(&etag))?;
    /// let space = client.get_storage_pool_resources("scratch")?.space;
    /// println!("{} of {} bytes used", space.used, space.total);
    /// client.delete_storage_pool("scratch")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_pool_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/storage-pools"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the storage pools.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/storage-pools?recursion=1` (`storage_pools_get_recursion1`);
    /// `options` as for [`Client::list_storage_pool_names`]. Incus 6.0.4
    /// fails the whole list with 404 `Storage pool not found` when a pool
    /// is deleted while it runs; ask again.
    pub fn list_storage_pools(&self, options: Option<&ListOptions>) -> Result<Vec<StoragePool>> {
        self.get(path!("/1.0/storage-pools"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one storage pool.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}` (`storage_pool_get`). In a
    /// cluster, `client.with_target(member)` reads that member's
    /// member-specific config (`source`, `size`, …).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such pool.
    pub fn get_storage_pool(&self, pool: &str) -> Result<StoragePool> {
        self.get(path!("/1.0/storage-pools/{}", pool)).sync()
    }

    /// Gets one storage pool and its ETag, for
    /// [`Client::replace_storage_pool`] or [`Client::update_storage_pool`].
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}` (`storage_pool_get`).
    pub fn get_storage_pool_with_etag(&self, pool: &str) -> Result<(StoragePool, String)> {
        self.get(path!("/1.0/storage-pools/{}", pool))
            .sync_with_etag()
    }

    /// Creates a storage pool; the driver sets it up (a `dir` pool makes
    /// its directories under `source`) before the reply.
    ///
    /// Sends `POST /1.0/storage-pools` (`storage_pools_post`). In a
    /// cluster, a pool is first defined on each member with
    /// `client.with_target(member)` (and only the member-specific config,
    /// such as `source`), then created everywhere by the same call without
    /// a target.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown driver, an
    /// invalid config key or a `source` the driver cannot use (Incus 6.0.4
    /// answers 500 for some of those: a `dir` source that does not
    /// exist), 409 if the name is taken.
    pub fn create_storage_pool(&self, pool: &StoragePoolsPost) -> Result<()> {
        self.post(path!("/1.0/storage-pools")).json(pool).unit()
    }

    /// Replaces a pool's description and config with `pool`; fields left
    /// unset are cleared (config keys the driver set itself, such as
    /// `source`, must be sent back unchanged).
    ///
    /// Sends `PUT /1.0/storage-pools/{poolName}` (`storage_pool_put`). Pass
    /// the ETag from [`Client::get_storage_pool_with_etag`] to refuse the
    /// write (412) if the pool changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such pool, 412
    /// if `etag` no longer matches, 400 for a config the driver refuses.
    pub fn replace_storage_pool(
        &self,
        pool: &str,
        put: &StoragePoolPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/storage-pools/{}", pool))
            .json(put)
            .etag(etag)
            .unit()
    }

    /// Changes the fields set in `put`; config keys are merged into the
    /// current ones.
    ///
    /// Sends `PATCH /1.0/storage-pools/{poolName}` (`storage_pool_patch`).
    /// Incus 6.0.4 clears the description when `put` leaves it out: send
    /// the current one along to keep it.
    pub fn update_storage_pool(
        &self,
        pool: &str,
        put: &StoragePoolPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/storage-pools/{}", pool))
            .json(put)
            .etag(etag)
            .unit()
    }

    /// Deletes a storage pool; it must hold no volumes and no profile may
    /// use it.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}` (`storage_pools_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such pool, 400
    /// if it is still in use.
    pub fn delete_storage_pool(&self, pool: &str) -> Result<()> {
        self.delete(path!("/1.0/storage-pools/{}", pool)).unit()
    }

    /// Gets a pool's space and inodes, used and total.
    ///
    /// Sends `GET /1.0/storage-pools/{name}/resources` (`storage_pool_resources`).
    /// In a cluster, `client.with_target(member)` reads one member's share
    /// of a local pool.
    pub fn get_storage_pool_resources(&self, pool: &str) -> Result<ResourcesStoragePool> {
        self.get(path!("/1.0/storage-pools/{}/resources", pool))
            .sync()
    }
}
