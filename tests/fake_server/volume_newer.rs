//! The storage-volume methods gated on API extensions Incus 6.0.4 lacks:
//! files (`file_storage_volume`), SFTP (`custom_volume_sftp`), NBD and
//! bitmaps (`storage_volume_nbd`) and rebuild (`storage_volumes_rebuild`).
//! Each runs on a fake whose `GET /1.0` lists its extension and which then
//! replays the reply the spec documents; the tests assert the requests and
//! what was decoded. Their refusal without the extension is in
//! [`super::newer`].

use std::io::Read;

use incus::models::{StorageVolumeBitmapsPost, StorageVolumeRebuildPost};
use incus::{Client, ConnectStorageVolumeNbdOptions, Error, InstanceFileArgs};
use serde_json::json;

use super::newer::{gated, json_body, lines};
use super::{
    Fake, Reply, assert_api, async_reply, empty_sync, error_envelope, json_reply, switched, sync,
    within,
};

const VOLUME: &str = "/1.0/storage-pools/default/volumes/custom/data";

/// A file read's reply: the `X-Incus-*` headers and `body`.
fn file_reply(kind: &str, mode: &str, content_type: &str, body: &str) -> Reply {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         X-Incus-Type: {kind}\r\nX-Incus-Uid: 1000\r\nX-Incus-Gid: 100\r\nX-Incus-Mode: {mode}\r\n\
         X-Incus-Modified: 2026-01-01 00:00:00 +0000 UTC\r\n\r\n",
        body.len()
    );
    Reply::Answer(0, format!("{head}{body}").into_bytes())
}

#[test]
fn volume_files_are_read_stated_written_and_deleted() {
    let listing = sync(json!(["hello.txt", "sub"])).to_string();
    let head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Incus-Type: file\r\nX-Incus-Uid: 1000\r\n\
                X-Incus-Gid: 100\r\nX-Incus-Mode: 0640\r\n\r\n";
    let (got, sent) = gated(
        "file_storage_volume",
        vec![
            file_reply("file", "0640", "application/octet-stream", "hello\n"),
            file_reply("directory", "0755", "application/json", &listing),
            Reply::Answer(0, head.as_bytes().to_vec()),
            empty_sync(200),
            empty_sync(200),
        ],
        |c| {
            let mut file = c
                .get_storage_volume_file("default", "custom", "data", "/hello.txt")
                .unwrap();
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap();
            let dir = c
                .get_storage_volume_file("default", "custom", "data", "/")
                .unwrap();
            let metadata = c
                .get_storage_volume_file_metadata("default", "custom", "data", "/hello.txt")
                .unwrap();
            let args = InstanceFileArgs::file(&b"hi"[..]).mode(0o600).append();
            c.create_storage_volume_file("default", "custom", "data", "/log", args)
                .unwrap();
            c.delete_storage_volume_file("default", "custom", "data", "/log")
                .unwrap();
            (file.metadata.clone(), text, dir.entries, metadata)
        },
    );
    let (file, text, entries, metadata) = got;
    assert_eq!(
        (file.kind.as_str(), file.uid, file.gid),
        ("file", 1000, 100)
    );
    assert_eq!(file.mode, 0o640);
    assert_eq!(file.modified, "2026-01-01 00:00:00 +0000 UTC");
    assert_eq!(text, "hello\n");
    assert_eq!(entries, ["hello.txt", "sub"]);
    assert_eq!((metadata.kind.as_str(), metadata.mode), ("file", 0o640));
    let files = format!("{VOLUME}/files");
    let at = |p: &str| format!("{files}?path={p}");
    assert_eq!(
        lines(&sent),
        [
            ("GET", at("%2Fhello.txt").as_str()),
            ("GET", at("%2F").as_str()),
            ("HEAD", at("%2Fhello.txt").as_str()),
            ("POST", at("%2Flog").as_str()),
            ("DELETE", at("%2Flog").as_str()),
        ]
    );
    assert_eq!(sent[3].body, b"hi");
    assert_eq!(sent[3].header("X-Incus-Mode"), Some("0600"));
    assert_eq!(sent[3].header("X-Incus-Write"), Some("append"));
}

#[test]
fn volume_file_errors_are_the_daemons() {
    let missing = json_reply(404, &error_envelope(404, "Not Found"));
    let (e, sent) = gated("file_storage_volume", vec![missing], |c| {
        c.get_storage_volume_file("default", "custom", "data", "/nope")
            .unwrap_err()
    });
    assert_api(&e, 404, "Not Found");
    assert_eq!(sent.len(), 1);
}

#[test]
fn sftp_and_nbd_switch_protocols_and_hand_over_the_stream() {
    let (got, sent) = gated(
        "custom_volume_sftp",
        vec![switched("sftp", b"\0\0\0\x05\x02\0\0\0\x03")],
        |c| {
            let mut sftp = c
                .connect_storage_volume_sftp("default", "custom", "data")
                .unwrap();
            let mut reply = [0u8; 9];
            sftp.read_exact(&mut reply).unwrap();
            (sftp.protocol().to_string(), reply)
        },
    );
    assert_eq!(got.0, "sftp");
    assert_eq!(got.1[4], 2); // SSH_FXP_VERSION
    assert_eq!(lines(&sent), [("GET", format!("{VOLUME}/sftp").as_str())]);
    assert_eq!(sent[0].header("Upgrade"), Some("sftp"));

    let greeting = b"NBDMAGICIHAVEOPT\x00\x03";
    let (got, sent) = gated("storage_volume_nbd", vec![switched("nbd", greeting)], |c| {
        let options = ConnectStorageVolumeNbdOptions::new().writable();
        let mut nbd = c
            .connect_storage_volume_nbd("default", "custom", "disk", Some(&options))
            .unwrap();
        let mut read = [0u8; 18];
        nbd.read_exact(&mut read).unwrap();
        read
    });
    assert_eq!(&got, greeting);
    assert_eq!(
        lines(&sent),
        [(
            "GET",
            "/1.0/storage-pools/default/volumes/custom/disk/nbd?writable=1"
        )]
    );
    assert_eq!(sent[0].header("Upgrade"), Some("nbd"));
}

#[test]
fn bitmaps_decode_the_spec_replies() {
    // The spec's examples: the names list and a StorageVolumeBitmap.
    let names = json!([
        "/1.0/storage-pools/shared/volumes/custom/foo/bitmaps/bitmap0",
        "/1.0/storage-pools/shared/volumes/custom/foo/bitmaps/bitmap1"
    ]);
    let bitmap = json!({"name": "bitmap0", "count": 300, "granularity": 32768, "busy": true,
                        "inconsistent": true, "persistent": false, "recording": false});
    let (got, sent) = gated(
        "storage_volume_nbd",
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([bitmap.clone()]))),
            json_reply(200, &sync(bitmap)),
            empty_sync(200),
            empty_sync(200),
        ],
        |c| {
            let names = c
                .list_storage_volume_bitmap_names("shared", "custom", "foo")
                .unwrap();
            let all = c
                .list_storage_volume_bitmaps("shared", "custom", "foo")
                .unwrap();
            let one = c
                .get_storage_volume_bitmap("shared", "custom", "foo", "bitmap0")
                .unwrap();
            let new = StorageVolumeBitmapsPost {
                name: "bitmap2".into(),
                persistent: true,
                ..Default::default()
            };
            c.create_storage_volume_bitmap("shared", "custom", "foo", &new)
                .unwrap();
            c.delete_storage_volume_bitmap("shared", "custom", "foo", "bitmap0")
                .unwrap();
            (names, all, one)
        },
    );
    let (names, all, one) = got;
    assert_eq!(names, ["bitmap0", "bitmap1"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!((one.count, one.granularity), (300, 32768));
    assert!(one.busy && one.inconsistent && !one.recording && !one.persistent);
    let bitmaps = "/1.0/storage-pools/shared/volumes/custom/foo/bitmaps";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{bitmaps}?recursion=0").as_str()),
            ("GET", format!("{bitmaps}?recursion=1").as_str()),
            ("GET", format!("{bitmaps}/bitmap0").as_str()),
            ("POST", bitmaps),
            ("DELETE", format!("{bitmaps}/bitmap0").as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[3]),
        json!({"name": "bitmap2", "persistent": true})
    );
}

#[test]
fn rebuild_starts_an_operation() {
    let (op, sent) = gated("storage_volumes_rebuild", vec![async_reply()], |c| {
        c.rebuild_storage_volume(
            "default",
            "custom",
            "data",
            &StorageVolumeRebuildPost::default(),
        )
        .unwrap()
    });
    assert_eq!(op.id, "abc");
    assert_eq!(
        lines(&sent),
        [("POST", format!("{VOLUME}/rebuild").as_str())]
    );
    assert_eq!(json_body(&sent[0]), json!({}));
}

#[test]
fn a_bad_volume_type_fails_before_anything_is_sent() {
    let fake = Fake::start(vec![]);
    let c = fake.client();
    let errors = within(3000, move || {
        [
            c.get_storage_volume_file("default", "vm", "data", "/")
                .map(drop)
                .unwrap_err(),
            c.connect_storage_volume_sftp("default", "Custom", "data")
                .map(drop)
                .unwrap_err(),
            c.list_storage_volume_bitmaps("default", "", "data")
                .map(drop)
                .unwrap_err(),
            c.rebuild_storage_volume("default", "images", "x", &Default::default())
                .map(drop)
                .unwrap_err(),
            c.get_storage_volume_file("default", "custom", "data", "rel/path")
                .map(drop)
                .unwrap_err(),
        ]
    });
    for e in &errors {
        assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    }
    assert!(fake.requests().is_empty());
}

/// The storage methods gated on extensions 6.0.4 lacks, called on a client
/// of a server without them: (extension, endpoint, error) for
/// [`super::newer::every_gated_method_refuses_without_its_extension`].
pub(super) fn refused(c: &Client) -> Vec<(&'static str, &'static str, Error)> {
    vec![
        (
            "file_storage_volume",
            "GET /1.0/storage-pools/default/volumes/custom/data/files",
            c.get_storage_volume_file("default", "custom", "data", "/a")
                .map(drop)
                .unwrap_err(),
        ),
        (
            "file_storage_volume",
            "HEAD /1.0/storage-pools/default/volumes/custom/data/files",
            c.get_storage_volume_file_metadata("default", "custom", "data", "/a")
                .unwrap_err(),
        ),
        (
            "file_storage_volume",
            "POST /1.0/storage-pools/default/volumes/custom/data/files",
            c.create_storage_volume_file(
                "default",
                "custom",
                "data",
                "/a",
                InstanceFileArgs::directory(),
            )
            .unwrap_err(),
        ),
        (
            "file_storage_volume",
            "DELETE /1.0/storage-pools/default/volumes/custom/data/files",
            c.delete_storage_volume_file("default", "custom", "data", "/a")
                .unwrap_err(),
        ),
        (
            "custom_volume_sftp",
            "GET /1.0/storage-pools/default/volumes/custom/data/sftp",
            c.connect_storage_volume_sftp("default", "custom", "data")
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "GET /1.0/storage-pools/default/volumes/custom/data/nbd",
            c.connect_storage_volume_nbd("default", "custom", "data", None)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "GET /1.0/storage-pools/default/volumes/custom/data/bitmaps",
            c.list_storage_volume_bitmap_names("default", "custom", "data")
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "GET /1.0/storage-pools/default/volumes/custom/data/bitmaps",
            c.list_storage_volume_bitmaps("default", "custom", "data")
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "POST /1.0/storage-pools/default/volumes/custom/data/bitmaps",
            c.create_storage_volume_bitmap(
                "default",
                "custom",
                "data",
                &StorageVolumeBitmapsPost::default(),
            )
            .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "GET /1.0/storage-pools/default/volumes/custom/data/bitmaps/b0",
            c.get_storage_volume_bitmap("default", "custom", "data", "b0")
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            "DELETE /1.0/storage-pools/default/volumes/custom/data/bitmaps/b0",
            c.delete_storage_volume_bitmap("default", "custom", "data", "b0")
                .unwrap_err(),
        ),
        (
            "storage_volumes_rebuild",
            "POST /1.0/storage-pools/default/volumes/custom/data/rebuild",
            c.rebuild_storage_volume("default", "custom", "data", &Default::default())
                .unwrap_err(),
        ),
        (
            "storage_volume_full",
            "GET /1.0/storage-pools/default/volumes/custom",
            c.list_storage_volumes_full_of_type("default", "custom", None)
                .unwrap_err(),
        ),
        (
            "storage_volume_full",
            "GET /1.0/storage-pools/default/volumes/custom/v1",
            c.get_storage_volume_full("default", "custom", "v1")
                .unwrap_err(),
        ),
        (
            "storage_bucket_full",
            "GET /1.0/storage-pools/default/buckets",
            c.list_storage_buckets_full("default", None).unwrap_err(),
        ),
        (
            "storage_bucket_full",
            "GET /1.0/storage-pools/default/buckets/b1",
            c.get_storage_bucket_full("default", "b1").unwrap_err(),
        ),
    ]
}
