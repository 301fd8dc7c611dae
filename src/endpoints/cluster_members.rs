//! Cluster members: `/1.0/cluster/members`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    ClusterMember, ClusterMemberJoinToken, ClusterMemberPost, ClusterMemberPut, ClusterMemberState,
    ClusterMemberStatePost, ClusterMembersPost, Operation,
};
use crate::options::{DeleteClusterMemberOptions, ListOptions};

/// Cluster members: `/1.0/cluster/members`. The servers of a cluster: add
/// one (a join token), list, read and change them, rename or remove one,
/// and evacuate or restore one. Any member answers for all of them.
impl Client {
    /// Lists the names of the cluster's members.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/cluster/members` (`cluster_members_get`). Of
    /// `options`, the endpoint honours `filter` on servers newer than Incus
    /// 6.0.4 (which ignores it).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::ClusterMemberStatePost;
    /// let client = incus::Client::local()?;
    /// for name in client.list_cluster_member_names(None)? {
    ///     let (member, etag) = client.get_cluster_member_with_etag(&name)?;
    ///     let mut put = member.writable();
    ///     put.description = Some(format!("{} on {}", member.architecture, member.url));
    ///     client.replace_cluster_member(&name, &put, Some(&etag))?;
    ///     let state = client.get_cluster_member_state(&name)?;
    ///     println!("{name}: up {} s", state.sysinfo.uptime);
    /// }
    /// let op = client.set_cluster_member_state("server02", &ClusterMemberStatePost::evacuate())?;
    /// client.wait_for_completion(&op, std::time::Duration::from_secs(300))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_cluster_member_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/cluster/members"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the cluster's members.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/cluster/members?recursion=1`
    /// (`cluster_members_get_recursion1`); `options` as for
    /// [`Client::list_cluster_member_names`].
    pub fn list_cluster_members(
        &self,
        options: Option<&ListOptions>,
    ) -> Result<Vec<ClusterMember>> {
        self.get(path!("/1.0/cluster/members"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one member.
    ///
    /// Sends `GET /1.0/cluster/members/{name}` (`cluster_member_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such member.
    pub fn get_cluster_member(&self, name: &str) -> Result<ClusterMember> {
        self.get(path!("/1.0/cluster/members/{}", name)).sync()
    }

    /// Gets one member and its ETag, for [`Client::replace_cluster_member`]
    /// or [`Client::update_cluster_member`].
    ///
    /// Sends `GET /1.0/cluster/members/{name}` (`cluster_member_get`).
    pub fn get_cluster_member_with_etag(&self, name: &str) -> Result<(ClusterMember, String)> {
        self.get(path!("/1.0/cluster/members/{}", name))
            .sync_with_etag()
    }

    /// Issues a join token for a new member named `member.server_name`:
    /// the server to add joins with it ([`ClusterPut::join`](crate::models::ClusterPut::join)
    /// and [`Client::replace_cluster`] on that server).
    ///
    /// Sends `POST /1.0/cluster/members` (`cluster_members_post`). The
    /// cluster keeps the token as a `token` class operation, returned with
    /// it; [`Client::cancel_operation`] on its id revokes the token, and a
    /// new token for the same name replaces the old one. The token expires
    /// after `cluster.join_token_expiry`.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 if the server is not
    /// clustered, an error if a member already has the name;
    /// [`Error::Decode`](crate::Error::Decode) if the operation does not
    /// hold a token.
    pub fn create_cluster_member(
        &self,
        member: &ClusterMembersPost,
    ) -> Result<(ClusterMemberJoinToken, Operation)> {
        self.post(path!("/1.0/cluster/members"))
            .json(member)
            .operation()
            .and_then(|op| Ok((ClusterMemberJoinToken::from_operation(&op)?, op)))
    }

    /// Renames a member (the member itself takes the request).
    ///
    /// Sends `POST /1.0/cluster/members/{name}` (`cluster_member_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such member,
    /// 409 if the new name is taken.
    pub fn rename_cluster_member(&self, name: &str, member: &ClusterMemberPost) -> Result<()> {
        self.post(path!("/1.0/cluster/members/{}", name))
            .json(member)
            .unit()
    }

    /// Replaces a member's roles, failure domain, description, config and
    /// groups with `member`.
    ///
    /// Sends `PUT /1.0/cluster/members/{name}` (`cluster_member_put`). Pass
    /// the ETag from [`Client::get_cluster_member_with_etag`] to refuse the
    /// write (412) if the member changed in between.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 for no group, an empty failure
    /// domain, dropping or adding the `database` role, or an unknown config
    /// key; 404 if there is no such member.
    pub fn replace_cluster_member(
        &self,
        name: &str,
        member: &ClusterMemberPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/cluster/members/{}", name))
            .json(member)
            .etag(etag)
            .unit()
    }

    /// Changes a member's fields set in `member`; config keys are merged
    /// into the current ones.
    ///
    /// Sends `PATCH /1.0/cluster/members/{name}` (`cluster_member_patch`).
    /// Incus 6.0.4 merges only the config: it refuses a PATCH without the
    /// groups or the failure domain, and one without the `database` role
    /// for a member holding it, so start from
    /// [`ClusterMember::writable`](crate::models::ClusterMember::writable).
    pub fn update_cluster_member(
        &self,
        name: &str,
        member: &ClusterMemberPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/cluster/members/{}", name))
            .json(member)
            .etag(etag)
            .unit()
    }

    /// Removes a member from the cluster: it leaves and resets itself to a
    /// standalone server. With [`DeleteClusterMemberOptions::force`], the
    /// member is dropped from the cluster's database without being asked.
    ///
    /// Sends `DELETE /1.0/cluster/members/{name}` (`cluster_member_delete`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such member,
    /// 400 if it still has instances or is the last database member.
    pub fn delete_cluster_member(
        &self,
        name: &str,
        options: Option<&DeleteClusterMemberOptions>,
    ) -> Result<()> {
        self.delete(path!("/1.0/cluster/members/{}", name))
            .query(options)
            .unit()
    }

    /// Gets a member's state: its system figures and storage pool use.
    /// Requires API extension `cluster_member_state`.
    ///
    /// Sends `GET /1.0/cluster/members/{name}/state` (`cluster_member_state_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `cluster_member_state` (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such member.
    pub fn get_cluster_member_state(&self, name: &str) -> Result<ClusterMemberState> {
        self.get(path!("/1.0/cluster/members/{}/state", name))
            .extension("cluster_member_state")
            .sync()
    }

    /// Starts evacuating a member ([`ClusterMemberStatePost::evacuate`]) or
    /// restoring it ([`ClusterMemberStatePost::restore`]); wait with
    /// [`Client::wait_for_completion`].
    /// A `mode` requires API extension `clustering_evacuation_mode`.
    ///
    /// Sends `POST /1.0/cluster/members/{name}/state` (`cluster_member_state_post`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 400 for an unknown action or mode,
    /// or a member already in the state asked for (`Cluster member is
    /// already restored`); 404 if there is no such member.
    pub fn set_cluster_member_state(
        &self,
        name: &str,
        state: &ClusterMemberStatePost,
    ) -> Result<Operation> {
        self.post(path!("/1.0/cluster/members/{}/state", name))
            .extension_if("clustering_evacuation_mode", !state.mode.is_empty())
            .json(state)
            .operation()
    }
}
