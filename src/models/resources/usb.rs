//! USB devices and their interfaces.

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's USB devices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSB {
    /// One entry per device.
    #[serde(deserialize_with = "null_default")]
    pub devices: Vec<ResourcesUSBDevice>,
    /// How many devices there are. Example: `1`
    pub total: u64,
}

/// One USB device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDevice {
    /// Bus number. Example: `1`
    pub bus_address: u64,
    /// Device number on that bus. Example: `3`
    pub device_address: u64,
    /// The device's interfaces.
    #[serde(deserialize_with = "null_default")]
    pub interfaces: Vec<ResourcesUSBDeviceInterface>,
    /// Product name. Example: `Hermon USB hidmouse Device`
    pub product: String,
    /// USB product ID. Example: `2221`
    pub product_id: String,
    /// Serial number the device reports. Example: `DAE005fp`. API extension: device_usb_serial.
    pub serial: String,
    /// Link speed, in Mbit/s. Example: `12`
    pub speed: f64,
    /// Vendor name. Example: `ATEN International Co., Ltd`
    pub vendor: String,
    /// USB vendor ID. Example: `0557`
    pub vendor_id: String,
}

/// One interface of a USB device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDeviceInterface {
    /// Name of the interface class. Example: `Human Interface Device`
    pub class: String,
    /// Number of the interface class. Example: `3`
    pub class_id: u64,
    /// Kernel driver bound to the interface. Example: `usbhid`
    pub driver: String,
    /// Version of that driver. Example: `5.8.0-36-generic`
    pub driver_version: String,
    /// Interface number within the device.
    pub number: u64,
    /// Name of the interface subclass. Example: `Boot Interface Subclass`
    pub subclass: String,
    /// Number of the interface subclass. Example: `1`
    pub subclass_id: u64,
}
