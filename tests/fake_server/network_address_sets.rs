//! Network address sets, gated on `network_address_set` (newer than Incus
//! 6.0.4, so no live test reaches them): each method against a fake that
//! has the extension and replays the reply the spec documents (its
//! examples), asserting the requests and what was decoded. Their refusal
//! without the extension is in [`super::newer`], through [`refused`].

use incus::models::{NetworkAddressSetPost, NetworkAddressSetPut, NetworkAddressSetsPost};
use incus::{Client, Error, ListOptions};
use serde_json::json;

use super::newer::{gated, json_body, lines};
use super::{Reply, assert_api, empty_sync, error_envelope, json_reply, sync};

const EXTENSION: &str = "network_address_set";

/// A set as the spec's examples give it.
fn spec_set() -> serde_json::Value {
    json!({"name": "foo", "description": "Web servers", "project": "project1",
           "addresses": ["192.0.0.1", "2001:0db8:1234::1"], "config": {"user.mykey": "foo"},
           "used_by": ["/1.0/network-acls/foo", "/1.0/network-acls/bar"]})
}

#[test]
fn address_sets_list_and_read_the_spec_replies() {
    let urls = json!([
        "/1.0/network-address-sets/foo",
        "/1.0/network-address-sets/b%20r"
    ]);
    let (got, sent) = gated(
        EXTENSION,
        vec![
            json_reply(200, &sync(urls)),
            json_reply(200, &sync(json!([spec_set()]))),
            json_reply(200, &sync(spec_set())),
        ],
        |c| {
            let c = c.with_project("p");
            let all = ListOptions::new().all_projects();
            let names = c.list_network_address_set_names(Some(&all)).unwrap();
            let sets = c.list_network_address_sets(None).unwrap();
            let one = c.get_network_address_set("foo").unwrap();
            (names, sets, one)
        },
    );
    let (names, sets, one) = got;
    assert_eq!(names, ["foo", "b r"]);
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0], one);
    assert_eq!(one.addresses, ["192.0.0.1", "2001:0db8:1234::1"]);
    assert_eq!(one.used_by.len(), 2);
    assert_eq!(one.project, "project1");
    assert_eq!(one.config["user.mykey"], "foo");
    assert_eq!(
        lines(&sent),
        [
            (
                "GET",
                "/1.0/network-address-sets?all-projects=true&recursion=0"
            ),
            ("GET", "/1.0/network-address-sets?recursion=1&project=p"),
            ("GET", "/1.0/network-address-sets/foo?project=p"),
        ]
    );
}

#[test]
fn address_sets_are_written_with_their_etag_renamed_and_deleted() {
    let with_etag = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"e1\"\r\nContent-Length: {}\r\n\r\n{}",
        sync(spec_set()).to_string().len(),
        sync(spec_set())
    );
    let (got, sent) = gated(
        EXTENSION,
        vec![
            empty_sync(200),
            Reply::Answer(0, with_etag.into_bytes()),
            empty_sync(200),
            empty_sync(200),
            empty_sync(200),
            empty_sync(200),
        ],
        |c| {
            let new = NetworkAddressSetsPost {
                name: "foo".into(),
                addresses: vec!["192.0.2.1".into()],
                ..Default::default()
            };
            c.create_network_address_set(&new).unwrap();
            let (set, etag) = c.get_network_address_set_with_etag("foo").unwrap();
            let mut put = set.writable();
            put.addresses.push("198.51.100.0/24".into());
            c.replace_network_address_set("foo", &put, Some(&etag))
                .unwrap();
            let patch = NetworkAddressSetPut {
                description: Some("d".into()),
                ..Default::default()
            };
            c.update_network_address_set("foo", &patch, None).unwrap();
            let rename = NetworkAddressSetPost { name: "bar".into() };
            c.rename_network_address_set("foo", &rename).unwrap();
            c.delete_network_address_set("bar").unwrap();
            etag
        },
    );
    assert_eq!(got, "\"e1\"");
    assert_eq!(
        lines(&sent),
        [
            ("POST", "/1.0/network-address-sets"),
            ("GET", "/1.0/network-address-sets/foo"),
            ("PUT", "/1.0/network-address-sets/foo"),
            ("PATCH", "/1.0/network-address-sets/foo"),
            ("POST", "/1.0/network-address-sets/foo"),
            ("DELETE", "/1.0/network-address-sets/bar"),
        ]
    );
    assert_eq!(
        json_body(&sent[0]),
        json!({"name": "foo", "addresses": ["192.0.2.1"]})
    );
    assert_eq!(sent[2].header("If-Match"), Some("\"e1\""));
    assert_eq!(
        json_body(&sent[2]),
        json!({"description": "Web servers", "config": {"user.mykey": "foo"},
               "addresses": ["192.0.0.1", "2001:0db8:1234::1", "198.51.100.0/24"]})
    );
    assert_eq!(sent[3].header("If-Match"), None);
    assert_eq!(json_body(&sent[3]), json!({"description": "d"}));
    assert_eq!(json_body(&sent[4]), json!({"name": "bar"}));
}

#[test]
fn address_set_errors_are_the_daemons() {
    let (got, _) = gated(
        EXTENSION,
        vec![json_reply(
            404,
            &error_envelope(404, "Network address set not found"),
        )],
        |c| c.get_network_address_set("nope").unwrap_err(),
    );
    assert_api(&got, 404, "Network address set not found");
}

/// The address-set methods called on a client of a server without
/// `network_address_set`: (extension, endpoint, error) for
/// [`super::newer::every_gated_method_refuses_without_its_extension`].
pub(super) fn refused(c: &Client) -> Vec<(&'static str, &'static str, Error)> {
    let put = NetworkAddressSetPut::default();
    vec![
        (
            EXTENSION,
            "GET /1.0/network-address-sets",
            c.list_network_address_set_names(None).unwrap_err(),
        ),
        (
            EXTENSION,
            "GET /1.0/network-address-sets",
            c.list_network_address_sets(None).unwrap_err(),
        ),
        (
            EXTENSION,
            "GET /1.0/network-address-sets/s1",
            c.get_network_address_set("s1").unwrap_err(),
        ),
        (
            EXTENSION,
            "GET /1.0/network-address-sets/s1",
            c.get_network_address_set_with_etag("s1").unwrap_err(),
        ),
        (
            EXTENSION,
            "POST /1.0/network-address-sets",
            c.create_network_address_set(&NetworkAddressSetsPost::default())
                .unwrap_err(),
        ),
        (
            EXTENSION,
            "PUT /1.0/network-address-sets/s1",
            c.replace_network_address_set("s1", &put, None).unwrap_err(),
        ),
        (
            EXTENSION,
            "PATCH /1.0/network-address-sets/s1",
            c.update_network_address_set("s1", &put, None).unwrap_err(),
        ),
        (
            EXTENSION,
            "POST /1.0/network-address-sets/s1",
            c.rename_network_address_set("s1", &NetworkAddressSetPost::default())
                .unwrap_err(),
        ),
        (
            EXTENSION,
            "DELETE /1.0/network-address-sets/s1",
            c.delete_network_address_set("s1").unwrap_err(),
        ),
    ]
}
