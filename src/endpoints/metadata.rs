//! Configuration metadata: `/1.0/metadata/configuration`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::models::MetadataConfiguration;

/// Configuration metadata: `/1.0/metadata/configuration`. What the server
/// knows about its configuration keys, so a tool can check or describe a
/// key without hard-coding the list.
impl Client {
    /// Gets every configuration key the server documents, by entity
    /// (`instance`, `server`, `project`, …) and group, with each key's type,
    /// default and description.
    /// Requires API extension `metadata_configuration`.
    ///
    /// Sends `GET /1.0/metadata/configuration` (`metadata_configuration_get`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let meta = client.get_metadata_configuration()?;
    /// if let Some(key) = meta.key("instance", "limits.cpu") {
    ///     println!("limits.cpu ({}): {}", key.kind, key.description);
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_metadata_configuration(&self) -> Result<MetadataConfiguration> {
        self.get(path!("/1.0/metadata/configuration"))
            .extension("metadata_configuration")
            .sync()
    }
}
