//! Live tests of instance snapshots: `/1.0/instances/{name}/snapshots`,
//! restoring one (`PUT /1.0/instances/{name}` with `restore`) and creating
//! an instance from one (`POST /1.0/instances`, source `copy`).

use std::io::Read;

use incus::models::{
    InstanceSnapshot, InstanceSnapshotPost, InstanceSnapshotPut, InstanceSnapshotsPost,
    InstanceSource, InstancesPost,
};
use incus::{Client, Error, InstanceFileArgs};

use crate::support::{Cleanup, WAIT, cli, client, remove_instance, running, unique};

/// The expiry the daemon reports for a snapshot that never expires.
const NEVER: &str = "0001-01-01T00:00:00Z";

fn write(client: &Client, instance: &str, path: &str, text: &str) {
    client
        .create_instance_file(instance, path, InstanceFileArgs::file(text.as_bytes()))
        .unwrap();
}

fn read(client: &Client, instance: &str, path: &str) -> String {
    let mut text = String::new();
    client
        .get_instance_file(instance, path)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn snapshot(client: &Client, instance: &str, post: &InstanceSnapshotsPost) {
    let op = client.create_instance_snapshot(instance, post).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
}

fn named(name: &str) -> InstanceSnapshotsPost {
    InstanceSnapshotsPost {
        name: name.into(),
        ..Default::default()
    }
}

/// The snapshot names the `incus` command line lists for `instance`.
fn cli_names(instance: &str) -> Vec<String> {
    let json = cli(&["snapshot", "list", instance, "-f", "json"]);
    let listed: Vec<InstanceSnapshot> = serde_json::from_str(&json).unwrap();
    listed.into_iter().map(|s| s.name).collect()
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn snapshot_restore_and_copy_bring_old_content_back() {
    let client = client();
    let (name, _guard) = running(&client, "snap");
    write(&client, &name, "/root/state.txt", "before\n");
    snapshot(&client, &name, &named("s0"));
    assert_eq!(cli_names(&name), ["s0"]);

    write(&client, &name, "/root/state.txt", "after\n");
    assert_eq!(read(&client, &name, "/root/state.txt"), "after\n");
    let op = client.restore_instance_snapshot(&name, "s0").unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(read(&client, &name, "/root/state.txt"), "before\n");
    assert_eq!(
        cli(&["exec", &name, "--", "cat", "/root/state.txt"]),
        "before"
    );
    // The restore left the instance's configuration (and snapshot) alone.
    let instance = client.get_instance(&name).unwrap();
    assert_eq!(instance.profiles, ["default"]);
    assert_eq!(client.list_instance_snapshot_names(&name).unwrap(), ["s0"]);

    // A new instance from the snapshot has the old file and no snapshots.
    write(&client, &name, "/root/state.txt", "after again\n");
    let copy = unique("snap-copy");
    let _copy = Cleanup(|| remove_instance(&client, &copy));
    let op = client
        .create_instance(&InstancesPost {
            name: copy.clone(),
            source: InstanceSource::copy(format!("{name}/s0")),
            profiles: crate::support::copy_profiles(),
            ..Default::default()
        })
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(read(&client, &copy, "/root/state.txt"), "before\n");
    assert!(
        client
            .list_instance_snapshot_names(&copy)
            .unwrap()
            .is_empty()
    );
    assert_eq!(client.get_instance(&copy).unwrap().status, "Stopped");
    assert_eq!(read(&client, &name, "/root/state.txt"), "after again\n");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn snapshot_expiry_etag_rename_list_delete() {
    let client = client();
    let (name, _guard) = running(&client, "snapx");

    // Expiry given at creation reads back, through the API and the CLI.
    let expiry = "2031-02-03T04:05:06Z";
    let post = InstanceSnapshotsPost {
        expires_at: Some(expiry.into()),
        ..named("first")
    };
    snapshot(&client, &name, &post);
    let (first, etag) = client
        .get_instance_snapshot_with_etag(&name, "first")
        .unwrap();
    assert_eq!(first.name, "first");
    assert_eq!(first.expires_at, expiry);
    assert!(!first.stateful);
    let cli_json: serde_json::Value =
        serde_json::from_str(&cli(&["snapshot", "list", &name, "-f", "json"])).unwrap();
    assert_eq!(cli_json[0]["expires_at"], expiry);
    // Without a name the daemon picks `snapN`; without an expiry, none.
    snapshot(&client, &name, &InstanceSnapshotsPost::default());
    let auto = client.get_instance_snapshot(&name, "snap0").unwrap();
    assert_eq!(auto.expires_at, NEVER);

    // PUT with the ETag; the ETag is the expiry's, so the old one is now
    // stale for PUT and PATCH alike (412 before any operation starts).
    let later = InstanceSnapshotPut {
        expires_at: Some("2032-01-01T00:00:00Z".into()),
    };
    let op = client
        .replace_instance_snapshot(&name, "first", &later, Some(&etag))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let (first, fresh) = client
        .get_instance_snapshot_with_etag(&name, "first")
        .unwrap();
    assert_eq!(first.expires_at, "2032-01-01T00:00:00Z");
    assert_ne!(fresh, etag);
    for e in [
        client.replace_instance_snapshot(&name, "first", &later, Some(&etag)),
        client.update_instance_snapshot(&name, "first", &later, Some(&etag)),
    ] {
        let e = e.unwrap_err();
        assert!(e.is_precondition_failed(), "{e}");
    }
    // A body without expires_at changes nothing; PATCH to the zero time
    // clears the expiry.
    let op = client
        .replace_instance_snapshot(&name, "first", &InstanceSnapshotPut::default(), None)
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let first = client.get_instance_snapshot(&name, "first").unwrap();
    assert_eq!(first.expires_at, "2032-01-01T00:00:00Z");
    let never = InstanceSnapshotPut {
        expires_at: Some(NEVER.into()),
    };
    let op = client
        .update_instance_snapshot(&name, "first", &never, Some(&fresh))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(
        client.get_instance_snapshot(&name, "first").unwrap(),
        InstanceSnapshot {
            expires_at: NEVER.into(),
            ..first.clone()
        }
    );
    assert_eq!(
        first.writable().expires_at.as_deref(),
        Some("2032-01-01T00:00:00Z")
    );

    // Rename; the old name is gone.
    let rename = InstanceSnapshotPost {
        name: "renamed".into(),
        ..Default::default()
    };
    let op = client
        .rename_instance_snapshot(&name, "first", &rename)
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let e = client.get_instance_snapshot(&name, "first").unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let renamed = client.get_instance_snapshot(&name, "renamed").unwrap();
    assert_eq!(renamed.created_at, first.created_at);
    // Renaming onto a taken name is refused.
    let taken = InstanceSnapshotPost {
        name: "snap0".into(),
        ..Default::default()
    };
    let e = client
        .rename_instance_snapshot(&name, "renamed", &taken)
        .unwrap_err();
    assert_eq!(e.status(), Some(409), "{e}");

    // Lists: names and objects, in step with the command line.
    let mut names = client.list_instance_snapshot_names(&name).unwrap();
    names.sort();
    assert_eq!(names, ["renamed", "snap0"]);
    let mut cli_listed = cli_names(&name);
    cli_listed.sort();
    assert_eq!(cli_listed, names);
    let mut objects: Vec<_> = client
        .list_instance_snapshots(&name)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    objects.sort();
    assert_eq!(objects, names);
    assert_eq!(client.get_instance_full(&name).unwrap().snapshots.len(), 2);

    // Delete both.
    for snapshot in &names {
        let op = client.delete_instance_snapshot(&name, snapshot).unwrap();
        client.wait_for_completion(&op, WAIT).unwrap();
    }
    assert!(
        client
            .list_instance_snapshot_names(&name)
            .unwrap()
            .is_empty()
    );
    assert!(client.list_instance_snapshots(&name).unwrap().is_empty());
    assert!(cli_names(&name).is_empty());
    let e = client.delete_instance_snapshot(&name, "snap0").unwrap_err();
    assert!(e.is_not_found(), "{e}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn snapshot_faults() {
    let client = client();
    let (name, _guard) = running(&client, "snapf");
    snapshot(&client, &name, &named("s0"));

    // Restoring a missing snapshot: the PUT is accepted, the operation fails.
    let op = client.restore_instance_snapshot(&name, "missing").unwrap();
    match client.wait_for_completion(&op, WAIT).unwrap_err() {
        Error::Operation {
            status_code,
            message,
            ..
        } => {
            assert_eq!(status_code, 400);
            assert!(message.contains("does not exist"), "{message}");
        }
        e => panic!("want Error::Operation, got {e}"),
    }
    // Names that cannot be a snapshot's are refused before sending.
    for bad in ["", "a/b"] {
        let e = client.restore_instance_snapshot(&name, bad).unwrap_err();
        assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    }
    let e = client.get_instance_snapshot(&name, "").unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e}");

    // A name with `/`: the daemon refuses to create or rename to it, and
    // finds no such snapshot (the segment is escaped, so no other is hit).
    let e = client
        .create_instance_snapshot(&name, &named("a/b"))
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    assert!(e.to_string().contains("Cannot contain"), "{e}");
    let slash = InstanceSnapshotPost {
        name: "a/b".into(),
        ..Default::default()
    };
    let e = client
        .rename_instance_snapshot(&name, "s0", &slash)
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e}");
    let empty = InstanceSnapshotPost::default();
    let renamed = client.rename_instance_snapshot(&name, "s0", &empty);
    if crate::support::on_lxd() {
        // LXD 5.0.2 starts a rename to no name, which then fails moving the
        // snapshot onto its instance's snapshot directory.
        let e = client.wait_for_completion(&renamed.unwrap(), WAIT);
        match e.unwrap_err() {
            Error::Operation {
                status_code,
                message,
                ..
            } => {
                assert_eq!(status_code, 400);
                assert!(
                    message.starts_with("Rename instance snapshot: Failed to rename \"")
                        && message.ends_with(": file exists"),
                    "{message}"
                );
            }
            e => panic!("want Error::Operation, got {e}"),
        }
    } else {
        let e = renamed.unwrap_err();
        assert_eq!(e.status(), Some(400), "{e}");
    }
    assert_eq!(client.list_instance_snapshot_names(&name).unwrap(), ["s0"]);
    let e = client.get_instance_snapshot(&name, "s0/x").unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // A taken name is accepted, then the operation fails.
    let op = client
        .create_instance_snapshot(&name, &named("s0"))
        .unwrap();
    let e = client.wait_for_completion(&op, WAIT).unwrap_err();
    assert!(matches!(e, Error::Operation { .. }), "{e}");
    assert_eq!(client.list_instance_snapshot_names(&name).unwrap(), ["s0"]);

    // A missing instance: 404 everywhere but the names list, which 6.0.4
    // answers with an empty list (LXD 5.0.2 with a 404 too).
    let missing = unique("snap-missing");
    let e = client
        .create_instance_snapshot(&missing, &named("s0"))
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = client.list_instance_snapshots(&missing).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = client.get_instance_snapshot(&missing, "s0").unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = client
        .restore_instance_snapshot(&missing, "s0")
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let names = client.list_instance_snapshot_names(&missing);
    if crate::support::on_lxd() {
        let e = names.unwrap_err();
        assert!(e.is_not_found(), "{e}");
    } else {
        assert!(names.unwrap().is_empty());
    }
}
