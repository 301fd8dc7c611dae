//! Instance consoles: `/1.0/instances/{name}/console`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{InstanceConsolePost, Operation};
use crate::stream::Download;
use crate::terminal::ConsoleSession;

/// Instance consoles: attach to one (a terminal session over websockets),
/// read what the instance has written to it, clear that log.
impl Client {
    /// Starts attaching to an instance's console: the raw endpoint. The
    /// operation's metadata `fds` holds the secrets of its websockets (`0`
    /// for the console's bytes, `control` for resizing); most callers want
    /// [`Client::attach_instance_console`].
    /// `force` requires API extension `console_force`.
    ///
    /// Sends `POST /1.0/instances/{name}/console` (`instance_console_post`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use std::io::{Read, Write};
    /// let client = incus::Client::local()?;
    /// let mut console = client.attach_instance_console("c1", (80, 24))?;
    /// console.write_all(b"\n")?;
    /// let mut seen = [0u8; 256];
    /// let n = console.read(&mut seen)?;
    /// println!("{}", String::from_utf8_lossy(&seen[..n]));
    /// console.close()?;
    /// let mut log = client.get_instance_console_log("c1")?;
    /// std::io::copy(&mut log, &mut std::io::stdout())?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn console_instance(&self, name: &str, console: &InstanceConsolePost) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/console", name))
            .extension_if("console_force", console.force)
            .json(console)
            .operation()
    }

    /// Attaches to an instance's text console at `columns` × `rows`, taking
    /// it over from another client attached to it where the server can
    /// (API extension `console_force`; LXD 5.0 is asked without it). Uses
    /// [`Client::console_instance`] and the operation's websockets.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) for a missing or stopped instance;
    /// [`Error::Transport`](crate::Error::Transport) if a websocket fails.
    pub fn attach_instance_console(
        &self,
        name: &str,
        (columns, rows): (u32, u32),
    ) -> Result<ConsoleSession> {
        let post = InstanceConsolePost {
            width: Some(columns),
            height: Some(rows),
            force: self.has_extension("console_force")?,
            ..InstanceConsolePost::default()
        };
        ConsoleSession::start(self, self.console_instance(name, &post)?)
    }

    /// Reads what the instance has written to its console so far, as a
    /// stream.
    ///
    /// Sends `GET /1.0/instances/{name}/console` (`instance_console_get`).
    pub fn get_instance_console_log(&self, name: &str) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/console", name)).stream()
    }

    /// Clears the console log.
    ///
    /// Sends `DELETE /1.0/instances/{name}/console` (`instance_console_delete`).
    pub fn clear_instance_console_log(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/console", name)).unit()
    }
}
