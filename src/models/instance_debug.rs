//! Low-level debugging of instances: repair actions.

use serde::{Deserialize, Serialize};

/// A repair for [`Client::repair_instance`](crate::Client::repair_instance).
/// API extension: instances_debug_repair.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceDebugRepairPost {
    /// The repair to run. Example: `rebuild-config-volume`
    pub action: String,
}

impl InstanceDebugRepairPost {
    /// Rebuilds a stopped virtual machine's config volume (QCOW2 volumes only).
    pub fn rebuild_config_volume() -> InstanceDebugRepairPost {
        InstanceDebugRepairPost {
            action: "rebuild-config-volume".into(),
        }
    }

    /// Resets a stopped virtual machine's NVRAM to the firmware's defaults.
    /// The daemon also needs API extension `instance_nvram` for this one.
    pub fn rebuild_nvram() -> InstanceDebugRepairPost {
        InstanceDebugRepairPost {
            action: "rebuild-nvram".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip() {
        let post = InstanceDebugRepairPost::rebuild_nvram();
        let body = serde_json::to_string(&post).unwrap();
        assert_eq!(body, r#"{"action":"rebuild-nvram"}"#);
        assert_eq!(
            serde_json::from_str::<InstanceDebugRepairPost>(&body).unwrap(),
            post
        );
        assert_eq!(
            InstanceDebugRepairPost::rebuild_config_volume().action,
            "rebuild-config-volume"
        );
    }
}
