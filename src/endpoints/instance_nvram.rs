//! A virtual machine's UEFI variables: `/1.0/instances/{name}/nvram`.

use std::collections::BTreeMap;

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::{InstanceNVRAMVariable, InstanceNVRAMVariablePut};

/// A virtual machine's UEFI variables (NVRAM): `/1.0/instances/{name}/nvram`,
/// grouped by vendor GUID, then variable name. Virtual machines only; the
/// daemon changes them only while the machine is stopped. Every method
/// checks the server's API extensions first and fails with
/// [`Error::MissingExtension`](crate::Error::MissingExtension), sending
/// nothing, where they are missing (Incus 6.0 has none of these).
impl Client {
    /// Lists the vendor GUIDs that have variables in a virtual machine's
    /// NVRAM. Requires API extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram` (`instance_nvram_get`).
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_nvram`; [`Error::Api`](crate::Error::Api) 404
    /// if there is no such instance, 400 if it is a container.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// if client.has_extension("instance_nvram")? {
    ///     for (guid, names) in client.list_instance_nvram_names("vm1")? {
    ///         println!("{guid}: {}", names.join(", "));
    ///     }
    ///     let guid = "8be4df61-93ca-11d2-aa0d-00e098032b8c"; // EFI global variables
    ///     let (timeout, etag) = client.get_instance_nvram_variable_with_etag("vm1", guid, "Timeout")?;
    ///     println!("boot menu timeout: {:?}", timeout.data);
    ///     let mut put = timeout.writable();
    ///     put.data = Some(3.into());
    ///     client.replace_instance_nvram_variable("vm1", guid, "Timeout", &put, Some(&etag))?;
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_nvram_guids(&self, name: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/nvram", name))
            .extension("instance_nvram")
            .names()
    }

    /// Lists the variable names in a virtual machine's NVRAM, by vendor
    /// GUID. Requires API extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram?recursion=1` (`instance_nvram_get_recursion1`).
    /// Errors as for [`Client::list_instance_nvram_guids`].
    pub fn list_instance_nvram_names(&self, name: &str) -> Result<BTreeMap<String, Vec<String>>> {
        self.get(path!("/1.0/instances/{}/nvram", name))
            .extension("instance_nvram")
            .grouped_names()
    }

    /// Gets every variable in a virtual machine's NVRAM, by vendor GUID,
    /// then name. Requires API extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram?recursion=2` (`instance_nvram_get_recursion2`).
    /// Errors as for [`Client::list_instance_nvram_guids`].
    pub fn get_instance_nvram(
        &self,
        name: &str,
    ) -> Result<BTreeMap<String, BTreeMap<String, InstanceNVRAMVariable>>> {
        self.get(path!("/1.0/instances/{}/nvram", name))
            .extension("instance_nvram")
            .recursion(2)
            .sync()
    }

    /// Changes many variables of a stopped virtual machine's NVRAM at once:
    /// `variables` maps vendor GUIDs to variable names to the new value, or
    /// to `None` to delete that variable; variables not named stay as they
    /// are. Requires API extension `instance_nvram_bulk_update`.
    ///
    /// Sends `PATCH /1.0/instances/{name}/nvram` (`instance_nvram_patch`).
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::models::InstanceNVRAMVariablePut;
    /// let client = incus::Client::local()?;
    /// let timeout = InstanceNVRAMVariablePut {
    ///     data: Some(5.into()),
    ///     attributes: vec!["NON_VOLATILE".into(), "BOOTSERVICE_ACCESS".into(), "RUNTIME_ACCESS".into()],
    ///     ..Default::default()
    /// };
    /// let global = [("Timeout".to_string(), Some(timeout)), ("Boot0003".to_string(), None)];
    /// let guid = "8be4df61-93ca-11d2-aa0d-00e098032b8c".to_string();
    /// client.update_instance_nvram("vm1", &[(guid, global.into())].into())?;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::MissingExtension`](crate::Error::MissingExtension) if the
    /// server lacks `instance_nvram_bulk_update`;
    /// [`Error::Api`](crate::Error::Api) 400 if the machine is running or a
    /// value is invalid, 404 if there is no such instance.
    pub fn update_instance_nvram(
        &self,
        name: &str,
        variables: &BTreeMap<String, BTreeMap<String, Option<InstanceNVRAMVariablePut>>>,
    ) -> Result<()> {
        self.patch(path!("/1.0/instances/{}/nvram", name))
            .extension("instance_nvram_bulk_update")
            .json(variables)
            .unit()
    }

    /// Lists the names of the variables under one vendor GUID. Requires API
    /// extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram/{guid}` (`instance_nvram_guid_get`).
    /// Errors as for [`Client::list_instance_nvram_guids`], and 404 if the
    /// GUID has no variables.
    pub fn list_instance_nvram_variable_names(
        &self,
        name: &str,
        guid: &str,
    ) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/nvram/{}", name, guid))
            .extension("instance_nvram")
            .names()
    }

    /// Gets the variables under one vendor GUID, by name. Requires API
    /// extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram/{guid}?recursion=1` (`instance_nvram_guid_get_recursion1`).
    /// Errors as for [`Client::list_instance_nvram_variable_names`].
    pub fn list_instance_nvram_variables(
        &self,
        name: &str,
        guid: &str,
    ) -> Result<BTreeMap<String, InstanceNVRAMVariable>> {
        self.get(path!("/1.0/instances/{}/nvram/{}", name, guid))
            .extension("instance_nvram")
            .recursion(1)
            .sync()
    }

    /// Gets one UEFI variable. Requires API extension `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram/{guid}/{var}` (`instance_nvram_guid_var_get`).
    ///
    /// # Errors
    ///
    /// As for [`Client::list_instance_nvram_guids`], and
    /// [`Error::Api`](crate::Error::Api) 404 if there is no such variable.
    pub fn get_instance_nvram_variable(
        &self,
        name: &str,
        guid: &str,
        var: &str,
    ) -> Result<InstanceNVRAMVariable> {
        self.get(path!("/1.0/instances/{}/nvram/{}/{}", name, guid, var))
            .extension("instance_nvram")
            .sync()
    }

    /// Gets one UEFI variable and its ETag, for
    /// [`Client::replace_instance_nvram_variable`]. Requires API extension
    /// `instance_nvram`.
    ///
    /// Sends `GET /1.0/instances/{name}/nvram/{guid}/{var}` (`instance_nvram_guid_var_get`).
    /// Errors as for [`Client::get_instance_nvram_variable`].
    pub fn get_instance_nvram_variable_with_etag(
        &self,
        name: &str,
        guid: &str,
        var: &str,
    ) -> Result<(InstanceNVRAMVariable, String)> {
        self.get(path!("/1.0/instances/{}/nvram/{}/{}", name, guid, var))
            .extension("instance_nvram")
            .sync_with_etag()
    }

    /// Sets one UEFI variable of a stopped virtual machine, creating it if
    /// needed; the daemon builds the raw value from `variable.data`. Pass
    /// the ETag from [`Client::get_instance_nvram_variable_with_etag`] to
    /// refuse the write if the variable changed. Requires API extension
    /// `instance_nvram`.
    ///
    /// Sends `PUT /1.0/instances/{name}/nvram/{guid}/{var}` (`instance_nvram_guid_var_put`).
    ///
    /// # Errors
    ///
    /// As for [`Client::list_instance_nvram_guids`], and
    /// [`Error::Api`](crate::Error::Api) 400 if the machine is running or
    /// the attributes lack `NON_VOLATILE`, 412 if `etag` no longer matches.
    pub fn replace_instance_nvram_variable(
        &self,
        name: &str,
        guid: &str,
        var: &str,
        variable: &InstanceNVRAMVariablePut,
        etag: Option<&str>,
    ) -> Result<()> {
        self.put(path!("/1.0/instances/{}/nvram/{}/{}", name, guid, var))
            .extension("instance_nvram")
            .json(variable)
            .etag(etag)
            .unit()
    }

    /// Deletes one UEFI variable of a stopped virtual machine. Requires API
    /// extension `instance_nvram`.
    ///
    /// Sends `DELETE /1.0/instances/{name}/nvram/{guid}/{var}` (`instance_nvram_guid_var_delete`).
    ///
    /// # Errors
    ///
    /// As for [`Client::get_instance_nvram_variable`], and
    /// [`Error::Api`](crate::Error::Api) 400 if the machine is running.
    pub fn delete_instance_nvram_variable(&self, name: &str, guid: &str, var: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/nvram/{}/{}", name, guid, var))
            .extension("instance_nvram")
            .unit()
    }
}
