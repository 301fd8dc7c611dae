//! Storage volumes against scripted replies: a volume type that is not one
//! of the four is refused before sending; a create or rename answered
//! `sync` (Incus 6.0.4's empty create and in-pool rename) or `async` (a
//! copy or move) is an `Operation` either way; the names lists split a
//! type from a name and a snapshot from its volume.

use std::time::Duration;

use incus::Error;
use incus::models::{StorageVolumePost, StorageVolumePut, StorageVolumesPost};
use serde_json::json;

use super::{Fake, async_reply, json_reply, sync, within};

#[test]
fn volume_types_outside_the_four_are_refused_before_sending() {
    let fake = Fake::start(Vec::new());
    let client = fake.client();
    let new = StorageVolumesPost::custom("v");
    let put = StorageVolumePut::default();
    for bad in [
        "",
        "Custom",
        "vm",
        "custom/x",
        "volumes",
        "images",
        "snapshots",
    ] {
        let calls: Vec<incus::Result<()>> = vec![
            client.get_storage_volume("default", bad, "v").map(drop),
            client
                .get_storage_volume_with_etag("default", bad, "v")
                .map(drop),
            client
                .list_storage_volume_names_of_type("default", bad, None)
                .map(drop),
            client
                .list_storage_volumes_of_type("default", bad, None)
                .map(drop),
            client.create_storage_volume("default", bad, &new).map(drop),
            client
                .rename_storage_volume("default", bad, "v", &StorageVolumePost::new("w"))
                .map(drop),
            client.replace_storage_volume("default", bad, "v", &put, None),
            client.update_storage_volume("default", bad, "v", &put, None),
            client.delete_storage_volume("default", bad, "v"),
            client
                .get_storage_volume_state("default", bad, "v")
                .map(drop),
            client.restore_storage_volume_snapshot("default", bad, "v", "s0"),
        ];
        for result in calls {
            match result {
                Err(Error::InvalidInput(message)) => assert!(
                    message.starts_with(&format!("volume type {bad:?} must be one of custom, ")),
                    "{message}"
                ),
                other => panic!("{bad:?}: expected InvalidInput, got {other:?}"),
            }
        }
    }
    // A restore with no snapshot name would be a full replace: refused too.
    let e = client
        .restore_storage_volume_snapshot("default", "custom", "v", "")
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
    assert_eq!(fake.accepts(), 0);
}

#[test]
fn creates_and_renames_are_operations_sync_or_async() {
    let done = || json_reply(200, &sync(json!({})));
    let fake = Fake::start(vec![done(), async_reply(), done(), async_reply()]);
    let client = fake.client();
    let (op, copy, rename, moved) = within(5000, move || {
        let new = StorageVolumesPost::custom("v");
        let post = StorageVolumePost::new("w");
        let op = client.create_storage_volume("default", "custom", &new);
        let copy = client.create_storage_volume("default", "custom", &new);
        let rename = client.rename_storage_volume("default", "custom", "v", &post);
        let moved = client.rename_storage_volume("default", "custom", "w", &post.pool("p"));
        let op = op.unwrap();
        // The sync reply is an operation already over: no request to wait.
        let waited = client.wait_for_completion(&op, Duration::from_secs(1));
        assert_eq!(waited.unwrap().status, "Success");
        (op, copy.unwrap(), rename.unwrap(), moved.unwrap())
    });
    assert!(op.id.is_empty() && op.status_code.is_success(), "{op:?}");
    assert_eq!((copy.id.as_str(), copy.status.as_str()), ("abc", "Running"));
    assert!(rename.id.is_empty() && rename.status_code.is_final());
    assert_eq!(moved.id, "abc");
    assert_eq!(fake.requests().len(), 4, "no wait for a finished operation");
}

#[test]
fn names_lists_split_types_and_snapshots() {
    let urls = json!([
        "/1.0/storage-pools/p%201/volumes/custom/data",
        "/1.0/storage-pools/p%201/volumes/custom/data/snapshots/s%200",
        "/1.0/storage-pools/p%201/volumes/container/c1?project=other",
        "/1.0/storage-pools/p%201/volumes/custom/%C3%A9",
    ]);
    let typed = json!([
        "/1.0/storage-pools/p%201/volumes/custom/data",
        "/1.0/storage-pools/p%201/volumes/custom/data/snapshots/s0",
    ]);
    let broken = json!(["/1.0/storage-pools/p%201/volumes/custom"]);
    let fake = Fake::start(vec![
        json_reply(200, &sync(urls)),
        // Asked once a name holds an escape (LXD 5.0 escapes twice).
        super::incus_server(),
        json_reply(200, &sync(typed)),
        json_reply(200, &sync(broken)),
        json_reply(200, &sync(json!(null))),
    ]);
    let client = fake.client();
    let (all, of_type, broken, empty) = within(5000, move || {
        (
            client.list_storage_volume_names("p 1", None),
            client.list_storage_volume_names_of_type("p 1", "custom", None),
            client.list_storage_volume_names("p 1", None),
            client.list_storage_volume_names("p 1", None),
        )
    });
    let pair = |t: &str, n: &str| (t.to_string(), n.to_string());
    assert_eq!(
        all.unwrap(),
        [
            pair("custom", "data"),
            pair("custom", "data/s 0"),
            pair("container", "c1"),
            pair("custom", "é"),
        ]
    );
    assert_eq!(of_type.unwrap(), ["data", "data/s0"]);
    match broken {
        Err(Error::Decode { endpoint, .. }) => assert!(endpoint.contains("volumes"), "{endpoint}"),
        other => panic!("expected Decode, got {other:?}"),
    }
    assert!(empty.unwrap().is_empty());
}

/// A server with `storage_volume_full` answers a volume with its
/// snapshots, backups and state; the list and the one volume agree.
#[test]
fn full_volumes_carry_snapshots_backups_and_state() {
    let full = json!({"name": "data", "type": "custom", "content_type": "filesystem",
                      "config": {"size": "1GiB"}, "used_by": [],
                      "snapshots": [{"name": "snap0", "content_type": "filesystem",
                                     "expires_at": null}],
                      "backups": [{"name": "backup0", "volume_only": true}],
                      "state": {"usage": {"used": 8192, "total": 1073741824}}});
    let (got, sent) = super::newer::gated(
        "storage_volume_full",
        vec![
            json_reply(200, &sync(json!([full.clone()]))),
            json_reply(200, &sync(full)),
        ],
        |c| {
            let all = c
                .list_storage_volumes_full_of_type("default", "custom", None)
                .unwrap();
            let one = c
                .get_storage_volume_full("default", "custom", "data")
                .unwrap();
            (all, one)
        },
    );
    let (all, one) = got;
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.volume.name, "data");
    assert_eq!(one.snapshots[0].name, "snap0");
    assert_eq!(one.backups[0].name, "backup0");
    assert_eq!(one.state.unwrap().usage.unwrap().used, 8192);
    assert_eq!(
        super::newer::lines(&sent),
        [
            (
                "GET",
                "/1.0/storage-pools/default/volumes/custom?recursion=2"
            ),
            (
                "GET",
                "/1.0/storage-pools/default/volumes/custom/data?recursion=1"
            ),
        ]
    );
}
