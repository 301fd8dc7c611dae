//! Storage volumes: `/1.0/storage-pools/{pool}/volumes`.

use crate::client::Client;
use crate::error::{Error, Result};
use crate::input::{check_snapshot_name, check_volume_type, path};
use crate::models::{
    Operation, StorageVolume, StorageVolumeFull, StorageVolumePost, StorageVolumePut,
    StorageVolumeState, StorageVolumesPost,
};
use crate::options::ListOptions;

/// Storage volumes: `/1.0/storage-pools/{pool}/volumes/{type}/{name}`. The
/// disks in a pool: `custom` volumes made by users, and the `container`,
/// `virtual-machine` and `image` volumes the daemon keeps for instances and
/// images. Every method taking a `volume_type` refuses any other word with
/// [`Error::InvalidInput`] before sending. Custom volumes are attached to
/// instances as `disk` devices (`pool`, `source` = the volume's name,
/// `path`).
///
/// Incus 6.0.4 lists a volume's snapshots among the volumes: the lists
/// name them `volume/snapshot`, the way [`StorageVolume::name`] does in
/// the object lists.
impl Client {
    /// Lists the volumes of every type in a pool, as (type, name) pairs.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes` (`storage_pool_volumes_get`).
    /// Of `options`, the endpoint honours `filter` and `all_projects`. A
    /// snapshot is named `volume/snapshot`. The pairs are what
    /// [`Client::get_storage_volume`] takes after the pool (the daemon's
    /// URLs are `…/volumes/{type}/{name}`: two segments, not one name).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{StorageVolumePost, StorageVolumeSource, StorageVolumesPost};
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(60);
    /// let new = StorageVolumesPost::custom("data").config("size", "1GiB");
    /// client.wait_for_completion(&client.create_storage_volume("default", "custom", &new)?, wait)?;
    /// for (volume_type, name) in client.list_storage_volume_names("default", None)? {
    ///     println!("{volume_type}/{name}");
    /// }
    /// let copy = StorageVolumesPost::custom("data-copy").source(StorageVolumeSource::copy("default", "data"));
    /// client.wait_for_completion(&client.create_storage_volume("default", "custom", &copy)?, wait)?;
    /// let rename = StorageVolumePost::new("data-old");
    /// client.wait_for_completion(&client.rename_storage_volume("default", "custom", "data", &rename)?, wait)?;
    /// let state = client.get_storage_volume_state("default", "custom", "data-old")?;
    /// println!("{:?} bytes used", state.usage.map(|u| u.used));
    /// client.delete_storage_volume("default", "custom", "data-old")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_storage_volume_names(
        &self,
        pool: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<(String, String)>> {
        self.get(path!("/1.0/storage-pools/{}/volumes", pool))
            .query(options)
            .names()
            .and_then(|names| names.iter().map(|name| typed_name(pool, name)).collect())
    }

    /// Lists the volumes of every type in a pool.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes?recursion=1` (`storage_pool_volumes_get_recursion1`);
    /// `options` as for [`Client::list_storage_volume_names`].
    pub fn list_storage_volumes(
        &self,
        pool: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<StorageVolume>> {
        self.get(path!("/1.0/storage-pools/{}/volumes", pool))
            .recursion(1)
            .query(options)
            .sync()
    }

    /// Lists the names of a pool's volumes of one type (a snapshot as
    /// `volume/snapshot`).
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}` (`storage_pool_volumes_type_get`).
    /// The spec gives this endpoint no query options, but Incus 6.0.4
    /// honours `filter` and `all_projects` here as on
    /// [`Client::list_storage_volume_names`].
    pub fn list_storage_volume_names_of_type(
        &self,
        pool: &str,
        volume_type: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<String>> {
        let path = path!("/1.0/storage-pools/{}/volumes/{}", pool, volume_type);
        self.get(check_volume_type(volume_type).and(path))
            .query(options)
            .names()
            .and_then(|names| names.iter().map(|name| volume_name(pool, name)).collect())
    }

    /// Lists a pool's volumes of one type.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}?recursion=1` (`storage_pool_volumes_type_get_recursion1`);
    /// `options` as for [`Client::list_storage_volume_names_of_type`].
    pub fn list_storage_volumes_of_type(
        &self,
        pool: &str,
        volume_type: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<StorageVolume>> {
        let path = path!("/1.0/storage-pools/{}/volumes/{}", pool, volume_type);
        self.get(check_volume_type(volume_type).and(path))
            .recursion(1)
            .query(options)
            .sync()
    }

    /// Lists a pool's volumes of one type with their snapshots, backups and
    /// state. Requires API extension `storage_volume_full`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}?recursion=2` (`storage_pool_volumes_type_get_recursion2`);
    /// `options` as for [`Client::list_storage_volume_names_of_type`].
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks the extension: nothing is sent (Incus 6.0.4 lacks it,
    /// and answers this query with the recursion=1 objects).
    pub fn list_storage_volumes_full_of_type(
        &self,
        pool: &str,
        volume_type: &str,
        options: Option<&ListOptions>,
    ) -> Result<Vec<StorageVolumeFull>> {
        let path = path!("/1.0/storage-pools/{}/volumes/{}", pool, volume_type);
        self.get(check_volume_type(volume_type).and(path))
            .extension("storage_volume_full")
            .recursion(2)
            .query(options)
            .sync()
    }

    /// Gets one volume with its snapshots, backups and state. Requires API
    /// extension `storage_volume_full`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}?recursion=1` (`storage_pool_volume_type_get_recursion1`).
    /// Errors as [`Client::get_storage_volume`], and
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks the extension (nothing is sent; Incus 6.0.4 lacks it).
    pub fn get_storage_volume_full(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<StorageVolumeFull> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.get(check_volume_type(volume_type).and(path))
            .extension("storage_volume_full")
            .recursion(1)
            .sync()
    }

    /// Gets one volume.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_get`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a `volume_type` that is not one of the
    /// four; [`Error::Api`] 404 if there is no such pool or volume.
    pub fn get_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<StorageVolume> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.get(check_volume_type(volume_type).and(path)).sync()
    }

    /// Gets one volume and its ETag, for [`Client::replace_storage_volume`]
    /// or [`Client::update_storage_volume`].
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_get`).
    pub fn get_storage_volume_with_etag(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<(StorageVolume, String)> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.get(check_volume_type(volume_type).and(path))
            .sync_with_etag()
    }

    /// Starts creating a volume: empty, or a copy of another one
    /// ([`StorageVolumeSource::copy`](crate::models::StorageVolumeSource::copy)),
    /// or the target of a migration. `source.refresh_exclude_older` needs
    /// API extension `custom_volume_refresh_exclude_older_snapshots`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes/{type}` (`storage_pool_volumes_type_post`).
    /// Only `custom` volumes can be created. Incus 6.0.4 makes an empty
    /// volume before it answers (a `sync` reply), and answers a copy or
    /// migration with an operation; this method returns an [`Operation`]
    /// either way, the first one already over (status 200, no id), so
    /// [`Client::wait_for_completion`] fits both.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 400 for an invalid name or config, 404 for a missing
    /// pool, 409 if the name is taken; [`Error::Operation`] from the wait if
    /// a copy fails (a missing source, a full target pool). Incus 6.0.4 gives
    /// the second of two creates of one name at once a 500, not 409.
    pub fn create_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &StorageVolumesPost,
    ) -> Result<Operation> {
        let path = path!("/1.0/storage-pools/{}/volumes/{}", pool, volume_type);
        self.post(check_volume_type(volume_type).and(path))
            .extension_if(
                "custom_volume_refresh_exclude_older_snapshots",
                volume.source.refresh_exclude_older,
            )
            .json(volume)
            .operation_or_done()
    }

    /// Starts creating a volume whose type comes from the body
    /// (`volume.kind`) rather than the path, as
    /// [`Client::create_storage_volume`] does otherwise (the same gate).
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes` (`storage_pool_volumes_post`).
    /// Incus 6.0.4 refuses an empty `kind` (400, "Currently not allowed to
    /// create storage volumes of type \"\""): use
    /// [`StorageVolumesPost::custom`](crate::models::StorageVolumesPost::custom).
    pub fn create_storage_volume_untyped(
        &self,
        pool: &str,
        volume: &StorageVolumesPost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/storage-pools/{}/volumes", pool))
            .extension_if(
                "custom_volume_refresh_exclude_older_snapshots",
                volume.source.refresh_exclude_older,
            )
            .json(volume)
            .operation_or_done()
    }

    /// Starts renaming a volume, moving it to another pool or project, or
    /// (with `migration: true`) a migration of it to another server.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_post`).
    /// Incus 6.0.4 renames within a pool before it answers (a `sync`
    /// reply, returned as an [`Operation`] already over, as
    /// [`Client::create_storage_volume`] does), and answers a move or a
    /// migration with an operation; a migration's carries the websocket
    /// secrets in its `metadata`. A volume attached to an instance cannot
    /// be renamed or moved. For a move to another project, name the pool
    /// too (the current one to stay): Incus 6.0.4 answers 404 "Storage
    /// pool not found" to a `post` with a `project` and no `pool`.
    pub fn rename_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
        post: &StorageVolumePost,
    ) -> Result<Operation> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.post(check_volume_type(volume_type).and(path))
            .json(post)
            .operation_or_done()
    }

    /// Replaces a volume's description and config with `put`; fields left
    /// unset are cleared. With `restore` set, rolls the volume back to that
    /// snapshot instead ([`Client::restore_storage_volume_snapshot`]).
    ///
    /// Sends `PUT /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_put`).
    /// Pass the ETag from [`Client::get_storage_volume_with_etag`] to refuse
    /// the write (412) if the volume changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 if there is no such volume, 412 if `etag` no
    /// longer matches, 400 for a config the driver refuses (shrinking a
    /// block volume's `size`).
    pub fn replace_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
        put: &StorageVolumePut,
        etag: Option<&str>,
    ) -> Result<()> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.put(check_volume_type(volume_type).and(path))
            .json(put)
            .etag(etag)
            .unit()
    }

    /// Changes the fields set in `put`; config keys are merged into the
    /// current ones.
    ///
    /// Sends `PATCH /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_patch`).
    /// Incus 6.0.4 clears the description when `put` leaves it out: send
    /// the current one along to keep it.
    pub fn update_storage_volume(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
        put: &StorageVolumePut,
        etag: Option<&str>,
    ) -> Result<()> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.patch(check_volume_type(volume_type).and(path))
            .json(put)
            .etag(etag)
            .unit()
    }

    /// Deletes a volume and its snapshots; it must not be attached to an
    /// instance.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}` (`storage_pool_volume_type_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`] 404 if there is no such volume, 400 if it is in use.
    pub fn delete_storage_volume(&self, pool: &str, volume_type: &str, name: &str) -> Result<()> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}",
            pool,
            volume_type,
            name
        );
        self.delete(check_volume_type(volume_type).and(path)).unit()
    }

    /// Gets the space a volume uses.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/state` (`storage_pool_volume_type_state_get`).
    pub fn get_storage_volume_state(
        &self,
        pool: &str,
        volume_type: &str,
        name: &str,
    ) -> Result<StorageVolumeState> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/state",
            pool,
            volume_type,
            name
        );
        self.get(check_volume_type(volume_type).and(path)).sync()
    }

    /// Rolls a volume back to one of its snapshots: a
    /// [`Client::replace_storage_volume`] with only `restore` set, which the
    /// daemon takes as a restore and nothing else (the description and
    /// config stay).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] before sending if `snapshot` is empty (the
    /// daemon would take the PUT as a full replace and clear the volume's
    /// config), holds `/` or a control character; [`Error::Api`] 404 if
    /// there is no such volume, and (Incus 6.0.4) 500 "Snapshot not found"
    /// if there is no such snapshot.
    pub fn restore_storage_volume_snapshot(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        snapshot: &str,
    ) -> Result<()> {
        self.replace_storage_volume(pool, volume_type, volume, &restore(snapshot)?, None)
    }
}

/// The [`StorageVolumePut`] that restores `snapshot`, once the name is
/// checked.
fn restore(snapshot: &str) -> Result<StorageVolumePut> {
    check_snapshot_name(snapshot)?;
    Ok(StorageVolumePut {
        restore: Some(snapshot.to_string()),
        ..Default::default()
    })
}

/// A volume's name from what follows `…/volumes/{type}/` in a list's URL
/// (decoded): `name`, or `name/snapshots/snap` for a snapshot, given as
/// `name/snap` (the daemon's own name for it in the object lists).
fn volume_name(pool: &str, rest: &str) -> Result<String> {
    match rest.split('/').collect::<Vec<_>>()[..] {
        [name] if !name.is_empty() => Ok(name.to_string()),
        [name, "snapshots", snapshot] if !name.is_empty() && !snapshot.is_empty() => {
            Ok(format!("{name}/{snapshot}"))
        }
        _ => Err(unexpected(pool, rest)),
    }
}

/// A volume's (type, name) from what follows `…/volumes/` in a list's URL:
/// `{type}/{name}`, or `{type}/{name}/snapshots/{snap}`.
fn typed_name(pool: &str, rest: &str) -> Result<(String, String)> {
    match rest.split_once('/') {
        Some((volume_type, name)) if !volume_type.is_empty() => {
            Ok((volume_type.to_string(), volume_name(pool, name)?))
        }
        _ => Err(unexpected(pool, rest)),
    }
}

/// The error for a volume URL of a shape the lists do not give.
fn unexpected(pool: &str, rest: &str) -> Error {
    Error::decode(
        &format!("GET /1.0/storage-pools/{pool}/volumes"),
        format!("unexpected volume URL tail {rest:?}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_needs_a_snapshot_name() {
        assert_eq!(restore("s 0").unwrap().restore.as_deref(), Some("s 0"));
        let body = serde_json::to_value(restore("s0").unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"restore": "s0"}));
        for bad in ["", "a/b", "/", "s\n"] {
            let e = restore(bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput(_)), "{bad:?}: {e}");
            assert!(e.to_string().contains("snapshot"), "{e}");
        }
    }

    #[test]
    fn list_names_split_type_and_snapshot() {
        assert_eq!(
            typed_name("p", "custom/data").unwrap(),
            ("custom".to_string(), "data".to_string())
        );
        assert_eq!(
            typed_name("p", "virtual-machine/v 1/snapshots/s0").unwrap(),
            ("virtual-machine".to_string(), "v 1/s0".to_string())
        );
        assert_eq!(volume_name("p", "é").unwrap(), "é");
        assert_eq!(volume_name("p", "a/snapshots/b").unwrap(), "a/b");
        for bad in [
            "",
            "custom",
            "custom/",
            "/x",
            "custom/a/b",
            "custom/a/snapshots/",
        ] {
            let e = typed_name("p", bad).unwrap_err();
            assert!(matches!(e, Error::Decode { .. }), "{bad:?}: {e}");
        }
        assert!(volume_name("p", "a/b").is_err());
    }
}
