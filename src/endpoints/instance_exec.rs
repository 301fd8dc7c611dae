//! Running commands: `POST /1.0/instances/{name}/exec`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{InstanceExecPost, Operation};

/// The exec endpoint itself; [`Client::exec`] and [`Client::exec_output`]
/// build on it and connect its websockets.
impl Client {
    /// Starts a command in an instance: the raw endpoint. With
    /// `wait_for_websocket`, the operation's metadata `fds` holds the
    /// secrets of its websockets ([`Client::connect_operation_websocket`]);
    /// with `record_output`, the output goes to files listed in the
    /// finished operation's `output` ([`Client::get_instance_exec_output`]).
    /// The exit code is the finished operation's `metadata.return`.
    ///
    /// Sends `POST /1.0/instances/{name}/exec` (`instance_exec_post`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::InstanceExecPost;
    /// let client = incus::Client::local()?;
    /// let post = InstanceExecPost {
    ///     command: vec!["touch".into(), "/tmp/ran".into()],
    ///     record_output: true,
    ///     ..Default::default()
    /// };
    /// let done = client.wait_for_completion(&client.exec_instance("c1", &post)?, Duration::from_secs(30))?;
    /// println!("exit {}", done.metadata["return"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn exec_instance(&self, name: &str, exec: &InstanceExecPost) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/exec", name))
            .json(exec)
            .operation()
    }
}
