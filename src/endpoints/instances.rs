//! Instances and their lifecycle: `/1.0/instances` and `…/state`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    Instance, InstanceFull, InstancePost, InstancePut, InstanceState, InstanceStatePut,
    InstancesPost, InstancesPut, Operation,
};
use crate::options::ListOptions;

/// Instances and their lifecycle: `/1.0/instances` and `…/state`.
/// Containers and virtual machines; changes that take time return an
/// [`Operation`] for [`Client::wait_for_completion`].
impl Client {
    /// Lists the names of the instances in the client's project.
    ///
    /// Sends `GET /1.0/instances` (`instances_get`). Of `options`, the
    /// endpoint honours `filter` and `all_projects`.
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
    /// let stop = client.stop_instance("c1")?;
    /// client.wait_for_completion(&stop, Duration::from_secs(30))?;
    /// client.wait_for_completion(&client.delete_instance("c1")?, Duration::from_secs(30))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances")).query(options).names()
    }

    /// Lists the instances in the client's project.
    ///
    /// Sends `GET /1.0/instances?recursion=1` (`instances_get_recursion1`);
    /// `options` as for [`Client::list_instance_names`].
    pub fn list_instances(&self, options: Option<&ListOptions>) -> Result<Vec<Instance>> {
        self.get(path!("/1.0/instances"))
            .recursion(1)
            .query(options)
            .sync()
    }

    /// Lists the instances with their state, snapshots and backups.
    ///
    /// Sends `GET /1.0/instances?recursion=2` (`instances_get_recursion2`);
    /// `options` as for [`Client::list_instance_names`].
    pub fn list_instances_full(&self, options: Option<&ListOptions>) -> Result<Vec<InstanceFull>> {
        self.get(path!("/1.0/instances"))
            .recursion(2)
            .query(options)
            .sync()
    }

    /// Gets one instance.
    ///
    /// Sends `GET /1.0/instances/{name}` (`instance_get`).
    pub fn get_instance(&self, name: &str) -> Result<Instance> {
        self.get(path!("/1.0/instances/{}", name)).sync()
    }

    /// Gets one instance with its state, snapshots and backups.
    ///
    /// Sends `GET /1.0/instances/{name}?recursion=1` (`instance_get_recursion1`).
    pub fn get_instance_full(&self, name: &str) -> Result<InstanceFull> {
        self.get(path!("/1.0/instances/{}", name))
            .recursion(1)
            .sync()
    }

    /// Gets one instance and its ETag, for [`Client::replace_instance`] or
    /// [`Client::update_instance`].
    ///
    /// Sends `GET /1.0/instances/{name}` (`instance_get`).
    pub fn get_instance_with_etag(&self, name: &str) -> Result<(Instance, String)> {
        self.get(path!("/1.0/instances/{}", name)).sync_with_etag()
    }

    /// Starts creating an instance; wait for it with
    /// [`Client::wait_for_completion`]. With [`Client::with_target`], the
    /// instance is created on that cluster member.
    /// `start: true` requires API extension `instance_create_start` (LXD 5.0
    /// would leave the instance stopped), and `source.refresh_exclude_older`
    /// `custom_volume_refresh_exclude_older_snapshots`.
    ///
    /// Sends `POST /1.0/instances` (`instances_post`).
    pub fn create_instance(&self, instance: &InstancesPost) -> Result<Operation> {
        self.post(path!("/1.0/instances"))
            .extension_if("instance_create_start", instance.start)
            .extension_if(
                "custom_volume_refresh_exclude_older_snapshots",
                instance.source.refresh_exclude_older,
            )
            .json(instance)
            .operation()
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
        self.put(path!("/1.0/instances/{}", name))
            .json(instance)
            .etag(etag)
            .operation()
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
        self.patch(path!("/1.0/instances/{}", name))
            .json(instance)
            .etag(etag)
            .unit()
    }

    /// Starts renaming (or moving) an instance; it must be stopped.
    ///
    /// Sends `POST /1.0/instances/{name}` (`instance_post`).
    pub fn rename_instance(&self, name: &str, instance: &InstancePost) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}", name))
            .json(instance)
            .operation()
    }

    /// Starts deleting an instance; it must be stopped.
    ///
    /// Sends `DELETE /1.0/instances/{name}` (`instance_delete`).
    pub fn delete_instance(&self, name: &str) -> Result<Operation> {
        self.delete(path!("/1.0/instances/{}", name)).operation()
    }

    /// Gets an instance's runtime state: status, processes, CPU, memory,
    /// disks and network.
    ///
    /// Sends `GET /1.0/instances/{name}/state` (`instance_state_get`).
    pub fn get_instance_state(&self, name: &str) -> Result<InstanceState> {
        self.get(path!("/1.0/instances/{}/state", name)).sync()
    }

    /// Starts a state change: start, stop, restart, freeze or unfreeze,
    /// built with [`InstanceStatePut::stop`] and the others, e.g.
    /// `InstanceStatePut::stop().force().timeout(d)`.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`).
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::InstanceStatePut;
    /// let client = incus::Client::local()?;
    /// let stop = InstanceStatePut::stop().timeout(Duration::from_secs(30));
    /// let op = client.set_instance_state("c1", &stop)?;
    /// client.wait_for_completion(&op, Duration::from_secs(60))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_instance_state(&self, name: &str, state: &InstanceStatePut) -> Result<Operation> {
        self.put(path!("/1.0/instances/{}/state", name))
            .json(state)
            .operation()
    }

    /// Starts starting an instance.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`), as
    /// [`InstanceStatePut::start`].
    pub fn start_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &InstanceStatePut::start())
    }

    /// Starts stopping an instance cleanly, with no time limit on the server
    /// side (bound your wait with [`Client::wait_for_completion`]); use
    /// [`Client::set_instance_state`] with [`InstanceStatePut::stop`] to
    /// force it or give it a timeout.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`).
    pub fn stop_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &InstanceStatePut::stop())
    }

    /// Starts restarting an instance cleanly; as [`Client::stop_instance`],
    /// use [`InstanceStatePut::restart`] for force or a timeout.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`).
    pub fn restart_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &InstanceStatePut::restart())
    }

    /// Starts freezing (pausing) a running instance.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`).
    pub fn freeze_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &InstanceStatePut::freeze())
    }

    /// Starts unfreezing a frozen instance.
    ///
    /// Sends `PUT /1.0/instances/{name}/state` (`instance_state_put`).
    pub fn unfreeze_instance(&self, name: &str) -> Result<Operation> {
        self.set_instance_state(name, &InstanceStatePut::unfreeze())
    }

    /// Starts one state change for every instance in the client's project.
    ///
    /// Sends `PUT /1.0/instances` (`instances_put`).
    pub fn set_instances_state(&self, state: &InstancesPut) -> Result<Operation> {
        self.put(path!("/1.0/instances")).json(state).operation()
    }
}
