//! NBD access to a virtual machine's disks: `/1.0/instances/{name}/nbd`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::options::ConnectInstanceNbdOptions;
use crate::upgrade::Upgraded;

/// NBD access to a running virtual machine's disks:
/// `/1.0/instances/{name}/nbd`, an HTTP upgrade to the NBD protocol.
impl Client {
    /// Connects to an NBD server exporting every disk of a running virtual
    /// machine, one export per Incus disk device name. Requires API
    /// extension `instance_nbd`.
    ///
    /// Sends `GET /1.0/instances/{name}/nbd` (`instance_nbd_get`) with
    /// `Upgrade: nbd`; once the daemon answers `101 Switching Protocols`,
    /// the returned [`Upgraded`] stream speaks NBD (the fixed newstyle
    /// handshake comes first: `NBDMAGIC`, `IHAVEOPT`). The NBD session ends
    /// when its last connection closes; more connections join it with
    /// [`ConnectInstanceNbdOptions::reuse`].
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_nbd` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 if the instance is not a
    /// virtual machine, 404 if there is no such instance;
    /// [`Error::Decode`](crate::Error::Decode) if the daemon answers without
    /// switching protocols.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::Read;
    /// let client = incus::Client::local()?;
    /// let mut nbd = client.connect_instance_nbd("vm1", None)?;
    /// let mut greeting = [0u8; 18];
    /// nbd.read_exact(&mut greeting)?;
    /// assert_eq!(&greeting[..16], b"NBDMAGICIHAVEOPT");
    /// // ... negotiate the `root` export with an NBD client library.
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_instance_nbd(
        &self,
        name: &str,
        options: Option<&ConnectInstanceNbdOptions>,
    ) -> Result<Upgraded> {
        self.get(path!("/1.0/instances/{}/nbd", name))
            .extension("instance_nbd")
            .query(options)
            .upgrade("nbd")
    }
}
