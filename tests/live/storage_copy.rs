//! Live tests of copying a custom storage volume between the sandbox's two
//! daemons (`Client::copy_storage_volume_to`) in pull, push and relay mode,
//! on one server, refreshed, and of what goes wrong: a missing target pool,
//! a missing volume, a taken name.

use std::process::Command;

use incus::{CopyStorageVolumeOptions, Error, MigrationMode};

use crate::copy::{assert_no_migration_left, busybox_on};
use crate::support::{Cleanup, client, run, running, second_client, second_daemon, unique};

/// Which daemon a command line runs against.
#[derive(Clone, Copy)]
enum Daemon {
    Main,
    Second,
}

/// Runs the `incus` command line against `daemon` and returns its trimmed
/// stdout; panics if it fails.
fn incus(daemon: Daemon, args: &[&str]) -> String {
    run(&mut command(daemon, args))
}

/// `incus <args>` talking to `daemon` (the second through
/// `$INCUS_SECOND_SOCKET`, see [`crate::support::second_cli_command`]).
fn command(daemon: Daemon, args: &[&str]) -> Command {
    match daemon {
        Daemon::Main => crate::support::cli_command(args),
        Daemon::Second => crate::support::second_cli_command(args),
    }
}

/// Deletes the custom volume `name` in pool `default` of `daemon` when
/// dropped (its snapshots with it), ignoring errors.
fn volume_guard(daemon: Daemon, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let name = name.to_string();
    Cleanup(move || {
        let _ = command(daemon, &["storage", "volume", "delete", "default", &name]).output();
    })
}

/// Writes `content` to `hello.txt` in the volume `volume`, through the
/// running instance `instance` it is attached to for the while.
fn write(instance: &str, volume: &str, content: &str) {
    let main = Daemon::Main;
    incus(
        main,
        &[
            "storage", "volume", "attach", "default", volume, instance, "/mnt/vol",
        ],
    );
    let script = format!("printf %s '{content}' > /mnt/vol/hello.txt");
    incus(main, &["exec", instance, "--", "sh", "-c", &script]);
    incus(
        main,
        &["storage", "volume", "detach", "default", volume, instance],
    );
}

/// `hello.txt` of the volume `volume` on `daemon`, read through the
/// running instance `instance` it is attached to for the while.
fn read(daemon: Daemon, instance: &str, volume: &str) -> String {
    incus(
        daemon,
        &[
            "storage", "volume", "attach", "default", volume, instance, "/mnt/vol",
        ],
    );
    let content = incus(
        daemon,
        &["exec", instance, "--", "cat", "/mnt/vol/hello.txt"],
    );
    incus(
        daemon,
        &["storage", "volume", "detach", "default", volume, instance],
    );
    content
}

/// The names of the snapshots of the volume `volume` on `daemon`.
fn snapshots(daemon: Daemon, volume: &str) -> Vec<String> {
    let args = ["storage", "volume", "snapshot", "list", "default", volume];
    let out = incus(daemon, &[&args[..], &["-f", "json"]].concat());
    let listed: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    // A name may come as `volume/snapshot`.
    listed
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .map(|name| name.rsplit('/').next().unwrap().to_string())
        .collect()
}

/// A custom volume with a file and a snapshot on the main daemon, copied
/// to the second in each mode (and once without its snapshot): each copy
/// has the file and the snapshot; a refresh brings a copy up to date; a
/// copy on the main daemon itself is the server's own copy.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_copy_between_servers_in_every_mode() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let volume = unique("vol");
    let modes = [
        (MigrationMode::Pull, "pull"),
        (MigrationMode::Push, "push"),
        (MigrationMode::Relay, "relay"),
    ];
    // Guards for every volume before the instances: the instances go
    // first, which detaches whatever an assert left attached.
    let _volume = volume_guard(Daemon::Main, &volume);
    let local = format!("{volume}-local");
    let _local = volume_guard(Daemon::Main, &local);
    let only = format!("{volume}-only");
    let _copies: Vec<_> = modes
        .iter()
        .map(|(_, what)| format!("{volume}-{what}"))
        .chain([only.clone()])
        .map(|copy| volume_guard(Daemon::Second, &copy))
        .collect();
    let (writer, _writer) = running(&source, "vol-writer");
    let reader = unique("vol-reader");
    let _reader = busybox_on(&target, &reader);
    incus(Daemon::Second, &["start", &reader]);

    incus(
        Daemon::Main,
        &["storage", "volume", "create", "default", &volume],
    );
    write(&writer, &volume, "made on the first server");
    incus(
        Daemon::Main,
        &[
            "storage", "volume", "snapshot", "create", "default", &volume, "snap0",
        ],
    );

    for (mode, what) in modes {
        let copy = format!("{volume}-{what}");
        let options = CopyStorageVolumeOptions::new().name(&copy).mode(mode);
        source
            .copy_storage_volume_to(&target, "default", &volume, &options)
            .unwrap();
        assert_eq!(snapshots(Daemon::Second, &copy), ["snap0"], "{what}");
        assert_eq!(
            read(Daemon::Second, &reader, &copy),
            "made on the first server",
            "{what}"
        );
        assert_no_migration_left(&source, &volume);
    }

    let options = CopyStorageVolumeOptions::new().name(&only).volume_only();
    source
        .copy_storage_volume_to(&target, "default", &volume, &options)
        .unwrap();
    assert!(snapshots(Daemon::Second, &only).is_empty());
    assert_eq!(
        read(Daemon::Second, &reader, &only),
        "made on the first server"
    );

    // A refresh carries the new content and the new snapshot over.
    write(&writer, &volume, "changed on the first server");
    incus(
        Daemon::Main,
        &[
            "storage", "volume", "snapshot", "create", "default", &volume, "snap1",
        ],
    );
    let pulled = format!("{volume}-pull");
    let options = CopyStorageVolumeOptions::new().name(&pulled).refresh();
    source
        .copy_storage_volume_to(&target, "default", &volume, &options)
        .unwrap();
    assert_eq!(snapshots(Daemon::Second, &pulled), ["snap0", "snap1"]);
    assert_eq!(
        read(Daemon::Second, &reader, &pulled),
        "changed on the first server"
    );

    // On one server, the server copies it itself (no migration).
    let options = CopyStorageVolumeOptions::new().name(&local);
    source
        .copy_storage_volume_to(&source, "default", &volume, &options)
        .unwrap();
    assert_eq!(snapshots(Daemon::Main, &local), ["snap0", "snap1"]);
    assert_eq!(
        read(Daemon::Main, &writer, &local),
        "changed on the first server"
    );
}

/// A copy to a missing pool fails with the target's 404 and leaves nothing
/// on either server; a missing volume fails before the target is asked; a
/// taken name fails with the target's error and cancels the source's side;
/// an empty name is refused before sending.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_copy_failures_leave_nothing_behind() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let volume = unique("vol-fail");
    let _volume = volume_guard(Daemon::Main, &volume);
    let _copy = volume_guard(Daemon::Second, &volume);
    incus(
        Daemon::Main,
        &["storage", "volume", "create", "default", &volume],
    );
    let modes = [
        MigrationMode::Pull,
        MigrationMode::Push,
        MigrationMode::Relay,
    ];

    let pool = unique("no-such-pool");
    for mode in modes {
        let options = CopyStorageVolumeOptions::new().pool(&pool).mode(mode);
        let e = source
            .copy_storage_volume_to(&target, "default", &volume, &options)
            .unwrap_err();
        assert!(e.is_not_found(), "{mode:?}: {e:?}");
        assert!(e.to_string().contains("not found"), "{mode:?}: {e}");
        assert_no_migration_left(&source, &volume);
        assert_no_migration_left(&target, &volume);
        assert!(
            target
                .get_storage_volume("default", "custom", &volume)
                .unwrap_err()
                .is_not_found(),
            "{mode:?}"
        );
    }

    let missing = unique("no-such-volume");
    let e = source
        .copy_storage_volume_to(&target, "default", &missing, &Default::default())
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");
    let read = format!("GET /1.0/storage-pools/default/volumes/custom/{missing}");
    assert!(
        matches!(&e, Error::Api { endpoint, .. } if *endpoint == read),
        "not the source's read: {e:?}"
    );
    assert!(
        target
            .get_storage_volume("default", "custom", &missing)
            .unwrap_err()
            .is_not_found()
    );

    // The name taken on the target: every mode fails there, and the
    // source's migration does not stay behind.
    source
        .copy_storage_volume_to(&target, "default", &volume, &Default::default())
        .unwrap();
    for mode in modes {
        let options = CopyStorageVolumeOptions::new().mode(mode);
        let e = source
            .copy_storage_volume_to(&target, "default", &volume, &options)
            .unwrap_err();
        assert!(
            matches!(e, Error::Operation { .. } | Error::Api { .. }),
            "{mode:?}: {e:?}"
        );
        assert!(e.to_string().contains("already exists"), "{mode:?}: {e}");
        assert_no_migration_left(&source, &volume);
    }

    let e = source
        .copy_storage_volume_to(
            &target,
            "default",
            &volume,
            &CopyStorageVolumeOptions::new().name(""),
        )
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
}

/// Whether a migration of `volume` still runs on `client`'s server.
fn migrating(client: &incus::Client, volume: &str) -> bool {
    client
        .list_operations(None)
        .unwrap()
        .iter()
        .filter(|op| !op.status_code.is_final())
        .any(|op| {
            op.resources
                .values()
                .flatten()
                .any(|url| url.ends_with(&format!("/{volume}")))
        })
}

/// A copy whose time runs out as it starts (a zero timeout: the target is
/// still connecting to the source) either fails with `Timeout` and makes
/// nothing, or, when the target finished before the cancel, succeeds: the
/// answer matches what the target has. Either way no migration runs for
/// long on either server. Before, the source's side, given all its
/// channels by the cancel, waited minutes for a target that had gone, and
/// a copy that had finished was reported as timed out.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_copy_whose_time_runs_out_leaves_no_migration_running() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let volume = unique("vol-late");
    let _volume = volume_guard(Daemon::Main, &volume);
    let _copy = volume_guard(Daemon::Second, &volume);
    incus(
        Daemon::Main,
        &["storage", "volume", "create", "default", &volume],
    );
    let (instance, _instance) = running(&source, "vol-late");
    write(&instance, &volume, "x");
    let mut timed_out = 0;
    // Nearly empty first: the target is still connecting when the copy
    // gives up (the case that left the source waiting). Then with 64 MiB
    // to move, so that the copy is still under way.
    let modes = [
        MigrationMode::Pull,
        MigrationMode::Push,
        MigrationMode::Relay,
    ];
    let fill = "dd if=/dev/urandom of=/mnt/vol/big bs=1M count=64 2>/dev/null";
    let attach = [
        "storage", "volume", "attach", "default", &volume, &instance, "/mnt/vol",
    ];
    let detach = ["storage", "volume", "detach", "default", &volume, &instance];
    let filled = |mode| {
        if mode == MigrationMode::Pull {
            incus(Daemon::Main, &attach);
            incus(Daemon::Main, &["exec", &instance, "--", "sh", "-c", fill]);
            incus(Daemon::Main, &detach);
        }
        mode
    };
    for mode in modes.into_iter().chain(modes.into_iter().map(filled)) {
        let options = CopyStorageVolumeOptions::new()
            .mode(mode)
            .timeout(std::time::Duration::ZERO);
        let result = source.copy_storage_volume_to(&target, "default", &volume, &options);
        let start = std::time::Instant::now();
        while migrating(&source, &volume) || migrating(&target, &volume) {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(20),
                "{mode:?}: a migration still runs 20 s after the copy returned {result:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        let made = target.get_storage_volume("default", "custom", &volume);
        match result {
            Ok(()) => assert!(made.is_ok(), "{mode:?}: Ok, but no copy: {made:?}"),
            Err(Error::Timeout { .. }) => {
                timed_out += 1;
                let e = made.unwrap_err();
                assert!(e.is_not_found(), "{mode:?}: timed out, yet {e:?}");
            }
            Err(e) => panic!("{mode:?}: {e:?}"),
        }
        let _ = target.delete_storage_volume("default", "custom", &volume);
    }
    assert!(timed_out > 0, "no copy of 64 MiB ran out of a zero timeout");
}
