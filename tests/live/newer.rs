//! Live tests of the methods gated on API extensions that the test daemon
//! (Incus 6.0.4) lacks (NVRAM, storage volumes' and buckets', network address
//! sets): they fail with `Error::MissingExtension` and the
//! daemon never sees their request. What they send to a daemon that has the
//! extensions is tested on the fake server (`tests/fake_server/newer.rs`).

use std::time::{Duration, Instant};

use incus::Error;

use crate::support::{self, client, unique};

/// The daemon's log from byte `from` on, once it holds `needle` (waits up
/// to 10 s for the daemon to write it).
fn log_since(from: u64, needle: &str) -> String {
    let log = support::daemon_log();
    let started = Instant::now();
    loop {
        let bytes = std::fs::read(&log).unwrap();
        let text = String::from_utf8_lossy(&bytes[from as usize..]).into_owned();
        if text.contains(needle) {
            return text;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{needle:?} did not show up in {} within 10 s",
            log.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn nvram_fails_before_sending_on_a_daemon_without_the_extension() {
    let client = client();
    // The list is real (6.0.4 has `etag`) and lacks what NVRAM needs.
    assert!(client.has_extension("etag").unwrap());
    assert!(!client.has_extension("instance_nvram").unwrap());
    let name = unique("nvram");
    let path = format!("/1.0/instances/{name}/nvram");
    let from = std::fs::metadata(support::daemon_log()).unwrap().len();

    let e = client.get_instance_nvram(&name).unwrap_err();
    match &e {
        Error::MissingExtension {
            extension,
            endpoint,
        } => assert_eq!(
            (extension.as_str(), endpoint.as_str()),
            ("instance_nvram", format!("GET {path}").as_str())
        ),
        other => panic!("expected MissingExtension, got {other:?}"),
    }

    // The control: the same request from the `incus` command line reaches
    // the daemon, which does not serve it (a top-level 404) and logs it.
    let control = crate::support::cli_command(&["query", &format!("{path}?recursion=2")])
        .output()
        .unwrap();
    assert!(!control.status.success(), "6.0.4 served {path}");
    let log = log_since(from, &path);
    let reached: Vec<&str> = log.lines().filter(|line| line.contains(&path)).collect();
    assert_eq!(
        reached.len(),
        1,
        "the daemon saw {path} other than from the control: {reached:#?}"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn storage_volume_and_full_bucket_methods_fail_before_sending_on_6_0_4() {
    let client = client();
    for extension in [
        "file_storage_volume",
        "custom_volume_sftp",
        "storage_volume_nbd",
        "storage_volumes_rebuild",
        "storage_bucket_full",
        "storage_volume_full",
    ] {
        assert!(!client.has_extension(extension).unwrap(), "{extension}");
    }
    // A volume that does not exist: a request that reached the daemon
    // would be a 404, not MissingExtension.
    let volume = unique("newer-volume");
    let base = format!("/1.0/storage-pools/default/volumes/custom/{volume}");
    let from = std::fs::metadata(support::daemon_log()).unwrap().len();
    let c = &client;
    let v = volume.as_str();
    let args = || incus::InstanceFileArgs::directory();
    let bitmap = incus::models::StorageVolumeBitmapsPost::default();
    let rebuild = incus::models::StorageVolumeRebuildPost::default();
    let results: Vec<(&str, Error)> = vec![
        (
            "file_storage_volume",
            c.get_storage_volume_file("default", "custom", v, "/a")
                .map(drop)
                .unwrap_err(),
        ),
        (
            "file_storage_volume",
            c.get_storage_volume_file_metadata("default", "custom", v, "/a")
                .map(drop)
                .unwrap_err(),
        ),
        (
            "file_storage_volume",
            c.create_storage_volume_file("default", "custom", v, "/a", args())
                .unwrap_err(),
        ),
        (
            "file_storage_volume",
            c.delete_storage_volume_file("default", "custom", v, "/a")
                .unwrap_err(),
        ),
        (
            "custom_volume_sftp",
            c.connect_storage_volume_sftp("default", "custom", v)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.connect_storage_volume_nbd("default", "custom", v, None)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.list_storage_volume_bitmap_names("default", "custom", v)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.list_storage_volume_bitmaps("default", "custom", v)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.create_storage_volume_bitmap("default", "custom", v, &bitmap)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.get_storage_volume_bitmap("default", "custom", v, "b0")
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_nbd",
            c.delete_storage_volume_bitmap("default", "custom", v, "b0")
                .unwrap_err(),
        ),
        (
            "storage_volumes_rebuild",
            c.rebuild_storage_volume("default", "custom", v, &rebuild)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_full",
            c.list_storage_volumes_full_of_type("default", "custom", None)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_volume_full",
            c.get_storage_volume_full("default", "custom", v)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_bucket_full",
            c.list_storage_buckets_full("default", None)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "storage_bucket_full",
            c.get_storage_bucket_full("default", v)
                .map(drop)
                .unwrap_err(),
        ),
    ];
    for (want, e) in results {
        crate::support::assert_missing(want, Err::<(), _>(e));
    }

    // The control: the command line's request for one of those paths
    // reaches the daemon (a 404: no such volume) and is logged, alone.
    let path = format!("{base}/bitmaps");
    let control = crate::support::cli_command(&["query", &path])
        .output()
        .unwrap();
    assert!(!control.status.success(), "6.0.4 served {path}");
    let log = log_since(from, &path);
    let reached: Vec<&str> = log.lines().filter(|line| line.contains(&volume)).collect();
    assert_eq!(
        reached.len(),
        1,
        "the daemon saw {volume} other than from the control: {reached:#?}"
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_address_set_methods_fail_before_sending_on_6_0_4() {
    use incus::models::{NetworkAddressSetPost, NetworkAddressSetPut, NetworkAddressSetsPost};
    let client = client();
    assert!(!client.has_extension("network_address_set").unwrap());
    // A set that does not exist: a request that reached the daemon would
    // be its top-level 404, not MissingExtension.
    let set = unique("newer-set");
    let path = format!("/1.0/network-address-sets/{set}");
    let from = std::fs::metadata(support::daemon_log()).unwrap().len();
    let c = &client;
    let s = set.as_str();
    let put = NetworkAddressSetPut::default();
    let results: Vec<(&str, Error)> = vec![
        (
            "GET /1.0/network-address-sets",
            c.list_network_address_set_names(None).unwrap_err(),
        ),
        (
            "GET /1.0/network-address-sets",
            c.list_network_address_sets(None).unwrap_err(),
        ),
        ("GET", c.get_network_address_set(s).unwrap_err()),
        ("GET", c.get_network_address_set_with_etag(s).unwrap_err()),
        (
            "POST /1.0/network-address-sets",
            c.create_network_address_set(&NetworkAddressSetsPost {
                name: set.clone(),
                ..Default::default()
            })
            .unwrap_err(),
        ),
        (
            "PUT",
            c.replace_network_address_set(s, &put, None).unwrap_err(),
        ),
        (
            "PATCH",
            c.update_network_address_set(s, &put, None).unwrap_err(),
        ),
        (
            "POST",
            c.rename_network_address_set(s, &NetworkAddressSetPost::default())
                .unwrap_err(),
        ),
        ("DELETE", c.delete_network_address_set(s).unwrap_err()),
    ];
    for (want, e) in &results {
        let want = match want.split_once(' ') {
            Some(_) => want.to_string(),
            None => format!("{want} {path}"),
        };
        match e {
            Error::MissingExtension {
                extension,
                endpoint,
            } => assert_eq!(
                (extension.as_str(), endpoint.as_str()),
                ("network_address_set", want.as_str())
            ),
            other => panic!("{want}: expected MissingExtension, got {other:?}"),
        }
    }

    // The control: the command line's request for the set's path reaches
    // the daemon (which does not serve it) and is logged, alone.
    let control = crate::support::cli_command(&["query", &path])
        .output()
        .unwrap();
    assert!(!control.status.success(), "6.0.4 served {path}");
    let log = log_since(from, &path);
    let reached: Vec<&str> = log.lines().filter(|line| line.contains(&set)).collect();
    assert_eq!(
        reached.len(),
        1,
        "the daemon saw {set} other than from the control: {reached:#?}"
    );
}
