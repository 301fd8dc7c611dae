//! Live tests of instance backups: `/1.0/instances/{name}/backups`, their
//! export, and the import of a tarball as a new instance (`POST
//! /1.0/instances` with a raw body).

use std::fs::File;
use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use incus::models::{InstanceBackupPost, InstanceBackupsPost};
use incus::{Client, Error, InstanceBackupArgs, InstanceFileArgs, Progress};

use crate::support::{Cleanup, WAIT, busybox, cli, client, remove_instance, running, unique};

/// The file written inside the container before the backup: 3 MiB that
/// differ from byte to byte.
fn content() -> Vec<u8> {
    (0..3 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect()
}

/// `sha256sum` of a file inside an instance, by the `incus` command line.
fn sha256(instance: &str, path: &str) -> String {
    let out = cli(&["exec", instance, "--", "sha256sum", path]);
    out.split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Makes backup `backup` of `instance` and waits for it.
fn make_backup(client: &Client, instance: &str, backup: &str) {
    let post = InstanceBackupsPost {
        name: backup.into(),
        ..Default::default()
    };
    let op = client.create_instance_backup(instance, &post).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn backups_create_rename_export_delete_and_import() {
    let client = client();
    let (name, guard) = running(&client, "backup");
    let data = content();
    let args = InstanceFileArgs::file(data.as_slice()).length(data.len() as u64);
    client
        .create_instance_file(&name, "/root/data.bin", args)
        .unwrap();
    let sum = sha256(&name, "/root/data.bin");

    // Made with every field the body has; read back as sent.
    let post = InstanceBackupsPost {
        name: "b0".into(),
        expires_at: "2099-01-02T03:04:05Z".into(),
        instance_only: true,
        compression_algorithm: "gzip".into(),
        ..Default::default()
    };
    let op = client.create_instance_backup(&name, &post).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(client.list_instance_backup_names(&name).unwrap(), ["b0"]);
    let listed = client.list_instance_backups(&name).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    let backup = client.get_instance_backup(&name, "b0").unwrap();
    assert_eq!(listed[0], backup);
    assert!(
        backup.instance_only && !backup.optimized_storage,
        "{backup:?}"
    );
    assert!(
        backup.expires_at.starts_with("2099-01-02T03:04:05"),
        "{backup:?}"
    );
    assert!(!backup.created_at.is_empty(), "{backup:?}");

    // Renamed: the old name is gone.
    let rename = InstanceBackupPost { name: "b1".into() };
    let op = client.rename_instance_backup(&name, "b0", &rename).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(client.list_instance_backup_names(&name).unwrap(), ["b1"]);
    let gone = client.get_instance_backup(&name, "b0").unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");

    // Exported into a file, streamed, with progress.
    let (tarball, _remove) = crate::support::scratch("backup.tar.gz");
    let mut export = client.export_instance_backup(&name, "b1").unwrap();
    let declared = export.len();
    let mut calls = Vec::new();
    let file = File::create(&tarball).unwrap();
    let mut out = Progress::new(file, |n| calls.push(n));
    let copied = io::copy(&mut export, &mut out).unwrap();
    drop(out);
    let size = std::fs::metadata(&tarball).unwrap().len();
    assert_eq!(copied, size);
    assert_eq!(calls.last(), Some(&size), "progress calls {calls:?}");
    assert!(
        calls
            .windows(2)
            .all(|w| w[1] - w[0] >= 1 << 20 || w[1] == size)
    );
    assert_eq!(declared, Some(size), "the export's Content-Length");
    assert!(
        size > 1 << 20,
        "a {size}-byte tarball cannot hold the 3 MiB file"
    );

    // Deleted: gone from the list.
    let op = client.delete_instance_backup(&name, "b1").unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(client.list_instance_backup_names(&name).unwrap().is_empty());

    // The instance deleted, the tarball imported twice under new names:
    // with its length declared, and chunked.
    drop(guard);
    let gone = client.get_instance(&name).unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
    for declared in [true, false] {
        let new = unique("restored");
        let _restored = Cleanup({
            let (client, new) = (client.clone(), new.clone());
            move || remove_instance(&client, &new)
        });
        let file = File::open(&tarball).unwrap();
        let mut args = InstanceBackupArgs::new(file).name(&new).pool("default");
        if declared {
            args = args.length(size);
        }
        let op = client.import_instance_backup(args).unwrap();
        client.wait_for_completion(&op, WAIT).unwrap();
        client
            .wait_for_completion(&client.start_instance(&new).unwrap(), WAIT)
            .unwrap();
        assert_eq!(client.get_instance_state(&new).unwrap().status, "Running");
        assert_eq!(sha256(&new, "/root/data.bin"), sum, "declared {declared}");
        let mut back = Vec::new();
        let mut file = client.get_instance_file(&new, "/root/data.bin").unwrap();
        file.read_to_end(&mut back).unwrap();
        assert!(back == data, "{} bytes back of {}", back.len(), data.len());
    }
}

/// A writer that takes `left` bytes, then fails.
struct FailsAfter {
    left: usize,
}

impl Write for FailsAfter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.left == 0 {
            return Err(io::Error::other("the disk is full"));
        }
        let n = buf.len().min(self.left);
        self.left -= n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Imports `bytes` as instance `name` and waits at most a minute; returns
/// the error (the import must fail) and how long it took.
fn failed_import(client: &Client, bytes: &[u8], name: &str) -> (Error, Duration) {
    let started = Instant::now();
    let args = InstanceBackupArgs::new(bytes)
        .name(name)
        .length(bytes.len() as u64);
    let result = client
        .import_instance_backup(args)
        .and_then(|op| client.wait_for_completion(&op, Duration::from_secs(60)));
    (result.unwrap_err(), started.elapsed())
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn backup_faults() {
    let client = client();
    let name = unique("backup-faults");
    let _guard = busybox(&client, &name);

    let missing = client.get_instance_backup(&name, "nope").unwrap_err();
    assert!(
        matches!(missing, Error::Api { status: 404, .. }),
        "{missing:?}"
    );
    let missing = client.export_instance_backup(&name, "nope").unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");

    make_backup(&client, &name, "b0");
    make_backup(&client, &name, "b1");

    // Refusals: checked before the operation (Api) or by it (Operation).
    let wait = |op: incus::Result<incus::models::Operation>| {
        op.and_then(|op| client.wait_for_completion(&op, WAIT))
    };
    let bogus = InstanceBackupsPost {
        compression_algorithm: "bogus".into(),
        ..Default::default()
    };
    let e = wait(client.create_instance_backup(&name, &bogus)).unwrap_err();
    assert!(matches!(e, Error::Api { status: 400, .. }), "{e:?}");
    let twice = InstanceBackupsPost {
        name: "b0".into(),
        ..Default::default()
    };
    let e = wait(client.create_instance_backup(&name, &twice)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("already exists"), "{e}");
    let slash = InstanceBackupPost { name: "x/y".into() };
    let e = wait(client.rename_instance_backup(&name, "b0", &slash)).unwrap_err();
    assert!(matches!(e, Error::Api { status: 400, .. }), "{e:?}");
    let e = wait(client.delete_instance_backup(&name, "nope")).unwrap_err();
    assert!(matches!(e, Error::Api { status: 404, .. }), "{e:?}");

    // An export into a writer that fails halfway: the writer's error, and
    // the client goes on working (the next export is whole).
    let mut export = client.export_instance_backup(&name, "b0").unwrap();
    let e = io::copy(&mut export, &mut FailsAfter { left: 100_000 }).unwrap_err();
    assert_eq!(e.to_string(), "the disk is full");
    drop(export);
    assert_eq!(client.get_instance_backup(&name, "b0").unwrap().name, "b0");
    let mut whole = Vec::new();
    client
        .export_instance_backup(&name, "b0")
        .unwrap()
        .read_to_end(&mut whole)
        .unwrap();
    assert!(whole.len() > 200_000, "{} bytes", whole.len());

    // A truncated tarball and garbage: the daemon's error, in bounded time,
    // and no instance left behind.
    let truncated = unique("truncated");
    let _t = Cleanup({
        let (client, name) = (client.clone(), truncated.clone());
        move || remove_instance(&client, &name)
    });
    let (e, took) = failed_import(&client, &whole[..whole.len() / 2], &truncated);
    println!("truncated tarball: {e:?} after {took:?}");
    // The index at the head of the tarball is whole, so the daemon accepts
    // the upload and its unpack fails.
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("unexpected end of file"), "{e}");
    assert!(took < Duration::from_secs(60), "{took:?}");
    let gone = client.get_instance(&truncated).unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");

    let garbage: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 3) as u8).collect();
    let junk = unique("garbage");
    let _g = Cleanup({
        let (client, name) = (client.clone(), junk.clone());
        move || remove_instance(&client, &name)
    });
    let (e, took) = failed_import(&client, &garbage, &junk);
    println!("garbage: {e:?} after {took:?}");
    // Incus 6.0.4 answers 500 "Unsupported compression" (not 400).
    assert!(matches!(e, Error::Api { status: 500, .. }), "{e:?}");
    assert!(e.to_string().contains("Unsupported compression"), "{e}");
    assert!(took < Duration::from_secs(60), "{took:?}");
    let gone = client.get_instance(&junk).unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");

    // A whole tarball over an existing instance's name: refused by the
    // operation, and the existing instance stays.
    let over = InstanceBackupArgs::new(whole.as_slice()).name(&name);
    let e = wait(client.import_instance_backup(over)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("already exists"), "{e}");
    assert_eq!(client.get_instance(&name).unwrap().name, name);

    // Last, as it breaks both backups on Incus 6.0.4: a rename onto a taken
    // name fails in the operation (after the daemon moved the tarball over
    // the other backup's).
    let taken = InstanceBackupPost { name: "b1".into() };
    let e = wait(client.rename_instance_backup(&name, "b0", &taken)).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Operation {
                status_code: 400,
                ..
            }
        ),
        "{e:?}"
    );
}
