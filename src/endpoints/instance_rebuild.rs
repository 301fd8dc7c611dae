//! Rebuilding an instance: `/1.0/instances/{name}/rebuild`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{InstanceRebuildPost, Operation};

/// Rebuilding an instance: a new root filesystem (from an image, or empty)
/// under the same name, configuration, devices and snapshots.
impl Client {
    /// Starts rebuilding a stopped instance's root filesystem from an image
    /// or as an empty one; wait for it with [`Client::wait_for_completion`].
    /// Everything in the old root filesystem is lost.
    /// Requires API extension `instances_rebuild`.
    ///
    /// Sends `POST /1.0/instances/{name}/rebuild` (`instance_rebuild_post`).
    /// An empty rebuild leaves an empty root filesystem and no image
    /// metadata: the instance does not start until something is put there.
    /// Incus 6.0.4: the file endpoints of a stopped instance can show the old
    /// filesystem for some seconds after a rebuild (a cached file server).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instances_rebuild` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if the instance does not exist,
    /// 400 if it is running; [`Error::Operation`](crate::Error::Operation)
    /// from the wait if the image cannot be used.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{InstanceRebuildPost, InstanceSource};
    /// let client = incus::Client::local()?;
    /// let rebuild = InstanceRebuildPost {
    ///     source: InstanceSource::image_alias("debian/12"),
    /// };
    /// let op = client.rebuild_instance("c1", &rebuild)?;
    /// client.wait_for_completion(&op, Duration::from_secs(120))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn rebuild_instance(&self, name: &str, rebuild: &InstanceRebuildPost) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/rebuild", name))
            .extension("instances_rebuild")
            .json(rebuild)
            .operation()
    }
}
