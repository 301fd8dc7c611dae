//! NBD access to a storage volume and its dirty bitmaps:
//! `/1.0/storage-pools/{pool}/volumes/{type}/{volume}/nbd` and `…/bitmaps`.

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_volume_type, path};
use crate::models::{StorageVolumeBitmap, StorageVolumeBitmapsPost};
use crate::options::ConnectStorageVolumeNbdOptions;
use crate::upgrade::Upgraded;

/// A block volume's raw blocks over NBD, and the dirty bitmaps that record
/// which blocks changed (the basis of incremental backups). All require API
/// extension `storage_volume_nbd`.
impl Client {
    /// Connects to an NBD server exporting a storage volume's blocks.
    /// Requires API extension `storage_volume_nbd`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/nbd`
    /// (`storage_pool_volume_type_nbd_get`) with `Upgrade: nbd`; once the
    /// daemon answers `101 Switching Protocols`, the returned [`Upgraded`]
    /// stream speaks NBD, as [`Client::connect_instance_nbd`]'s does. The
    /// export is read-only unless
    /// [`ConnectStorageVolumeNbdOptions::writable`] is set.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_volume_nbd` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such volume, 400
    /// if it cannot be exported; [`Error::InvalidInput`](crate::Error::InvalidInput)
    /// for an unknown volume type.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::Read;
    /// use incus::models::StorageVolumeBitmapsPost;
    /// let client = incus::Client::local()?;
    /// let bitmap = StorageVolumeBitmapsPost { name: "since-monday".into(), ..Default::default() };
    /// client.create_storage_volume_bitmap("default", "custom", "disk1", &bitmap)?;
    /// for bitmap in client.list_storage_volume_bitmaps("default", "custom", "disk1")? {
    ///     println!("{}: {} dirty bytes", bitmap.name, bitmap.count);
    /// }
    /// let mut nbd = client.connect_storage_volume_nbd("default", "custom", "disk1", None)?;
    /// let mut greeting = [0u8; 18];
    /// nbd.read_exact(&mut greeting)?;
    /// assert_eq!(&greeting[..16], b"NBDMAGICIHAVEOPT");
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_storage_volume_nbd(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        options: Option<&ConnectStorageVolumeNbdOptions>,
    ) -> Result<Upgraded> {
        let nbd = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/nbd",
            pool,
            volume_type,
            volume
        );
        self.get(check_volume_type(volume_type).and(nbd))
            .extension("storage_volume_nbd")
            .query(options)
            .upgrade("nbd")
    }

    /// Lists the names of a storage volume's dirty bitmaps. Requires API
    /// extension `storage_volume_nbd`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/bitmaps`
    /// (`storage_pool_volume_type_bitmaps_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `storage_volume_nbd` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such volume;
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an unknown
    /// volume type.
    pub fn list_storage_volume_bitmap_names(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<String>> {
        let bitmaps = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/bitmaps",
            pool,
            volume_type,
            volume
        );
        self.get(check_volume_type(volume_type).and(bitmaps))
            .extension("storage_volume_nbd")
            .names()
    }

    /// Lists a storage volume's dirty bitmaps. Requires API extension
    /// `storage_volume_nbd`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/bitmaps?recursion=1`
    /// (`storage_pool_volume_type_bitmaps_get_recursion1`). Errors as
    /// [`Client::list_storage_volume_bitmap_names`].
    pub fn list_storage_volume_bitmaps(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
    ) -> Result<Vec<StorageVolumeBitmap>> {
        let bitmaps = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/bitmaps",
            pool,
            volume_type,
            volume
        );
        self.get(check_volume_type(volume_type).and(bitmaps))
            .extension("storage_volume_nbd")
            .recursion(1)
            .sync()
    }

    /// Creates a dirty bitmap on a storage volume: from now on it records
    /// which blocks change. Requires API extension `storage_volume_nbd`.
    ///
    /// Sends `POST /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/bitmaps`
    /// (`storage_pool_volumes_type_bitmaps_post`). Errors as
    /// [`Client::list_storage_volume_bitmap_names`];
    /// [`Error::Api`](crate::Error::Api) 400 for a volume that has no
    /// blocks to track or a name in use.
    pub fn create_storage_volume_bitmap(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        bitmap: &StorageVolumeBitmapsPost,
    ) -> Result<()> {
        let bitmaps = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/bitmaps",
            pool,
            volume_type,
            volume
        );
        self.post(check_volume_type(volume_type).and(bitmaps))
            .extension("storage_volume_nbd")
            .json(bitmap)
            .unit()
    }

    /// Gets one dirty bitmap of a storage volume. Requires API extension
    /// `storage_volume_nbd`.
    ///
    /// Sends `GET /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/bitmaps/{bitmapName}`
    /// (`storage_pool_volume_type_bitmap_get`). Errors as
    /// [`Client::list_storage_volume_bitmap_names`]; 404 also for a missing
    /// bitmap.
    pub fn get_storage_volume_bitmap(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        bitmap: &str,
    ) -> Result<StorageVolumeBitmap> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/bitmaps/{}",
            pool,
            volume_type,
            volume,
            bitmap
        );
        self.get(check_volume_type(volume_type).and(path))
            .extension("storage_volume_nbd")
            .sync()
    }

    /// Deletes a dirty bitmap of a storage volume. Requires API extension
    /// `storage_volume_nbd`.
    ///
    /// Sends `DELETE /1.0/storage-pools/{poolName}/volumes/{type}/{volumeName}/bitmaps/{bitmapName}`
    /// (`storage_pool_volumes_type_bitmap_delete`). Errors as
    /// [`Client::get_storage_volume_bitmap`].
    pub fn delete_storage_volume_bitmap(
        &self,
        pool: &str,
        volume_type: &str,
        volume: &str,
        bitmap: &str,
    ) -> Result<()> {
        let path = path!(
            "/1.0/storage-pools/{}/volumes/{}/{}/bitmaps/{}",
            pool,
            volume_type,
            volume,
            bitmap
        );
        self.delete(check_volume_type(volume_type).and(path))
            .extension("storage_volume_nbd")
            .unit()
    }
}
