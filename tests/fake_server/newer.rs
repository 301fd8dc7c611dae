//! The methods gated on API extensions that Incus 6.0.4 lacks (NVRAM,
//! bitmaps, debug repair; NBD and port-forward in [`super::upgrades`];
//! storage volumes' in [`super::volume_newer`], full buckets' in
//! [`super::buckets`], network address sets' in
//! [`super::network_address_sets`]),
//! which the live tests cannot reach. Each runs against a fake whose `GET /1.0` lists the extension it
//! needs and which then replays the reply the spec documents (its example,
//! where it has one); the test asserts both requests on the wire and the
//! decoded result. [`every_gated_method_refuses_without_its_extension`]
//! runs every one against a server lacking them all.

use std::collections::BTreeMap;

use incus::models::{
    InstanceDebugRepairPost, InstanceNVRAMVariablePut, InstancePortForwardPost,
    StorageVolumeBitmapsPost,
};
use incus::{Client, Error};
use serde_json::{Value, json};

use super::{
    Fake, Reply, Request, assert_api, empty_sync, error_envelope, json_reply, server_with, sync,
    within,
};

/// The EFI global variable GUID, the spec's example.
const GLOBAL: &str = "8be4df61-93ca-11d2-aa0d-00e098032b8c";

/// Runs `call` on a fake with `extension` that then gives `reply`; returns
/// what the call returned and the second request (the first must be the
/// plain `GET /1.0` of the extension check).
pub(super) fn gated<T: Send + 'static>(
    extension: &str,
    replies: Vec<Reply>,
    call: impl FnOnce(&Client) -> T + Send + 'static,
) -> (T, Vec<Request>) {
    let mut script = vec![server_with(&["etag", extension], json!({}))];
    script.extend(replies);
    let fake = Fake::start(script);
    let client = fake.client();
    let result = within(3000, move || call(&client));
    let mut requests = fake.requests();
    let first = requests.remove(0);
    assert_eq!(
        (first.method.as_str(), first.path.as_str()),
        ("GET", "/1.0")
    );
    (result, requests)
}

pub(super) fn json_body(request: &Request) -> Value {
    serde_json::from_slice(&request.body).unwrap()
}

/// `(method, path?query)` of each request.
pub(super) fn lines(requests: &[Request]) -> Vec<(&str, &str)> {
    requests
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect()
}

/// A variable as the daemon reads it: `Timeout`, 7 seconds.
fn timeout_variable() -> Value {
    json!({"binary": "BwA=", "data": 7,
           "attributes": ["NON_VOLATILE", "BOOTSERVICE_ACCESS", "RUNTIME_ACCESS"]})
}

#[test]
fn nvram_lists_read_guids_and_names_from_urls() {
    let guids = json!([
        "/1.0/instances/foo/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c",
        "/1.0/instances/foo/nvram/d9bee56e-75dc-49d9-b4d7-b534210f637a"
    ]);
    let (got, sent) = gated("instance_nvram", vec![json_reply(200, &sync(guids))], |c| {
        c.with_project("p")
            .list_instance_nvram_guids("foo")
            .unwrap()
    });
    assert_eq!(got, [GLOBAL, "d9bee56e-75dc-49d9-b4d7-b534210f637a"]);
    assert_eq!(
        lines(&sent),
        [("GET", "/1.0/instances/foo/nvram?recursion=0&project=p")]
    );

    let names = json!({GLOBAL: ["/1.0/instances/foo/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot0000",
                                "/1.0/instances/foo/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/BootOrder?project=p"]});
    let (got, sent) = gated("instance_nvram", vec![json_reply(200, &sync(names))], |c| {
        c.list_instance_nvram_names("foo").unwrap()
    });
    let want: BTreeMap<String, Vec<String>> = [(
        GLOBAL.to_string(),
        vec!["Boot0000".into(), "BootOrder".into()],
    )]
    .into();
    assert_eq!(got, want);
    assert_eq!(
        lines(&sent),
        [("GET", "/1.0/instances/foo/nvram?recursion=1")]
    );

    let under = json!([
        "/1.0/instances/foo/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot0000",
        "/1.0/instances/foo/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/BootOrder"
    ]);
    let (got, sent) = gated("instance_nvram", vec![json_reply(200, &sync(under))], |c| {
        c.list_instance_nvram_variable_names("foo", GLOBAL).unwrap()
    });
    assert_eq!(got, ["Boot0000", "BootOrder"]);
    let path = format!("/1.0/instances/foo/nvram/{GLOBAL}?recursion=0");
    assert_eq!(lines(&sent), [("GET", path.as_str())]);
}

#[test]
fn nvram_variables_decode_by_guid_and_name() {
    // The spec gives no example here: the InstanceNVRAMVariable schema.
    let all = json!({GLOBAL: {"Timeout": timeout_variable()},
                     "00112233-4455-6677-8899-aabbccddeeff": {"Foo": {"binary": "YmFy",
                         "attributes": ["NON_VOLATILE", "BOOTSERVICE_ACCESS", "RUNTIME_ACCESS"]}}});
    let (got, sent) = gated("instance_nvram", vec![json_reply(200, &sync(all))], |c| {
        c.get_instance_nvram("vm1").unwrap()
    });
    assert_eq!(
        lines(&sent),
        [("GET", "/1.0/instances/vm1/nvram?recursion=2")]
    );
    assert_eq!(got[GLOBAL]["Timeout"].data, Some(json!(7)));
    assert_eq!(got[GLOBAL]["Timeout"].bytes(), Some(vec![7, 0]));
    let foo = &got["00112233-4455-6677-8899-aabbccddeeff"]["Foo"];
    assert_eq!(
        (foo.bytes(), foo.data.clone()),
        (Some(b"bar".to_vec()), None)
    );

    let (got, sent) = gated(
        "instance_nvram",
        vec![json_reply(
            200,
            &sync(json!({"Timeout": timeout_variable()})),
        )],
        |c| c.list_instance_nvram_variables("vm1", GLOBAL).unwrap(),
    );
    let path = format!("/1.0/instances/vm1/nvram/{GLOBAL}?recursion=1");
    assert_eq!(lines(&sent), [("GET", path.as_str())]);
    assert_eq!(got["Timeout"].attributes.len(), 3);
}

#[test]
fn one_nvram_variable_is_read_with_its_etag_replaced_and_deleted() {
    let body = sync(timeout_variable()).to_string();
    let with_etag = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"e1\"\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (got, sent) = gated(
        "instance_nvram",
        vec![
            json_reply(200, &sync(timeout_variable())),
            Reply::Answer(0, with_etag.into_bytes()),
        ],
        |c| {
            let plain = c
                .get_instance_nvram_variable("vm1", GLOBAL, "Timeout")
                .unwrap();
            let (tagged, etag) = c
                .get_instance_nvram_variable_with_etag("vm1", GLOBAL, "Timeout")
                .unwrap();
            assert_eq!(plain, tagged);
            (tagged, etag)
        },
    );
    let path = format!("/1.0/instances/vm1/nvram/{GLOBAL}/Timeout");
    assert_eq!(
        lines(&sent),
        [("GET", path.as_str()), ("GET", path.as_str())]
    );
    let (variable, etag) = got;
    assert_eq!(etag, "\"e1\"");
    assert_eq!(variable.timestamp, None);

    // PUT answers 200 (updated) or 201 (created); both are success.
    let mut put = variable.writable();
    put.data = Some(json!(3));
    let sent_put = put.clone();
    let (results, sent) = gated(
        "instance_nvram",
        vec![empty_sync(200), empty_sync(201), empty_sync(200)],
        move |c| {
            [
                c.replace_instance_nvram_variable("vm1", GLOBAL, "Timeout", &put, Some("\"e1\"")),
                c.replace_instance_nvram_variable("vm1", GLOBAL, "New", &put, None),
                c.delete_instance_nvram_variable("vm1", GLOBAL, "Timeout"),
            ]
            .map(|r| r.is_ok())
        },
    );
    assert_eq!(results, [true; 3]);
    let new = format!("/1.0/instances/vm1/nvram/{GLOBAL}/New");
    assert_eq!(
        lines(&sent),
        [
            ("PUT", path.as_str()),
            ("PUT", new.as_str()),
            ("DELETE", path.as_str())
        ]
    );
    assert_eq!(sent[0].header("If-Match"), Some("\"e1\""));
    assert_eq!(sent[1].header("If-Match"), None);
    assert_eq!(
        json_body(&sent[0]),
        serde_json::to_value(&sent_put).unwrap()
    );
    assert_eq!(json_body(&sent[0])["data"], 3);
    assert!(sent[2].body.is_empty());
}

#[test]
fn nvram_bulk_update_sends_null_to_delete() {
    let set = InstanceNVRAMVariablePut {
        data: Some(json!(5)),
        attributes: vec!["NON_VOLATILE".into(), "RUNTIME_ACCESS".into()],
        ..Default::default()
    };
    let changes = [(
        GLOBAL.to_string(),
        [
            ("Timeout".to_string(), Some(set)),
            ("Boot0003".to_string(), None),
        ]
        .into(),
    )]
    .into();
    let (result, sent) = gated(
        "instance_nvram_bulk_update",
        vec![empty_sync(200)],
        move |c| c.update_instance_nvram("vm1", &changes).is_ok(),
    );
    assert!(result);
    assert_eq!(lines(&sent), [("PATCH", "/1.0/instances/vm1/nvram")]);
    assert_eq!(
        json_body(&sent[0]),
        json!({GLOBAL: {"Boot0003": null,
                        "Timeout": {"data": 5, "attributes": ["NON_VOLATILE", "RUNTIME_ACCESS"]}}})
    );
}

#[test]
fn bitmaps_and_repairs_post_their_bodies() {
    let bitmap = StorageVolumeBitmapsPost {
        name: "bitmap0".into(),
        granularity: 32768,
        ..Default::default()
    };
    let (result, sent) = gated("storage_volume_nbd", vec![empty_sync(200)], move |c| {
        c.create_instance_bitmap("vm1", &bitmap).is_ok()
    });
    assert!(result);
    assert_eq!(lines(&sent), [("POST", "/1.0/instances/vm1/bitmaps")]);
    assert_eq!(
        json_body(&sent[0]),
        json!({"name": "bitmap0", "granularity": 32768})
    );

    let refused = json_reply(400, &error_envelope(400, "Invalid repair action \"x\""));
    let (results, sent) = gated(
        "instances_debug_repair",
        vec![empty_sync(200), refused],
        |c| {
            let ok = c.repair_instance("vm1", &InstanceDebugRepairPost::rebuild_config_volume());
            let bad = InstanceDebugRepairPost { action: "x".into() };
            (ok.is_ok(), c.repair_instance("vm1", &bad).unwrap_err())
        },
    );
    assert!(results.0);
    assert_api(&results.1, 400, "Invalid repair action \"x\"");
    assert_eq!(
        json_body(&sent[0]),
        json!({"action": "rebuild-config-volume"})
    );
    assert_eq!(sent[1].path, "/1.0/instances/vm1/debug/repair");
}

#[test]
fn every_gated_method_refuses_without_its_extension() {
    // A server with none of them (6.0.4 has `etag`, not these).
    let fake = Fake::start(vec![server_with(&["etag", "instances"], json!({}))]);
    let c = fake.client();
    let put = InstanceNVRAMVariablePut::default();
    let errors = within(3000, move || {
        let v = "Timeout";
        let mut calls: Vec<(&str, &str, Error)> = vec![
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram",
                c.list_instance_nvram_guids("vm1").unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram",
                c.list_instance_nvram_names("vm1").unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram",
                c.get_instance_nvram("vm1").unwrap_err(),
            ),
            (
                "instance_nvram_bulk_update",
                "PATCH /1.0/instances/vm1/nvram",
                c.update_instance_nvram("vm1", &BTreeMap::new())
                    .unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram/g",
                c.list_instance_nvram_variable_names("vm1", "g")
                    .unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram/g",
                c.list_instance_nvram_variables("vm1", "g").unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram/g/Timeout",
                c.get_instance_nvram_variable("vm1", "g", v).unwrap_err(),
            ),
            (
                "instance_nvram",
                "GET /1.0/instances/vm1/nvram/g/Timeout",
                c.get_instance_nvram_variable_with_etag("vm1", "g", v)
                    .unwrap_err(),
            ),
            (
                "instance_nvram",
                "PUT /1.0/instances/vm1/nvram/g/Timeout",
                c.replace_instance_nvram_variable("vm1", "g", v, &put, None)
                    .unwrap_err(),
            ),
            (
                "instance_nvram",
                "DELETE /1.0/instances/vm1/nvram/g/Timeout",
                c.delete_instance_nvram_variable("vm1", "g", v).unwrap_err(),
            ),
            (
                "storage_volume_nbd",
                "POST /1.0/instances/vm1/bitmaps",
                c.create_instance_bitmap("vm1", &StorageVolumeBitmapsPost::default())
                    .unwrap_err(),
            ),
            (
                "instances_debug_repair",
                "POST /1.0/instances/vm1/debug/repair",
                c.repair_instance("vm1", &InstanceDebugRepairPost::rebuild_nvram())
                    .unwrap_err(),
            ),
            (
                "instance_nbd",
                "GET /1.0/instances/vm1/nbd",
                c.connect_instance_nbd("vm1", None).unwrap_err(),
            ),
            (
                "instance_port_forward",
                "POST /1.0/instances/vm1/port-forward",
                c.connect_instance_port_forward("vm1", &InstancePortForwardPost::default())
                    .unwrap_err(),
            ),
        ];
        calls.extend(super::volume_newer::refused(&c));
        calls.extend(super::network_address_sets::refused(&c));
        calls.extend(super::gates::refused(&c));
        calls
    });
    let mut named: std::collections::BTreeSet<String> = super::gates::NAMED_HERE
        .iter()
        .map(|e| e.to_string())
        .collect();
    for (want_extension, want_endpoint, e) in &errors {
        match e {
            Error::MissingExtension {
                extension,
                endpoint,
            } => {
                assert_eq!(
                    (extension.as_str(), endpoint.as_str()),
                    (*want_extension, *want_endpoint)
                );
                named.insert(extension.clone());
            }
            other => panic!("{want_endpoint}: expected MissingExtension, got {other:?}"),
        }
    }
    // Every extension the crate gates on is named by some call here.
    let gated: std::collections::BTreeSet<String> =
        super::sources::gated_extensions().into_iter().collect();
    assert_eq!(named, gated);
    let sent: Vec<_> = fake
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(sent, [("GET".to_string(), "/1.0".to_string())]);
}

#[test]
fn bad_input_fails_before_the_extension_read() {
    let fake = Fake::start(vec![]);
    let c = fake.client();
    let e = within(3000, move || {
        c.get_instance_nvram_variable("vm1", "", "x").unwrap_err()
    });
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(fake.requests().is_empty());
}
