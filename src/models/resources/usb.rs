//! USB devices and their interfaces.

use serde::{Deserialize, Serialize};

/// The USB devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSB {
    /// List of USB devices.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub devices: Vec<ResourcesUSBDevice>,

    /// Total number of USB devices.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A USB device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDevice {
    /// USB address (bus).
    ///
    /// Example: `1`.
    pub bus_address: u64,

    /// USB address (device).
    ///
    /// Example: `3`.
    pub device_address: u64,

    /// List of USB interfaces.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub interfaces: Vec<ResourcesUSBDeviceInterface>,

    /// Name of the product.
    ///
    /// Example: `Hermon USB hidmouse Device`.
    pub product: String,

    /// USB ID of the product.
    ///
    /// Example: `2221`.
    pub product_id: String,

    /// USB serial number.
    ///
    /// Example: `DAE005fp`.
    /// API extension: device_usb_serial.
    pub serial: String,

    /// Transfer speed (Mbit/s).
    ///
    /// Example: `12`.
    pub speed: f64,

    /// Name of the vendor.
    ///
    /// Example: `ATEN International Co., Ltd`.
    pub vendor: String,

    /// USB ID of the vendor.
    ///
    /// Example: `0557`.
    pub vendor_id: String,
}

/// A USB device interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesUSBDeviceInterface {
    /// Class of USB interface.
    ///
    /// Example: `Human Interface Device`.
    pub class: String,

    /// ID of the USB interface class.
    ///
    /// Example: `3`.
    pub class_id: u64,

    /// Kernel driver currently associated with the device.
    ///
    /// Example: `usbhid`.
    pub driver: String,

    /// Version of the kernel driver.
    ///
    /// Example: `5.8.0-36-generic`.
    pub driver_version: String,

    /// Interface number.
    pub number: u64,

    /// Sub class of the interface.
    ///
    /// Example: `Boot Interface Subclass`.
    pub subclass: String,

    /// ID of the USB interface sub class.
    ///
    /// Example: `1`.
    pub subclass_id: u64,
}
