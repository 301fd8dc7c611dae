//! An instance's runtime state, and state changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{StatusCode, is_false, null_default};

/// An instance's runtime state (GET /1.0/instances/{name}/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceState {
    /// Human-readable state: `Running`, `Stopped`, `Frozen` or `Error`.
    pub status: String,
    /// The state as a number. Example: `103`
    pub status_code: StatusCode,
    /// Host process ID of the instance (its init, or QEMU for a VM). Example: `7281`
    pub pid: i64,
    /// How many processes run inside. Example: `50`
    pub processes: i64,
    /// When the instance last started (RFC 3339). API extension: instance_state_started_at.
    pub started_at: String,
    /// CPU time used.
    pub cpu: InstanceStateCPU,
    /// Memory and swap used.
    pub memory: InstanceStateMemory,
    /// Disk use, by device name.
    #[serde(deserialize_with = "null_default")]
    pub disk: BTreeMap<String, InstanceStateDisk>,
    /// Network interfaces, by their name inside the instance.
    #[serde(deserialize_with = "null_default")]
    pub network: BTreeMap<String, InstanceStateNetwork>,
    /// What the guest reports about its OS; `None` when it reports nothing.
    pub os_info: Option<InstanceStateOSInfo>,
}

/// CPU usage of an instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateCPU {
    /// CPU time used since the start, in nanoseconds. Example: `3637691016`
    pub usage: i64,
    /// CPU time the instance may use each second, in nanoseconds. Example: `4000000000`
    pub allocated_time: i64,
}

/// Memory usage of an instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateMemory {
    /// Memory in use, in bytes. Example: `73248768`
    pub usage: i64,
    /// Most memory in use at once, in bytes. Example: `73785344`
    pub usage_peak: i64,
    /// Memory the instance may use, in bytes. Example: `12297557`
    pub total: i64,
    /// Swap in use, in bytes. Example: `12297557`
    pub swap_usage: i64,
    /// Most swap in use at once, in bytes. Example: `12297557`
    pub swap_usage_peak: i64,
}

/// Disk usage of one instance disk.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateDisk {
    /// Bytes in use. Example: `502239232`
    pub usage: i64,
    /// Capacity in bytes. Example: `502239232`
    pub total: i64,
}

/// One network interface of an instance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateNetwork {
    /// Addresses on the interface.
    #[serde(deserialize_with = "null_default")]
    pub addresses: Vec<InstanceStateNetworkAddress>,
    /// Traffic counters.
    pub counters: InstanceStateNetworkCounters,
    /// Name of the matching interface on the host. Example: `vethbbcd39c7`
    pub host_name: String,
    /// Hardware (MAC) address. Example: `10:66:6a:0c:ee:dd`
    pub hwaddr: String,
    /// Largest packet the interface sends, in bytes. Example: `1500`
    pub mtu: i64,
    /// `up` or `down`.
    pub state: String,
    /// Link type (`broadcast`, `loopback`, `point-to-point`, …). Example: `broadcast`
    #[serde(rename = "type")]
    pub kind: String,
}

/// One IP address of an instance interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateNetworkAddress {
    /// `inet` (IPv4) or `inet6` (IPv6).
    pub family: String,
    /// The address itself. Example: `fd42:4c81:5770:1eaf:1266:6aff:fe0c:eedd`
    pub address: String,
    /// Prefix length. Example: `64`
    pub netmask: String,
    /// Where the address is valid: `global`, `link` or `local`.
    pub scope: String,
}

/// Traffic counters of an instance interface.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateNetworkCounters {
    /// Bytes in. Example: `192021`
    pub bytes_received: i64,
    /// Bytes out. Example: `10888579`
    pub bytes_sent: i64,
    /// Packets in. Example: `1748`
    pub packets_received: i64,
    /// Packets out. Example: `964`
    pub packets_sent: i64,
    /// Errors on the way in. Example: `14`
    pub errors_received: i64,
    /// Errors on the way out. Example: `41`
    pub errors_sent: i64,
    /// Incoming packets dropped. Example: `179`
    pub packets_dropped_inbound: i64,
    /// Outgoing packets dropped. Example: `541`
    pub packets_dropped_outbound: i64,
}

/// Operating system information reported by the guest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStateOSInfo {
    /// Name of the guest OS. Example: `Debian GNU/Linux`
    pub os: String,
    /// Version of the guest OS. Example: `12 (bookworm)`
    pub os_version: String,
    /// Kernel release the guest runs. Example: `6.1.0-25-amd64`
    pub kernel_version: String,
    /// Host name the guest uses. Example: `myhost`
    pub hostname: String,
    /// Fully qualified domain name the guest uses. Example: `myhost.mydomain.local`
    pub fqdn: String,
}

/// A state change (PUT /1.0/instances/{name}/state).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceStatePut {
    /// What to do: `start`, `stop`, `restart`, `freeze` or `unfreeze`.
    pub action: String,
    /// Seconds to allow a clean stop or restart before giving up (ignored with `force`); -1 for no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
    /// Whether to kill rather than shut down cleanly (stop, restart).
    #[serde(skip_serializing_if = "is_false")]
    pub force: bool,
    /// Whether to save the runtime state (stop), for the next start to restore.
    #[serde(skip_serializing_if = "is_false")]
    pub stateful: bool,
}

impl InstanceStatePut {
    /// The change `action`, with no time limit on the server side.
    fn action(action: &str) -> InstanceStatePut {
        InstanceStatePut {
            action: action.to_string(),
            timeout: Some(-1),
            ..InstanceStatePut::default()
        }
    }

    /// Start the instance.
    ///
    /// ```
    /// use std::time::Duration;
    /// use incus::models::InstanceStatePut;
    /// let stop = InstanceStatePut::stop().force().timeout(Duration::from_secs(30));
    /// assert_eq!((stop.action.as_str(), stop.force, stop.timeout), ("stop", true, Some(30)));
    /// ```
    pub fn start() -> InstanceStatePut {
        InstanceStatePut::action("start")
    }

    /// Stop the instance: ask it to shut down, or at once with
    /// [`InstanceStatePut::force`].
    pub fn stop() -> InstanceStatePut {
        InstanceStatePut::action("stop")
    }

    /// Restart the instance (cleanly, or at once with
    /// [`InstanceStatePut::force`]).
    pub fn restart() -> InstanceStatePut {
        InstanceStatePut::action("restart")
    }

    /// Freeze (pause) a running instance.
    pub fn freeze() -> InstanceStatePut {
        InstanceStatePut::action("freeze")
    }

    /// Unfreeze a frozen instance.
    pub fn unfreeze() -> InstanceStatePut {
        InstanceStatePut::action("unfreeze")
    }

    /// Do it at once (stop, restart): no clean shutdown. Defaults to off.
    #[must_use]
    pub fn force(mut self) -> InstanceStatePut {
        self.force = true;
        self
    }

    /// Keep the runtime state (stop; start then restores it). Defaults to off.
    #[must_use]
    pub fn stateful(mut self) -> InstanceStatePut {
        self.stateful = true;
        self
    }

    /// How long the server gives a clean shutdown, rounded up to whole
    /// seconds. Defaults to no limit (bound your own wait with
    /// [`Client::wait_for_completion`](crate::Client::wait_for_completion)).
    #[must_use]
    pub fn timeout(mut self, timeout: std::time::Duration) -> InstanceStatePut {
        let secs = timeout
            .as_secs()
            .saturating_add(u64::from(timeout.subsec_nanos() > 0));
        self.timeout = Some(i64::try_from(secs).unwrap_or(i64::MAX));
        self
    }
}

/// A state change for every instance of a project (PUT /1.0/instances).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstancesPut {
    /// The change to apply to every instance.
    #[serde(deserialize_with = "null_default")]
    pub state: InstanceStatePut,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_decodes_and_put_encodes() {
        let state: InstanceState = serde_json::from_str(
            r#"{"status":"Running","status_code":103,"pid":7281,"processes":50,"os_info":null,
                "network":{"eth0":{"addresses":[{"family":"inet","address":"10.0.0.2","netmask":"24","scope":"global"}],
                "counters":{"bytes_received":192021},"host_name":"vethbbcd39c7","mtu":1500,"state":"up","type":"broadcast"}},
                "memory":{"usage":73248768,"usage_peak":73785344},"disk":null}"#,
        )
        .unwrap();
        assert_eq!(state.network["eth0"].addresses[0].address, "10.0.0.2");
        assert_eq!(state.network["eth0"].kind, "broadcast");
        assert_eq!(state.cpu, InstanceStateCPU::default());
        let put = InstanceStatePut {
            action: "stop".into(),
            force: true,
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&put).unwrap(),
            r#"{"action":"stop","force":true}"#
        );
        let ms = std::time::Duration::from_millis;
        assert_eq!(InstanceStatePut::stop().timeout(ms(500)).timeout, Some(1));
        assert_eq!(InstanceStatePut::stop().timeout(ms(2000)).timeout, Some(2));
        assert_eq!(
            serde_json::to_string(&InstanceStatePut::start()).unwrap(),
            r#"{"action":"start","timeout":-1}"#
        );
        let max = InstanceStatePut::restart()
            .stateful()
            .timeout(std::time::Duration::MAX);
        assert_eq!((max.timeout, max.stateful), (Some(i64::MAX), true));
    }
}
