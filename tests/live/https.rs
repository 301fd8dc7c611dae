//! Live test of the HTTPS transport: a loopback listener, a trusted client
//! certificate, a pinned server certificate, and a wrong pin refused.

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;

use crate::support::{self, Cleanup, WAIT, busybox, cli, client, run, unique};
use incus::models::{Profile, ServerPut};
use std::io::{Read, Write};

use incus::{Client, Error, ExecRequest, InstanceFileArgs};

/// Makes a self-signed EC client certificate and key in `dir`; returns
/// (certificate PEM, key PEM, SHA-256 fingerprint).
pub fn client_certificate(dir: &Path) -> (Vec<u8>, Vec<u8>, String) {
    let (cert, key) = (dir.join("client.crt"), dir.join("client.key"));
    run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=rust-test"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert));
    let text = run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&cert));
    let fingerprint = text
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    (
        std::fs::read(cert).unwrap(),
        std::fs::read(key).unwrap(),
        fingerprint,
    )
}

fn set_https_address(client: &Client, address: &str) {
    let put = ServerPut {
        config: [("core.https_address".to_string(), address.to_string())].into(),
    };
    client.update_server(&put, None).unwrap();
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn https_with_client_certificate_and_pinned_server() {
    let local = client();
    // The sandbox gives the daemon a listener that stays (copies between
    // servers need it); elsewhere this test opens one for itself.
    let kept = local
        .get_server()
        .unwrap()
        .config
        .get("core.https_address")
        .cloned();
    let address = kept.clone().filter(|a| !a.is_empty()).unwrap_or_else(|| {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let address = format!("127.0.0.1:{port}");
        set_https_address(&local, &address);
        address
    });
    let _listener = Cleanup(|| {
        if kept.as_deref().is_none_or(str::is_empty) {
            set_https_address(&local, "")
        }
    });
    assert_eq!(cli(&["config", "get", "core.https_address"]), address);

    let (dir, _dir) = crate::support::temp_dir("tls");
    let (cert, key, fingerprint) = client_certificate(&dir);
    let server_pem = local.get_server().unwrap().environment.certificate;
    assert!(server_pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let url = format!("https://{address}");

    // Not yet trusted: the TLS session works, the API says untrusted.
    let untrusted = Client::builder(&url)
        .client_certificate(cert.clone(), key.clone())
        .server_certificate(server_pem.clone())
        .build()
        .unwrap();
    assert_eq!(untrusted.get_server().unwrap().auth, "untrusted");
    let e = untrusted.list_profile_names(None).unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");

    // Trusted through the command line (a second, independent client).
    let name = unique("cert");
    let cert_file = dir.join("client.crt");
    crate::support::run(&mut crate::support::trust_command(&cert_file, &name));
    let _trust = Cleanup(|| {
        let _ = crate::support::cli_command(&["config", "trust", "remove", &fingerprint]).status();
    });

    let remote = Client::builder(&url)
        .client_certificate(cert.clone(), key.clone())
        .server_certificate(server_pem.clone())
        .build()
        .unwrap();
    crate::support::assert_trusted_as(&remote, &fingerprint);
    assert!(
        remote
            .list_profile_names(None)
            .unwrap()
            .contains(&"default".to_string())
    );
    same_as_socket(&local, || remote.list_profiles(None).unwrap());

    // Pinned by the SHA-256 fingerprint instead (as openssl prints it, with
    // colons): the same server; a wrong fingerprint fails in the handshake.
    let server_file = dir.join("server.crt");
    std::fs::write(&server_file, &server_pem).unwrap();
    let printed = run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&server_file));
    let server_fingerprint = printed.split_once('=').unwrap().1.trim().to_string();
    let by_fingerprint = |fingerprint: &str| {
        Client::builder(&url)
            .client_certificate(cert.clone(), key.clone())
            .server_fingerprint(fingerprint)
            .build()
            .unwrap()
    };
    assert_eq!(
        by_fingerprint(&server_fingerprint)
            .get_server()
            .unwrap()
            .auth,
        "trusted"
    );
    let lower: String = server_fingerprint.replace(':', "").to_lowercase();
    let pinned = by_fingerprint(&lower);
    same_as_socket(&local, || pinned.list_profiles(None).unwrap());
    let wrong = format!("{}00", &lower[..62]);
    let e = by_fingerprint(&wrong).get_server().unwrap_err();
    assert!(matches!(e, incus::Error::Transport(_)), "{e:?}");
    assert!(e.to_string().contains("pinned"), "{e}");

    // With a listener on, trust tokens can be issued: a cancellable
    // operation. Cancelling it ends it as Cancelled.
    let body = serde_json::json!({"name": unique("token"), "type": "client", "token": true});
    let token = local
        .raw_operation("POST", "/1.0/certificates", Some(&body))
        .unwrap();
    assert!(token.may_cancel);
    assert!(
        local
            .list_operation_names(None)
            .unwrap()
            .contains(&token.id)
    );
    local.cancel_operation(&token.id).unwrap();
    match local.wait_for_completion(&token, support::WAIT) {
        Err(e @ Error::Operation { status_code, .. }) => {
            assert_eq!(status_code, 401);
            assert!(e.is_cancelled(), "{e:?}");
            assert!(
                e.to_string()
                    .starts_with(&format!("operation {} was cancelled", token.id)),
                "{e}"
            );
        }
        other => panic!("expected a cancelled operation, got {other:?}"),
    }

    // Exec (its websockets dialled over the same pinned TLS), a terminal,
    // and files both ways work over HTTPS as over the unix socket.
    let instance = unique("tls-exec");
    let _instance = busybox(&remote, &instance);
    remote
        .wait_for_completion(&remote.start_instance(&instance).unwrap(), WAIT)
        .unwrap();
    let out = remote
        .exec_output(&instance, ["sh", "-c", "echo hi; echo err >&2; exit 3"])
        .unwrap();
    assert_eq!(
        (out.exit_code, out.stdout.as_slice(), out.stderr.as_slice()),
        (3, &b"hi\n"[..], &b"err\n"[..])
    );
    let data = vec![5u8; 8 << 20];
    let mut count = Vec::new();
    let wc = ExecRequest::new(&instance, ["wc", "-c"]);
    let code = remote
        .exec(&wc)
        .stdin(data.as_slice())
        .stdout(&mut count)
        .run()
        .unwrap();
    assert_eq!(
        (code, String::from_utf8_lossy(&count).trim()),
        (0, "8388608")
    );
    let mut session = remote
        .exec_interactive(&instance, ["sh"], (80, 24))
        .unwrap();
    session.resize(90, 30).unwrap();
    session.write_all(b"stty size; exit 4\n").unwrap();
    let mut screen = String::new();
    session.read_to_string(&mut screen).unwrap();
    assert!(screen.contains("30 90"), "{screen:?}");
    assert_eq!(session.wait().unwrap(), 4);
    let content: Vec<u8> = (0..4 << 20).map(|i: u32| (i % 253) as u8).collect();
    let file = InstanceFileArgs::file(content.as_slice()).mode(0o640);
    remote
        .create_instance_file(&instance, "/root/over-tls.bin", file)
        .unwrap();
    let mut back = Vec::new();
    let mut read = remote
        .get_instance_file(&instance, "/root/over-tls.bin")
        .unwrap();
    assert_eq!(read.metadata.mode, 0o640);
    read.read_to_end(&mut back).unwrap();
    assert!(back == content, "{} bytes back over TLS", back.len());
    // The same with its length declared (Content-Length over TLS).
    let sized = InstanceFileArgs::file(&content[1..]).length(content.len() as u64 - 1);
    remote
        .create_instance_file(&instance, "/root/over-tls.bin", sized)
        .unwrap();
    let mut back = Vec::new();
    remote
        .get_instance_file(&instance, "/root/over-tls.bin")
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert!(back == content[1..], "{} bytes back over TLS", back.len());
    // A large push the daemon refuses before reading it is its 404 over TLS
    // too, not a broken pipe.
    let big = std::io::Read::take(std::io::repeat(1), 64 << 20);
    let e = remote
        .create_instance_file(&unique("missing"), "/root/x", InstanceFileArgs::file(big))
        .unwrap_err();
    assert!(e.is_not_found(), "{e:?}");

    // SFTP: the upgrade over the same pinned TLS.
    let mut sftp = remote.connect_instance_sftp(&instance).unwrap();
    assert_eq!(crate::instance_tools::sftp_version(&mut sftp), 3);
    assert_eq!(
        crate::instance_tools::sftp_read(&mut sftp, "/root/over-tls.bin"),
        content[1..32769]
    );

    // A pin that is not the server's certificate: refused in the handshake.
    let wrong = Client::builder(&url)
        .client_certificate(cert.clone(), key.clone())
        .server_certificate(cert.clone())
        .build()
        .unwrap();
    let e = wrong.list_profile_names(None).unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
    assert!(e.to_string().contains("pinned"), "{e}");

    // Verifying against a CA that did not sign the server: refused too.
    let wrong_ca = Client::builder(&url)
        .client_certificate(cert.clone(), key)
        .ca_certificate(cert)
        .build()
        .unwrap();
    let e = wrong_ca.get_server().unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
}

/// Asserts the profiles `read` gives over HTTPS equal the unix socket's,
/// read before and after it: other tests change the default profile's
/// `used_by` meanwhile, so the comparison is made again until the
/// socket's two reads agree.
fn same_as_socket(local: &Client, read: impl Fn() -> Vec<Profile>) {
    for _ in 0..10 {
        let before = local.list_profiles(None).unwrap();
        let over_https = read();
        if local.list_profiles(None).unwrap() == before {
            assert_eq!(over_https, before);
            return;
        }
    }
    panic!("the profiles changed during each of 10 reads")
}
