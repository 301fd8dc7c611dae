//! Live tests of custom volume snapshots, backups (made, exported, renamed,
//! deleted) and imports (a backup tarball, an ISO, garbage). The volumes
//! are made, attached and inspected with the `incus` command line.

use std::fs::File;
use std::io;
use std::process::Command;

use incus::models::{
    StorageVolumeBackupPost, StorageVolumeBackupsPost, StorageVolumeSnapshotPost,
    StorageVolumeSnapshotPut, StorageVolumeSnapshotsPost,
};
use incus::{Client, Error, StorageVolumeImportArgs};

use crate::support::{Cleanup, WAIT, cli, client, run, running, unique};

const POOL: &str = "default";
const NEVER: &str = "0001-01-01T00:00:00Z";

/// A custom volume in the default pool, made by the command line, deleted
/// (with what is left of its snapshots) when the guard drops.
fn volume(what: &str) -> (String, Cleanup<impl FnMut() + use<>>) {
    let name = unique(what);
    cli(&["storage", "volume", "create", POOL, &name]);
    (name.clone(), volume_guard(&name))
}

/// Deletes the custom volume `name` when dropped, ignoring errors.
fn volume_guard(name: &str) -> Cleanup<impl FnMut() + use<>> {
    let name = name.to_string();
    Cleanup(move || {
        let _ = crate::support::cli_command(&["storage", "volume", "delete", POOL, &name]).output();
    })
}

/// Whether the command line lists a custom volume `name` in the pool.
fn volume_exists(name: &str) -> bool {
    let out = cli(&[
        "storage", "volume", "list", POOL, "--format", "csv", "-c", "tn",
    ]);
    out.lines().any(|line| line == format!("custom,{name}"))
}

fn wait(client: &Client, op: incus::Result<incus::models::Operation>) {
    client.wait_for_completion(&op.unwrap(), WAIT).unwrap();
}

/// `sha256sum` of `path` inside `instance`.
fn sha256(instance: &str, path: &str) -> String {
    let out = cli(&["exec", instance, "--", "sha256sum", path]);
    out.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The snapshots the command line lists for the custom volume `vol`, by
/// their full names (`vol/snapshot`).
fn cli_snapshots(vol: &str) -> Vec<String> {
    let json = cli(&[
        "storage", "volume", "snapshot", "list", POOL, vol, "-f", "json",
    ]);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    listed
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_snapshots_create_read_write_rename_and_delete() {
    let client = client();
    let (vol, _guard) = volume("vsnap");

    let post = StorageVolumeSnapshotsPost {
        name: "s0".into(),
        expires_at: Some("2099-01-02T03:04:05Z".into()),
    };
    wait(
        &client,
        client.create_storage_volume_snapshot(POOL, "custom", &vol, &post),
    );
    let names = client
        .list_storage_volume_snapshot_names(POOL, "custom", &vol)
        .unwrap();
    assert_eq!(names, ["s0"]);
    assert_eq!(cli_snapshots(&vol), [format!("{vol}/s0")]);
    let snapshot = client
        .get_storage_volume_snapshot(POOL, "custom", &vol, "s0")
        .unwrap();
    assert_eq!(snapshot.name, "s0");
    assert_eq!(snapshot.content_type, "filesystem");
    assert!(!snapshot.created_at.is_empty());
    let expiry = snapshot.expires_at.clone().unwrap();
    assert!(expiry.starts_with("2099-01-02T03:04:05"), "{snapshot:?}");
    // Incus 6.0.4 lists the full name, no content type and no expiry.
    let listed = client
        .list_storage_volume_snapshots(POOL, "custom", &vol)
        .unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].name, format!("{vol}/s0"));
    assert_eq!(listed[0].created_at, snapshot.created_at);

    // PUT with the ETag; a stale ETag is refused.
    let (snapshot, etag) = client
        .get_storage_volume_snapshot_with_etag(POOL, "custom", &vol, "s0")
        .unwrap();
    let mut put = snapshot.writable();
    put.description = Some("first".into());
    client
        .replace_storage_volume_snapshot(POOL, "custom", &vol, "s0", &put, Some(&etag))
        .unwrap();
    let shown = cli(&["storage", "volume", "show", POOL, &format!("{vol}/s0")]);
    assert!(shown.contains("description: first"), "{shown}");
    let stale = client
        .replace_storage_volume_snapshot(POOL, "custom", &vol, "s0", &put, Some(&etag))
        .unwrap_err();
    assert!(stale.is_precondition_failed(), "{stale:?}");

    // PATCH changes the description only; the expiry stays.
    let patch = StorageVolumeSnapshotPut {
        description: Some("second".into()),
        ..Default::default()
    };
    client
        .update_storage_volume_snapshot(POOL, "custom", &vol, "s0", &patch, None)
        .unwrap();
    let got = client
        .get_storage_volume_snapshot(POOL, "custom", &vol, "s0")
        .unwrap();
    assert_eq!(got.description, "second");
    assert_eq!(got.expires_at.as_deref(), Some(expiry.as_str()));
    // PUT without an expiry clears it.
    client
        .replace_storage_volume_snapshot(POOL, "custom", &vol, "s0", &patch, None)
        .unwrap();
    let got = client
        .get_storage_volume_snapshot(POOL, "custom", &vol, "s0")
        .unwrap();
    assert_eq!(
        (got.description.as_str(), got.expires_at.as_deref()),
        ("second", Some(NEVER))
    );

    // A taken name is a 409; no name gets the daemon's `snapN`.
    let taken = client
        .create_storage_volume_snapshot(POOL, "custom", &vol, &post)
        .unwrap_err();
    assert_eq!(taken.status(), Some(409), "{taken:?}");
    let unnamed = StorageVolumeSnapshotsPost::default();
    wait(
        &client,
        client.create_storage_volume_snapshot(POOL, "custom", &vol, &unnamed),
    );

    // Renamed, then deleted.
    let rename = StorageVolumeSnapshotPost {
        name: "s1".into(),
        ..Default::default()
    };
    wait(
        &client,
        client.rename_storage_volume_snapshot(POOL, "custom", &vol, "s0", &rename),
    );
    let mut names = client
        .list_storage_volume_snapshot_names(POOL, "custom", &vol)
        .unwrap();
    names.sort();
    assert_eq!(names, ["s1", "snap0"]);
    let gone = client
        .get_storage_volume_snapshot(POOL, "custom", &vol, "s0")
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
    wait(
        &client,
        client.delete_storage_volume_snapshot(POOL, "custom", &vol, "s1"),
    );
    wait(
        &client,
        client.delete_storage_volume_snapshot(POOL, "custom", &vol, "snap0"),
    );
    assert!(
        client
            .list_storage_volume_snapshot_names(POOL, "custom", &vol)
            .unwrap()
            .is_empty()
    );
    assert!(cli_snapshots(&vol).is_empty());

    // A bad volume type is refused before sending; a missing volume is a
    // 404 (LXD 5.0.2 lists no snapshots of it instead).
    let bad = client
        .list_storage_volume_snapshot_names(POOL, "customs", &vol)
        .unwrap_err();
    assert!(matches!(bad, Error::InvalidInput(_)), "{bad:?}");
    let missing = unique("missing");
    let none = client.list_storage_volume_snapshot_names(POOL, "custom", &missing);
    if crate::support::on_lxd() {
        assert!(none.unwrap().is_empty());
    } else {
        let none = none.unwrap_err();
        assert!(none.is_not_found(), "{none:?}");
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_backups_export_rename_delete_and_import() {
    let client = client();
    let (vol, _volume) = volume("vbackup");
    let copy = unique("vbackup-chunked");
    let _copy = volume_guard(&copy);
    let (c1, _instance) = running(&client, "vbackup");
    cli(&[
        "storage",
        "volume",
        "attach",
        POOL,
        &vol,
        &c1,
        "data",
        "/mnt/data",
    ]);
    let write = "head -c 1048576 /dev/urandom > /mnt/data/data.bin";
    cli(&["exec", &c1, "--", "sh", "-c", write]);
    let sum = sha256(&c1, "/mnt/data/data.bin");
    cli(&[
        "storage", "volume", "snapshot", "create", POOL, &vol, "snap-a",
    ]);

    let post = StorageVolumeBackupsPost {
        name: "b0".into(),
        expires_at: "2099-01-02T03:04:05Z".into(),
        compression_algorithm: "gzip".into(),
        ..Default::default()
    };
    wait(
        &client,
        client.create_storage_volume_backup(POOL, "custom", &vol, &post),
    );
    assert_eq!(
        client
            .list_storage_volume_backup_names(POOL, "custom", &vol)
            .unwrap(),
        ["b0"]
    );
    let listed = client
        .list_storage_volume_backups(POOL, "custom", &vol)
        .unwrap();
    let backup = client
        .get_storage_volume_backup(POOL, "custom", &vol, "b0")
        .unwrap();
    assert_eq!(listed, std::slice::from_ref(&backup));
    assert!(
        !backup.volume_only && !backup.optimized_storage,
        "{backup:?}"
    );
    assert!(
        backup.expires_at.starts_with("2099-01-02T03:04:05"),
        "{backup:?}"
    );

    // Renamed: the old name is gone, and so is its export (404).
    let rename = StorageVolumeBackupPost { name: "b1".into() };
    wait(
        &client,
        client.rename_storage_volume_backup(POOL, "custom", &vol, "b0", &rename),
    );
    assert_eq!(
        client
            .list_storage_volume_backup_names(POOL, "custom", &vol)
            .unwrap(),
        ["b1"]
    );
    let gone = client
        .export_storage_volume_backup(POOL, "custom", &vol, "b0")
        .unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");

    // Exported, streamed into a file: a tarball holding the index.
    let (tarball, _remove) = crate::support::scratch("vbackup.tar.gz");
    let mut export = client
        .export_storage_volume_backup(POOL, "custom", &vol, "b1")
        .unwrap();
    let declared = export.len();
    let copied = io::copy(&mut export, &mut File::create(&tarball).unwrap()).unwrap();
    assert_eq!(declared, Some(copied));
    assert!(
        copied > 1 << 20,
        "{copied} bytes cannot hold 1 MiB of random data"
    );
    let listing = run(Command::new("tar").arg("-tzf").arg(&tarball));
    assert!(
        listing.lines().any(|l| l == "backup/index.yaml"),
        "{listing}"
    );
    assert!(
        listing.contains("backup/volume-snapshots/snap-a"),
        "{listing}"
    );

    // Incus 6.0.4: a rename onto a taken name fails, and loses the other
    // backup's tarball.
    let other = StorageVolumeBackupsPost {
        name: "b2".into(),
        ..Default::default()
    };
    wait(
        &client,
        client.create_storage_volume_backup(POOL, "custom", &vol, &other),
    );
    let onto = StorageVolumeBackupPost { name: "b2".into() };
    let op = client.rename_storage_volume_backup(POOL, "custom", &vol, "b1", &onto);
    let taken = client.wait_for_completion(&op.unwrap(), WAIT).unwrap_err();
    assert!(matches!(taken, Error::Operation { .. }), "{taken:?}");
    let mut names = client
        .list_storage_volume_backup_names(POOL, "custom", &vol)
        .unwrap();
    names.sort();
    assert_eq!(names, ["b1", "b2"]);
    let lost = client.export_storage_volume_backup(POOL, "custom", &vol, "b2");
    assert!(lost.is_err(), "b2's tarball is still there");
    client
        .export_storage_volume_backup(POOL, "custom", &vol, "b1")
        .unwrap();
    wait(
        &client,
        client.delete_storage_volume_backup(POOL, "custom", &vol, "b2"),
    );

    wait(
        &client,
        client.delete_storage_volume_backup(POOL, "custom", &vol, "b1"),
    );
    assert!(
        client
            .list_storage_volume_backup_names(POOL, "custom", &vol)
            .unwrap()
            .is_empty()
    );

    // The volume deleted, the tarball imported under its name (length
    // declared) and under another (chunked).
    cli(&["storage", "volume", "detach", POOL, &vol, &c1]);
    cli(&["storage", "volume", "delete", POOL, &vol]);
    assert!(!volume_exists(&vol));
    let size = std::fs::metadata(&tarball).unwrap().len();
    let file = File::open(&tarball).unwrap();
    let sized = StorageVolumeImportArgs::backup(file).length(size);
    wait(&client, client.import_storage_volume(POOL, sized));
    let file = File::open(&tarball).unwrap();
    let chunked = StorageVolumeImportArgs::backup(file).name(&copy);
    wait(&client, client.import_storage_volume(POOL, chunked));
    for (name, path) in [(&vol, "/mnt/a"), (&copy, "/mnt/b")] {
        assert!(volume_exists(name), "{name}");
        let snapshots = client
            .list_storage_volume_snapshot_names(POOL, "custom", name)
            .unwrap();
        assert_eq!(snapshots, ["snap-a"], "{name}");
        let device = format!("d{}", &path[5..]);
        cli(&[
            "storage", "volume", "attach", POOL, name, &c1, &device, path,
        ]);
        assert_eq!(sha256(&c1, &format!("{path}/data.bin")), sum, "{name}");
        cli(&["storage", "volume", "detach", POOL, name, &c1]);
    }

    // A taken name fails the operation.
    let file = File::open(&tarball).unwrap();
    let op = client.import_storage_volume(POOL, StorageVolumeImportArgs::backup(file).name(&copy));
    let taken = client.wait_for_completion(&op.unwrap(), WAIT).unwrap_err();
    assert!(matches!(taken, Error::Operation { .. }), "{taken:?}");

    // Only custom volumes have backups.
    let image = client
        .list_storage_volume_backup_names(POOL, "container", &c1)
        .unwrap_err();
    assert_eq!(image.status(), Some(400), "{image:?}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_imports_of_an_iso_and_of_garbage() {
    let client = client();
    // LXD 5.0 lacks `custom_volume_iso`: an ISO import is refused before
    // sending; the backup imports run there too.
    if crate::support::has_or_refused(&client, "custom_volume_iso", || {
        let iso = StorageVolumeImportArgs::iso(&b""[..]).name("x");
        client.import_storage_volume(POOL, iso)
    }) {
        iso_imports(&client);
    }

    // Bytes that are no archive: refused, no volume left behind.
    let garbage = unique("vgarbage");
    let _garbage = volume_guard(&garbage);
    let bytes = vec![0x55u8; 100_000];
    let args = StorageVolumeImportArgs::backup(bytes.as_slice()).name(&garbage);
    let e = client.import_storage_volume(POOL, args).unwrap_err();
    assert!(matches!(e, Error::Api { .. }), "{e:?}");
    assert_eq!(e.status(), Some(500), "{e:?}");
    assert!(!volume_exists(&garbage));

    // A tarball without backup/index.yaml: a 400, no volume either.
    let (tarball, _remove) = crate::support::scratch("vnotabackup.tar");
    let dir = std::env::temp_dir();
    let member = tarball.with_extension("txt");
    std::fs::write(&member, "not a backup").unwrap();
    let name = member.file_name().unwrap();
    run(Command::new("tar")
        .arg("-cf")
        .arg(&tarball)
        .arg("-C")
        .arg(&dir)
        .arg(name));
    let _ = std::fs::remove_file(&member);
    let args = StorageVolumeImportArgs::backup(File::open(&tarball).unwrap()).name(&garbage);
    let e = client.import_storage_volume(POOL, args).unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");
    assert!(!volume_exists(&garbage));
}

/// ISO imports: any bytes make a volume of content type iso; the same name
/// again fails the operation.
fn iso_imports(client: &incus::Client) {
    // Incus 6.0.4 takes any bytes as an ISO: a volume of content type iso
    // and the upload's size.
    let iso = unique("viso");
    let _iso = volume_guard(&iso);
    let content: Vec<u8> = (0..40_000u32).map(|i| (i % 249) as u8).collect();
    let args = StorageVolumeImportArgs::iso(content.as_slice()).name(&iso);
    wait(client, client.import_storage_volume(POOL, args));
    let shown = cli(&["storage", "volume", "show", POOL, &iso]);
    assert!(shown.contains("content_type: iso"), "{shown}");
    assert!(shown.contains("size: \"40000\""), "{shown}");
    // The same name again: the operation fails.
    let again = StorageVolumeImportArgs::iso(content.as_slice())
        .name(&iso)
        .length(40_000);
    let op = client.import_storage_volume(POOL, again).unwrap();
    let taken = client.wait_for_completion(&op, WAIT).unwrap_err();
    assert!(matches!(taken, Error::Operation { .. }), "{taken:?}");
}
