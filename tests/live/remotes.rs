//! The incus command line's remotes: a configuration written by the real
//! `incus remote add` (over HTTPS, joined with a trust token, in a
//! directory of its own through `INCUS_CONF`), then read by
//! `RemoteConfig` and used to connect as the command line does.

use std::path::{Path, PathBuf};

use incus::{Error, RemoteConfig};

use crate::support::{Cleanup, cli, cli_command, client, on_lxd, run, unique};

/// The `incus` command line using the configuration in `dir` (`lxc`, its
/// `LXD_CONF`, on LXD: it writes the same files, its servers' protocol
/// `lxd`).
fn incus_in(dir: &Path, args: &[&str]) -> String {
    let conf = if on_lxd() { "LXD_CONF" } else { "INCUS_CONF" };
    run(cli_command(args).env(conf, dir))
}

/// Removes the trusted certificate called `name` from the daemon.
fn untrust(name: &str) {
    let c = client();
    for certificate in c.list_certificates(None).unwrap_or_default() {
        if certificate.name == name {
            let _ = c.delete_certificate(&certificate.fingerprint);
        }
    }
}

/// A fresh configuration directory where `incus remote add <remote>` joined
/// the sandbox over HTTPS with a trust token; removed, and the certificate
/// untrusted, when the guard drops.
fn added_remote(remote: &str) -> (PathBuf, Cleanup<impl FnMut() + use<>>) {
    let address = cli(&["config", "get", "core.https_address"]);
    assert!(!address.is_empty(), "the sandbox daemon listens on HTTPS");
    let (dir, remove_dir) = crate::support::temp_dir("incus-conf");
    let name = unique("remote-trust");
    let token = cli(&["config", "trust", "add", &name]);
    let token = token.lines().last().unwrap().trim().to_string();
    let url = format!("https://{address}");
    let guard = Cleanup(move || {
        untrust(&name);
        // Then the directory goes, with this closure.
        let _ = &remove_dir;
    });
    incus_in(
        &dir,
        &[
            "remote",
            "add",
            remote,
            &url,
            "--token",
            &token,
            "--accept-certificate",
        ],
    );
    (dir, guard)
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_remote_added_by_the_command_line_connects() {
    let (dir, _guard) = added_remote("sb");
    let config = RemoteConfig::load_from(&dir).unwrap();
    let names: Vec<&str> = config.remotes().map(|(name, _)| name).collect();
    assert_eq!(names, ["images", "local", "sb"]);
    assert_eq!(config.default_remote(), "local");
    let sb = config.remote("sb").unwrap();
    assert!(sb.addresses[0].starts_with("https://127.0.0.1:"), "{sb:?}");
    let protocol = if on_lxd() { "lxd" } else { "incus" };
    assert_eq!(
        (sb.protocol.as_str(), sb.auth_type.as_str()),
        (protocol, "tls")
    );

    // Over HTTPS, with the command line's certificates: trusted, and it sees
    // what the unix socket sees.
    let remote = config.client("sb").unwrap();
    assert_eq!(remote.get_server().unwrap().auth, "trusted");
    let mut over_https = remote.list_profile_names(None).unwrap();
    let mut over_socket = client().list_profile_names(None).unwrap();
    over_https.sort();
    over_socket.sort();
    assert_eq!(over_https, over_socket);
    // An instance made over the socket is listed over the remote.
    let instance = unique("remote-sees");
    let _instance = crate::support::busybox(&client(), &instance);
    assert!(
        remote
            .list_instance_names(None)
            .unwrap()
            .contains(&instance)
    );

    // The default remote follows `incus remote switch`.
    incus_in(&dir, &["remote", "switch", "sb"]);
    let config = RemoteConfig::load_from(&dir).unwrap();
    assert_eq!(config.default_remote(), "sb");
    let default = config.client(config.default_remote()).unwrap();
    assert_eq!(default.get_server().unwrap().auth, "trusted");

    // `local` is the local socket (found through INCUS_SOCKET here).
    let local = config.client("local").unwrap();
    assert_eq!(local.get_server().unwrap().auth, "trusted");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn remotes_that_cannot_be_used_say_why() {
    let (dir, _guard) = added_remote("sb");
    let invalid = |name: &str| match RemoteConfig::load_from(&dir).unwrap().client(name) {
        Err(Error::InvalidInput(message)) => message,
        other => panic!("{name}: expected InvalidInput, got {other:?}"),
    };
    let e = invalid("nope");
    assert!(
        e.contains("has no remote \"nope\" (it has: images, local, sb)"),
        "{e}"
    );
    let e = invalid("images");
    assert!(e.contains("is an image server (simplestreams)"), "{e}");

    // A server certificate that changed: the pinned one no longer fits, and
    // the handshake fails before any request.
    let saved = dir.join("servercerts/sb.crt");
    let original = std::fs::read(&saved).unwrap();
    std::fs::copy(dir.join("client.crt"), &saved).unwrap();
    let e = RemoteConfig::load_from(&dir)
        .unwrap()
        .client("sb")
        .unwrap()
        .get_server()
        .unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");

    // No saved certificate and no client.ca: refused, naming the file.
    std::fs::remove_file(&saved).unwrap();
    let e = invalid("sb");
    assert!(
        e.contains("servercerts/sb.crt") && e.contains("client.ca"),
        "{e}"
    );
    std::fs::write(&saved, &original).unwrap();

    // No client key: refused, naming the files.
    std::fs::remove_file(dir.join("client.key")).unwrap();
    let e = invalid("sb");
    assert!(e.contains("client.key") && e.contains("missing"), "{e}");

    // A file that is not the command line's YAML names itself.
    std::fs::write(dir.join("config.yml"), "remotes: [sb]\n").unwrap();
    let e = RemoteConfig::load_from(&dir).unwrap_err().to_string();
    assert!(e.contains("config.yml: remotes has the wrong shape"), "{e}");

    // An empty directory: the command line's defaults.
    let empty = std::env::temp_dir().join(unique("incus-conf-empty"));
    let config = RemoteConfig::load_from(&empty).unwrap();
    assert_eq!(config.default_remote(), "local");
    assert!(config.client("local").unwrap().get_server().is_ok());
}

/// A socket remote written by hand, with a project: the client works in
/// that project.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_socket_remote_with_a_project() {
    let socket = std::env::var("INCUS_SOCKET").expect("INCUS_SOCKET");
    let (dir, _dir) = crate::support::temp_dir("incus-conf-sock");
    let yaml = format!(
        "default-remote: here\nremotes:\n  here:\n    addr: unix://{socket}\n    project: default\n  \
         there:\n    addr: unix://{socket}\n    project: \"p é\"\n    protocol: incus\n"
    );
    std::fs::write(dir.join("config.yml"), yaml).unwrap();
    let config = RemoteConfig::load_from(&dir).unwrap();
    let here = config.client(config.default_remote()).unwrap();
    assert_eq!(here.project(), None);
    assert!(here.get_server().is_ok());
    let there = config.client("there").unwrap();
    assert_eq!(there.project(), Some("p é"));
    // The project does not exist: the daemon says so for that project.
    let e = there.list_profile_names(None).unwrap_err();
    assert!(e.is_not_found() && e.to_string().contains("p é"), "{e:?}");
}
