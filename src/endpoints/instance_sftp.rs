//! An instance's SFTP server: `/1.0/instances/{name}/sftp`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::upgrade::Upgraded;

/// An instance's filesystem over SFTP: the daemon runs an SFTP server on
/// the instance's filesystem and switches the connection over to it.
impl Client {
    /// Connects to an SFTP server on an instance's filesystem: the
    /// connection, switched to SFTP, is a byte stream to give to an SFTP
    /// client library (or to speak SFTP on by hand).
    ///
    /// Sends `GET /1.0/instances/{name}/sftp` (`instance_sftp`) with
    /// `Upgrade: sftp`; the daemon answers `101 Switching Protocols`. With
    /// [`Client::with_project`] the project is sent as for any request.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) when the daemon refuses (404 for a
    /// missing instance); [`Error::Transport`](crate::Error::Transport) if
    /// the connection fails.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::{Read, Write};
    /// let client = incus::Client::local()?;
    /// let mut sftp = client.connect_instance_sftp("c1")?;
    /// // SSH_FXP_INIT, version 3: length 5, type 1, version.
    /// sftp.write_all(&[0, 0, 0, 5, 1, 0, 0, 0, 3])?;
    /// let mut reply = [0u8; 9];
    /// sftp.read_exact(&mut reply)?; // SSH_FXP_VERSION: type 2, the server's version
    /// assert_eq!(reply[4], 2);
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_instance_sftp(&self, name: &str) -> Result<Upgraded> {
        self.get(path!("/1.0/instances/{}/sftp", name))
            .upgrade("sftp")
    }
}
