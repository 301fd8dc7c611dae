//! Network forwards, load balancers and peers on the fake server: each
//! family decodes the replies the spec documents (its examples) and sends
//! the requests the wire table checks one by one. Incus 6.0.4 serves load
//! balancers and peers only on OVN networks, which these machines lack, so
//! this is where the replies of ones that exist are read; forwards are
//! also tested live.

use incus::models::{
    NetworkForwardPort, NetworkForwardsPost, NetworkLoadBalancerBackend, NetworkLoadBalancerPort,
    NetworkLoadBalancersPost, NetworkPeersPost,
};
use incus::{Error, ListOptions};
use serde_json::{Value, json};

use super::newer::{json_body, lines};
use super::{assert_api, error_envelope, json_reply, scripted, sync, tagged};

fn forward_example() -> Value {
    json!({"listen_address": "192.0.2.1", "description": "My public IP forward",
           "config": {"target_address": "198.51.100.2"}, "location": "server01",
           "ports": [{"description": "My web server forward", "protocol": "tcp",
                      "listen_port": "80,81,8080-8090", "target_address": "198.51.100.2",
                      "target_port": "80,81,8080-8090"}]})
}

fn load_balancer_example() -> Value {
    json!({"listen_address": "192.0.2.1", "description": "My public IP load balancer",
           "config": {"healthcheck": "true"}, "location": "server01",
           "backends": [{"name": "c1-http", "description": "C1 webserver",
                         "target_address": "198.51.100.2", "target_port": "80,81,8080-8090"}],
           "ports": [{"description": "My web server load balancer", "protocol": "tcp",
                      "listen_port": "80,81,8080-8090", "target_backend": ["c1-http", "c2-http"]}]})
}

fn peer_example() -> Value {
    json!({"name": "project1-network1", "description": "Peering with network1 in project1",
           "config": {"user.mykey": "foo"}, "type": "local", "target_project": "project1",
           "target_network": "network1", "target_integration": "", "status": "Pending",
           "used_by": ["/1.0/network-acls/test", "/1.0/network-acls/foo"]})
}

#[test]
fn forwards_decode_the_spec_replies() {
    // The daemon lists IPv6 listen addresses unescaped.
    let names = json!([
        "/1.0/networks/br0/forwards/192.0.2.1",
        "/1.0/networks/br0/forwards/2001:db8::1"
    ]);
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([forward_example()]))),
            tagged(200, forward_example()),
            tagged(201, Value::Null),
            tagged(200, json!({})),
            tagged(200, json!({})),
            tagged(200, json!({})),
        ],
        |c| {
            let filter = ListOptions::new().filter("listen_address eq 192.0.2.1");
            let names = c.list_network_forward_names("br0", None).unwrap();
            let all = c.list_network_forwards("br0", Some(&filter)).unwrap();
            let (one, etag) = c.get_network_forward_with_etag("br0", "192.0.2.1").unwrap();
            let new = NetworkForwardsPost::new("2001:db8::1")
                .port(NetworkForwardPort::udp("53", "2001:db8::2"));
            c.create_network_forward("br0", &new).unwrap();
            let mut put = one.writable();
            put.ports[0].target_port = "8080".into();
            c.replace_network_forward("br0", "192.0.2.1", &put, Some(&etag))
                .unwrap();
            put.ports.clear();
            c.update_network_forward("br0", "192.0.2.1", &put, None)
                .unwrap();
            c.delete_network_forward("br0", "2001:db8::1").unwrap();
            (names, all, one, etag)
        },
    );
    let (names, all, one, etag) = got;
    assert_eq!(names, ["192.0.2.1", "2001:db8::1"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.listen_address, "192.0.2.1");
    assert_eq!(one.location, "server01");
    assert_eq!(one.config["target_address"], "198.51.100.2");
    assert_eq!(
        (
            one.ports[0].protocol.as_str(),
            one.ports[0].listen_port.as_str()
        ),
        ("tcp", "80,81,8080-8090")
    );
    assert_eq!(etag, "\"e1\"");
    let forwards = "/1.0/networks/br0/forwards";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{forwards}?recursion=0").as_str()),
            (
                "GET",
                format!("{forwards}?recursion=1&filter=listen_address%20eq%20192.0.2.1").as_str()
            ),
            ("GET", format!("{forwards}/192.0.2.1").as_str()),
            ("POST", forwards),
            ("PUT", format!("{forwards}/192.0.2.1").as_str()),
            ("PATCH", format!("{forwards}/192.0.2.1").as_str()),
            ("DELETE", format!("{forwards}/2001%3Adb8%3A%3A1").as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[3]),
        json!({"listen_address": "2001:db8::1",
               "ports": [{"protocol": "udp", "listen_port": "53", "target_address": "2001:db8::2"}]})
    );
    assert_eq!(sent[4].header("If-Match"), Some("\"e1\""));
    assert_eq!(json_body(&sent[4])["ports"][0]["target_port"], "8080");
    // The PATCH names the description and config, and no ports (kept).
    assert_eq!(
        json_body(&sent[5]),
        json!({"description": "My public IP forward",
               "config": {"target_address": "198.51.100.2"}})
    );
    assert_eq!(sent[5].header("If-Match"), None);
}

#[test]
fn a_listen_address_with_a_slash_stays_one_segment() {
    let (got, sent) = scripted(
        vec![json_reply(
            404,
            &error_envelope(404, "Network forward not found"),
        )],
        |c| c.get_network_forward("br0", "192.0.2.0/24"),
    );
    let e = got.unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    assert_api(&e, 404, "Network forward not found");
    assert_eq!(
        lines(&sent),
        [("GET", "/1.0/networks/br0/forwards/192.0.2.0%2F24")]
    );
}

#[test]
fn an_empty_listen_address_or_name_is_refused_before_sending() {
    let (got, sent) = scripted(vec![], |c| {
        [
            c.get_network_forward("br0", "").map(drop),
            c.delete_network_load_balancer("br0", "").map(drop),
            c.get_network_load_balancer_state("", "192.0.2.1").map(drop),
            c.get_network_peer("br0", "").map(drop),
        ]
    });
    let messages: Vec<String> = got
        .into_iter()
        .map(|r| match r {
            Err(Error::InvalidInput(m)) => m,
            other => panic!("expected InvalidInput, got {other:?}"),
        })
        .collect();
    assert_eq!(
        messages,
        [
            "listen_address must not be empty",
            "listen_address must not be empty",
            "network must not be empty",
            "peer must not be empty",
        ]
    );
    assert!(sent.is_empty(), "{sent:?}");
}

#[test]
fn load_balancers_decode_the_spec_replies_and_state() {
    let names = json!(["/1.0/networks/ovn0/load-balancers/192.0.2.1"]);
    let state = json!({"backend_health": {
        "c1-http": {"address": "198.51.100.2",
                    "ports": [{"protocol": "tcp", "port": 80, "status": "online"}]},
        "c2-http": {"address": "198.51.100.3",
                    "ports": [{"protocol": "tcp", "port": 80, "status": "offline"}]}}});
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([load_balancer_example()]))),
            tagged(200, load_balancer_example()),
            json_reply(200, &sync(state)),
            tagged(201, Value::Null),
            tagged(200, json!({})),
            tagged(200, json!({})),
            tagged(200, json!({})),
        ],
        |c| {
            let names = c.list_network_load_balancer_names("ovn0", None).unwrap();
            let all = c.list_network_load_balancers("ovn0", None).unwrap();
            let (one, etag) = c
                .get_network_load_balancer_with_etag("ovn0", "192.0.2.1")
                .unwrap();
            let state = c
                .get_network_load_balancer_state("ovn0", "192.0.2.1")
                .unwrap();
            let new = NetworkLoadBalancersPost::new("192.0.2.5")
                .backend(NetworkLoadBalancerBackend::new("web", "10.0.0.2").target_port("8080"))
                .port(NetworkLoadBalancerPort::tcp("80", ["web"]));
            c.create_network_load_balancer("ovn0", &new).unwrap();
            let mut put = one.writable();
            put.backends.truncate(0);
            c.replace_network_load_balancer("ovn0", "192.0.2.1", &put, Some(&etag))
                .unwrap();
            let patch = incus::models::NetworkLoadBalancerPut {
                description: Some("new".into()),
                ..Default::default()
            };
            c.update_network_load_balancer("ovn0", "192.0.2.1", &patch, None)
                .unwrap();
            c.delete_network_load_balancer("ovn0", "192.0.2.5").unwrap();
            (names, all, one, state)
        },
    );
    let (names, all, one, state) = got;
    assert_eq!(names, ["192.0.2.1"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.backends[0].name, "c1-http");
    assert_eq!(one.backends[0].target_address, "198.51.100.2");
    assert_eq!(one.ports[0].target_backend, ["c1-http", "c2-http"]);
    assert_eq!(one.location, "server01");
    let c1 = &state.backend_health["c1-http"];
    assert_eq!(c1.address, "198.51.100.2");
    assert_eq!(
        (c1.ports[0].port, c1.ports[0].status.as_str()),
        (80, "online")
    );
    assert_eq!(state.backend_health["c2-http"].ports[0].status, "offline");
    let lbs = "/1.0/networks/ovn0/load-balancers";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{lbs}?recursion=0").as_str()),
            ("GET", format!("{lbs}?recursion=1").as_str()),
            ("GET", format!("{lbs}/192.0.2.1").as_str()),
            ("GET", format!("{lbs}/192.0.2.1/state").as_str()),
            ("POST", lbs),
            ("PUT", format!("{lbs}/192.0.2.1").as_str()),
            ("PATCH", format!("{lbs}/192.0.2.1").as_str()),
            ("DELETE", format!("{lbs}/192.0.2.5").as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[4]),
        json!({"listen_address": "192.0.2.5",
               "backends": [{"name": "web", "target_address": "10.0.0.2", "target_port": "8080"}],
               "ports": [{"protocol": "tcp", "listen_port": "80", "target_backend": ["web"]}]})
    );
    assert_eq!(sent[5].header("If-Match"), Some("\"e1\""));
    let put = json_body(&sent[5]);
    assert!(put.get("backends").is_none(), "{put}");
    assert_eq!(
        put["ports"][0]["target_backend"],
        json!(["c1-http", "c2-http"])
    );
    assert_eq!(
        json_body(&sent[6]),
        json!({"description": "new", "config": {}})
    );
}

#[test]
fn peers_decode_the_spec_replies() {
    let names = json!([
        "/1.0/networks/ovn0/peers/project1-network1",
        "/1.0/networks/ovn0/peers/a%2Fb"
    ]);
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([peer_example()]))),
            tagged(200, peer_example()),
            tagged(201, Value::Null),
            tagged(200, json!({})),
            tagged(200, json!({})),
            tagged(200, json!({})),
        ],
        |c| {
            let names = c.list_network_peer_names("ovn0", None).unwrap();
            let all = c.list_network_peers("ovn0", None).unwrap();
            let (one, etag) = c
                .get_network_peer_with_etag("ovn0", "project1-network1")
                .unwrap();
            let new = NetworkPeersPost::remote("out", "ovn-ic1").description("to the region");
            c.create_network_peer("ovn0", &new).unwrap();
            let mut put = one.writable();
            put.description = Some("changed".into());
            c.replace_network_peer("ovn0", "project1-network1", &put, Some(&etag))
                .unwrap();
            c.update_network_peer("ovn0", "project1-network1", &put, Some(&etag))
                .unwrap();
            c.delete_network_peer("ovn0", "a/b").unwrap();
            (names, all, one)
        },
    );
    let (names, all, one) = got;
    assert_eq!(names, ["project1-network1", "a/b"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(
        (one.kind.as_str(), one.status.as_str()),
        ("local", "Pending")
    );
    assert_eq!(
        (one.target_project.as_str(), one.target_network.as_str()),
        ("project1", "network1")
    );
    assert_eq!(one.used_by.len(), 2);
    let peers = "/1.0/networks/ovn0/peers";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{peers}?recursion=0").as_str()),
            ("GET", format!("{peers}?recursion=1").as_str()),
            ("GET", format!("{peers}/project1-network1").as_str()),
            ("POST", peers),
            ("PUT", format!("{peers}/project1-network1").as_str()),
            ("PATCH", format!("{peers}/project1-network1").as_str()),
            ("DELETE", format!("{peers}/a%2Fb").as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[3]),
        json!({"name": "out", "description": "to the region", "type": "remote",
               "target_integration": "ovn-ic1"})
    );
    let want = json!({"description": "changed", "config": {"user.mykey": "foo"}});
    assert_eq!(json_body(&sent[4]), want);
    assert_eq!(json_body(&sent[5]), want);
    assert_eq!(sent[5].header("If-Match"), Some("\"e1\""));
}

#[test]
fn a_network_without_load_balancers_or_peers_is_an_api_error() {
    let refuse = |what: &str| {
        json_reply(
            400,
            &error_envelope(
                400,
                &format!("Network driver \"bridge\" does not support {what}"),
            ),
        )
    };
    let (got, _) = scripted(vec![refuse("load balancers"), refuse("peering")], |c| {
        (
            c.get_network_load_balancer_state("br0", "192.0.2.1"),
            c.list_network_peers("br0", None),
        )
    });
    assert_api(
        &got.0.unwrap_err(),
        400,
        "Network driver \"bridge\" does not support load balancers",
    );
    assert_api(
        &got.1.unwrap_err(),
        400,
        "Network driver \"bridge\" does not support peering",
    );
}
