//! Serial devices.

use serde::{Deserialize, Serialize};

/// The serial devices available on the system.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerial {
    /// List of serial devices.
    #[serde(default, deserialize_with = "crate::models::null_default")]
    pub devices: Vec<ResourcesSerialDevice>,

    /// Total number of serial devices.
    ///
    /// Example: `1`.
    pub total: u64,
}

/// A serial device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerialDevice {
    /// Device number (major:minor).
    ///
    /// Example: `188:0`.
    pub device: String,

    /// Path to /dev/serial/by-id entry.
    ///
    /// Example: `/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_AB0J1234-if00-port0`.
    pub device_id: String,

    /// Path to /dev/serial/by-path entry.
    ///
    /// Example: `/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0`.
    pub device_path: String,

    /// Kernel driver name (cdc_acm, ftdi_sio, pl2303, cp210x...).
    ///
    /// Example: `cdc_acm`.
    pub driver: String,

    /// Kernel device name (e.g. ttyUSB0, ttyACM0).
    ///
    /// Example: `ttyUSB0`.
    pub id: String,

    /// USB product name.
    ///
    /// Example: `Arduino Uno`.
    pub product: String,

    /// USB product ID.
    ///
    /// Example: `0043`.
    pub product_id: String,

    /// USB vendor name.
    ///
    /// Example: `Arduino LLC`.
    pub vendor: String,

    /// USB vendor ID.
    ///
    /// Example: `2341`.
    pub vendor_id: String,
}
