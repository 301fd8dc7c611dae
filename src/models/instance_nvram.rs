//! A virtual machine's UEFI variables (NVRAM). API extension `instance_nvram`.

use serde::{Deserialize, Serialize};

use super::null_default;

/// One UEFI variable as the daemon reads it from a virtual machine's NVRAM.
/// API extension: instance_nvram.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceNVRAMVariable {
    /// The raw value in base64 ([`InstanceNVRAMVariable::bytes`] decodes it). Example: `BwA=`
    pub binary: String,
    /// The value broken into fields, for variables the daemon can read (`Timeout`, `Boot0000`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    /// The UEFI attribute names set on it. Example: `["NON_VOLATILE", "RUNTIME_ACCESS"]`
    #[serde(deserialize_with = "null_default")]
    pub attributes: Vec<String>,
    /// For a time-based authenticated variable, the time of its last write (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

impl InstanceNVRAMVariable {
    /// The writable fields, for [`Client::replace_instance_nvram_variable`]
    /// or [`Client::update_instance_nvram`].
    ///
    /// [`Client::replace_instance_nvram_variable`]: crate::Client::replace_instance_nvram_variable
    /// [`Client::update_instance_nvram`]: crate::Client::update_instance_nvram
    pub fn writable(&self) -> InstanceNVRAMVariablePut {
        InstanceNVRAMVariablePut {
            data: self.data.clone(),
            attributes: self.attributes.clone(),
            timestamp: self.timestamp.clone(),
        }
    }

    /// The raw value's bytes, decoded from [`binary`](Self::binary); `None`
    /// if it is not valid base64.
    pub fn bytes(&self) -> Option<Vec<u8>> {
        crate::base64::decode(&self.binary)
    }
}

/// The writable fields of a UEFI variable: the daemon builds the raw value
/// from `data`. API extension: instance_nvram.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceNVRAMVariablePut {
    /// The value as fields, in the form the daemon reads it back. Example: `7` for `Timeout`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<serde_json::Value>,
    /// The UEFI attribute names to set; the daemon stores only `NON_VOLATILE` ones.
    #[serde(
        deserialize_with = "null_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub attributes: Vec<String>,
    /// For a time-based authenticated variable, the time of this write (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_put_bodies() {
        let var: InstanceNVRAMVariable = serde_json::from_str(
            r#"{"binary":"BwA=","data":7,"attributes":["NON_VOLATILE","BOOTSERVICE_ACCESS",
                "RUNTIME_ACCESS"],"x":1}"#,
        )
        .unwrap();
        assert_eq!(var.data, Some(serde_json::json!(7)));
        assert_eq!(var.bytes(), Some(vec![7, 0]));
        assert_eq!(var.timestamp, None);
        let put = var.writable();
        let body = serde_json::to_value(&put).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"data": 7,
                "attributes": ["NON_VOLATILE", "BOOTSERVICE_ACCESS", "RUNTIME_ACCESS"]})
        );
        assert_eq!(
            serde_json::from_value::<InstanceNVRAMVariablePut>(body).unwrap(),
            put
        );
        // Go's null list and a missing data read as empty.
        let bare: InstanceNVRAMVariable =
            serde_json::from_str(r#"{"binary":"YmFy","attributes":null}"#).unwrap();
        assert_eq!(
            (bare.bytes(), bare.attributes.len()),
            (Some(b"bar".to_vec()), 0)
        );
        assert_eq!(serde_json::to_string(&bare.writable()).unwrap(), "{}");
    }
}
