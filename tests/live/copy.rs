//! Live tests of copies between the sandbox's two daemons
//! (`Client::copy_instance_to`) in pull, push and relay mode, and of what
//! goes wrong: a taken name, a missing instance.

use std::io::Read as _;
use std::process::Command;
use std::time::{Duration, Instant};

use incus::models::{
    ImageAlias, ImagesPost, ImagesPostSource, InstancePost, InstanceSource, InstancesPost,
};
use incus::{Client, CopyImageOptions, CopyOptions, Error, InstanceFileArgs, MigrationMode};

use crate::support::{
    Cleanup, WAIT, busybox, cli, client, image_guard, instance_guard, remove_instance,
    restart_sandbox, run, second_client, second_daemon, split_image, unique,
};

/// A stopped busybox container with a file and a snapshot, copied to the
/// second daemon in each mode: the copy has the file, the snapshot, the
/// source's configuration, and it starts.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_between_servers_in_every_mode() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let name = unique("copy");
    let _guard = busybox(&source, &name);
    let put = incus::models::InstancePut {
        config: [("user.origin".to_string(), "first".to_string())].into(),
        ..Default::default()
    };
    source.update_instance(&name, &put, None).unwrap();
    let content = b"made on the first server\n";
    let file = InstanceFileArgs::file(&content[..]).mode(0o640);
    source
        .create_instance_file(&name, "/root/hello.txt", file)
        .unwrap();
    cli(&["snapshot", "create", &name, "snap0"]);

    for (mode, what) in [
        (MigrationMode::Pull, "pull"),
        (MigrationMode::Push, "push"),
        (MigrationMode::Relay, "relay"),
    ] {
        let copy = format!("{name}-{what}");
        let _copy_guard = instance_guard(&target, &copy);
        let options = CopyOptions::new().name(&copy).mode(mode);
        source.copy_instance_to(&target, &name, &options).unwrap();

        let full = target.get_instance_full(&copy).unwrap();
        assert_eq!(
            full.instance.config.get("user.origin").map(String::as_str),
            Some("first"),
            "{what}: {:?}",
            full.instance.config
        );
        let snapshots: Vec<&str> = full.snapshots.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(snapshots, ["snap0"], "{what}");
        target
            .wait_for_completion(&target.start_instance(&copy).unwrap(), WAIT)
            .unwrap();
        let out = target
            .exec_output(&copy, ["stat", "-c", "%a", "/root/hello.txt"])
            .unwrap();
        assert_eq!(out.stdout, b"640\n", "{what}");
        let out = target
            .exec_output(&copy, ["cat", "/root/hello.txt"])
            .unwrap();
        assert_eq!(out.stdout, content, "{what}");
        // Nothing is left running on the source.
        assert_no_migration_left(&source, &name);
    }
}

/// A copy whose name is taken on the target fails with the target's error,
/// and the source's migration is cancelled, not left waiting; a missing
/// instance is a 404 before anything starts; `instance_only` leaves the
/// snapshots behind.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_failures_leave_nothing_behind() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let name = unique("copy-fail");
    let _guard = busybox(&source, &name);
    cli(&["snapshot", "create", &name, "snap0"]);
    let taken = format!("{name}-taken");
    let _taken = busybox_on(&target, &taken);

    for mode in [
        MigrationMode::Pull,
        MigrationMode::Push,
        MigrationMode::Relay,
    ] {
        let options = CopyOptions::new().name(&taken).mode(mode);
        let e = source
            .copy_instance_to(&target, &name, &options)
            .unwrap_err();
        assert!(
            matches!(e, Error::Operation { .. } | Error::Api { .. }),
            "{mode:?}: {e:?}"
        );
        // Incus 6.0.4 says so through its database's unique constraint.
        let text = e.to_string();
        assert!(
            text.contains("already exists") || text.contains("UNIQUE constraint failed"),
            "{mode:?}: {e}"
        );
        assert_no_migration_left(&source, &name);
    }

    let e = source
        .copy_instance_to(&target, "rust-test-no-such-instance", &CopyOptions::new())
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");

    // An empty name is refused: the daemon would make one up.
    let e = source
        .copy_instance_to(&target, &name, &CopyOptions::new().name(""))
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");

    // Two copies of one instance at once: the daemon migrates an instance
    // once at a time, so one fails, and its error says why the source
    // stopped; the other copy is whole.
    let (first, second) = (format!("{name}-one"), format!("{name}-two"));
    let (_first, _second) = (
        instance_guard(&target, &first),
        instance_guard(&target, &second),
    );
    let copy = |copy: &str| {
        let options = CopyOptions::new().name(copy);
        source.copy_instance_to(&target, &name, &options)
    };
    let (copies, both) = std::thread::scope(|scope| {
        let one = scope.spawn(|| copy(&first));
        let two = copy(&second);
        let one = one.join().unwrap();
        ([one.is_ok(), two.is_ok()], [one, two])
    });
    assert!(copies.contains(&true), "{both:?}");
    if let Some(Err(e)) = both.iter().find(|result| result.is_err()) {
        assert!(matches!(e, Error::Operation { .. }), "{e:?}");
        assert!(e.to_string().contains("the source's operation"), "{e}");
    }
    assert_no_migration_left(&source, &name);

    let only = format!("{name}-only");
    let _only = instance_guard(&target, &only);
    let options = CopyOptions::new().name(&only).instance_only();
    source.copy_instance_to(&target, &name, &options).unwrap();
    assert!(
        target
            .get_instance_full(&only)
            .unwrap()
            .snapshots
            .is_empty()
    );
}

/// A client certificate the target does not trust: the target refuses the
/// copy (403) and the source's migration is cancelled.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_to_a_server_that_refuses_the_client() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let address = target.get_server().unwrap().config["core.https_address"].clone();
    let (dir, _dir) = crate::support::temp_dir("untrusted");
    let (cert, key, _) = crate::https::client_certificate(&dir);
    let server = target.get_server().unwrap().environment.certificate;
    let untrusted = Client::builder(format!("https://{address}"))
        .client_certificate(cert, key)
        .server_certificate(server.into_bytes())
        .build()
        .unwrap();
    let name = unique("copy-refused");
    let _guard = busybox(&source, &name);
    for mode in [
        MigrationMode::Pull,
        MigrationMode::Push,
        MigrationMode::Relay,
    ] {
        let e = source
            .copy_instance_to(&untrusted, &name, &CopyOptions::new().mode(mode))
            .unwrap_err();
        assert!(e.is_forbidden(), "{mode:?}: {e:?}");
        assert_no_migration_left(&source, &name);
    }
    assert!(target.get_instance(&name).unwrap_err().is_not_found());
}

/// The target daemon dies in the middle of a copy: the copy fails with a
/// clear error and the source's migration does not stay behind. The
/// second daemon is started again afterwards.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_interrupted_by_the_target_daemon_stopping() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let name = unique("copy-cut");
    let _guard = busybox(&source, &name);
    // Enough data that the copy is still running when the daemon dies.
    let size = 512u64 << 20;
    let big = std::io::repeat(7).take(size);
    let file = InstanceFileArgs::file(big).length(size);
    source
        .create_instance_file(&name, "/root/big.bin", file)
        .unwrap();
    let _copy_guard = instance_guard(&target, &name);
    let _restart = Cleanup(restart_sandbox);

    let pid = target.get_server().unwrap().environment.server_pid;
    let copying = {
        let (source, target, name) = (source.clone(), target.clone(), name.clone());
        std::thread::spawn(move || {
            let options = CopyOptions::new().timeout(Duration::from_secs(120));
            let started = Instant::now();
            (
                source.copy_instance_to(&target, &name, &options),
                started.elapsed(),
            )
        })
    };
    // Wait until the target is receiving, then kill it.
    let watched = Instant::now();
    while !receiving(&target) {
        assert!(
            watched.elapsed() < Duration::from_secs(30),
            "the copy never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    run(Command::new("kill").args(["-9", &pid.to_string()]));
    let (result, took) = copying.join().unwrap();
    let e = result.unwrap_err();
    assert!(
        matches!(e, Error::Operation { .. } | Error::Transport(_)),
        "{e:?}"
    );
    assert!(
        took < Duration::from_secs(100),
        "failed only after {took:?}"
    );
    assert_no_migration_left(&source, &name);
}

/// Whether the target has a running operation creating an instance.
fn receiving(target: &Client) -> bool {
    target.list_operations(None).is_ok_and(|ops| {
        ops.iter()
            .any(|op| !op.status_code.is_final() && op.description.contains("Creating instance"))
    })
}

/// A busybox container on the second daemon, which has no image: copied
/// there from the first.
pub fn busybox_on(target: &incus::Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let source = client();
    let _source = busybox(&source, name);
    source
        .copy_instance_to(target, name, &CopyOptions::new())
        .unwrap();
    instance_guard(target, name)
}

/// No operation on `client`'s server still touches `instance` (or a
/// storage volume of that name).
pub fn assert_no_migration_left(client: &incus::Client, instance: &str) {
    let running: Vec<_> = client
        .list_operations(None)
        .unwrap()
        .into_iter()
        .filter(|op| !op.status_code.is_final())
        .filter(|op| {
            op.resources
                .values()
                .flatten()
                .any(|url| url.ends_with(&format!("/{instance}")))
        })
        .collect();
    assert!(running.is_empty(), "left running: {running:?}");
}

/// Copies and moves on one server: a local copy (with its snapshots, or
/// without, and refreshed), then moves of the instance to another storage
/// pool and to another project (`rename_instance` with `migration`).
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn local_copies_and_moves() {
    let client = client();
    let name = unique("local");
    let _guard = busybox(&client, &name);
    write(&client, &name, b"one\n");
    cli(&["snapshot", "create", &name, "snap0"]);

    // A copy with its snapshots, and one without.
    let copy = format!("{name}-copy");
    let _copy = instance_guard(&client, &copy);
    create(&client, &copy, InstanceSource::copy(&name));
    let full = client.get_instance_full(&copy).unwrap();
    assert_eq!(full.snapshots.len(), 1, "{:?}", full.snapshots);
    let only = format!("{name}-only");
    let _only = instance_guard(&client, &only);
    let source = InstanceSource {
        instance_only: true,
        ..InstanceSource::copy(&name)
    };
    create(&client, &only, source);
    assert!(
        client
            .get_instance_full(&only)
            .unwrap()
            .snapshots
            .is_empty()
    );

    // A refresh brings the copy up to date.
    // Not the snapshot's size: LXD 5.0.2 moves an instance between pools
    // with rsync from the snapshot up, and its quick check keeps a file of
    // the same size written in the same second (the move then shows the
    // snapshot's "one").
    write(&client, &name, b"two, later\n");
    let source = InstanceSource {
        refresh: true,
        ..InstanceSource::copy(&name)
    };
    create(&client, &copy, source);
    assert_eq!(read(&client, &copy), b"two, later\n");

    // To another pool: the root disk moves, the data with it.
    let pool = unique("pool");
    cli(&["storage", "create", &pool, "dir"]);
    let _pool = Cleanup(|| {
        let _ = crate::support::cli_command(&["storage", "delete", &pool]).status();
    });
    let to_pool = InstancePost {
        name: copy.clone(),
        migration: true,
        pool: pool.clone(),
        ..Default::default()
    };
    wait(&client, client.rename_instance(&copy, &to_pool));
    let moved = client.get_instance(&copy).unwrap();
    assert_eq!(moved.expanded_devices["root"]["pool"], pool);
    assert_eq!(read(&client, &copy), b"two, later\n");
    // Back, so that the pool can go.
    let back = InstancePost {
        pool: "default".into(),
        ..to_pool
    };
    wait(&client, client.rename_instance(&copy, &back));

    // To another project.
    let project = unique("proj");
    let _project = crate::support::shared_project(&client, &project);
    let to_project = InstancePost {
        name: only.clone(),
        migration: true,
        project: project.clone(),
        ..Default::default()
    };
    wait(&client, client.rename_instance(&only, &to_project));
    assert!(client.get_instance(&only).unwrap_err().is_not_found());
    let there = client.with_project(&project);
    assert_eq!(read(&there, &only), b"one\n");
    remove_instance(&there, &only);
}

fn create(client: &Client, name: &str, source: InstanceSource) {
    let post = InstancesPost {
        name: name.to_string(),
        source,
        profiles: crate::support::copy_profiles(),
        ..Default::default()
    };
    wait(client, client.create_instance(&post));
}

fn wait(client: &Client, op: incus::Result<incus::models::Operation>) {
    client.wait_for_completion(&op.unwrap(), WAIT).unwrap();
}

/// Writes `/root/file.txt` in a stopped or running instance.
fn write(client: &Client, name: &str, content: &[u8]) {
    let file = InstanceFileArgs::file(content).length(content.len() as u64);
    client
        .create_instance_file(name, "/root/file.txt", file)
        .unwrap();
}

fn read(client: &Client, name: &str) -> Vec<u8> {
    let mut file = client.get_instance_file(name, "/root/file.txt").unwrap();
    let mut content = Vec::new();
    file.read_to_end(&mut content).unwrap();
    content
}

/// A published container copied as an image to the second daemon, pulled
/// (private, so through a one-time secret), pushed and relayed, with new
/// and copied aliases; an instance launched there from it runs. A missing
/// image and a taken alias fail clearly and leave no secret or token behind.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_images_between_servers() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let name = unique("img-copy");
    let _guard = busybox(&source, &name);
    let alias = unique("img-copy-src");
    let publish = ImagesPost {
        source: ImagesPostSource::instance(&name),
        aliases: vec![ImageAlias::new(&alias)],
        ..Default::default()
    };
    // Publishing takes a moment: its progress shows while it runs.
    let mut shown = Vec::new();
    let op = source
        .wait_with_progress(
            &source.create_image(&publish).unwrap(),
            WAIT,
            Duration::from_millis(100),
            |op| shown.push(op.metadata.clone()),
        )
        .unwrap();
    // The last read may already carry the result (the daemon sets the
    // fingerprint a moment before the operation ends).
    let key = "create_image_from_container_pack_progress";
    assert!(
        shown
            .iter()
            .all(|m| m.is_empty() || m.contains_key(key) || m.contains_key("fingerprint")),
        "{shown:?}"
    );
    let fingerprint = op.metadata["fingerprint"].as_str().unwrap().to_string();
    let _source_image = image_guard(&source, &fingerprint);
    assert!(!source.get_image(&fingerprint).unwrap().public);

    for (mode, what) in [
        (MigrationMode::Pull, "pull"),
        (MigrationMode::Push, "push"),
        (MigrationMode::Relay, "relay"),
    ] {
        let _target_image = image_guard(&target, &fingerprint);
        let new_alias = unique(&format!("img-copy-{what}"));
        let options = CopyImageOptions::new()
            .mode(mode)
            .alias(&new_alias)
            .copy_aliases();
        source
            .copy_image_to(&target, &fingerprint[..12], &options)
            .unwrap();
        let copied = target.get_image(&fingerprint).unwrap();
        let mut aliases: Vec<&str> = copied.aliases.iter().map(|a| a.name.as_str()).collect();
        aliases.sort();
        let mut want = [alias.as_str(), new_alias.as_str()];
        want.sort();
        // A push takes the aliases of the target's token: the same here.
        assert_eq!(aliases, want, "{what}");
        assert_no_operation_left(&source);
        assert_no_operation_left(&target);

        // It runs there.
        let instance = format!("{name}-{what}");
        let _instance = instance_guard(&target, &instance);
        let from = InstanceSource {
            kind: "image".into(),
            alias: new_alias.clone(),
            ..Default::default()
        };
        create(&target, &instance, from);
        wait(&target, target.start_instance(&instance));
        let out = target
            .exec_output(&instance, ["cat", "/etc/hostname"])
            .unwrap();
        assert_eq!(out.exit_code, 0, "{what}");
    }

    let e = source
        .copy_image_to(&target, &"0".repeat(64), &CopyImageOptions::new())
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");

    // The image (and its alias) already on the target: a second copy fails
    // with the target's error, and no secret or token is left waiting.
    let taken = unique("img-copy-taken");
    let _there = image_guard(&target, &fingerprint);
    let once = CopyImageOptions::new().alias(&taken);
    source.copy_image_to(&target, &fingerprint, &once).unwrap();
    for mode in [
        MigrationMode::Pull,
        MigrationMode::Push,
        MigrationMode::Relay,
    ] {
        let again = CopyImageOptions::new().mode(mode).alias(&taken);
        let e = source
            .copy_image_to(&target, &fingerprint, &again)
            .unwrap_err();
        assert!(
            matches!(e, Error::Operation { .. } | Error::Api { .. }),
            "{e:?}"
        );
        assert_no_operation_left(&source);
        assert_no_operation_left(&target);
    }
}

/// No operation is running on `client`'s server but the tests' own waits
/// and execs (other tests run meanwhile): no image secret or token.
fn assert_no_operation_left(client: &Client) {
    let left: Vec<_> = client
        .list_operations(None)
        .unwrap()
        .into_iter()
        .filter(|op| !op.status_code.is_final() && op.class == "token")
        .filter(|op| op.description.contains("image") || op.description.contains("Image"))
        .collect();
    assert!(left.is_empty(), "left running: {left:?}");
}

/// A split image (metadata and rootfs tarballs) relayed by the client: it
/// arrives split, under the same fingerprint, with its alias.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn relay_a_split_image() {
    let _turn = second_daemon();
    let (source, target) = (client(), second_client());
    let (dir, _dir) = crate::support::temp_dir("relay-split");
    let (meta, rootfs, fingerprint) = split_image(&dir, &unique("relay-split"));
    let alias = unique("relay-split");
    let (meta_arg, rootfs_arg) = (meta.to_str().unwrap(), rootfs.to_str().unwrap());
    cli(&["image", "import", meta_arg, rootfs_arg, "--alias", &alias]);
    let _source_image = image_guard(&source, &fingerprint);
    let _target_image = image_guard(&target, &fingerprint);

    let options = CopyImageOptions::new()
        .mode(MigrationMode::Relay)
        .copy_aliases();
    source
        .copy_image_to(&target, &fingerprint, &options)
        .unwrap();
    let copied = target.get_image(&fingerprint).unwrap();
    let aliases: Vec<&str> = copied.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(aliases, [alias.as_str()]);
    let (mut got_meta, mut got_rootfs) = (Vec::new(), Vec::new());
    let export = target
        .export_image(&fingerprint, &mut got_meta, &mut got_rootfs)
        .unwrap();
    assert!(export.is_split());
    assert!(
        got_meta == std::fs::read(&meta).unwrap(),
        "metadata differs"
    );
    assert!(
        got_rootfs == std::fs::read(&rootfs).unwrap(),
        "rootfs differs"
    );
    assert_no_operation_left(&source);
    assert_no_operation_left(&target);
}
