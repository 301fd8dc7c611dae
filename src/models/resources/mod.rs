//! Hardware resource types: what `GET /1.0/resources` answers, one file per
//! area, and the storage pool usage from
//! `GET /1.0/storage-pools/{name}/resources` (in `storage.rs`).
//!
//! The type names keep the API's own spelling (`ResourcesCPU`,
//! `ResourcesGPUCardDRM`, ...) so they match the REST API documentation.

mod cpu;
mod gpu;
mod memory;
mod network;
mod pci;
mod serial;
mod storage;
mod system;
mod usb;

pub use cpu::*;
pub use gpu::*;
pub use memory::*;
pub use network::*;
pub use pci::*;
pub use serial::*;
pub use storage::*;
pub use system::*;
pub use usb::*;

use serde::{Deserialize, Serialize};

/// The host's hardware, by area (`GET /1.0/resources`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Resources {
    /// Processors: sockets, cores and threads.
    pub cpu: ResourcesCPU,
    /// Graphics cards. API extension: resources_gpu.
    pub gpu: ResourcesGPU,
    /// Load averages and process count. API extension: resources_load.
    pub load: ResourcesLoad,
    /// Memory, in total and per NUMA node.
    pub memory: ResourcesMemory,
    /// Network cards and their ports. API extension: resources_v2.
    pub network: ResourcesNetwork,
    /// PCI devices. API extension: resources_usb_pci.
    pub pci: ResourcesPCI,
    /// Serial ports (not served by Incus 6.0.4). API extension: resources_serial.
    pub serial: ResourcesSerial,
    /// Local disks and their partitions. API extension: resources_v2.
    pub storage: ResourcesStorage,
    /// What the firmware says about the machine (DMI). API extension: resources_system.
    pub system: ResourcesSystem,
    /// USB devices. API extension: resources_usb_pci.
    pub usb: ResourcesUSB,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_resources() {
        let body = r#"{
            "cpu": {
                "architecture": "x86_64",
                "sockets": [{
                    "name": "Intel(R) Core(TM) i5-7300U CPU @ 2.60GHz",
                    "vendor": "GenuineIntel",
                    "socket": 0,
                    "cache": [{"level": 1, "type": "Data", "size": 32768}],
                    "cores": [{
                        "core": 0,
                        "die": 0,
                        "frequency": 3500,
                        "flags": null,
                        "threads": [{
                            "id": 0,
                            "numa_node": 0,
                            "thread": 0,
                            "online": true,
                            "isolated": false
                        }]
                    }],
                    "frequency": 3499,
                    "frequency_minimum": 400,
                    "frequency_turbo": 3500,
                    "address_sizes": {"physical_bits": 39, "virtual_bits": 48}
                }],
                "total": 1
            },
            "memory": {
                "nodes": null,
                "hugepages_total": 0,
                "hugepages_used": 0,
                "hugepages_size": 2097152,
                "used": 557450502144,
                "total": 687194767360
            },
            "gpu": {"cards": null, "total": 0},
            "network": {"cards": [], "total": 0},
            "storage": {
                "disks": [{
                    "id": "nvme0n1",
                    "device": "259:0",
                    "model": "INTEL SSDPEKKW256G7",
                    "type": "nvme",
                    "read_only": false,
                    "size": 256060514304,
                    "removable": false,
                    "numa_node": 0,
                    "block_size": 512,
                    "rpm": 0,
                    "device_id": "nvme-eui.0000000001000000e4d25cafae2e4c00",
                    "partitions": [{
                        "id": "nvme0n1p1",
                        "device": "259:1",
                        "read_only": false,
                        "size": 254933278208,
                        "partition": 1
                    }]
                }],
                "total": 1
            },
            "usb": {"devices": null, "total": 0},
            "pci": {"devices": [], "total": 0},
            "system": {
                "uuid": "7fa1c0cc-2271-11b2-a85c-aab32a05d71a",
                "vendor": "LENOVO",
                "product": "20HRCTO1WW",
                "family": "ThinkPad X1 Carbon 5th",
                "version": "ThinkPad X1 Carbon 5th",
                "sku": "LENOVO_MT_20HR_BU_Think_FM_ThinkPad X1 Carbon 5th",
                "serial": "PY3DD4X9",
                "type": "physical",
                "firmware": {"vendor": "Lenovo", "date": "10/14/2020", "version": "N1MET64W (1.49)"},
                "chassis": null,
                "motherboard": {"vendor": "Lenovo", "product": "20HRCTO1WW", "serial": "L3CF4FX003A", "version": "None"}
            },
            "load": {"Average1Min": 0.69, "Average5Min": 1.1, "Average10Min": 1.29, "Processes": 1234},
            "a_field_from_a_newer_server": [1, 2, 3]
        }"#;
        let res: Resources = serde_json::from_str(body).unwrap();

        assert_eq!(res.cpu.total, 1);
        let socket = &res.cpu.sockets[0];
        assert_eq!(socket.cache[0].kind, "Data");
        assert_eq!(
            socket.address_sizes,
            Some(ResourcesCPUAddressSizes {
                physical_bits: 39,
                virtual_bits: 48,
            })
        );
        let core = &socket.cores[0];
        assert!(core.flags.is_empty());
        assert!(core.threads[0].online);

        assert!(res.memory.nodes.is_empty());
        assert_eq!(res.memory.total, 687_194_767_360);
        assert!(res.gpu.cards.is_empty());
        assert!(res.usb.devices.is_empty());
        // Absent on Incus 6.0.4: defaults to empty.
        assert_eq!(res.serial, ResourcesSerial::default());

        let disk = &res.storage.disks[0];
        assert_eq!(disk.kind, "nvme");
        assert_eq!(disk.size, 256_060_514_304);
        assert_eq!(disk.partitions[0].partition, 1);

        assert_eq!(res.system.kind, "physical");
        assert_eq!(res.system.firmware.as_ref().unwrap().date, "10/14/2020");
        assert!(res.system.chassis.is_none());
        assert_eq!(
            res.system.motherboard.as_ref().unwrap().serial,
            "L3CF4FX003A"
        );

        assert_eq!(res.load.average_1min, 0.69);
        assert_eq!(res.load.processes, 1234);
        let load = serde_json::to_value(&res.load).unwrap();
        assert_eq!(load["Average10Min"], 1.29);
    }
}
