//! Live tests of `/1.0/storage-pools/{pool}/volumes`: custom filesystem and
//! block volumes, copies and moves (pools, projects), a volume attached to
//! a running container, snapshot restore, and the daemon's refusals. Every
//! test works in its own temp `dir` pools ([`TempPool`]), so the effects
//! are checked on disk as well as through the API and the CLI.

use std::fs;

use crate::storage_pools::TempPool;
use crate::support::{Cleanup, WAIT, assert_api, cli, client, running, unique};
use incus::models::{
    ProjectsPost, StorageVolumePost, StorageVolumePut, StorageVolumeSource, StorageVolumesPost,
};
use incus::{Client, ListOptions};

/// Creates the custom volume `volume` in `pool` and waits for it.
fn create(client: &Client, pool: &str, volume: &StorageVolumesPost) {
    let op = client
        .create_storage_volume(pool, "custom", volume)
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
}

/// A config map from one pair.
fn config(key: &str, value: &str) -> incus::models::ConfigMap {
    [(key.to_string(), value.to_string())].into()
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn filesystem_volume_lifecycle() {
    let client = client();
    let pool = TempPool::new(&client, "vol-fs");
    let p = pool.name.as_str();

    // An empty create is done before the reply: an operation already over.
    let new = StorageVolumesPost {
        description: "made by a test".into(),
        ..StorageVolumesPost::custom("data").config("user.owner", "tests")
    };
    let op = client.create_storage_volume(p, "custom", &new).unwrap();
    assert!(op.id.is_empty() && op.status_code.is_success(), "{op:?}");
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(pool.volume_dir("data").is_dir());
    let volume = client.get_storage_volume(p, "custom", "data").unwrap();
    assert_eq!(
        (volume.kind.as_str(), volume.content_type.as_str()),
        ("custom", "filesystem")
    );
    assert_eq!(volume.description, "made by a test");
    assert_eq!(volume.config["user.owner"], "tests");
    assert_eq!(volume.project, "default");
    assert_eq!(
        cli(&["storage", "volume", "get", p, "data", "user.owner"]),
        "tests"
    );

    // The untyped create takes the type from the body.
    let op = client
        .create_storage_volume_untyped(p, &StorageVolumesPost::custom("other"))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let mut untyped = StorageVolumesPost::custom("untyped");
    untyped.kind.clear();
    let e = client
        .create_storage_volume_untyped(p, &untyped)
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");

    let pair = |t: &str, n: &str| (t.to_string(), n.to_string());
    assert_eq!(
        client.list_storage_volume_names(p, None).unwrap(),
        [pair("custom", "data"), pair("custom", "other")]
    );
    assert_eq!(
        client
            .list_storage_volume_names_of_type(p, "custom", None)
            .unwrap(),
        ["data", "other"]
    );
    assert!(
        client
            .list_storage_volume_names_of_type(p, "container", None)
            .unwrap()
            .is_empty()
    );
    let filter = ListOptions::new().filter("name eq data");
    let listed = client.list_storage_volumes(p, Some(&filter)).unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0].config["user.owner"], "tests");
    let of_type = client
        .list_storage_volumes_of_type(p, "custom", Some(&filter))
        .unwrap();
    assert_eq!(of_type, listed);

    // PUT with the ETag; then the old ETag is stale: 412.
    let (volume, etag) = client
        .get_storage_volume_with_etag(p, "custom", "data")
        .unwrap();
    let mut put = volume.writable();
    put.description = Some("replaced".into());
    put.config.remove("user.owner");
    client
        .replace_storage_volume(p, "custom", "data", &put, Some(&etag))
        .unwrap();
    let e = client
        .replace_storage_volume(p, "custom", "data", &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    let volume = client.get_storage_volume(p, "custom", "data").unwrap();
    assert_eq!(volume.description, "replaced");
    assert!(!volume.config.contains_key("user.owner"));

    // PATCH merges config and keeps the description.
    let patch = StorageVolumePut {
        config: config("user.k", "v"),
        ..Default::default()
    };
    client
        .update_storage_volume(p, "custom", "data", &patch, None)
        .unwrap();
    assert_eq!(cli(&["storage", "volume", "get", p, "data", "user.k"]), "v");
    // Incus 6.0.4 clears the description of a PATCH that leaves it out.
    let volume = client.get_storage_volume(p, "custom", "data").unwrap();
    assert_eq!(volume.description, "");
    let patch = StorageVolumePut {
        description: Some("patched".into()),
        config: config("user.k2", "v2"),
        ..Default::default()
    };
    client
        .update_storage_volume(p, "custom", "data", &patch, None)
        .unwrap();
    let volume = client.get_storage_volume(p, "custom", "data").unwrap();
    assert_eq!(volume.description, "patched");
    assert_eq!(
        (
            volume.config["user.k"].as_str(),
            volume.config["user.k2"].as_str()
        ),
        ("v", "v2")
    );

    // State: the dir driver on a filesystem without project quotas cannot
    // tell the usage (null); where it can, it counts the file written.
    fs::write(pool.volume_dir("data").join("f"), vec![1u8; 1 << 20]).unwrap();
    let state = client.get_storage_volume_state(p, "custom", "data");
    if crate::support::on_lxd() {
        // LXD 5.0.2's dir driver has no volume state at all, nor its CLI.
        assert_api(&state.unwrap_err(), 500, "Not supported");
        let info = crate::support::cli_command(&["storage", "volume", "info", p, "data"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&info.stderr);
        assert!(
            !info.status.success() && stderr.contains("Not supported"),
            "{stderr}"
        );
    } else {
        let info = cli(&["storage", "volume", "info", p, "data"]);
        match state.unwrap().usage {
            Some(usage) => assert!(usage.used >= 1 << 20, "{usage:?}"),
            None => assert!(!info.contains("Usage:"), "the CLI sees a usage: {info}"),
        }
    }

    // A rename within the pool is done before the reply too.
    let op = client
        .rename_storage_volume(p, "custom", "data", &StorageVolumePost::new("renamed"))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(
        client
            .get_storage_volume(p, "custom", "data")
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        fs::read(pool.volume_dir("renamed").join("f"))
            .unwrap()
            .len(),
        1 << 20
    );
    assert!(!pool.volume_dir("data").exists());

    client
        .delete_storage_volume(p, "custom", "renamed")
        .unwrap();
    assert!(
        client
            .get_storage_volume(p, "custom", "renamed")
            .unwrap_err()
            .is_not_found()
    );
    assert!(!pool.volume_dir("renamed").exists());
    assert!(!cli(&["storage", "volume", "list", p, "-f", "csv"]).contains("renamed"));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn block_volume_grows_but_does_not_shrink() {
    let client = client();
    let pool = TempPool::new(&client, "vol-block");
    let p = pool.name.as_str();
    create(
        &client,
        p,
        &StorageVolumesPost::custom("disk")
            .block()
            .config("size", "20MiB"),
    );
    let volume = client.get_storage_volume(p, "custom", "disk").unwrap();
    assert_eq!(volume.content_type, "block");
    assert_eq!(volume.config["size"], "20MiB");
    let image = pool.volume_dir("disk").join("root.img");
    assert_eq!(fs::metadata(&image).unwrap().len(), 20 << 20);

    let grow = StorageVolumePut {
        config: config("size", "30MiB"),
        ..Default::default()
    };
    client
        .update_storage_volume(p, "custom", "disk", &grow, None)
        .unwrap();
    assert_eq!(fs::metadata(&image).unwrap().len(), 30 << 20);

    let shrink = StorageVolumePut {
        config: config("size", "10MiB"),
        ..Default::default()
    };
    let e = client
        .update_storage_volume(p, "custom", "disk", &shrink, None)
        .unwrap_err();
    // Incus 6.0.4 answers 500 for this refusal.
    assert_api(&e, 500, "Block volumes cannot be shrunk: Cannot be shrunk");
    assert_eq!(
        cli(&["storage", "volume", "get", p, "disk", "size"]),
        "30MiB"
    );
    assert_eq!(fs::metadata(&image).unwrap().len(), 30 << 20);
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copies_and_moves_between_pools_and_projects() {
    let client = client();
    let a = TempPool::new(&client, "vol-a");
    let b = TempPool::new(&client, "vol-b");
    create(&client, &a.name, &StorageVolumesPost::custom("src"));
    fs::write(a.volume_dir("src").join("marker"), "copied").unwrap();
    let marker = |pool: &TempPool, volume: &str| {
        fs::read_to_string(pool.volume_dir(volume).join("marker")).unwrap()
    };

    // A copy is an operation that runs after the reply.
    let copy =
        StorageVolumesPost::custom("same-pool").source(StorageVolumeSource::copy(&a.name, "src"));
    let op = client
        .create_storage_volume(&a.name, "custom", &copy)
        .unwrap();
    assert!(!op.id.is_empty(), "{op:?}");
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(marker(&a, "same-pool"), "copied");
    let copy = StorageVolumesPost::custom("other-pool")
        .source(StorageVolumeSource::copy(&a.name, "src").volume_only());
    create(&client, &b.name, &copy);
    assert_eq!(marker(&b, "other-pool"), "copied");

    // A move to another pool: gone from the first.
    let post = StorageVolumePost::new("moved").pool(&b.name);
    let op = client
        .rename_storage_volume(&a.name, "custom", "same-pool", &post)
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(marker(&b, "moved"), "copied");
    assert!(!a.volume_dir("same-pool").exists());
    assert_eq!(
        client
            .list_storage_volume_names_of_type(&b.name, "custom", None)
            .unwrap(),
        ["moved", "other-pool"]
    );

    // A move to another project (one with its own volumes).
    let project = unique("vol-project");
    client
        .create_project(&ProjectsPost {
            name: project.clone(),
            config: config("features.storage.volumes", "true"),
            ..Default::default()
        })
        .unwrap();
    let in_project = client.with_project(&project);
    let _project = Cleanup(|| {
        let _ = in_project.delete_storage_volume(&a.name, "custom", "src");
        let _ = client.delete_project(&project, None);
    });
    // Incus 6.0.4 needs the pool named in a move to another project.
    let post = StorageVolumePost::new("src").project(&project);
    let e = client
        .rename_storage_volume(&a.name, "custom", "src", &post)
        .unwrap_err();
    assert_eq!(e.status(), Some(404), "{e:?}");
    let post = post.pool(&a.name);
    let op = client
        .rename_storage_volume(&a.name, "custom", "src", &post)
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    assert!(
        client
            .get_storage_volume(&a.name, "custom", "src")
            .unwrap_err()
            .is_not_found()
    );
    let moved = in_project
        .get_storage_volume(&a.name, "custom", "src")
        .unwrap();
    assert_eq!(moved.project, project);
    let on_disk = a.dir.join("custom").join(format!("{project}_src"));
    assert_eq!(
        fs::read_to_string(on_disk.join("marker")).unwrap(),
        "copied"
    );
    let all = ListOptions::new().all_projects();
    assert!(
        client
            .list_storage_volume_names(&a.name, Some(&all))
            .unwrap()
            .contains(&("custom".to_string(), "src".to_string()))
    );
    in_project
        .delete_storage_volume(&a.name, "custom", "src")
        .unwrap();
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn attached_volume_is_written_through_the_instance() {
    let client = client();
    let pool = TempPool::new(&client, "vol-attach");
    let p = pool.name.as_str();
    create(&client, p, &StorageVolumesPost::custom("shared"));
    let (instance, _instance) = running(&client, "vol-attach");

    let disk = [
        ("type", "disk"),
        ("pool", p),
        ("source", "shared"),
        ("path", "/mnt/data"),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()));
    let attach = incus::models::InstancePut {
        devices: [("data".to_string(), disk.into())].into(),
        ..Default::default()
    };
    client.update_instance(&instance, &attach, None).unwrap();
    let out = client
        .exec_output(
            &instance,
            ["sh", "-c", "echo written-inside > /mnt/data/note"],
        )
        .unwrap();
    assert_eq!(out.exit_code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        fs::read_to_string(pool.volume_dir("shared").join("note")).unwrap(),
        "written-inside\n"
    );
    let volume = client.get_storage_volume(p, "custom", "shared").unwrap();
    assert_eq!(volume.used_by, [format!("/1.0/instances/{instance}")]);
    let e = client
        .delete_storage_volume(p, "custom", "shared")
        .unwrap_err();
    assert_eq!(e.status(), Some(400), "{e:?}");

    // Detach (a PUT without the device), then the volume can go.
    let mut put = client.get_instance(&instance).unwrap().writable();
    put.devices.remove("data");
    let op = client.replace_instance(&instance, &put, None).unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let out = client.exec_output(&instance, ["ls", "/mnt/data"]).unwrap();
    assert_ne!(out.exit_code, 0, "still mounted");
    assert!(
        client
            .get_storage_volume(p, "custom", "shared")
            .unwrap()
            .used_by
            .is_empty()
    );
    client.delete_storage_volume(p, "custom", "shared").unwrap();
    assert!(!pool.volume_dir("shared").exists());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn snapshot_restore_rolls_back_the_content() {
    let client = client();
    let pool = TempPool::new(&client, "vol-restore");
    let p = pool.name.as_str();
    create(&client, p, &StorageVolumesPost::custom("v"));
    let file = pool.volume_dir("v").join("state");
    fs::write(&file, "one").unwrap();
    cli(&["storage", "volume", "snapshot", "create", p, "v", "s0"]);
    fs::write(&file, "two").unwrap();
    let described = StorageVolumePut {
        description: Some("kept".into()),
        config: config("user.k", "v"),
        ..Default::default()
    };
    client
        .update_storage_volume(p, "custom", "v", &described, None)
        .unwrap();
    // Snapshots are listed among the volumes, as `volume/snapshot`.
    assert_eq!(
        client
            .list_storage_volume_names_of_type(p, "custom", None)
            .unwrap(),
        ["v", "v/s0"]
    );

    client
        .restore_storage_volume_snapshot(p, "custom", "v", "s0")
        .unwrap();
    assert_eq!(fs::read_to_string(&file).unwrap(), "one");
    assert_eq!(
        client.get_storage_volume(p, "custom", "v").unwrap().config["user.k"],
        "v",
        "a restore changes nothing else"
    );

    let e = client
        .restore_storage_volume_snapshot(p, "custom", "v", "missing")
        .unwrap_err();
    // Incus 6.0.4 answers 500 for a missing snapshot.
    assert_api(&e, 500, "Snapshot not found");
    assert_eq!(fs::read_to_string(&file).unwrap(), "one");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn volume_name_with_a_slash_is_refused_by_the_daemon() {
    let client = client();
    let pool = TempPool::new(&client, "vol-slash");
    let p = pool.name.as_str();
    let e = client
        .create_storage_volume(p, "custom", &StorageVolumesPost::custom("a/b"))
        .unwrap_err();
    assert_api(&e, 400, "Storage volume names may not contain slashes");
    // `a/b` in a path is one segment (`a%2Fb`): no such volume, no other.
    assert!(
        client
            .get_storage_volume(p, "custom", "a/b")
            .unwrap_err()
            .is_not_found()
    );
    assert!(
        client
            .list_storage_volume_names(p, None)
            .unwrap()
            .is_empty()
    );
    assert_eq!(fs::read_dir(pool.dir.join("custom")).unwrap().count(), 0);
}
