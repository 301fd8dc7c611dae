//! Network forwards, load balancers and peers against the test daemon
//! (Incus 6.0.4, nftables, no OVN). Forwards run their whole lifecycle on
//! test bridges with documentation-range addresses, no uplink (`ipv4.nat`
//! and `ipv6.nat` off) and no traffic. Load balancers and peers are OVN
//! only: every method is driven to the daemon's refusal on a bridge, and
//! their replies are read on the fake server
//! (`tests/fake_server/network_forwards.rs`).
//!
//! The bridges are made and deleted with the `incus` command line (the
//! networks methods are another module's), each with its own gateway
//! address: two bridges on one address make dnsmasq fail.

use incus::models::{
    NetworkForwardPort, NetworkForwardPut, NetworkForwardsPost, NetworkLoadBalancerPut,
    NetworkLoadBalancersPost, NetworkPeerPut, NetworkPeersPost,
};
use incus::{Client, Error, ListOptions};

use crate::support::{Cleanup, api_error, bare_bridge, cli, client, test_network};

/// A bridge with the IPv4 gateway `address` (a documentation range,
/// CIDR), no NAT and no IPv6.
fn ipv4_bridge(address: &str) -> (String, Cleanup<impl FnMut() + use<>>) {
    let address = format!("ipv4.address={address}");
    test_network("tf", &[&address, "ipv4.nat=false", "ipv6.address=none"])
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn forward_lifecycle_on_a_bridge() {
    let client = client();
    let (net, _guard) = ipv4_bridge("198.51.100.1/27");
    let listen = "198.51.100.12";
    assert_eq!(
        client.list_network_forward_names(&net, None).unwrap(),
        Vec::<String>::new()
    );

    let new = NetworkForwardsPost::new(listen)
        .description("web")
        .port(NetworkForwardPort::tcp("80", "198.51.100.2").target_port("8080"))
        .port(NetworkForwardPort::udp("5353", "198.51.100.3").description("dns"));
    client.create_network_forward(&net, &new).unwrap();

    assert_eq!(
        client.list_network_forward_names(&net, None).unwrap(),
        [listen]
    );
    // A filter needs `api_filtering_extended` (LXD 5.0 lacks it).
    let mine = ListOptions::new().filter(format!("listen_address eq {listen}"));
    let other = ListOptions::new().filter("listen_address eq 198.51.100.13");
    let filtered = client.list_network_forwards(&net, Some(&mine));
    if let Some(listed) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(listed.unwrap().len(), 1);
    }
    let filtered = client.list_network_forwards(&net, Some(&other));
    if let Some(listed) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(listed.unwrap(), [], "the daemon honours filter");
    }

    let (forward, etag) = client.get_network_forward_with_etag(&net, listen).unwrap();
    assert_eq!(forward.listen_address, listen);
    assert_eq!(forward.description, "web");
    assert_eq!(forward.ports.len(), 2);
    assert_eq!(
        (
            forward.ports[0].protocol.as_str(),
            forward.ports[0].listen_port.as_str(),
            forward.ports[0].target_address.as_str(),
            forward.ports[0].target_port.as_str()
        ),
        ("tcp", "80", "198.51.100.2", "8080")
    );
    assert_eq!(forward.ports[1].description, "dns");
    assert!(!etag.is_empty());
    let shown = cli(&["network", "forward", "show", &net, listen]);
    assert!(shown.contains("description: web"), "{shown}");
    assert!(shown.contains("target_port: \"8080\""), "{shown}");
    assert!(
        shown.contains(&format!("location: {}", forward.location)),
        "{shown}"
    );
    assert_eq!(
        client.list_network_forwards(&net, None).unwrap(),
        std::slice::from_ref(&forward)
    );

    // PUT: a new description and one rule in place of both.
    let mut put = forward.writable();
    put.description = Some("web only".into());
    put.ports = vec![NetworkForwardPort::tcp("443", "198.51.100.2")];
    client
        .replace_network_forward(&net, listen, &put, Some(&etag))
        .unwrap();
    let replaced = client.get_network_forward(&net, listen).unwrap();
    assert_eq!(replaced.description, "web only");
    assert_eq!(replaced.ports, put.ports);
    let shown = cli(&["network", "forward", "show", &net, listen]);
    assert!(shown.contains("listen_port: \"443\""), "{shown}");
    assert!(!shown.contains("5353"), "{shown}");

    // The old ETag is stale now: the ETag follows the content, but Incus
    // 6.0.4 does not check `If-Match` on forwards, so a write with it goes
    // through (the docs of replace_network_forward say so; should this
    // fail with 412, the daemon checks it now: update them).
    let (_, fresh) = client.get_network_forward_with_etag(&net, listen).unwrap();
    assert_ne!(fresh, etag, "the ETag changed with the forward");
    let mut stale = replaced.writable();
    stale.description = Some("stale write".into());
    client
        .replace_network_forward(&net, listen, &stale, Some(&etag))
        .expect("6.0.4 ignores If-Match on forwards");
    assert_eq!(
        client
            .get_network_forward(&net, listen)
            .unwrap()
            .description,
        "stale write"
    );

    // PATCH of config only: keys merge and the ports stay, but Incus 6.0.4
    // clears the description left out.
    let config_only = NetworkForwardPut {
        config: [("user.owner".to_string(), "rust".to_string())].into(),
        ..Default::default()
    };
    client
        .update_network_forward(&net, listen, &config_only, None)
        .unwrap();
    let patched = client.get_network_forward(&net, listen).unwrap();
    assert_eq!(patched.config["user.owner"], "rust");
    assert_eq!(patched.ports, replaced.ports);
    assert_eq!(
        patched.description, "",
        "6.0.4 clears an unsent description"
    );

    // PATCH of ports and description on a forward with config keys: the
    // config is sent empty (`{}`), without which 6.0.4's handler panics.
    let (_, etag) = client.get_network_forward_with_etag(&net, listen).unwrap();
    let ports_only = NetworkForwardPut {
        description: Some("dns too".into()),
        ports: vec![
            NetworkForwardPort::tcp("443", "198.51.100.2"),
            NetworkForwardPort::udp("53", "198.51.100.3"),
        ],
        ..Default::default()
    };
    client
        .update_network_forward(&net, listen, &ports_only, Some(&etag))
        .unwrap();
    let patched = client.get_network_forward(&net, listen).unwrap();
    assert_eq!(patched.config["user.owner"], "rust", "config kept");
    assert_eq!(patched.description, "dns too");
    assert_eq!(patched.ports, ports_only.ports);
    let shown = cli(&["network", "forward", "show", &net, listen]);
    assert!(shown.contains("user.owner: rust"), "{shown}");
    assert!(shown.contains("protocol: udp"), "{shown}");

    client.delete_network_forward(&net, listen).unwrap();
    let e = client.get_network_forward(&net, listen).unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert_eq!(
        cli(&["network", "forward", "list", &net, "--format", "csv"]),
        ""
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn forward_on_an_ipv6_listen_address() {
    let client = client();
    let (net, _guard) = test_network(
        "tf",
        &[
            "ipv4.address=none",
            "ipv6.address=2001:db8:f0::1/64",
            "ipv6.nat=false",
        ],
    );
    let listen = "2001:db8:f0::10";
    let new = NetworkForwardsPost::new(listen)
        .port(NetworkForwardPort::tcp("80", "2001:db8:f0::2").target_port("8080"));
    client.create_network_forward(&net, &new).unwrap();

    // Listed unescaped; the colons travel escaped in one segment.
    assert_eq!(
        client.list_network_forward_names(&net, None).unwrap(),
        [listen]
    );
    let forward = client.get_network_forward(&net, listen).unwrap();
    assert_eq!(forward.listen_address, listen);
    assert_eq!(forward.ports[0].target_address, "2001:db8:f0::2");
    let shown = cli(&["network", "forward", "show", &net, listen]);
    assert!(shown.contains("target_address: 2001:db8:f0::2"), "{shown}");

    // A target of the other IP version is refused.
    let mixed = NetworkForwardsPost::new("2001:db8:f0::11")
        .port(NetworkForwardPort::tcp("80", "198.51.100.102"));
    assert_eq!(
        api_error(&client.create_network_forward(&net, &mixed).unwrap_err()),
        (
            500,
            "Failed creating forward: Cannot mix IP versions in listen address and port \
             specification 0 target address"
                .into()
        )
    );

    client.delete_network_forward(&net, listen).unwrap();
    assert!(
        client
            .get_network_forward(&net, listen)
            .unwrap_err()
            .is_not_found()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn forward_faults_are_the_daemons_own_text() {
    let client = client();
    let (net, _guard) = ipv4_bridge("198.51.100.33/27");

    // Not an IP address; an address with a prefix length (6.0.4 answers 500).
    for (bad, text) in [
        ("not-an-ip", "invalid CIDR address: not-an-ip/32"),
        (
            "198.51.100.32/27",
            "invalid CIDR address: 198.51.100.32/27/32",
        ),
    ] {
        let (status, message) = api_error(
            &client
                .create_network_forward(&net, &NetworkForwardsPost::new(bad))
                .unwrap_err(),
        );
        assert_eq!(
            (status, message.as_str()),
            (
                500,
                format!(
                    "Failed creating forward: Failed parsing address forward listen address \
                     {bad:?}: {text}"
                )
                .as_str()
            )
        );
    }
    // An address holding `/` stays one segment: no such forward.
    assert_eq!(
        api_error(
            &client
                .get_network_forward(&net, "198.51.100.32/27")
                .unwrap_err()
        ),
        (404, "Network forward not found".into())
    );

    let listen = "198.51.100.42";
    let bad_protocol = NetworkForwardPort {
        protocol: "icmp".into(),
        ..NetworkForwardPort::tcp("80", "198.51.100.34")
    };
    assert_eq!(
        api_error(
            &client
                .create_network_forward(&net, &NetworkForwardsPost::new(listen).port(bad_protocol))
                .unwrap_err()
        ),
        (
            500,
            "Failed creating forward: Invalid port protocol in port specification 0, protocol \
             must be one of: tcp, udp"
                .into()
        )
    );
    let outside = NetworkForwardPort::tcp("80", "198.51.100.2");
    assert_eq!(
        api_error(
            &client
                .create_network_forward(&net, &NetworkForwardsPost::new(listen).port(outside))
                .unwrap_err()
        ),
        (
            500,
            "Failed creating forward: Target address is not within the network subnet in port \
             specification 0"
                .into()
        )
    );
    assert_eq!(
        client.list_network_forward_names(&net, None).unwrap(),
        Vec::<String>::new(),
        "nothing was made"
    );

    client
        .create_network_forward(&net, &NetworkForwardsPost::new(listen))
        .unwrap();
    assert_eq!(
        api_error(
            &client
                .create_network_forward(&net, &NetworkForwardsPost::new(listen))
                .unwrap_err()
        ),
        (
            409,
            "Failed creating forward: A forward for that listen address already exists".into()
        )
    );
    client.delete_network_forward(&net, listen).unwrap();
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn forwards_need_a_network_that_has_them() {
    let client = client();
    let (bridge, _bridge_guard) = bare_bridge("tf");
    let parent = format!("parent={bridge}");
    let (macvlan, _macvlan_guard) = test_network("tf", &["--type=macvlan", &parent]);
    let new = NetworkForwardsPost::new("198.51.100.72");

    let refused = (
        400,
        "Network driver \"macvlan\" does not support forwards".to_string(),
    );
    assert_eq!(
        api_error(&client.create_network_forward(&macvlan, &new).unwrap_err()),
        refused
    );
    assert_eq!(
        api_error(
            &client
                .list_network_forward_names(&macvlan, None)
                .unwrap_err()
        ),
        refused
    );

    // A bridge has forwards, but one without an address has no subnet for
    // the listen address.
    assert_eq!(
        api_error(&client.create_network_forward(&bridge, &new).unwrap_err()),
        (
            500,
            "Failed creating forward: invalid CIDR address: none".into()
        )
    );
    assert_eq!(client.list_network_forwards(&bridge, None).unwrap(), []);
    assert_eq!(
        api_error(
            &client
                .list_network_forwards("tf-no-such-net", None)
                .unwrap_err()
        ),
        (404, "Failed loading network: Network not found".into())
    );
}

/// Each result is the daemon's refusal: 400 with `message`.
fn all_refused(results: Vec<(&str, incus::Result<()>)>, message: &str) {
    for (method, result) in results {
        match result {
            Err(Error::Api {
                status: 400,
                message: got,
                ..
            }) if got == message => {}
            other => panic!("{method}: expected 400 {message:?}, got {other:?}"),
        }
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn load_balancers_are_refused_on_a_bridge() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "network_load_balancer", || {
        c.list_network_load_balancer_names("br0", None)
    }) {
        return;
    }
    let client = client();
    let (net, _guard) = bare_bridge("tf");
    let c: &Client = &client;
    let listen = "198.51.100.82";
    let new = NetworkLoadBalancersPost::new(listen);
    let put = NetworkLoadBalancerPut::default();
    all_refused(
        vec![
            (
                "list names",
                c.list_network_load_balancer_names(&net, None).map(drop),
            ),
            ("list", c.list_network_load_balancers(&net, None).map(drop)),
            ("create", c.create_network_load_balancer(&net, &new)),
            ("get", c.get_network_load_balancer(&net, listen).map(drop)),
            (
                "get with etag",
                c.get_network_load_balancer_with_etag(&net, listen)
                    .map(drop),
            ),
            (
                "state",
                c.get_network_load_balancer_state(&net, listen).map(drop),
            ),
            (
                "replace",
                c.replace_network_load_balancer(&net, listen, &put, None),
            ),
            (
                "update",
                c.update_network_load_balancer(&net, listen, &put, None),
            ),
            ("delete", c.delete_network_load_balancer(&net, listen)),
        ],
        "Network driver \"bridge\" does not support load balancers",
    );
    let shown = crate::support::cli_command(&["network", "load-balancer", "list", &net])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&shown.stderr).contains("does not support load balancers"),
        "{shown:?}"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn peers_are_refused_on_a_bridge() {
    let client = client();
    let (net, _guard) = bare_bridge("tf");
    let c: &Client = &client;
    let new = NetworkPeersPost::local("p1", "default", "tf-nowhere");
    let put = NetworkPeerPut::default();
    all_refused(
        vec![
            (
                "list names",
                c.list_network_peer_names(&net, None).map(drop),
            ),
            ("list", c.list_network_peers(&net, None).map(drop)),
            ("create", c.create_network_peer(&net, &new)),
            ("get", c.get_network_peer(&net, "p1").map(drop)),
            (
                "get with etag",
                c.get_network_peer_with_etag(&net, "p1").map(drop),
            ),
            ("replace", c.replace_network_peer(&net, "p1", &put, None)),
            ("update", c.update_network_peer(&net, "p1", &put, None)),
            ("delete", c.delete_network_peer(&net, "p1")),
        ],
        "Network driver \"bridge\" does not support peering",
    );
    assert_eq!(
        api_error(
            &client
                .list_network_peers("tf-no-such-net", None)
                .unwrap_err()
        ),
        (404, "Failed loading network: Network not found".into())
    );
}
