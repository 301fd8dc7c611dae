//! Live tests of `/1.0/networks` and `/1.0/network-allocations`: a
//! bridge's lifecycle, the other kinds the daemon accepts here, leases and
//! allocations on a bridge with an address, an instance attached through a
//! NIC device, and the daemon's refusals.
//!
//! Test networks have no IPv6 and, unless a test needs one, no IPv4
//! address; the ones that do get a /28 of 198.51.100.0/24 (a documentation
//! range) with no NAT, and nothing sends traffic to them. Not 192.0.2.0/24:
//! the sandbox host's own `eth0` and its gateway are in that range.

use crate::support::{
    Cleanup, WAIT, assert_api, cli, client, past_network_races, running, short_name,
};
use incus::models::{NetworkPost, NetworkPut, NetworksPost};
use incus::{Client, Error, ListOptions};

/// A gateway address with its /28, from 198.51.100.128/25, chosen by the
/// process id so parallel runs do not pick the same one (two bridges with
/// one gateway address fail: their DHCP services cannot both bind it).
fn gateway_cidr() -> (String, String) {
    let slot = std::process::id() % 8;
    let gateway = format!("198.51.100.{}", 129 + 16 * slot);
    (gateway.clone(), format!("{gateway}/28"))
}

/// A bridge post with no addresses: no uplink, no DHCP.
fn quiet_bridge(name: &str) -> NetworksPost {
    NetworksPost::bridge(name)
        .config("ipv4.address", "none")
        .config("ipv6.address", "none")
}

/// Deletes the networks `names` (the last first) when dropped, ignoring errors.
fn network_guard(client: &Client, names: &[&str]) -> Cleanup<impl FnMut() + use<>> {
    let client = client.clone();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    Cleanup(move || {
        for name in names.iter().rev() {
            let _ = delete_network(&client, name);
        }
    })
}

/// Creates a network, past the daemon's races ([`past_network_races`]).
fn create_network(client: &Client, post: &NetworksPost) -> incus::Result<()> {
    past_network_races(|| client.create_network(post))
}

/// Deletes a network, past the daemon's races ([`past_network_races`]).
fn delete_network(client: &Client, name: &str) -> incus::Result<()> {
    past_network_races(|| client.delete_network(name))
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn bridge_lifecycle() {
    let client = client();
    let name = short_name("rn");
    let renamed = format!("{name}r");
    let _cleanup = network_guard(&client, &[&name, &renamed]);

    create_network(&client, &quiet_bridge(&name).description("made by a test")).unwrap();
    let network = client.get_network(&name).unwrap();
    assert_eq!(network.kind, "bridge");
    assert!(network.managed);
    assert_eq!(network.status, "Created");
    assert_eq!(network.description, "made by a test");
    assert_eq!(network.config["ipv4.address"], "none");
    assert!(network.used_by.is_empty(), "{:?}", network.used_by);
    assert_eq!(cli(&["network", "get", &name, "ipv6.address"]), "none");
    assert!(client.list_network_names(None).unwrap().contains(&name));
    // A filter needs `api_filtering_extended` (LXD 5.0 lacks it).
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    let filtered = client.list_network_names(Some(&filter));
    if let Some(names) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(names.unwrap(), std::slice::from_ref(&name));
    }
    let filtered = client.list_networks(Some(&filter));
    if let Some(listed) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(listed.unwrap(), std::slice::from_ref(&network));
    }
    // The bridge is a real interface: up, no addresses, no ports.
    let state = client.get_network_state(&name).unwrap();
    assert_eq!(state.state, "up");
    assert!(state.addresses.is_empty(), "{:?}", state.addresses);
    let bridge = state.bridge.expect("a bridge reports its bridge part");
    assert!(
        bridge.upper_devices.is_empty(),
        "{:?}",
        bridge.upper_devices
    );
    assert!(state.bond.is_none() && state.vlan.is_none() && state.ovn.is_none());
    // No address, no leases.
    assert!(client.get_network_leases(&name).unwrap().is_empty());

    // PATCH merges config; the interface takes the new MTU.
    let patch = NetworkPut {
        config: [("bridge.mtu".to_string(), "1400".to_string())].into(),
        ..Default::default()
    };
    client.update_network(&name, &patch, None).unwrap();
    assert_eq!(cli(&["network", "get", &name, "bridge.mtu"]), "1400");
    assert_eq!(cli(&["network", "get", &name, "ipv4.address"]), "none");
    assert_eq!(client.get_network_state(&name).unwrap().mtu, 1400);

    // PUT with the current ETag replaces; the old ETag is stale: 412.
    let (network, etag) = client.get_network_with_etag(&name).unwrap();
    let mut put = network.writable();
    put.description = Some("replaced".into());
    put.config.remove("bridge.mtu");
    client.replace_network(&name, &put, Some(&etag)).unwrap();
    let network = client.get_network(&name).unwrap();
    assert_eq!(network.description, "replaced");
    assert!(!network.config.contains_key("bridge.mtu"));
    let e = client
        .replace_network(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    assert!(e.to_string().contains("ETag doesn't match"), "{e}");
    let e = client
        .update_network(&name, &patch, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");

    // Rename: the interface follows the name.
    client
        .rename_network(&name, &NetworkPost::new(&renamed))
        .unwrap();
    assert!(client.get_network(&name).unwrap_err().is_not_found());
    assert_eq!(client.get_network(&renamed).unwrap().kind, "bridge");
    assert_eq!(client.get_network_state(&renamed).unwrap().state, "up");

    delete_network(&client, &renamed).unwrap();
    assert!(client.get_network(&renamed).unwrap_err().is_not_found());
    assert!(!client.list_network_names(None).unwrap().contains(&renamed));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn other_network_kinds() {
    let client = client();
    let (parent, macvlan, sriov, physical, ovn) = (
        short_name("rn"),
        short_name("rn"),
        short_name("rn"),
        short_name("rn"),
        short_name("rn"),
    );
    let _cleanup = network_guard(&client, &[&parent, &physical, &macvlan, &sriov, &ovn]);
    create_network(&client, &quiet_bridge(&parent)).unwrap();

    // A macvlan on the test bridge: made, but it has no interface of its
    // own on the host and hands out no leases.
    create_network(&client, &NetworksPost::macvlan(&macvlan, &parent)).unwrap();
    let read = client.get_network(&macvlan).unwrap();
    assert_eq!(read.kind, "macvlan");
    assert_eq!(read.config["parent"], parent);
    let e = client.get_network_state(&macvlan).unwrap_err();
    assert_api(
        &e,
        404,
        &format!("Network interface \"{macvlan}\" not found"),
    );
    let e = client.get_network_leases(&macvlan).unwrap_err();
    assert_api(&e, 500, "Not implemented");

    // SR-IOV: the daemon records it without checking the parent's
    // hardware (that happens when an instance uses it).
    create_network(
        &client,
        &NetworksPost::new(&sriov, "sriov").config("parent", &parent),
    )
    .unwrap();
    assert_eq!(client.get_network(&sriov).unwrap().kind, "sriov");

    // Physical: refused while another network uses the parent.
    let take_over = NetworksPost::new(&physical, "physical").config("parent", &parent);
    let e = client.create_network(&take_over).unwrap_err();
    assert_api(
        &e,
        500,
        &format!("Parent interface \"{parent}\" in use by another network"),
    );
    delete_network(&client, &macvlan).unwrap();
    delete_network(&client, &sriov).unwrap();
    create_network(&client, &take_over).unwrap();
    let read = client.get_network(&physical).unwrap();
    assert_eq!(read.kind, "physical");
    // It did not make the interface, so it will not remove it.
    assert_eq!(read.config["volatile.last_state.created"], "false");
    delete_network(&client, &physical).unwrap();
    assert_eq!(client.get_network_state(&parent).unwrap().state, "up");

    // OVN needs Open vSwitch, which this host lacks. LXD 5.0.2 picks the
    // uplink itself only while it has one bridge (else a 500 `Option
    // "network" is required`, as other tests' bridges come and go): named.
    let mut ovn_post = NetworksPost::new(&ovn, "ovn")
        .config("ipv4.address", "none")
        .config("ipv6.address", "none");
    if crate::support::on_lxd() {
        ovn_post = ovn_post.config("network", &parent);
    }
    let e = client.create_network(&ovn_post).unwrap_err();
    match &e {
        // LXD 5.0.2 fails looking for Open vSwitch's command line, a 500.
        Error::Api {
            status, message, ..
        } if crate::support::on_lxd() => {
            assert_eq!(*status, 500, "{e}");
            assert!(
                message.starts_with("Failed to get OVN client: Failed to get OVN southbound"),
                "{e}"
            );
        }
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(*status, 404, "{e}");
            assert!(
                message.starts_with("Failed loading network: Failed to connect to OVN"),
                "{e}"
            );
        }
        other => panic!("{other:?}"),
    }
    // An unknown kind.
    let e = client
        .create_network(&NetworksPost::new(&ovn, "bogus"))
        .unwrap_err();
    assert_api(&e, 400, "Unknown driver");
    assert!(client.get_network(&ovn).unwrap_err().is_not_found());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn leases_and_allocations() {
    let client = client();
    let name = short_name("rn");
    let (gateway, cidr) = gateway_cidr();
    let _cleanup = network_guard(&client, &[&name]);
    let post = NetworksPost::bridge(&name)
        .config("ipv4.address", &cidr)
        .config("ipv4.nat", "false")
        .config("ipv6.address", "none");
    create_network(&client, &post).unwrap();

    let state = client.get_network_state(&name).unwrap();
    let inet: Vec<_> = state
        .addresses
        .iter()
        .filter(|a| a.family == "inet")
        .collect();
    assert_eq!(inet.len(), 1, "{:?}", state.addresses);
    assert_eq!(
        (inet[0].address.as_str(), inet[0].netmask.as_str()),
        (gateway.as_str(), "28")
    );

    // With no instance on it, the one lease is the gateway's own.
    let leases = client.get_network_leases(&name).unwrap();
    assert_eq!(leases.len(), 1, "{leases:?}");
    assert_eq!(leases[0].hostname, format!("{name}.gw"));
    assert_eq!(leases[0].address, gateway);
    assert_eq!(leases[0].kind, "gateway");
    assert!(
        cli(&["network", "list-leases", &name, "-f", "csv"]).contains(&gateway),
        "the CLI sees the same lease"
    );

    // The allocations name the bridge's subnet, in this project and in all
    // (LXD 5.0 lacks `network_allocations`: refused before sending).
    if !crate::support::has_or_refused(&client, "network_allocations", || {
        client.list_network_allocations(None)
    }) {
        return;
    }
    let used_by = format!("/1.0/networks/{name}");
    for options in [None, Some(&ListOptions::new().all_projects())] {
        let allocations = past_network_races(|| client.list_network_allocations(options)).unwrap();
        let ours: Vec<_> = allocations
            .iter()
            .filter(|a| a.used_by == used_by)
            .collect();
        assert_eq!(ours.len(), 1, "{allocations:?}");
        assert_eq!(ours[0].addresses, cidr);
        assert_eq!(ours[0].kind, "network");
        assert!(!ours[0].nat);
        assert!(ours[0].hwaddr.is_empty());
    }

    delete_network(&client, &name).unwrap();
    let allocations = past_network_races(|| client.list_network_allocations(None)).unwrap();
    assert!(
        !allocations.iter().any(|a| a.used_by == used_by),
        "{allocations:?}"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn instance_on_a_bridge() {
    let client = client();
    let name = short_name("rn");
    let other = short_name("rn");
    let _cleanup = network_guard(&client, &[&name, &other]);
    create_network(&client, &quiet_bridge(&name)).unwrap();
    create_network(&client, &quiet_bridge(&other)).unwrap();
    let (instance, _instance) = running(&client, "net-nic");

    // Attach: a NIC device naming the network, hot-plugged (PATCH merges devices).
    let nic = [
        ("type".to_string(), "nic".to_string()),
        ("network".to_string(), name.clone()),
    ]
    .into();
    let attach = incus::models::InstancePut {
        devices: [("eth0".to_string(), nic)].into(),
        ..Default::default()
    };
    client.update_instance(&instance, &attach, None).unwrap();

    let state = client.get_instance_state(&instance).unwrap();
    let eth0 = state
        .network
        .get("eth0")
        .expect("eth0 in the instance's state");
    // Busybox does not bring a hot-plugged NIC up, so it may be down.
    assert!(eth0.host_name.starts_with("veth"), "{eth0:?}");
    assert!(!eth0.hwaddr.is_empty(), "{eth0:?}");
    // The host side of the NIC is a port of the bridge.
    let bridge = client.get_network_state(&name).unwrap().bridge.unwrap();
    assert_eq!(bridge.upper_devices, std::slice::from_ref(&eth0.host_name));
    let used_by = client.get_network(&name).unwrap().used_by;
    assert_eq!(used_by, [format!("/1.0/instances/{instance}")]);

    // In use: neither deleted nor renamed, nor renamed onto a taken name.
    let e = client.delete_network(&name).unwrap_err();
    assert_api(&e, 400, "The network is currently in use");
    let e = client
        .rename_network(&name, &NetworkPost::new(format!("{name}r")))
        .unwrap_err();
    assert_api(&e, 400, "Network is currently in use");
    assert!(client.get_network(&name).is_ok());

    // Detach: PUT the instance without the device; then delete works.
    let (read, etag) = client.get_instance_with_etag(&instance).unwrap();
    let mut put = read.writable();
    assert!(put.devices.remove("eth0").is_some());
    let op = client
        .replace_instance(&instance, &put, Some(&etag))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(
        !client
            .get_instance_state(&instance)
            .unwrap()
            .network
            .contains_key("eth0")
    );
    assert!(client.get_network(&name).unwrap().used_by.is_empty());
    delete_network(&client, &name).unwrap();
    assert!(client.get_network(&name).unwrap_err().is_not_found());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_refusals() {
    let client = client();
    let (name, other) = (short_name("rn"), short_name("rn"));
    let _cleanup = network_guard(&client, &[&name, &other]);

    // An invalid CIDR: the daemon's validation text (500 in 6.0.4).
    let bad = NetworksPost::bridge(&name)
        .config("ipv4.address", "198.51.100.1/33")
        .config("ipv6.address", "none");
    let e = client.create_network(&bad).unwrap_err();
    assert_api(
        &e,
        500,
        &format!(
            "Invalid value for network \"{name}\" option \"ipv4.address\": \
             invalid CIDR address: 198.51.100.1/33"
        ),
    );
    assert!(client.get_network(&name).unwrap_err().is_not_found());

    // A name no interface can have.
    let long = "rn3456789012345x";
    assert_eq!(long.len(), 16);
    let e = client.create_network(&quiet_bridge(long)).unwrap_err();
    assert_api(
        &e,
        400,
        "Network interface is too long (maximum 15 characters)",
    );

    // Taken names: creating, and renaming onto one.
    create_network(&client, &quiet_bridge(&name)).unwrap();
    create_network(&client, &quiet_bridge(&other)).unwrap();
    let e = client.create_network(&quiet_bridge(&name)).unwrap_err();
    if crate::support::on_lxd() {
        // LXD 5.0.2: a 400 that does not name the network.
        assert_api(&e, 400, "The network already exists");
    } else {
        assert_api(&e, 409, &format!("Network \"{name}\" already exists"));
    }
    let e = client
        .rename_network(&name, &NetworkPost::new(&other))
        .unwrap_err();
    assert_api(&e, 409, &format!("Network \"{other}\" already exists"));
    assert!(client.get_network(&name).is_ok());

    // An invalid value on an existing network leaves it as it was.
    let patch = NetworkPut {
        config: [("ipv4.address".to_string(), "banana".to_string())].into(),
        ..Default::default()
    };
    let e = client.update_network(&name, &patch, None).unwrap_err();
    assert!(
        matches!(&e, Error::Api { message, .. } if message.contains("invalid CIDR address: banana")),
        "{e:?}"
    );
    assert_eq!(cli(&["network", "get", &name, "ipv4.address"]), "none");

    // Empty names: refused before sending.
    let e = client
        .create_network(&NetworksPost::bridge(""))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    let e = client
        .rename_network(&name, &NetworkPost::new(""))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    let e = client.delete_network("").unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");

    // Missing networks.
    let missing = format!("{name}m");
    assert!(client.delete_network(&missing).unwrap_err().is_not_found());
    assert!(
        client
            .get_network_state(&missing)
            .unwrap_err()
            .is_not_found()
    );
}
