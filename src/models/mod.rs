//! Serde types for the Incus REST API, named after the API's own types.
//!
//! Every type tolerates fields a newer server adds and `null` where the
//! server sends an empty list or map. Types used as request bodies leave out
//! the fields you did not set, so a PATCH changes only what you name.

mod instance;
mod instance_backup;
mod instance_snapshot;
mod instance_state;
mod operation;
mod profile;
mod project;
mod resources;
mod server;
mod status_code;

pub use instance::*;
pub use instance_backup::*;
pub use instance_snapshot::*;
pub use instance_state::*;
pub use operation::*;
pub use profile::*;
pub use project::*;
pub use resources::*;
pub use server::*;
pub use status_code::*;

use serde::{Deserialize, Deserializer};

/// Reads `null` (or a missing field, with `#[serde(default)]`) as the type's
/// default: the Go server sends `null` for empty lists and maps.
pub(crate) fn null_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// `skip_serializing_if` helper for `bool` fields whose absence means `false`.
pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// Config maps: string keys to string values, sorted for stable output.
pub type ConfigMap = std::collections::BTreeMap<String, String>;

/// Device maps: device name to that device's string options.
pub type DevicesMap = std::collections::BTreeMap<String, ConfigMap>;
