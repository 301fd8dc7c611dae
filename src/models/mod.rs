//! Serde types for the Incus REST API, named after the API's own types.
//!
//! Every type tolerates fields a newer server adds and `null` where the
//! server sends an empty list or map. Types used as request bodies leave out
//! the fields you did not set, so a PATCH changes only what you name.
//!
//! # The model dialect
//!
//! Every model here follows these rules, so new ones read like the old ones:
//!
//! 1. **Names.** A type keeps the API's own name: `ProfilesPost` creates,
//!    `ProfilePost` renames or moves, `ProfilePut` holds the writable fields
//!    (PUT and PATCH), `Profile` is the read type and `InstanceFull` the
//!    recursion=2 form. A file is named after Incus's `shared/api/<name>.go`;
//!    past 400 lines it becomes a folder with one file per area (`resources/`).
//! 2. **Derives.** `Debug, Clone, Default, PartialEq, Serialize, Deserialize`
//!    on every model, and `#[serde(default)]` on the struct, never on a field,
//!    so a key an older server leaves out reads as its default. Never
//!    `deny_unknown_fields`: servers add keys through API extensions.
//!    Newtypes such as [`StatusCode`] may add `Copy, Eq, Hash, Ord`.
//! 3. **Read types** repeat the writable fields (no `serde(flatten)`; only an
//!    `XFull` flattens its `X`) and have `pub fn writable(&self) -> XPut` when
//!    an `XPut` exists. Each read/put pair has one round-trip unit test.
//! 4. **Put bodies.** Scalars are `Option<_>` with `skip_serializing_if =
//!    "Option::is_none"` and collections are skipped when empty, so a PATCH
//!    sends only what was set. Create, rename and action bodies (`…Post`,
//!    `InstanceStatePut`) use plain values, skipped when empty or `false`.
//! 5. **Null.** `deserialize_with = "null_default"` goes only where the Go
//!    server can send `null`: slices, maps, and structs Go holds by pointer
//!    when we keep them plain. Not on scalars, not on `Option<_>` (serde reads
//!    `null` as `None`), not on structs Go holds by value.
//! 6. **Field docs** are exactly one line, in our own words, never pasted from
//!    the Go source or the spec. Facts may follow on that line: `Example: …`,
//!    `Read only.`, `API extension: name`.
//! 7. **Keys.** Field names are snake_case and match the JSON keys. `rename`
//!    only where a key cannot be one: `type` becomes `kind` with
//!    `#[serde(rename = "type")]`, keys with `-`, and Go's untagged
//!    `CamelCase` keys (`Limit`, `Average1Min`).

mod certificate;
mod cluster;
mod event;
mod image;
mod image_alias;
mod image_post;
mod instance;
mod instance_backup;
mod instance_debug;
mod instance_exec;
mod instance_nvram;
mod instance_port_forward;
mod instance_snapshot;
mod instance_state;
mod join_token;
mod metadata;
mod network;
mod network_acl;
mod network_address_set;
mod network_allocation;
mod network_forward;
mod network_integration;
mod network_load_balancer;
mod network_peer;
mod network_state;
mod network_zone;
mod operation;
mod profile;
mod project;
mod resources;
mod server;
mod status_code;
mod storage_bucket;
mod storage_pool;
mod storage_pool_volume_bitmap;
mod storage_volume;
mod storage_volume_backup;
mod storage_volume_full;
mod storage_volume_snapshot;
mod warning;

pub use certificate::*;
pub use cluster::*;
pub use event::*;
pub use image::*;
pub use image_alias::*;
pub use image_post::*;
pub use instance::*;
pub use instance_backup::*;
pub use instance_debug::*;
pub use instance_exec::*;
pub use instance_nvram::*;
pub use instance_port_forward::*;
pub use instance_snapshot::*;
pub use instance_state::*;
pub use metadata::*;
pub use network::*;
pub use network_acl::*;
pub use network_address_set::*;
pub use network_allocation::*;
pub use network_forward::*;
pub use network_integration::*;
pub use network_load_balancer::*;
pub use network_peer::*;
pub use network_state::*;
pub use network_zone::*;
pub use operation::*;
pub use profile::*;
pub use project::*;
pub use resources::*;
pub use server::*;
pub use status_code::*;
pub use storage_bucket::*;
pub use storage_pool::*;
pub use storage_pool_volume_bitmap::*;
pub use storage_volume::*;
pub use storage_volume_backup::*;
pub use storage_volume_full::*;
pub use storage_volume_snapshot::*;
pub use warning::*;

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

/// `skip_serializing_if` helper for number fields whose absence means 0.
pub(crate) fn is_zero<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Config maps: string keys to string values, sorted for stable output.
pub type ConfigMap = std::collections::BTreeMap<String, String>;

/// Device maps: device name to that device's string options.
pub type DevicesMap = std::collections::BTreeMap<String, ConfigMap>;
