//! The system itself (DMI: vendor, product, firmware, chassis, motherboard)
//! and its load.

use serde::{Deserialize, Serialize};

/// The system: its identity (vendor, product, serial, type) and its firmware,
/// chassis and motherboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystem {
    /// System chassis (null when the server cannot read it).
    pub chassis: Option<ResourcesSystemChassis>,

    /// System family.
    ///
    /// Example: `ThinkPad X1 Carbon 5th`.
    pub family: String,

    /// System firmware (null when the server cannot read it).
    pub firmware: Option<ResourcesSystemFirmware>,

    /// Motherboard (null when the server cannot read it).
    pub motherboard: Option<ResourcesSystemMotherboard>,

    /// System model.
    ///
    /// Example: `20HRCTO1WW`.
    pub product: String,

    /// System serial number.
    ///
    /// Example: `PY3DD4X9`.
    pub serial: String,

    /// System manufacturer SKU.
    ///
    /// Example: `LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th`.
    pub sku: String,

    /// System type (unknown, physical, virtual-machine, container, ...).
    ///
    /// Example: `physical`.
    #[serde(rename = "type")]
    pub kind: String,

    /// System UUID.
    ///
    /// Example: `7fa1c0cc-2271-11b2-a85c-aab32a05d71a`.
    pub uuid: String,

    /// System vendor.
    ///
    /// Example: `LENOVO`.
    pub vendor: String,

    /// System version.
    ///
    /// Example: `ThinkPad X1 Carbon 5th`.
    pub version: String,
}

/// The system firmware.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemFirmware {
    /// Firmware build date.
    ///
    /// Example: `10/14/2020`.
    pub date: String,

    /// Firmware vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Firmware version.
    ///
    /// Example: `N1MET64W (1.49)`.
    pub version: String,
}

/// The system chassis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemChassis {
    /// Chassis serial number.
    ///
    /// Example: `PY3DD4X9`.
    pub serial: String,

    /// Chassis type.
    ///
    /// Example: `Notebook`.
    #[serde(rename = "type")]
    pub kind: String,

    /// Chassis vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Chassis version/revision.
    ///
    /// Example: `None`.
    pub version: String,
}

/// The motherboard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSystemMotherboard {
    /// Motherboard model.
    ///
    /// Example: `20HRCTO1WW`.
    pub product: String,

    /// Motherboard serial number.
    ///
    /// Example: `L3CF4FX003A`.
    pub serial: String,

    /// Motherboard vendor.
    ///
    /// Example: `Lenovo`.
    pub vendor: String,

    /// Motherboard version/revision.
    ///
    /// Example: `None`.
    pub version: String,
}

/// System load information.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesLoad {
    /// Load average in the past minute.
    ///
    /// Example: `0.69`.
    #[serde(rename = "Average1Min")]
    pub average_1min: f64,

    /// Load average in the past 5 minutes.
    ///
    /// Example: `1.1`.
    #[serde(rename = "Average5Min")]
    pub average_5min: f64,

    /// Load average in the past 10 minutes.
    ///
    /// Example: `1.29`.
    #[serde(rename = "Average10Min")]
    pub average_10min: f64,

    /// The number of active processes.
    ///
    /// Example: `1234`.
    #[serde(rename = "Processes")]
    pub processes: i64,
}
