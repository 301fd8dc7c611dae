//! Networks and allocations on the fake server: empty names refused
//! before anything is sent, the names list decoded from escaped URLs, and
//! the state, leases and allocation replies the spec documents (its
//! examples: an OVN network's state is one the test daemon cannot make).

use incus::Error;
use incus::models::{NetworkPost, NetworksPost};
use serde_json::json;

use super::{Fake, assert_api, error_envelope, json_reply, sync, within};

#[test]
fn empty_network_names_send_nothing() {
    let fake = Fake::start(vec![]);
    let c = fake.client();
    let errors = within(3000, move || {
        vec![
            c.create_network(&NetworksPost::bridge("")).unwrap_err(),
            c.rename_network("br0", &NetworkPost::new("")).unwrap_err(),
            c.create_network(&NetworksPost::bridge("a\0b")).unwrap_err(),
            c.get_network("").unwrap_err(),
            c.delete_network("").unwrap_err(),
            c.get_network_state("").unwrap_err(),
            c.get_network_leases("").unwrap_err(),
        ]
    });
    for e in &errors {
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    }
    assert_eq!(
        errors[0].to_string(),
        "invalid input: the network's name must not be empty"
    );
    assert_eq!(
        errors[1].to_string(),
        "invalid input: the network's new name must not be empty"
    );
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
}

#[test]
fn network_replies_decode() {
    let names = json!(["/1.0/networks/br%200", "/1.0/networks/eth0"]);
    let state = json!({
        "addresses": [{"family": "inet", "address": "10.0.0.1", "netmask": "24", "scope": "global"}],
        "counters": {"bytes_received": 250542118, "bytes_sent": 17524040140_i64,
                     "packets_received": 1182515, "packets_sent": 1567934},
        "hwaddr": "10:66:6a:5a:83:57", "mtu": 1500, "state": "up", "type": "broadcast",
        "bond": null, "bridge": null, "vlan": null,
        "ovn": {"chassis": "server01", "logical_router": "incus-net1-lr",
                "logical_switch": "incus-net1-ls-int", "uplink_ipv4": "10.0.0.1",
                "uplink_ipv6": "2001:db8::1"}});
    let leases = json!([{"hostname": "c1", "hwaddr": "10:66:6a:2c:89:d9", "address": "10.0.0.98",
                         "type": "dynamic", "location": "server01"}]);
    let allocations = json!([{"addresses": "192.0.2.1/24", "hwaddr": "", "nat": false,
                              "type": "network", "used_by": "/1.0/networks/br0"}]);
    // What Incus 6.0.4 answers for a macvlan's state and leases.
    let no_interface = "Network interface \"mv0\" not found";
    let fake = Fake::start(vec![
        json_reply(200, &sync(names)),
        // Asked once a name holds an escape (LXD 5.0 escapes twice).
        super::incus_server(),
        json_reply(200, &sync(state)),
        json_reply(200, &sync(leases)),
        json_reply(200, &sync(allocations)),
        json_reply(404, &error_envelope(404, no_interface)),
        json_reply(500, &error_envelope(500, "Not implemented")),
    ]);
    let c = fake.client();
    let (names, state, leases, allocations, no_state, no_leases) = within(3000, move || {
        (
            c.list_network_names(None).unwrap(),
            c.get_network_state("net1").unwrap(),
            c.get_network_leases("br0").unwrap(),
            c.list_network_allocations(None).unwrap(),
            c.get_network_state("mv0").unwrap_err(),
            c.get_network_leases("mv0").unwrap_err(),
        )
    });
    assert_eq!(names, ["br 0", "eth0"]);
    assert_eq!(state.counters.bytes_sent, 17524040140);
    assert_eq!(state.ovn.unwrap().logical_switch, "incus-net1-ls-int");
    assert!(state.bridge.is_none());
    assert_eq!(leases[0].kind, "dynamic");
    assert_eq!(leases[0].location, "server01");
    assert_eq!(allocations[0].used_by, "/1.0/networks/br0");
    assert!(no_state.is_not_found(), "{no_state:?}");
    assert_api(&no_state, 404, no_interface);
    assert_api(&no_leases, 500, "Not implemented");
}
