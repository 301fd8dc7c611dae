//! TCP connections into instances: `/1.0/instances/{name}/port-forward`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::InstancePortForwardPost;
use crate::upgrade::Upgraded;

/// TCP connections into instances: `/1.0/instances/{name}/port-forward`,
/// an HTTP upgrade to a raw TCP stream.
impl Client {
    /// Connects to a TCP port inside a running instance, through the daemon
    /// (a container's network namespace, or a virtual machine's agent): no
    /// network route to the instance is needed. Requires API extension
    /// `instance_port_forward`.
    ///
    /// Sends `POST /1.0/instances/{name}/port-forward` (`instance_port_forward_post`)
    /// with `Upgrade: tcp`; once the daemon answers `101 Switching
    /// Protocols`, the returned [`Upgraded`] stream carries the TCP
    /// connection's bytes both ways. One call, one connection: call again
    /// for each connection to forward.
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_port_forward` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 for a bad address or port, 404
    /// if there is no such instance, 500 if nothing listens there;
    /// [`Error::Decode`](crate::Error::Decode) if the daemon answers without
    /// switching protocols.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::{Read, Write};
    /// use incus::models::InstancePortForwardPost;
    /// let client = incus::Client::local()?;
    /// let web = InstancePortForwardPost { port: 80, ..Default::default() };
    /// let mut tcp = client.connect_instance_port_forward("c1", &web)?;
    /// tcp.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
    /// let mut page = String::new();
    /// tcp.read_to_string(&mut page)?;
    /// println!("{page}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_instance_port_forward(
        &self,
        name: &str,
        forward: &InstancePortForwardPost,
    ) -> Result<Upgraded> {
        self.post(path!("/1.0/instances/{}/port-forward", name))
            .extension("instance_port_forward")
            .json(forward)
            .upgrade("tcp")
    }
}
