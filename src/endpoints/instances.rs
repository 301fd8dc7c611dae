//! Instances and their lifecycle: `/1.0/instances` and `…/state`.

use std::time::Duration;

use ureq::http::Method;

use super::{list_path, ListOptions};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    Instance, InstanceFull, InstancePost, InstancePut, InstanceState, InstanceStatePut,
    InstancesPost, InstancesPut, Operation,
};
use crate::request::path;

impl Client {
    /// Lists the names of the instances in the client's project.
    ///
    /// Sends `GET /1.0/instances` (`instances_get`). `options` may set a
    /// filter and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{InstanceSource, InstancesPost};
    /// let client = incus::Client::local()?;
    /// let op = client.create_instance(&InstancesPost {
    ///     name: "c1".into(),
    ///     source: InstanceSource::image_alias("busybox"),
    ///     ..Default::default()
    /// })?;
    /// client.wait_for_completion(&op, Duration::from_secs(60))?;
    /// client.wait_for_completion(&client.start_instance("c1")?, Duration::from_secs(30))?;
    /// println!("{}", client.get_instance_state("c1")?.status);
    /// let stop = client.stop_instance("c1", true, None)?;
    /// client.wait_for_completion(&stop, Duration::from_secs(30))?;
    /// client.wait_for_completion(&client.delete_instance("c1")?, Duration::from_secs(30))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.request_names(&list_path("/1.0/instances", 0, options)?, "/1.0/instances/")
    }

    /// Lists the instances in the client's project.
    ///
    /// Sends `GET /1.0/instances?recursion=1` (`instances_get_recursion1`).
    pub fn list_instances(&self, options: Option<&ListOptions>) -> Result<Vec<Instance>> {
        self.request_json(&list_path("/1.0/instances", 1, options)?)
    }

    /// Lists the instances with their state, snapshots and backups.
    ///
    /// Sends `GET /1.0/instances?recursion=2` (`instances_get_recursion2`).
    pub fn list_instances_full(&self, options: Option<&ListOptions>) -> Result<Vec<InstanceFull>> {
        self.request_json(&list_path("/1.0/instances", 2, options)?)
    }

    /// Gets one instance.
    ///
    /// Sends `GET /1.0/instances/{name}` (`instance_get`).
    pub fn get_instance(&self, name: &str) -> Result<Instance> {
        self.request_json(&path!("/1.0/instances/{}", name)?)
    }

    /// Gets one instance with its state, snapshots and backups.
    ///
    /// Sends `GET /1.0/instances/{name}?recursion=1` (`instance_get_recursion1`).
    pub fn get_instance_full(&self, name: &str) -> Result<InstanceFull> {
        self.request_json(&path!("/1.0/instances/{}?recursion=1", name)?)
    }

    /// Gets one instance and its ETag, for [`Client::replace_instance`] or
    /// [`Client::update_instance`].
    ///
    /// Sends `GET /1.0/instances/{name}` (`instance_get`).
    pub fn get_instance_with_etag(&self, name: &str) -> Result<(Instance, String)> {
        self.request_json_with_etag(&path!("/1.0/instances/{}", name)?)
    }

    /// Starts creating an instance; wait for it with
    /// [`Client::wait_for_completion`]. With [`Client::with_target`], the
    /// instance is created on that cluster member.
    ///
    /// Sends `POST /1.0/instances` (`instances_post`).
    pub fn create_instance(&self, instance: &InstancesPost) -> Result<Operation> {
        self.request_operation(Method::POST, "/1.0/instances", Some(instance), None)
    }

    /// Starts replacing an instance's configuration with `instance`; fields
    /// left unset are cleared. Setting `restore` restores a snapshot.
    ///
    /// Sends `PUT /1.0/instances/{name}` (`instance_put`); `etag` as for
    /// [`Client::replace_profile`].
    pub fn replace_instance(
        &self,
        name: &str,
        instance: &InstancePut,
        etag: Option<&str>,
    ) -> Result<Operation> {
        let path = path!("/1.0/instances/{}", name)?;
        self.request_operation(Method::PUT, &path, Some(instance), etag)
    }

    /// Changes only the fields set in `instance`; config keys and devices
    /// are merged.
    ///
    /// Sends `PATCH /1.0/instances/{name}` (`instance_patch`).
    pub fn update_instance(
        &self,
        name: &str,
        instance: &InstancePut,
        etag: Option<&str>,
    ) -> Result<()> {
        let path = path!("/1.0/instances/{}", name)?;
        self.request_unit(Method::PATCH, &path, Some(instance), etag)
    }

    /// Starts renaming (or moving) an instance; it must be stopped.
    ///
    /// Sends `POST /1.0/instances/{name}` (`instance_post`).
    pub fn rename_instance(&self, name: &str, instance: &InstancePost) -> Result<Operation> {
        let path = path!("/1.0/instances/{}", name)?;
        self.request_operation(Method::POST, &path, Some(instance), None)
    }

    /// Starts deleting an instance; it must be stopped.
    ///
    /// Sends `DELETE /1.0/instances/{name}` (`instance_delete`).
    pub fn delete_instance(&self, name: &str) -> Result<Operation> {
        let path = path!("/1.0/instances/{}", name)?;
        self.request_operation::<()>(Method::DELETE, &path, None, None)
    }

    /// Gets an instance's runtime state: status, processes, CPU, memory,
    /// disks and network.
    ///
    /// Sends `GET /1.0/instances/{name}/state` (`instance_state_get`).
    pub fn get_instance_state(&self, name: &str) -> Result<InstanceState> {
        self.request_json(&path!("/1.0/instances/{}/state", name)?)
    }

    /// Starts a state change (start, stop, restart, freeze, unfreeze).
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`). The
    /// shortcuts below fill in `state` for each action.
    pub fn set_instance_state(&self, name: &str, state: &InstanceStatePut) -> Result<Operation> {
        let path = path!("/1.0/instances/{}/state", name)?;
        self.request_operation(Method::PUT, &path, Some(state), None)
    }

    /// Starts starting an instance. Sends `PUT /1.0/instances/{name}/state`.
    pub fn start_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &action("start", false, None))
    }

    /// Starts stopping an instance: with `force`, at once; otherwise the
    /// instance is asked to shut down and given `timeout` (None: no limit on
    /// the server side; bound your wait with
    /// [`Client::wait_for_completion`]). Sends `PUT /1.0/instances/{name}/state`.
    pub fn stop_instance(
        &self,
        name: &str,
        force: bool,
        timeout: Option<Duration>,
    ) -> Result<Operation> {
        self.set_instance_state(name, &action("stop", force, timeout))
    }

    /// Starts restarting an instance; `force` and `timeout` as for
    /// [`Client::stop_instance`]. Sends `PUT /1.0/instances/{name}/state`.
    pub fn restart_instance(
        &self,
        name: &str,
        force: bool,
        timeout: Option<Duration>,
    ) -> Result<Operation> {
        self.set_instance_state(name, &action("restart", force, timeout))
    }

    /// Starts freezing (pausing) a running instance. Sends
    /// `PUT /1.0/instances/{name}/state`.
    pub fn freeze_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &action("freeze", false, None))
    }

    /// Starts unfreezing a frozen instance. Sends
    /// `PUT /1.0/instances/{name}/state`.
    pub fn unfreeze_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &action("unfreeze", false, None))
    }

    /// Starts one state change for every instance in the client's project.
    ///
    /// Sends `PUT /1.0/instances` (`instances_put`).
    pub fn set_instances_state(&self, state: &InstancesPut) -> Result<Operation> {
        self.request_operation(Method::PUT, "/1.0/instances", Some(state), None)
    }
}

/// The state change body for `action`; no timeout means none on the server.
fn action(action: &str, force: bool, timeout: Option<Duration>) -> InstanceStatePut {
    InstanceStatePut {
        action: action.to_string(),
        force,
        timeout: Some(timeout.map_or(-1, |t| t.as_secs().min(i64::MAX as u64) as i64)),
        ..Default::default()
    }
}
