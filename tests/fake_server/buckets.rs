//! Storage buckets, their keys and backups, on the fake server: each
//! family decodes the replies the spec documents (its examples), keys'
//! secrets included, and sends the requests the rows of the wire table
//! check one by one. Incus 6.0.4 serves these endpoints, but without the
//! MinIO binaries no bucket can be made there, so this is where the replies
//! of a bucket that exists are read.

use std::io::Read;

use incus::models::{
    StorageBucketBackupPost, StorageBucketBackupsPost, StorageBucketKeysPost, StorageBucketsPost,
};
use incus::{Error, ListOptions};
use serde_json::{Value, json};

use super::newer::{gated, json_body, lines};
use super::{
    Fake, Reply, assert_api, async_reply, empty_sync, error_envelope, json_reply, scripted, sync,
    tagged, within,
};

/// The spec's StorageBucketKey example, with its secret.
const SECRET: &str = "kDQD6AOgwHgaQI1UIJBJpPaiLgZuJbq0";

fn key_example() -> Value {
    json!({"name": "my-read-only-key", "description": "My read-only bucket key",
           "role": "read-only", "access-key": "33UgkaIBLBIxb7O1", "secret-key": SECRET})
}

fn bucket_example() -> Value {
    json!({"name": "foo", "description": "My custom bucket", "config": {"size": "1GiB"},
           "s3_url": "https://127.0.0.1:8080/foo", "location": "server01", "project": "project1"})
}

fn backup_example() -> Value {
    json!({"name": "backup0", "created_at": "2021-03-23T16:38:37.753398689-04:00",
           "expires_at": "2021-03-23T17:38:37.753398689-04:00"})
}

#[test]
fn buckets_decode_the_spec_replies() {
    let names = json!([
        "/1.0/storage-pools/default/buckets/foo",
        "/1.0/storage-pools/default/buckets/bar"
    ]);
    let admin = json!({"name": "admin", "role": "admin", "access-key": "AK", "secret-key": SECRET});
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([bucket_example()]))),
            tagged(200, bucket_example()),
            tagged(201, admin),
            empty_sync(200),
            empty_sync(200),
            empty_sync(200),
        ],
        |c| {
            let names = c.list_storage_bucket_names("default", None).unwrap();
            let all = c
                .list_storage_buckets("default", Some(&ListOptions::new().all_projects()))
                .unwrap();
            let (one, etag) = c.get_storage_bucket_with_etag("default", "foo").unwrap();
            let new = StorageBucketsPost {
                name: "bar".into(),
                ..Default::default()
            };
            let admin = c.create_storage_bucket("default", &new).unwrap();
            let mut put = one.writable();
            put.description = Some("changed".into());
            c.replace_storage_bucket("default", "foo", &put, Some(&etag))
                .unwrap();
            c.update_storage_bucket("default", "foo", &put, None)
                .unwrap();
            c.delete_storage_bucket("default", "foo").unwrap();
            (names, all, one, etag, admin)
        },
    );
    let (names, all, one, etag, admin) = got;
    assert_eq!(names, ["foo", "bar"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.s3_url, "https://127.0.0.1:8080/foo");
    assert_eq!(
        (one.location.as_str(), one.project.as_str()),
        ("server01", "project1")
    );
    assert_eq!(one.config["size"], "1GiB");
    assert_eq!(etag, "\"e1\"");
    assert_eq!(
        (admin.name.as_str(), admin.role.as_str()),
        ("admin", "admin")
    );
    assert_eq!(admin.secret_key, SECRET);
    let buckets = "/1.0/storage-pools/default/buckets";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{buckets}?recursion=0").as_str()),
            (
                "GET",
                format!("{buckets}?all-projects=true&recursion=1").as_str()
            ),
            ("GET", format!("{buckets}/foo").as_str()),
            ("POST", buckets),
            ("PUT", format!("{buckets}/foo").as_str()),
            ("PATCH", format!("{buckets}/foo").as_str()),
            ("DELETE", format!("{buckets}/foo").as_str()),
        ]
    );
    assert_eq!(json_body(&sent[3]), json!({"name": "bar"}));
    assert_eq!(sent[4].header("If-Match"), Some("\"e1\""));
    assert_eq!(
        json_body(&sent[4]),
        json!({"description": "changed", "config": {"size": "1GiB"}})
    );
    assert_eq!(sent[5].header("If-Match"), None);
}

#[test]
fn full_buckets_carry_keys_and_backups() {
    let mut full = bucket_example();
    full["keys"] = json!([key_example()]);
    full["backups"] = json!([backup_example()]);
    let (got, sent) = gated(
        "storage_bucket_full",
        vec![
            json_reply(200, &sync(json!([full.clone()]))),
            json_reply(200, &sync(full)),
        ],
        |c| {
            let all = c.list_storage_buckets_full("default", None).unwrap();
            let one = c.get_storage_bucket_full("default", "foo").unwrap();
            (all, one)
        },
    );
    let (all, one) = got;
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.bucket.name, "foo");
    assert_eq!(one.keys[0].secret_key, SECRET);
    assert_eq!(one.backups[0].name, "backup0");
    assert!(!format!("{one:?}").contains(SECRET));
    assert_eq!(
        lines(&sent),
        [
            ("GET", "/1.0/storage-pools/default/buckets?recursion=2"),
            ("GET", "/1.0/storage-pools/default/buckets/foo?recursion=1"),
        ]
    );
}

#[test]
fn keys_decode_the_spec_replies_secrets_included() {
    // The spec's names example lists keys of two buckets (`foo`, `bar`);
    // one bucket's list holds its own keys only.
    let names = json!([
        "/1.0/storage-pools/default/buckets/foo/keys/my-read-only-key",
        "/1.0/storage-pools/default/buckets/foo/keys/admin"
    ]);
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([key_example()]))),
            tagged(200, key_example()),
            tagged(201, key_example()),
            empty_sync(200),
            empty_sync(200),
        ],
        |c| {
            let names = c.list_storage_bucket_key_names("default", "foo").unwrap();
            let all = c.list_storage_bucket_keys("default", "foo").unwrap();
            let (one, etag) = c
                .get_storage_bucket_key_with_etag("default", "foo", "my-read-only-key")
                .unwrap();
            let new = StorageBucketKeysPost {
                name: "my-read-only-key".into(),
                role: "read-only".into(),
                ..Default::default()
            };
            let made = c.create_storage_bucket_key("default", "foo", &new).unwrap();
            let mut put = one.writable();
            put.role = Some("admin".into());
            c.replace_storage_bucket_key("default", "foo", "my-read-only-key", &put, Some(&etag))
                .unwrap();
            c.delete_storage_bucket_key("default", "foo", "my-read-only-key")
                .unwrap();
            (names, all, one, made)
        },
    );
    let (names, all, one, made) = got;
    assert_eq!(names, ["my-read-only-key", "admin"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(made, one);
    assert_eq!(one.access_key, "33UgkaIBLBIxb7O1");
    assert_eq!(one.secret_key, SECRET);
    assert!(!format!("{all:?}").contains(SECRET));
    let keys = "/1.0/storage-pools/default/buckets/foo/keys";
    let key = format!("{keys}/my-read-only-key");
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{keys}?recursion=0").as_str()),
            ("GET", format!("{keys}?recursion=1").as_str()),
            ("GET", key.as_str()),
            ("POST", keys),
            ("PUT", key.as_str()),
            ("DELETE", key.as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[3]),
        json!({"name": "my-read-only-key", "role": "read-only"})
    );
    assert_eq!(
        json_body(&sent[4]),
        json!({"description": "My read-only bucket key", "role": "admin",
               "access-key": "33UgkaIBLBIxb7O1", "secret-key": SECRET})
    );
    assert_eq!(sent[4].header("If-Match"), Some("\"e1\""));
}

#[test]
fn bucket_backups_decode_the_spec_replies_and_stream_the_export() {
    let names = json!([
        "/1.0/storage-pools/local/buckets/foo/backups/backup0",
        "/1.0/storage-pools/local/buckets/foo/backups/backup1"
    ]);
    let tarball = "not really a tarball";
    let export = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n{tarball}",
        tarball.len()
    );
    let (got, sent) = scripted(
        vec![
            json_reply(200, &sync(names)),
            json_reply(200, &sync(json!([backup_example()]))),
            json_reply(200, &sync(backup_example())),
            async_reply(),
            async_reply(),
            async_reply(),
            Reply::Answer(0, export.into_bytes()),
        ],
        |c| {
            let names = c.list_storage_bucket_backup_names("local", "foo").unwrap();
            let all = c.list_storage_bucket_backups("local", "foo").unwrap();
            let one = c
                .get_storage_bucket_backup("local", "foo", "backup0")
                .unwrap();
            let new = StorageBucketBackupsPost {
                name: "backup1".into(),
                expires_at: "2030-01-01T00:00:00Z".into(),
                ..Default::default()
            };
            let made = c
                .create_storage_bucket_backup("local", "foo", &new)
                .unwrap();
            let rename = StorageBucketBackupPost {
                name: "backup2".into(),
            };
            let renamed = c
                .rename_storage_bucket_backup("local", "foo", "backup1", &rename)
                .unwrap();
            let deleted = c
                .delete_storage_bucket_backup("local", "foo", "backup2")
                .unwrap();
            let mut download = c
                .export_storage_bucket_backup("local", "foo", "backup0")
                .unwrap();
            let length = download.len();
            let mut bytes = String::new();
            download.read_to_string(&mut bytes).unwrap();
            (
                names,
                all,
                one,
                [made.id, renamed.id, deleted.id],
                length,
                bytes,
            )
        },
    );
    let (names, all, one, ids, length, bytes) = got;
    assert_eq!(names, ["backup0", "backup1"]);
    assert_eq!(all, std::slice::from_ref(&one));
    assert_eq!(one.expires_at, "2021-03-23T17:38:37.753398689-04:00");
    assert_eq!(ids, ["abc", "abc", "abc"]);
    assert_eq!(
        (length, bytes.as_str()),
        (Some(tarball.len() as u64), tarball)
    );
    let backups = "/1.0/storage-pools/local/buckets/foo/backups";
    assert_eq!(
        lines(&sent),
        [
            ("GET", format!("{backups}?recursion=0").as_str()),
            ("GET", format!("{backups}?recursion=1").as_str()),
            ("GET", format!("{backups}/backup0").as_str()),
            ("POST", backups),
            ("POST", format!("{backups}/backup1").as_str()),
            ("DELETE", format!("{backups}/backup2").as_str()),
            ("GET", format!("{backups}/backup0/export").as_str()),
        ]
    );
    assert_eq!(
        json_body(&sent[3]),
        json!({"name": "backup1", "expires_at": "2030-01-01T00:00:00Z"})
    );
    assert_eq!(json_body(&sent[4]), json!({"name": "backup2"}));
}

#[test]
fn bucket_errors_are_the_daemons() {
    // What Incus 6.0.4 answers on a host without the MinIO binaries.
    let message = "Failed creating storage bucket: Failed connecting to bucket: \
                   Couldn't find the MinIO client tool";
    let (e, _) = scripted(vec![json_reply(500, &error_envelope(500, message))], |c| {
        let new = StorageBucketsPost {
            name: "b1".into(),
            ..Default::default()
        };
        c.create_storage_bucket("default", &new).unwrap_err()
    });
    assert_api(&e, 500, message);

    let fake = Fake::start(vec![]);
    let c = fake.client();
    let e = within(3000, move || {
        c.get_storage_bucket_key("default", "foo", "a\u{7}b")
            .unwrap_err()
    });
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(fake.requests().is_empty());
}
