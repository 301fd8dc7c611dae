//! Network ACLs, zones and records where the live daemon cannot help: an
//! ACL's log (Incus keeps one only for OVN networks, which the test machines
//! lack) streamed as the spec's `application/octet-stream`, and names that
//! fail before anything is sent.

use std::io::Read;

use incus::Error;
use incus::models::NetworkZoneRecordPut;

use super::{Fake, Reply, assert_api, error_envelope, http, json_reply, within};

/// Two log lines in the shape OVN's ACL log has (the daemon passes them on).
const LOG: &str = "2026-01-01T00:00:00.000Z|00001|acl_log(ovn_pinctrl0)|INFO|name=\"incus_acl12-ingress-0\", verdict=allow, severity=info: udp,nw_src=192.0.2.1\n\
                   2026-01-01T00:00:01.000Z|00002|acl_log(ovn_pinctrl0)|INFO|name=\"incus_acl12-egress-1\", verdict=drop, severity=info: tcp,nw_dst=198.51.100.7\n";

#[test]
fn an_acl_log_is_streamed_as_text() {
    let fake = Fake::start(vec![Reply::Answer(
        0,
        http(200, "application/octet-stream", LOG),
    )]);
    let c = fake.client().with_project("p 1");
    let (text, length) = within(3000, move || {
        let mut log = c.get_network_acl_log("web").unwrap();
        let length = log.len();
        let mut text = String::new();
        log.read_to_string(&mut text).unwrap();
        (text, length)
    });
    assert_eq!(text, LOG);
    assert_eq!(length, Some(LOG.len() as u64));
    let sent = fake.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path.as_str()),
        ("GET", "/1.0/network-acls/web/log?project=p%201")
    );
}

#[test]
fn an_acl_log_refused_is_an_api_error() {
    // Incus 6.0.4's answer for an ACL on no OVN network.
    let why = "Only OVN log entries may be retrieved at this time";
    let fake = Fake::start(vec![json_reply(500, &error_envelope(500, why))]);
    let c = fake.client();
    let e = within(3000, move || {
        c.get_network_acl_log("web").map(drop).unwrap_err()
    });
    assert_api(&e, 500, why);
}

#[test]
fn empty_names_fail_before_anything_is_sent() {
    let fake = Fake::start(vec![]);
    let c = fake.client();
    let errors = within(3000, move || {
        let put = NetworkZoneRecordPut::default();
        vec![
            c.get_network_acl("").map(drop).unwrap_err(),
            c.get_network_acl_log("").map(drop).unwrap_err(),
            c.get_network_zone("").map(drop).unwrap_err(),
            c.list_network_zone_record_names("", None)
                .map(drop)
                .unwrap_err(),
            c.replace_network_zone_record("example.test", "", &put, None)
                .unwrap_err(),
            c.delete_network_integration("").unwrap_err(),
            c.get_network_address_set("").map(drop).unwrap_err(),
        ]
    });
    for e in &errors {
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    }
    assert!(fake.requests().is_empty());
}
