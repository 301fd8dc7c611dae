//! Projects: `/1.0/projects`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{
    Access, Operation, Project, ProjectPost, ProjectPut, ProjectState, ProjectsPost,
};
use crate::options::{DeleteProjectOptions, ListOptions};

/// Projects: `/1.0/projects`. Separate sets of instances, images, profiles,
/// volumes and networks, each with its own limits; select one for every
/// request with [`Client::with_project`].
impl Client {
    /// Lists the names of the projects.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/projects` (`projects_get`). Of `options`, the
    /// endpoint honours `filter`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::{ProjectPost, ProjectsPost};
    /// let client = incus::Client::local()?;
    /// client.create_project(&ProjectsPost { name: "dev".into(), ..Default::default() })?;
    /// assert!(client.list_project_names(None)?.contains(&"dev".to_string()));
    /// let op = client.rename_project("dev", &ProjectPost { name: "staging".into() })?;
    /// client.wait_for_completion(&op, Duration::from_secs(30))?;
    /// client.delete_project("staging", None)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_project_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/projects"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .names()
    }

    /// Lists the projects.
    /// A `filter` requires API extension `api_filtering_extended`.
    ///
    /// Sends `GET /1.0/projects?recursion=1` (`projects_get_recursion1`);
    /// `options` as for [`Client::list_project_names`].
    pub fn list_projects(&self, options: Option<&ListOptions>) -> Result<Vec<Project>> {
        self.get(path!("/1.0/projects"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .sync()
    }

    /// Gets one project.
    ///
    /// Sends `GET /1.0/projects/{name}` (`project_get`).
    pub fn get_project(&self, name: &str) -> Result<Project> {
        self.get(path!("/1.0/projects/{}", name)).sync()
    }

    /// Gets one project and its ETag, for [`Client::replace_project`] or
    /// [`Client::update_project`].
    ///
    /// Sends `GET /1.0/projects/{name}` (`project_get`).
    pub fn get_project_with_etag(&self, name: &str) -> Result<(Project, String)> {
        self.get(path!("/1.0/projects/{}", name)).sync_with_etag()
    }

    /// Creates a project.
    ///
    /// Sends `POST /1.0/projects` (`projects_post`).
    pub fn create_project(&self, project: &ProjectsPost) -> Result<()> {
        self.post(path!("/1.0/projects")).json(project).unit()
    }

    /// Replaces a project's configuration and description with `project`;
    /// fields left unset are cleared.
    ///
    /// Sends `PUT /1.0/projects/{name}` (`project_put`); `etag` as for
    /// [`Client::replace_profile`].
    pub fn replace_project(
        &self,
        name: &str,
        project: &ProjectPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/projects/{}", name))
            .json(project)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `project`.
    ///
    /// Sends `PATCH /1.0/projects/{name}` (`project_patch`). Unlike profiles
    /// and instances, Incus 6.0 does not merge project config: when `config`
    /// is sent it replaces the whole map (including `features.*`), so send
    /// every key to keep, or leave `config` empty to keep it all.
    pub fn update_project(
        &self,
        name: &str,
        project: &ProjectPut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/projects/{}", name))
            .json(project)
            .etag(etag)
            .unit()
    }

    /// Starts renaming a project; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/projects/{name}` (`project_post`).
    pub fn rename_project(&self, name: &str, project: &ProjectPost) -> Result<Operation> {
        self.post(path!("/1.0/projects/{}", name))
            .json(project)
            .operation()
    }

    /// Deletes a project. It must be empty, unless `options` sets
    /// [`DeleteProjectOptions::force`]: then the server deletes everything
    /// in it first (API extension `projects_force_delete`).
    /// `force` requires it: a server without it fails with
    /// [`Error::MissingExtension`](crate::Error::MissingExtension), having sent
    /// nothing.
    ///
    /// Sends `DELETE /1.0/projects/{name}` (`project_delete`).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let everything = incus::DeleteProjectOptions::new().force();
    /// client.delete_project("scratch", Some(&everything))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn delete_project(&self, name: &str, options: Option<&DeleteProjectOptions>) -> Result<()> {
        self.delete(path!("/1.0/projects/{}", name))
            .query(options)
            .extension_if_param("projects_force_delete", "force")
            .unit()
    }

    /// Gets a project's resource use against its limits.
    ///
    /// Sends `GET /1.0/projects/{name}/state` (`project_state_get`).
    pub fn get_project_state(&self, name: &str) -> Result<ProjectState> {
        self.get(path!("/1.0/projects/{}/state", name)).sync()
    }

    /// Lists who has access to a project, and with which role. Requires API
    /// extension `project_access`.
    ///
    /// Sends `GET /1.0/projects/{name}/access` (`project_access`).
    pub fn get_project_access(&self, name: &str) -> Result<Access> {
        self.get(path!("/1.0/projects/{}/access", name))
            .extension("project_access")
            .sync()
    }
}
