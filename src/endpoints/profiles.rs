//! Profiles: `/1.0/profiles`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{Profile, ProfilePost, ProfilePut, ProfilesPost};
use crate::options::ListOptions;

/// Profiles: `/1.0/profiles`. Reusable sets of config and devices that
/// instances apply in order.
impl Client {
    /// Lists the names of the profiles in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `profiles_all_projects`.
    ///
    /// Sends `GET /1.0/profiles` (`profiles_get`). Of `options`, the
    /// endpoint honours `filter` and `all_projects`.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let names = client.list_profile_names(None)?;
    /// assert!(names.contains(&"default".to_string()));
    /// let profiles = client.list_profiles(None)?;
    /// let default = client.get_profile("default")?;
    /// println!("{} profiles; default has {} devices", profiles.len(), default.devices.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_profile_names(&self, options: Option<&ListOptions>) -> Result<Vec<String>> {
        self.get(path!("/1.0/profiles"))
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("profiles_all_projects", "all-projects")
            .names()
    }

    /// Lists the profiles in the client's project.
    /// A `filter` requires API extension `api_filtering_extended`.
    /// `all_projects` requires API extension `profiles_all_projects`.
    ///
    /// Sends `GET /1.0/profiles?recursion=1` (`profiles_get_recursion1`);
    /// `options` as for [`Client::list_profile_names`].
    pub fn list_profiles(&self, options: Option<&ListOptions>) -> Result<Vec<Profile>> {
        self.get(path!("/1.0/profiles"))
            .recursion(1)
            .query(options)
            .extension_if_param("api_filtering_extended", "filter")
            .extension_if_param("profiles_all_projects", "all-projects")
            .sync()
    }

    /// Gets one profile.
    ///
    /// Sends `GET /1.0/profiles/{name}` (`profile_get`).
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such profile
    /// ([`Error::is_not_found`](crate::Error::is_not_found)).
    pub fn get_profile(&self, name: &str) -> Result<Profile> {
        self.get(path!("/1.0/profiles/{}", name)).sync()
    }

    /// Gets one profile and its ETag, for [`Client::replace_profile`] or
    /// [`Client::update_profile`].
    ///
    /// Sends `GET /1.0/profiles/{name}` (`profile_get`).
    pub fn get_profile_with_etag(&self, name: &str) -> Result<(Profile, String)> {
        self.get(path!("/1.0/profiles/{}", name)).sync_with_etag()
    }

    /// Creates a profile.
    ///
    /// Sends `POST /1.0/profiles` (`profiles_post`).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::ProfilesPost;
    /// let client = incus::Client::local()?;
    /// client.create_profile(&ProfilesPost { name: "web".into(), ..Default::default() })?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 409 if the name is taken, 400 for
    /// an invalid name or config.
    pub fn create_profile(&self, profile: &ProfilesPost) -> Result<()> {
        self.post(path!("/1.0/profiles")).json(profile).unit()
    }

    /// Replaces a profile's configuration, description and devices with
    /// `profile`; fields left unset are cleared.
    ///
    /// Sends `PUT /1.0/profiles/{name}` (`profile_put`). Pass the ETag from
    /// [`Client::get_profile_with_etag`] to refuse the write (412) if the
    /// profile changed in between.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let (profile, etag) = client.get_profile_with_etag("default")?;
    /// let mut put = profile.writable();
    /// put.description = Some("managed by rust".into());
    /// client.replace_profile("default", &put, Some(&etag))?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn replace_profile(
        &self,
        name: &str,
        profile: &ProfilePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/profiles/{}", name))
            .json(profile)
            .etag(etag)
            .unit()
    }

    /// Changes only the fields set in `profile`; config keys and devices are
    /// merged into the current ones.
    ///
    /// Sends `PATCH /1.0/profiles/{name}` (`profile_patch`).
    pub fn update_profile(
        &self,
        name: &str,
        profile: &ProfilePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.patch(path!("/1.0/profiles/{}", name))
            .json(profile)
            .etag(etag)
            .unit()
    }

    /// Renames a profile.
    ///
    /// Sends `POST /1.0/profiles/{name}` (`profile_post`).
    pub fn rename_profile(&self, name: &str, profile: &ProfilePost) -> Result<()> {
        self.post(path!("/1.0/profiles/{}", name))
            .json(profile)
            .unit()
    }

    /// Deletes a profile (it must not be in use).
    ///
    /// Sends `DELETE /1.0/profiles/{name}` (`profile_delete`).
    pub fn delete_profile(&self, name: &str) -> Result<()> {
        self.delete(path!("/1.0/profiles/{}", name)).unit()
    }
}
