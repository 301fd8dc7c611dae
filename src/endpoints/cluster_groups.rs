//! Cluster groups: `/1.0/cluster/groups`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{ClusterGroup, ClusterGroupPost, ClusterGroupPut, ClusterGroupsPost};

/// Cluster groups: `/1.0/cluster/groups`. Named sets of members: place an
/// instance on one with `client.with_target("@group")`, or restrict a
/// project to some. Every member is in the group `default` too.
impl Client {
    /// Lists the names of the cluster groups.
    ///
    /// Sends `GET /1.0/cluster/groups` (`cluster_groups_get`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ClusterGroupPost, ClusterGroupsPost};
    /// let client = incus::Client::local()?;
    /// client.create_cluster_group(&ClusterGroupsPost {
    ///     name: "fast".into(),
    ///     members: vec!["server01".into()],
    ///     ..Default::default()
    /// })?;
    /// let (group, etag) = client.get_cluster_group_with_etag("fast")?;
    /// let mut put = group.writable();
    /// put.members.push("server02".into());
    /// client.replace_cluster_group("fast", &put, Some(&etag))?;
    /// client.rename_cluster_group("fast", &ClusterGroupPost { name: "nvme".into() })?;
    /// println!("{:?}", client.list_cluster_group_names()?);
    /// client.replace_cluster_group("nvme", &Default::default(), None)?; // empty it
    /// client.delete_cluster_group("nvme")?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_cluster_group_names(&self) -> Result<Vec<String>> {
        self.get(path!("/1.0/cluster/groups")).names()
    }

    /// Lists the cluster groups.
    ///
    /// Sends `GET /1.0/cluster/groups?recursion=1` (`cluster_groups_get_recursion1`).
    pub fn list_cluster_groups(&self) -> Result<Vec<ClusterGroup>> {
        self.get(path!("/1.0/cluster/groups")).recursion(1).sync()
    }

    /// Gets one cluster group.
    ///
    /// Sends `GET /1.0/cluster/groups/{name}` (`cluster_group_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such group.
    pub fn get_cluster_group(&self, name: &str) -> Result<ClusterGroup> {
        self.get(path!("/1.0/cluster/groups/{}", name)).sync()
    }

    /// Gets one cluster group and its ETag, for
    /// [`Client::replace_cluster_group`] or [`Client::update_cluster_group`].
    ///
    /// Sends `GET /1.0/cluster/groups/{name}` (`cluster_group_get`).
    pub fn get_cluster_group_with_etag(&self, name: &str) -> Result<(ClusterGroup, String)> {
        self.get(path!("/1.0/cluster/groups/{}", name))
            .sync_with_etag()
    }

    /// Creates a cluster group.
    ///
    /// Sends `POST /1.0/cluster/groups` (`cluster_groups_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 if the server is not
    /// clustered; an error for an invalid or taken name or an unknown
    /// member.
    pub fn create_cluster_group(&self, group: &ClusterGroupsPost) -> Result<()> {
        self.post(path!("/1.0/cluster/groups")).json(group).unit()
    }

    /// Renames a cluster group.
    ///
    /// Sends `POST /1.0/cluster/groups/{name}` (`cluster_group_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such group;
    /// Incus 6.0.4 answers 500 `Name "…" already in use` for a taken name.
    pub fn rename_cluster_group(&self, name: &str, group: &ClusterGroupPost) -> Result<()> {
        self.post(path!("/1.0/cluster/groups/{}", name))
            .json(group)
            .unit()
    }

    /// Replaces a group's description, members and config with `group`.
    ///
    /// Sends `PUT /1.0/cluster/groups/{name}` (`cluster_group_put`). Pass
    /// the ETag from [`Client::get_cluster_group_with_etag`] to refuse the
    /// write (412) if the group changed in between (Incus 6.0.4 checks no
    /// ETag here).
    pub fn replace_cluster_group(
        &self,
        name: &str,
        group: &ClusterGroupPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/cluster/groups/{}", name))
            .json(group)
            .etag(etag)
            .unit()
    }

    /// Changes a group's fields set in `group`; members left out stay.
    ///
    /// Sends `PATCH /1.0/cluster/groups/{name}` (`cluster_group_patch`).
    /// Incus 6.0.4 fails this (500, `Query deleted 2 NodeClusterGroup rows
    /// instead of 1`) unless the group has exactly one member; use
    /// [`Client::replace_cluster_group`] there.
    pub fn update_cluster_group(
        &self,
        name: &str,
        group: &ClusterGroupPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/cluster/groups/{}", name))
            .json(group)
            .etag(etag)
            .unit()
    }

    /// Deletes an empty cluster group (empty it first with a
    /// [`Client::replace_cluster_group`] that lists no members).
    ///
    /// Sends `DELETE /1.0/cluster/groups/{name}` (`cluster_group_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such group;
    /// Incus 6.0.4 answers 500 `Only empty cluster groups can be removed`
    /// for a group with members.
    pub fn delete_cluster_group(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/cluster/groups/{}", name)).unit()
    }
}
