//! What the server says about its configuration keys: their types,
//! defaults and descriptions, by entity and group.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::null_default;

/// Every configuration key the server documents
/// (`GET /1.0/metadata/configuration`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetadataConfiguration {
    /// Entity (`instance`, `server`, `project`, …) to group (`resource-limits`, …) to keys.
    #[serde(deserialize_with = "null_default")]
    pub configs: BTreeMap<String, BTreeMap<String, MetadataConfigGroup>>,
}

impl MetadataConfiguration {
    /// The keys of one `group` of an `entity`, by name; `None` if there is
    /// no such entity or group.
    pub fn keys(&self, entity: &str, group: &str) -> Option<BTreeMap<&str, &MetadataConfigKey>> {
        let group = self.configs.get(entity)?.get(group)?;
        Some(group.entries().collect())
    }

    /// One key of an `entity`, whatever its group (`instance`,
    /// `limits.cpu`).
    pub fn key(&self, entity: &str, name: &str) -> Option<&MetadataConfigKey> {
        let groups = self.configs.get(entity)?.values();
        groups
            .flat_map(MetadataConfigGroup::entries)
            .find_map(|(k, v)| (k == name).then_some(v))
    }
}

/// A group of configuration keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetadataConfigGroup {
    /// The keys, as a list of one-key maps in the server's order.
    #[serde(deserialize_with = "null_default")]
    pub keys: Vec<BTreeMap<String, MetadataConfigKey>>,
}

impl MetadataConfigGroup {
    /// Every key of the group with its description, in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &MetadataConfigKey)> {
        self.keys
            .iter()
            .flat_map(|map| map.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

/// What the server says about one configuration key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MetadataConfigKey {
    /// The value's type. Example: `string`, `bool`, `integer`
    #[serde(rename = "type")]
    pub kind: String,
    /// The default, described in words. Example: `` `10` (maximum) ``
    #[serde(rename = "defaultdesc")]
    pub default: String,
    /// Whether a change applies without a restart. Example: `yes`
    #[serde(rename = "liveupdate")]
    pub live_update: String,
    /// When the key applies. Example: `container`
    pub condition: String,
    /// Whether the key is per cluster member (`local`) or cluster-wide (`global`).
    pub scope: String,
    /// One-line description.
    #[serde(rename = "shortdesc")]
    pub description: String,
    /// Longer description (Markdown).
    #[serde(rename = "longdesc")]
    pub long_description: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entities_groups_and_keys() {
        let meta: MetadataConfiguration = serde_json::from_str(
            r#"{"configs":{"instance":{"resource-limits":{"keys":[
                {"limits.cpu":{"defaultdesc":"1 (VMs)","liveupdate":"yes","longdesc":"CPUs",
                    "shortdesc":"Which CPUs to expose","type":"string"}},
                {"limits.cpu.priority":{"condition":"container","type":"integer","x":1}}]},
              "empty":{"keys":null}}},"x":1}"#,
        )
        .unwrap();
        let cpu = meta.key("instance", "limits.cpu").unwrap();
        assert_eq!(
            (
                cpu.kind.as_str(),
                cpu.default.as_str(),
                cpu.live_update.as_str()
            ),
            ("string", "1 (VMs)", "yes")
        );
        let keys = meta.keys("instance", "resource-limits").unwrap();
        assert_eq!(keys["limits.cpu.priority"].condition, "container");
        assert!(meta.keys("instance", "empty").unwrap().is_empty());
        assert!(meta.key("server", "limits.cpu").is_none());
        let back = serde_json::to_value(&meta).unwrap();
        assert_eq!(
            back["configs"]["instance"]["resource-limits"]["keys"][0]["limits.cpu"]["shortdesc"],
            "Which CPUs to expose"
        );
        assert_eq!(
            serde_json::from_value::<MetadataConfiguration>(back).unwrap(),
            meta
        );
    }
}
