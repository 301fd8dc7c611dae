//! Instance snapshots: `/1.0/instances/{name}/snapshots`.

use crate::client::Client;
use crate::error::Result;
use crate::input::{check_snapshot_name, path};
use crate::models::{
    InstancePut, InstanceSnapshot, InstanceSnapshotPost, InstanceSnapshotPut,
    InstanceSnapshotsPost, Operation,
};

/// Instance snapshots: `/1.0/instances/{name}/snapshots`. Point-in-time
/// copies of an instance's root filesystem and configuration; every change
/// is an [`Operation`] for [`Client::wait_for_completion`]. Restoring one
/// is a `restore` through [`Client::replace_instance`]
/// ([`Client::restore_instance_snapshot`]); a new instance is made from one
/// with [`InstanceSource::copy`](crate::models::InstanceSource::copy)`("c1/snap0")`.
impl Client {
    /// Lists the names of an instance's snapshots.
    ///
    /// Sends `GET /1.0/instances/{name}/snapshots` (`instance_snapshots_get`).
    /// Incus 6.0 answers an empty list, not 404, for a missing instance.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{InstanceSnapshotPost, InstanceSnapshotsPost};
    /// let client = incus::Client::local()?;
    /// let wait = Duration::from_secs(60);
    /// let post = InstanceSnapshotsPost { name: "before-upgrade".into(), ..Default::default() };
    /// client.wait_for_completion(&client.create_instance_snapshot("c1", &post)?, wait)?;
    /// assert!(client.list_instance_snapshot_names("c1")?.contains(&"before-upgrade".into()));
    /// let snapshot = client.get_instance_snapshot("c1", "before-upgrade")?;
    /// println!("taken at {}", snapshot.created_at);
    /// // ... the upgrade went wrong: roll back, then tidy up.
    /// client.wait_for_completion(&client.restore_instance_snapshot("c1", "before-upgrade")?, wait)?;
    /// let rename = InstanceSnapshotPost { name: "known-good".into(), ..Default::default() };
    /// client.wait_for_completion(&client.rename_instance_snapshot("c1", "before-upgrade", &rename)?, wait)?;
    /// client.wait_for_completion(&client.delete_instance_snapshot("c1", "known-good")?, wait)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_snapshot_names(&self, instance: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/snapshots", instance))
            .names()
    }

    /// Lists an instance's snapshots.
    ///
    /// Sends `GET /1.0/instances/{name}/snapshots?recursion=1`
    /// (`instance_snapshots_get_recursion1`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such instance.
    pub fn list_instance_snapshots(&self, instance: &str) -> Result<Vec<InstanceSnapshot>> {
        self.get(path!("/1.0/instances/{}/snapshots", instance))
            .recursion(1)
            .sync()
    }

    /// Gets one snapshot.
    ///
    /// Sends `GET /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if the instance or the snapshot does not exist
    /// ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_instance_snapshot(
        &self,
        instance: &str,
        snapshot: &str,
    ) -> Result<InstanceSnapshot> {
        self.get(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .sync()
    }

    /// Gets one snapshot and its ETag (which covers the expiry), for
    /// [`Client::replace_instance_snapshot`] or [`Client::update_instance_snapshot`].
    ///
    /// Sends `GET /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_get`).
    pub fn get_instance_snapshot_with_etag(
        &self,
        instance: &str,
        snapshot: &str,
    ) -> Result<(InstanceSnapshot, String)> {
        self.get(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .sync_with_etag()
    }

    /// Starts taking a snapshot of an instance (running or stopped); wait
    /// for it with [`Client::wait_for_completion`]. An empty `name` lets the
    /// daemon pick the next free `snapN`.
    ///
    /// Sends `POST /1.0/instances/{name}/snapshots` (`instance_snapshots_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such instance, 400 for a name with
    /// `/`; [`Error::Operation`](crate::Error::Operation) from the wait if the name is taken.
    pub fn create_instance_snapshot(
        &self,
        instance: &str,
        snapshot: &InstanceSnapshotsPost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/snapshots", instance))
            .json(snapshot)
            .operation()
    }

    /// Starts replacing a snapshot's writable fields (its expiry). Without
    /// `expires_at` the daemon changes nothing.
    ///
    /// Sends `PUT /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_put`).
    /// Pass the ETag from [`Client::get_instance_snapshot_with_etag`] to
    /// refuse the write (412) if the expiry changed in between.
    pub fn replace_instance_snapshot(
        &self,
        instance: &str,
        snapshot: &str,
        put: &InstanceSnapshotPut,
        etag: Option<&str>,
    ) -> Result<Operation> {
        self.put(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .json(put)
            .etag(etag)
            .operation()
    }

    /// Starts changing the fields set in `put`; the expiry is the only
    /// writable field, so this does what [`Client::replace_instance_snapshot`] does.
    ///
    /// Sends `PATCH /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_patch`).
    pub fn update_instance_snapshot(
        &self,
        instance: &str,
        snapshot: &str,
        put: &InstanceSnapshotPut,
        etag: Option<&str>,
    ) -> Result<Operation> {
        self.patch(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .json(put)
            .etag(etag)
            .operation()
    }

    /// Starts renaming a snapshot (or, with `migration`, sending it to
    /// another server).
    ///
    /// Sends `POST /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 for an empty name or one with `/`, 409 if the name
    /// is taken, 404 if the snapshot does not exist.
    pub fn rename_instance_snapshot(
        &self,
        instance: &str,
        snapshot: &str,
        post: &InstanceSnapshotPost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .json(post)
            .operation()
    }

    /// Starts deleting a snapshot.
    ///
    /// Sends `DELETE /1.0/instances/{name}/snapshots/{snapshot}` (`instance_snapshot_delete`).
    pub fn delete_instance_snapshot(&self, instance: &str, snapshot: &str) -> Result<Operation> {
        self.delete(path!("/1.0/instances/{}/snapshots/{}", instance, snapshot))
            .operation()
    }

    /// Starts rolling an instance back to one of its snapshots: a
    /// [`Client::replace_instance`] with only `restore` set, which the
    /// daemon takes as a restore and nothing else. A running container
    /// keeps running. For a stateful restore, send an [`InstancePut`] with
    /// `restore` and `stateful: Some(true)` through `replace_instance`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) before sending if `snapshot` is empty (the
    /// daemon would take the PUT as a full replace and clear the instance's
    /// configuration), holds `/` or a control character; [`Error::Api`](crate::Error::Api) 404
    /// if there is no such instance; [`Error::Operation`](crate::Error::Operation) from the wait if
    /// there is no such snapshot.
    pub fn restore_instance_snapshot(&self, instance: &str, snapshot: &str) -> Result<Operation> {
        self.replace_instance(instance, &restore(snapshot)?, None)
    }
}

/// The [`InstancePut`] that restores `snapshot`, once the name is checked.
fn restore(snapshot: &str) -> Result<InstancePut> {
    check_snapshot_name(snapshot)?;
    Ok(InstancePut {
        restore: Some(snapshot.to_string()),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn restore_needs_a_snapshot_name() {
        assert_eq!(restore("s 0").unwrap().restore.as_deref(), Some("s 0"));
        for bad in ["", "a/b", "/", "s\n"] {
            let e = restore(bad).unwrap_err();
            assert!(matches!(e, Error::InvalidInput(_)), "{bad:?}: {e}");
            assert!(e.to_string().contains("snapshot"), "{e}");
        }
    }
}
