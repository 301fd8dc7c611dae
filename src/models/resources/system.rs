//! The system itself (DMI: vendor, product, firmware, chassis, motherboard)
//! and its load.

use serde::{Deserialize, Serialize};

/// What the firmware (DMI) says about the machine. API extension: resources_system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystem {
    /// Enclosure details; `None` when the server cannot read them.
    pub chassis: Option<ResourcesSystemChassis>,
    /// Product family. Example: `ThinkPad X1 Carbon 5th`
    pub family: String,
    /// Firmware (BIOS or UEFI) details; `None` when the server cannot read them.
    pub firmware: Option<ResourcesSystemFirmware>,
    /// Mainboard details; `None` when the server cannot read them.
    pub motherboard: Option<ResourcesSystemMotherboard>,
    /// Model number. Example: `20HRCTO1WW`
    pub product: String,
    /// Serial number. Example: `PY3DD4X9`
    pub serial: String,
    /// Stock-keeping unit from the maker. Example: `LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th`
    pub sku: String,
    /// What the server runs on (`physical`, `virtual-machine`, `container`, `unknown`, …). Example: `physical`
    #[serde(rename = "type")]
    pub kind: String,
    /// The machine's UUID. Example: `7fa1c0cc-2271-11b2-a85c-aab32a05d71a`
    pub uuid: String,
    /// Maker. Example: `LENOVO`
    pub vendor: String,
    /// Model version. Example: `ThinkPad X1 Carbon 5th`
    pub version: String,
}

/// The machine's firmware (BIOS or UEFI).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemFirmware {
    /// Release date, as the firmware writes it. Example: `10/14/2020`
    pub date: String,
    /// Maker. Example: `Lenovo`
    pub vendor: String,
    /// Version string. Example: `N1MET64W (1.49)`
    pub version: String,
}

/// The machine's enclosure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemChassis {
    /// Serial number. Example: `PY3DD4X9`
    pub serial: String,
    /// Form factor. Example: `Notebook`
    #[serde(rename = "type")]
    pub kind: String,
    /// Maker. Example: `Lenovo`
    pub vendor: String,
    /// Revision. Example: `None`
    pub version: String,
}

/// The machine's mainboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemMotherboard {
    /// Model number. Example: `20HRCTO1WW`
    pub product: String,
    /// Serial number. Example: `L3CF4FX003A`
    pub serial: String,
    /// Maker. Example: `Lenovo`
    pub vendor: String,
    /// Revision. Example: `None`
    pub version: String,
}

/// Load averages and process count of the host. API extension: resources_load.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesLoad {
    /// Load average over one minute. Example: `0.69`
    #[serde(rename = "Average1Min")]
    pub average_1min: f64,
    /// Load average over five minutes. Example: `1.1`
    #[serde(rename = "Average5Min")]
    pub average_5min: f64,
    /// Load average over ten minutes. Example: `1.29`
    #[serde(rename = "Average10Min")]
    pub average_10min: f64,
    /// Processes running on the host. Example: `1234`
    #[serde(rename = "Processes")]
    pub processes: i64,
}
