//! Projects: `/1.0/projects`.

use ureq::http::Method;

use super::{list_path, ListOptions};
use crate::client::Client;
use crate::error::Result;
use crate::models::{
    Access, Operation, Project, ProjectPost, ProjectPut, ProjectState, ProjectsPost,
};
use crate::request::path;

impl Client {
    /// Lists the names of the projects.
    ///
    /// Sends `GET /1.0/projects` (`projects_get`). `options` may set a filter.
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
    /// client.delete_project("staging", false)?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_project_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.request_names(&list_path("/1.0/projects", 0, options)?, "/1.0/projects/")
    }

    /// Lists the projects.
    ///
    /// Sends `GET /1.0/projects?recursion=1` (`projects_get_recursion1`).
    pub fn list_projects(&self, options: Option<&ListOptions>) -> Result<Vec<Project>> {
        self.request_json(&list_path("/1.0/projects", 1, options)?)
    }

    /// Gets one project.
    ///
    /// Sends `GET /1.0/projects/{name}` (`project_get`).
    pub fn get_project(&self, name: &str) -> Result<Project> {
        self.request_json(&path!("/1.0/projects/{}", name)?)
    }

    /// Gets one project and its ETag, for [`Client::replace_project`] or
    /// [`Client::update_project`].
    ///
    /// Sends `GET /1.0/projects/{name}` (`project_get`).
    pub fn get_project_with_etag(&self, name: &str) -> Result<(Project, String)> {
        self.request_json_with_etag(&path!("/1.0/projects/{}", name)?)
    }

    /// Creates a project.
    ///
    /// Sends `POST /1.0/projects` (`projects_post`).
    pub fn create_project(&self, project: &ProjectsPost) -> Result<()> {
        self.request_unit(Method::POST, "/1.0/projects", Some(project), None)
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
        let path = path!("/1.0/projects/{}", name)?;
        self.request_unit(Method::PUT, &path, Some(project), etag)
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
        let path = path!("/1.0/projects/{}", name)?;
        self.request_unit(Method::PATCH, &path, Some(project), etag)
    }

    /// Starts renaming a project; wait for it with
    /// [`Client::wait_for_completion`].
    ///
    /// Sends `POST /1.0/projects/{name}` (`project_post`).
    pub fn rename_project(&self, name: &str, project: &ProjectPost) -> Result<Operation> {
        let path = path!("/1.0/projects/{}", name)?;
        self.request_operation(Method::POST, &path, Some(project), None)
    }

    /// Deletes a project. Without `force` it must be empty; with `force` the
    /// server deletes everything in it first (API extension
    /// `projects_force_delete`).
    ///
    /// Sends `DELETE /1.0/projects/{name}` (`project_delete`).
    pub fn delete_project(&self, name: &str, force: bool) -> Result<()> {
        let mut path = path!("/1.0/projects/{}", name)?;
        if force {
            path.push_str("?force=true");
        }
        self.request_unit::<()>(Method::DELETE, &path, None, None)
    }

    /// Gets a project's resource use against its limits.
    ///
    /// Sends `GET /1.0/projects/{name}/state` (`project_state_get`).
    pub fn get_project_state(&self, name: &str) -> Result<ProjectState> {
        self.request_json(&path!("/1.0/projects/{}/state", name)?)
    }

    /// Lists who has access to a project, and with which role.
    ///
    /// Sends `GET /1.0/projects/{name}/access` (`project_access`).
    pub fn get_project_access(&self, name: &str) -> Result<Access> {
        self.request_json(&path!("/1.0/projects/{}/access", name)?)
    }
}
