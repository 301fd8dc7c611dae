//! Live tests of `/`, `/1.0` and `/1.0/resources`, and of the shared
//! client: many threads on one connection pool.

use crate::support::{self, cli, client};
use incus::models::ServerPut;

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn server_and_api_versions() {
    let client = client();
    assert!(
        client
            .get_api_versions()
            .unwrap()
            .contains(&"/1.0".to_string())
    );
    let server = client.get_server().unwrap();
    assert_eq!(server.auth, "trusted");
    // The daemon names itself: `lxd` on LXD.
    let kind = if support::on_lxd() { "lxd" } else { "incus" };
    assert_eq!(server.environment.server, kind);
    assert!(server.api_extensions.iter().any(|e| e == "projects"));
    assert_eq!(
        server.environment.server_version,
        cli(&["version"])
            .lines()
            .last()
            .unwrap()
            .split(':')
            .next_back()
            .unwrap()
            .trim()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn server_config_patch_put_and_etag() {
    let client = client();
    let key = "images.remote_cache_expiry";
    let (server, etag) = client.get_server_with_etag().unwrap();
    let original = server.writable();
    let restore = support::Cleanup(|| {
        client.replace_server(&original, None).unwrap();
    });

    // PATCH changes one key and keeps the rest.
    let patch = ServerPut {
        config: [(key.to_string(), "7".to_string())].into(),
    };
    client.update_server(&patch, Some(&etag)).unwrap();
    assert_eq!(cli(&["config", "get", key]), "7");

    // The old ETag no longer matches: 412, and nothing changes.
    let mut put = server.writable();
    put.config.insert(key.into(), "9".into());
    let e = client.replace_server(&put, Some(&etag)).unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    assert_eq!(cli(&["config", "get", key]), "7");

    // PUT with a fresh ETag replaces the whole config.
    let (_, etag) = client.get_server_with_etag().unwrap();
    client.replace_server(&put, Some(&etag)).unwrap();
    assert_eq!(
        client
            .get_server()
            .unwrap()
            .config
            .get(key)
            .map(String::as_str),
        Some("9")
    );
    drop(restore);
    assert_eq!(
        client.get_server().unwrap().config.get(key),
        original.config.get(key)
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn resources() {
    let resources = client().get_resources().unwrap();
    assert!(resources.cpu.total >= 1);
    assert!(resources.memory.total > 0);
    let threads = std::thread::available_parallelism().unwrap().get() as u64;
    assert!(
        resources.cpu.total >= threads,
        "{} < {threads}",
        resources.cpu.total
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn one_client_eight_threads() {
    let client = client();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || {
                (0..200)
                    .filter(|_| {
                        client
                            .get_profile("default")
                            .map(|p| p.name == "default")
                            .unwrap_or(false)
                    })
                    .count()
            })
        })
        .collect();
    let ok: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(ok, 1600);
}
