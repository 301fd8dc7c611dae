//! What an import sends: an instance backup (the tarball as a stream, the
//! new instance's name and pool as headers), or a custom volume's backup or
//! ISO image (the content as a stream, the new volume's name and the kind
//! as headers).

use std::fmt;
use std::io::Read;

use crate::error::{Error, Result};
use crate::input::check_text;
use crate::request::Call;
use crate::stream::labelled;

/// A backup tarball to import as a new instance, for
/// [`Client::import_instance_backup`](crate::Client::import_instance_backup):
/// the content streamed from any reader (never held in memory), and
/// optionally the new instance's name, its storage pool and the tarball's
/// length.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// use incus::InstanceBackupArgs;
/// let file = std::fs::File::open("c1.tar.gz")?;
/// let length = file.metadata()?.len();
/// let args = InstanceBackupArgs::new(file).name("c1-restored").pool("fast").length(length);
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct InstanceBackupArgs<'a> {
    content: Box<dyn Read + 'a>,
    name: Option<&'a str>,
    pool: Option<&'a str>,
    length: Option<u64>,
}

impl<'a> InstanceBackupArgs<'a> {
    /// The tarball made by [`Client::export_instance_backup`](crate::Client::export_instance_backup)
    /// (or `incus export`), read from `backup` (a `File`, `&mut` any
    /// reader) as it is sent.
    pub fn new(backup: impl Read + 'a) -> InstanceBackupArgs<'a> {
        InstanceBackupArgs {
            content: Box::new(backup),
            name: None,
            pool: None,
            length: None,
        }
    }

    /// The new instance's name (`X-Incus-name`). Defaults to the name the
    /// backup was made from.
    pub fn name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// The storage pool to put the instance in (`X-Incus-pool`). Defaults
    /// to the pool recorded in the backup, or, when that pool does not
    /// exist here, the root disk pool of the project's default profile.
    pub fn pool(mut self, pool: &'a str) -> Self {
        self.pool = Some(pool);
        self
    }

    /// Declares the tarball's exact length in bytes. The reader must give
    /// exactly `length` bytes: one that ends early or has more fails the
    /// import with [`Error::Transport`] before the daemon sees a complete
    /// request. Defaults to unknown (any length is sent).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// Puts these arguments on a POST to `/1.0/instances`; an empty name or
    /// pool, or one with a control character, is refused.
    pub(crate) fn apply<'c>(self, call: Call<'c>) -> Result<Call<'c>>
    where
        'a: 'c,
    {
        let mut call = call;
        for (header, what, value) in [("name", "name", self.name), ("pool", "pool", self.pool)] {
            if let Some(value) = value {
                if value.is_empty() {
                    return Err(Error::invalid(format!(
                        "the imported instance's {what} must not be empty (leave it unset for the default)"
                    )));
                }
                check_text(what, value)?;
                call = call.daemon_header(header, value);
            }
        }
        let content = labelled(self.content, "the backup to import".into());
        Ok(call.reader(content, self.length))
    }
}

impl fmt::Debug for InstanceBackupArgs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstanceBackupArgs")
            .field("name", &self.name)
            .field("pool", &self.pool)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}

/// A custom volume's backup tarball or an ISO image to import as a new
/// custom volume, for [`Client::import_storage_volume`](crate::Client::import_storage_volume):
/// the content streamed from any reader (never held in memory), the new
/// volume's name and optionally the content's length.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// use incus::StorageVolumeImportArgs;
/// let iso = std::fs::File::open("installer.iso")?;
/// let length = iso.metadata()?.len();
/// let args = StorageVolumeImportArgs::iso(iso).name("installer").length(length);
/// # Ok(())
/// # }
/// ```
#[must_use]
pub struct StorageVolumeImportArgs<'a> {
    content: Box<dyn Read + 'a>,
    iso: bool,
    name: Option<&'a str>,
    length: Option<u64>,
}

impl<'a> StorageVolumeImportArgs<'a> {
    /// The tarball made by [`Client::export_storage_volume_backup`](crate::Client::export_storage_volume_backup)
    /// (or `incus storage volume export`), read from `backup` (a `File`,
    /// `&mut` any reader) as it is sent.
    pub fn backup(backup: impl Read + 'a) -> StorageVolumeImportArgs<'a> {
        StorageVolumeImportArgs::new(backup, false)
    }

    /// An ISO image, read from `iso` as it is sent (`X-Incus-type: iso`).
    /// It needs a [`name`](StorageVolumeImportArgs::name).
    pub fn iso(iso: impl Read + 'a) -> StorageVolumeImportArgs<'a> {
        StorageVolumeImportArgs::new(iso, true)
    }

    fn new(content: impl Read + 'a, iso: bool) -> StorageVolumeImportArgs<'a> {
        StorageVolumeImportArgs {
            content: Box::new(content),
            iso,
            name: None,
            length: None,
        }
    }

    /// The new volume's name (`X-Incus-name`). Required for an ISO; a
    /// backup defaults to the name of the volume it was made from.
    pub fn name(mut self, name: &'a str) -> Self {
        self.name = Some(name);
        self
    }

    /// Declares the content's exact length in bytes. The reader must give
    /// exactly `length` bytes: one that ends early or has more fails the
    /// import with [`Error::Transport`] before the daemon sees a complete
    /// request. Defaults to unknown (any length is sent, chunked).
    pub fn length(mut self, length: u64) -> Self {
        self.length = Some(length);
        self
    }

    /// Puts these arguments on a POST to `…/volumes/custom`; an empty name,
    /// one with a control character, or an ISO without one is refused.
    pub(crate) fn apply<'c>(self, call: Call<'c>) -> Result<Call<'c>>
    where
        'a: 'c,
    {
        let mut call = call;
        match self.name {
            Some("") => {
                return Err(Error::invalid(
                    "the imported volume's name must not be empty (leave it unset for the backup's own)",
                ));
            }
            Some(name) => {
                check_text("name", name)?;
                call = call.daemon_header("name", name);
            }
            None if self.iso => {
                return Err(Error::invalid(
                    "an ISO import needs the new volume's name (StorageVolumeImportArgs::name)",
                ));
            }
            None => {}
        }
        let what = match self.iso {
            true => {
                call = call
                    .extension("custom_volume_iso")
                    .daemon_header("type", "iso");
                "the ISO to import"
            }
            false => "the backup to import",
        };
        Ok(call.reader(labelled(self.content, what.into()), self.length))
    }
}

impl fmt::Debug for StorageVolumeImportArgs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StorageVolumeImportArgs")
            .field("iso", &self.iso)
            .field("name", &self.name)
            .field("length", &self.length)
            .finish_non_exhaustive()
    }
}
