//! The server itself: `/`, `/1.0` and `/1.0/resources`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{Resources, Server, ServerPut};

/// The server itself: `/`, `/1.0` and `/1.0/resources`. Its environment,
/// configuration and hardware.
impl Client {
    /// Lists the API versions the server supports (e.g. `["/1.0"]`).
    ///
    /// Sends `GET /` (`api_get`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// assert!(client.get_api_versions()?.contains(&"/1.0".to_string()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_api_versions(&self) -> Result<Vec<String>> {
        self.get(path!("/")).sync()
    }

    /// Gets the server's environment and configuration.
    ///
    /// Sends `GET /1.0` (`server_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Transport`](crate::Error::Transport) if the daemon cannot be
    /// reached; [`Error::Decode`](crate::Error::Decode) if it is not an Incus
    /// or LXD daemon.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let server = client.get_server()?;
    /// println!("{} {}", server.environment.server, server.environment.server_version);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_server(&self) -> Result<Server> {
        self.get(path!("/1.0")).sync()
    }

    /// Gets the server's environment and configuration, and its ETag for
    /// [`Client::replace_server`] or [`Client::update_server`].
    ///
    /// Sends `GET /1.0` (`server_get`).
    pub fn get_server_with_etag(&self) -> Result<(Server, String)> {
        self.get(path!("/1.0")).sync_with_etag()
    }

    /// Whether the server has the API extension `name` (e.g.
    /// `instance_nvram`).
    ///
    /// The list is read with `GET /1.0` the first time it is needed and
    /// kept for the life of the client and its clones (a daemon upgraded
    /// meanwhile is seen by a new client). That read carries no `project=`
    /// or `target=`: the list belongs to the daemon, and the first clone to
    /// ask must not decide what the others see (a clone's unknown target
    /// would fail it). Methods that need an extension check it the same way
    /// before sending, and fail with
    /// [`Error::MissingExtension`](crate::Error::MissingExtension).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// if client.has_extension("instance_nvram")? {
    ///     println!("this server serves NVRAM variables");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn has_extension(&self, name: &str) -> Result<bool> {
        self.server_info(|info| info.extensions.iter().any(|e| e == name))
    }

    /// Replaces the whole server configuration with `server`: keys not in it
    /// are removed.
    ///
    /// Sends `PUT /1.0` (`server_put`). With `etag` from
    /// [`Client::get_server_with_etag`], the write is refused (412) if the
    /// configuration changed in between.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let (server, etag) = client.get_server_with_etag()?;
    /// let mut put = server.writable();
    /// put.config.insert("images.auto_update_interval".into(), "0".into());
    /// client.replace_server(&put, Some(&etag))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn replace_server(&self, server: &ServerPut, etag: Option<&str>) -> Result<()> {
        self.put(path!("/1.0")).json(server).etag(etag).unit()
    }

    /// Changes only the server configuration keys set in `server`.
    ///
    /// Sends `PATCH /1.0` (`server_patch`). A key set to `""` is removed.
    pub fn update_server(&self, server: &ServerPut, etag: Option<&str>) -> Result<()> {
        self.patch(path!("/1.0")).json(server).etag(etag).unit()
    }

    /// Gets the hardware resources of the server (CPU, memory, disks, ...).
    ///
    /// Sends `GET /1.0/resources` (`resources_get`).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let resources = incus::Client::local()?.get_resources()?;
    /// println!("{} CPU threads", resources.cpu.total);
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_resources(&self) -> Result<Resources> {
        self.get(path!("/1.0/resources")).sync()
    }
}
