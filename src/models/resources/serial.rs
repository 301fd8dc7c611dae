//! Serial devices.

use serde::{Deserialize, Serialize};

use crate::models::null_default;

/// The host's serial ports. API extension: resources_serial.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerial {
    /// One entry per port.
    #[serde(deserialize_with = "null_default")]
    pub devices: Vec<ResourcesSerialDevice>,
    /// How many ports there are. Example: `1`
    pub total: u64,
}

/// One serial port.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResourcesSerialDevice {
    /// Major and minor number. Example: `188:0`
    pub device: String,
    /// Stable path under `/dev/serial/by-id`. Example: `/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_AB0J1234-if00-port0`
    pub device_id: String,
    /// Stable path under `/dev/serial/by-path`. Example: `/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0`
    pub device_path: String,
    /// Kernel driver bound to the port. Example: `cdc_acm`
    pub driver: String,
    /// Kernel name of the port. Example: `ttyUSB0`
    pub id: String,
    /// USB product name. Example: `Arduino Uno`
    pub product: String,
    /// USB product ID. Example: `0043`
    pub product_id: String,
    /// USB vendor name. Example: `Arduino LLC`
    pub vendor: String,
    /// USB vendor ID. Example: `2341`
    pub vendor_id: String,
}
