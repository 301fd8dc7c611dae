//! The faults of issue 13 that need the real daemon; the rest, and the
//! table of all of them, are in `tests/fake_server/fault_matrix.rs`.
//!
//! | Fault | Test | Variant |
//! |---|---|---|
//! | the daemon restarted during `wait_for_completion` | [`daemon_restarted_during_wait_says_the_operation_is_gone`] | `Api` 404 |
//! | a TLS server whose certificate changed | [`server_certificate_changed_is_refused_in_the_handshake`] | `Transport` |
//! | an expired client certificate | [`expired_client_certificate_is_refused_with_its_date`] | `InvalidInput` |

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use incus::{Client, Error};
use serde_json::json;

use crate::support::{Cleanup, client, restart_sandbox, run, second_client, second_daemon, unique};

/// Runs `f`, asserts it took less than `bound`, and prints how long it took.
fn timed<T>(name: &str, bound: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = f();
    let took = started.elapsed();
    eprintln!("live::faults::{name} returned in {took:?}");
    assert!(took < bound, "{name}: {took:?}");
    value
}

/// The second daemon is killed and started again while a wait runs on one
/// of its operations (a trust token, which runs until used). Operations
/// live in the daemon's memory only: the wait rides out the restart and
/// ends with 404, the operation gone.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn daemon_restarted_during_wait_says_the_operation_is_gone() {
    let _turn = second_daemon();
    let target = second_client();
    let pid = target.get_server().unwrap().environment.server_pid;
    let body = json!({"name": unique("fault-token"), "type": "client", "token": true});
    let op = target
        .raw_operation("POST", "/1.0/certificates", Some(&body))
        .unwrap();
    let _restart = Cleanup(restart_sandbox);
    let waiting = {
        let (target, op) = (target.clone(), op.clone());
        std::thread::spawn(move || {
            let started = Instant::now();
            let result = target.wait_for_completion(&op, Duration::from_secs(120));
            (result, started.elapsed())
        })
    };
    std::thread::sleep(Duration::from_millis(500));
    run(Command::new("kill").args(["-9", &pid.to_string()]));
    restart_sandbox();
    let (result, took) = waiting.join().unwrap();
    eprintln!("live::faults::daemon_restarted_during_wait returned in {took:?}");
    let restarted = second_client().get_server().unwrap().environment.server_pid;
    assert_ne!(restarted, pid);
    let e = result.unwrap_err();
    assert!(matches!(e, Error::Api { status: 404, .. }), "{e:?}");
    assert!(e.is_not_found(), "{e}");
    assert!(took < Duration::from_secs(90), "{took:?}");
    // The restarted daemon does not know the operation either.
    assert!(target.get_operation(&op.id).unwrap_err().is_not_found());
}

/// The main daemon's HTTPS address, as `https://…`.
fn https_url(client: &Client) -> String {
    let config = client.get_server().unwrap().config;
    let address = config
        .get("core.https_address")
        .filter(|a| !a.is_empty())
        .expect("the sandbox gives the daemon an HTTPS listener");
    format!("https://{address}")
}

/// A client that saved the server's certificate earlier meets another one
/// at the same address (a fresh openssl certificate stands in for the one
/// saved): refused in the handshake, before any request is sent.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn server_certificate_changed_is_refused_in_the_handshake() {
    let local = client();
    let url = https_url(&local);
    let (dir, _dir) = crate::support::temp_dir("changed");
    let (saved, _, _) = crate::https::client_certificate(&dir);
    let saved = String::from_utf8(saved).unwrap();
    let actual = local.get_server().unwrap().environment.certificate;
    assert_ne!(saved, actual);
    let pinned = Client::builder(&url)
        .server_certificate(saved)
        .build()
        .unwrap();
    let e = timed("server_certificate_changed", Duration::from_secs(2), || {
        pinned.get_server()
    })
    .unwrap_err();
    assert!(matches!(e, Error::Transport(_)) && !e.is_timeout(), "{e:?}");
    assert!(
        e.to_string()
            .contains("server certificate does not match the pinned certificate"),
        "{e}"
    );
    // The certificate the daemon does show works.
    let current = Client::builder(&url).server_certificate(actual).build();
    assert_eq!(current.unwrap().get_server().unwrap().auth, "untrusted");
}

/// Makes a client certificate that expired on 2020-01-02 (OpenSSL 3.0's
/// `req` takes no past dates; `ca -selfsign` does) in `dir`.
fn expired_certificate(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let (key, csr, cert) = (dir.join("c.key"), dir.join("c.csr"), dir.join("c.crt"));
    run(Command::new("openssl")
        .args(["req", "-new", "-newkey", "ec", "-pkeyopt"])
        .args([
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=rust-test-expired",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&csr));
    std::fs::create_dir_all(dir.join("db")).unwrap();
    std::fs::write(dir.join("db/index.txt"), "").unwrap();
    std::fs::write(dir.join("db/serial"), "01\n").unwrap();
    let config = "[ca]\ndefault_ca = c\n[c]\ndatabase = db/index.txt\nserial = db/serial\n\
                  new_certs_dir = db\ndefault_md = sha256\npolicy = p\n[p]\ncommonName = supplied\n";
    std::fs::write(dir.join("ca.cnf"), config).unwrap();
    run(Command::new("openssl")
        .current_dir(dir)
        .args(["ca", "-batch", "-config", "ca.cnf", "-selfsign", "-keyfile"])
        .arg(&key)
        .arg("-in")
        .arg(&csr)
        .arg("-out")
        .arg(&cert)
        .args([
            "-startdate",
            "20200101000000Z",
            "-enddate",
            "20200102000000Z",
        ]));
    (std::fs::read(cert).unwrap(), std::fs::read(key).unwrap())
}

/// The daemon completes the handshake with an expired client certificate
/// but treats its holder as untrusted (403 on every call), and refuses to
/// trust it: the crate refuses it when the client is built, naming the date.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn expired_client_certificate_is_refused_with_its_date() {
    let local = client();
    let (dir, _dir) = crate::support::temp_dir("expired");
    let (cert, key) = expired_certificate(&dir);
    // The daemon will not trust it.
    let added = crate::support::trust_command(&dir.join("c.crt"), &unique("expired"))
        .output()
        .unwrap();
    assert!(!added.status.success());
    let said = String::from_utf8_lossy(&added.stderr);
    assert!(
        said.contains("The provided certificate is expired"),
        "{said}"
    );

    let server = local.get_server().unwrap().environment.certificate;
    let url = https_url(&local);
    let e = timed("expired_client_certificate", Duration::from_secs(1), || {
        Client::builder(&url)
            .client_certificate(cert, key)
            .server_certificate(server)
            .build()
    })
    .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e:?}");
    assert!(
        e.to_string().starts_with(
            "invalid input: client certificate expired on 2020-01-02 00:00:00 UTC: the daemon \
             treats its holder as untrusted"
        ),
        "{e}"
    );
}
