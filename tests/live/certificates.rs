//! Live tests of the trust store and trust tokens: a certificate made with
//! `openssl` trusted, restricted, changed and removed (its effect seen by
//! an HTTPS client holding it), a token issued, read back and revoked, and
//! a fresh untrusted client that joins with a token.

use std::process::Command;

use incus::models::{CertificateAddToken, CertificatePut, CertificatesPost, ProjectsPost};
use incus::{Client, Error};

use crate::https::client_certificate;
use crate::support::{Cleanup, cli, client, run, unique};

/// The daemon's HTTPS address (the sandbox keeps one; tokens need it) and
/// its certificate, PEM.
fn listener(c: &Client) -> (String, String) {
    let server = c.get_server().unwrap();
    let address = server.config.get("core.https_address").cloned();
    let address = address
        .filter(|a| !a.is_empty())
        .expect("core.https_address is unset: the live tests need the sandbox's HTTPS listener");
    (address, server.environment.certificate)
}

/// An HTTPS client with the certificate and key in `dir`, pinning `server`.
fn https_client(address: &str, cert: &[u8], key: &[u8], server: &str) -> Client {
    Client::builder(format!("https://{address}"))
        .client_certificate(cert.to_vec(), key.to_vec())
        .server_certificate(server.as_bytes().to_vec())
        .build()
        .unwrap()
}

/// Creates an empty project with a guard that deletes it.
fn project(c: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    c.create_project(&ProjectsPost {
        name: name.into(),
        ..Default::default()
    })
    .unwrap();
    let (c, name) = (c.clone(), name.to_string());
    Cleanup(move || drop(c.delete_project(&name, None)))
}

/// Removes the certificate `fingerprint` from the trust store when dropped.
fn trust_guard(c: &Client, fingerprint: &str) -> Cleanup<impl FnMut() + use<>> {
    let (c, fingerprint) = (c.clone(), fingerprint.to_string());
    Cleanup(move || drop(c.delete_certificate(&fingerprint)))
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn certificate_lifecycle_with_restrictions_and_etags() {
    let c = client();
    let (address, server_pem) = listener(&c);
    let (dir, _dir) = crate::support::temp_dir("trust");
    let (cert, key, fingerprint) = client_certificate(&dir);
    let pem = String::from_utf8(cert.clone()).unwrap();
    let scope = unique("trust-p");
    let _project = project(&c, &scope);
    let name = unique("cert");

    let mut post = CertificatesPost::from_pem(&pem)
        .unwrap()
        .name(&name)
        .restricted_to([&scope])
        .description("made by openssl");
    // LXD 5.0 keeps no description (no `certificate_description`): the
    // crate refuses to send one, and the test goes on without it.
    let described = crate::support::has_or_refused(&c, "certificate_description", || {
        c.create_certificate(&post)
    });
    if !described {
        post.description.clear();
    }
    c.create_certificate(&post).unwrap();
    let _trust = trust_guard(&c, &fingerprint);
    let e = c.create_certificate(&post).unwrap_err();
    assert!(e.is_conflict(), "{e}");

    assert!(
        c.list_certificate_names(None)
            .unwrap()
            .contains(&fingerprint)
    );
    let listed = c.list_certificates(None).unwrap();
    let entry = listed
        .iter()
        .find(|e| e.fingerprint == fingerprint)
        .unwrap();
    assert_eq!(
        (entry.name.as_str(), entry.kind.as_str(), entry.restricted),
        (name.as_str(), "client", true)
    );
    assert_eq!(entry.projects, [scope.as_str()]);
    match described {
        true => assert_eq!(entry.description, "made by openssl"),
        false => assert_eq!(entry.description, ""),
    }
    assert_eq!(entry.certificate.trim(), pem.trim());
    assert_eq!(&c.get_certificate(&fingerprint[..12]).unwrap(), entry);
    let shown = cli(&["config", "trust", "show", &fingerprint]);
    assert!(
        shown.contains(&format!("name: {name}")) && shown.contains("restricted: true"),
        "{shown}"
    );

    // The restriction's effect: the certificate's holder sees its project only.
    let holder = https_client(&address, &cert, &key, &server_pem);
    assert_eq!(holder.list_project_names(None).unwrap(), [scope.as_str()]);

    // PATCH one field; the ETag read before it is now stale (412).
    let (before, etag) = c.get_certificate_with_etag(&fingerprint).unwrap();
    // Without `certificate_description` the PATCH renames instead.
    let (patch, want) = match described {
        true => (
            CertificatePut {
                description: Some("patched".into()),
                ..Default::default()
            },
            (before.name.clone(), "patched"),
        ),
        false => (
            CertificatePut {
                name: Some(format!("{name}-p")),
                ..Default::default()
            },
            (format!("{name}-p"), ""),
        ),
    };
    c.update_certificate(&fingerprint, &patch, Some(&etag))
        .unwrap();
    let after = c.get_certificate(&fingerprint).unwrap();
    assert_eq!((after.name.clone(), after.description.as_str()), want);
    assert_eq!(after.projects, before.projects);
    let mut put = after.writable();
    put.name = Some(format!("{name}-2"));
    put.restricted = Some(false);
    put.projects = Some(vec![]);
    let e = c
        .replace_certificate(&fingerprint, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let (_, etag) = c.get_certificate_with_etag(&fingerprint).unwrap();
    c.replace_certificate(&fingerprint, &put, Some(&etag))
        .unwrap();
    let replaced = c.get_certificate(&fingerprint).unwrap();
    assert_eq!(
        (replaced.name, replaced.restricted, replaced.projects.len()),
        (format!("{name}-2"), false, 0)
    );
    let projects = holder.list_project_names(None).unwrap();
    assert!(
        projects.contains(&"default".to_string()) && projects.contains(&scope),
        "{projects:?}"
    );

    // Removed: the holder is untrusted again.
    c.delete_certificate(&fingerprint).unwrap();
    assert!(c.get_certificate(&fingerprint).unwrap_err().is_not_found());
    assert_eq!(holder.get_server().unwrap().auth, "untrusted");
    assert_eq!(
        holder.list_project_names(None).unwrap_err().status(),
        Some(403)
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn trust_token_is_an_operation_that_decodes_and_cancels() {
    let c = client();
    let (address, server_pem) = listener(&c);
    let name = unique("token");
    let (token, op) = c
        .create_certificate_token(&CertificatesPost::token(&name))
        .unwrap();
    let _revoke = Cleanup(|| drop(c.cancel_operation(&op.id)));
    assert_eq!((op.class.as_str(), op.may_cancel), ("token", true));
    assert_eq!(token.client_name, name);
    assert!(token.addresses.contains(&address), "{:?}", token.addresses);
    assert_eq!(
        token.expires_at, "",
        "the sandbox sets no core.remote_token_expiry"
    );
    // The fingerprint is the server's certificate's, as openssl computes it.
    assert!(token.matches_certificate(&server_pem).unwrap());
    let (dir, _dir) = crate::support::temp_dir("token");
    std::fs::write(dir.join("server.crt"), &server_pem).unwrap();
    let text = run(Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(dir.join("server.crt")));
    let theirs = text
        .rsplit('=')
        .next()
        .unwrap()
        .replace(':', "")
        .to_lowercase();
    assert_eq!(token.fingerprint, theirs);

    // Listed among the operations, and read back from there.
    let listed = c.list_operations(None).unwrap();
    let held = listed.iter().find(|o| o.id == op.id).unwrap();
    assert_eq!(CertificateAddToken::from_operation(held).unwrap(), token);
    // The command line prints the same token: ours decodes it, and theirs
    // decodes ours (the string is a round trip). Default columns: name,
    // token, expiry (`lxc` 5.0 has no `-c`).
    let tokens = cli(&["config", "trust", "list-tokens", "-f", "csv"]);
    let line = tokens
        .lines()
        .find(|l| l.starts_with(&format!("{name},")))
        .unwrap();
    let printed = line.split(',').nth(1).unwrap();
    assert_eq!(CertificateAddToken::decode(printed).unwrap(), token);
    assert_eq!(CertificateAddToken::decode(&token.encode()).unwrap(), token);

    // Revoked: the operation ends cancelled, the command line lists it no more.
    c.cancel_operation(&op.id).unwrap();
    match c.wait_for_completion(&op, crate::support::WAIT) {
        Err(e) => assert!(e.is_cancelled(), "{e:?}"),
        Ok(op) => panic!("a revoked token ended {op:?}"),
    }
    let tokens = cli(&["config", "trust", "list-tokens", "-f", "csv"]);
    let line = format!("{name},");
    assert!(!tokens.lines().any(|l| l.starts_with(&line)), "{tokens}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn an_untrusted_client_joins_with_a_token_once() {
    let c = client();
    let (address, server_pem) = listener(&c);
    let scope = unique("join-p");
    let _project = project(&c, &scope);
    let name = unique("joiner");
    let (token, op) = c
        .create_certificate_token(&CertificatesPost::token(&name).restricted_to([&scope]))
        .unwrap();
    let _revoke = Cleanup(|| drop(c.cancel_operation(&op.id)));

    // A malformed token string: a clear error before anything is sent.
    match CertificateAddToken::decode("not-a-token") {
        Err(Error::InvalidInput(message)) => assert!(message.contains("trust token"), "{message}"),
        other => panic!("{other:?}"),
    }

    // A fresh client: its own openssl certificate, the server pinned by the
    // certificate whose fingerprint the token carries.
    let (dir, _dir) = crate::support::temp_dir("join");
    let (cert, key, fingerprint) = client_certificate(&dir);
    assert!(token.matches_certificate(&server_pem).unwrap());
    let joiner = https_client(&token.addresses[0], &cert, &key, &server_pem);
    assert_eq!(joiner.get_server().unwrap().auth, "untrusted");
    joiner.add_certificate_with_token(&token).unwrap();
    let _trust = trust_guard(&c, &fingerprint);
    crate::support::assert_trusted_as(&joiner, &fingerprint);
    assert!(
        joiner
            .with_project(&scope)
            .list_instance_names(None)
            .unwrap()
            .is_empty()
    );
    // The token's name and restriction became the certificate's.
    let entry = c.get_certificate(&fingerprint).unwrap();
    assert_eq!(
        (entry.name.as_str(), entry.restricted),
        (name.as_str(), true)
    );
    assert_eq!(entry.projects, [scope.as_str()]);
    // Another project is refused (6.0.4 answers 500, not 403, for it;
    // LXD 5.0 a plain 403).
    let e = joiner.list_instance_names(None).unwrap_err();
    match crate::support::on_lxd() {
        true => assert_eq!(e.status(), Some(403), "{e}"),
        false => assert!(
            e.to_string()
                .contains("permissions for project \"default\""),
            "{e}"
        ),
    }
    // The token is spent: its operation is over.
    let spent = c.get_operation(&op.id);
    assert!(
        spent
            .as_ref()
            .map_or_else(|e| e.is_not_found(), |o| o.status_code.is_final()),
        "{spent:?}"
    );

    // Used once: a second new client with the same token is refused.
    let (other_dir, _other_dir) = crate::support::temp_dir("join-again");
    let (cert2, key2, fingerprint2) = client_certificate(&other_dir);
    let second = https_client(&address, &cert2, &key2, &server_pem);
    let e = second.add_certificate_with_token(&token).unwrap_err();
    assert_eq!(e.status(), Some(403), "{e}");
    assert!(c.get_certificate(&fingerprint2).unwrap_err().is_not_found());
}

/// `ClientBuilder::trust_token` joins with only the token string and a
/// client certificate: the server is pinned by the token's fingerprint. A
/// token naming another certificate is refused in the handshake and the
/// secret is never sent (the same token then still works); a client that
/// is trusted already leaves the token unused; a second join is 403.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_client_builder_joins_with_the_token_string_only() {
    let c = client();
    let name = unique("builder-join");
    let (token, op) = c
        .create_certificate_token(&CertificatesPost::token(&name))
        .unwrap();
    let _revoke = Cleanup(|| drop(c.cancel_operation(&op.id)));
    let (dir, _dir) = crate::support::temp_dir("builder-join");
    let (cert, key, fingerprint) = client_certificate(&dir);
    let builder = || incus::ClientBuilder::default().client_certificate(cert.clone(), key.clone());

    // Refused before anything is sent: a malformed token, no certificate.
    assert!(matches!(
        builder().trust_token("bm90IGEgdG9rZW4="),
        Err(Error::InvalidInput(_))
    ));
    assert!(matches!(
        incus::ClientBuilder::default().trust_token(&token.encode()),
        Err(Error::InvalidInput(_))
    ));

    // An expired token: refused before anything is sent.
    let expired = CertificateAddToken {
        expires_at: "2020-01-01T00:00:00Z".into(),
        ..token.clone()
    };
    match builder().trust_token(&expired.encode()) {
        Err(Error::InvalidInput(message)) => assert!(message.contains("expired"), "{message}"),
        other => panic!("{other:?}"),
    }

    // A token naming another server certificate: the handshake fails.
    let forged = CertificateAddToken {
        fingerprint: "ab".repeat(32),
        ..token.clone()
    };
    let e = builder().trust_token(&forged.encode()).unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e:?}");
    assert!(e.to_string().contains("pinned"), "{e}");
    assert!(c.get_certificate(&fingerprint).unwrap_err().is_not_found());
    assert!(
        !c.get_operation(&op.id).unwrap().status_code.is_final(),
        "the secret was not spent"
    );

    // The real token: joined, and trusted from now on.
    let joined = builder().trust_token(&token.encode()).unwrap();
    let _trust = trust_guard(&c, &fingerprint);
    crate::support::assert_trusted_as(&joined, &fingerprint);
    assert_eq!(c.get_certificate(&fingerprint).unwrap().name, name);
    assert!(
        joined
            .list_profile_names(None)
            .unwrap()
            .contains(&"default".to_string())
    );

    // Trusted already: a second token is left unused.
    let (again, again_op) = c
        .create_certificate_token(&CertificatesPost::token(unique("unused")))
        .unwrap();
    let _revoke_again = Cleanup(|| drop(c.cancel_operation(&again_op.id)));
    builder().trust_token(&again.encode()).unwrap();
    assert!(
        !c.get_operation(&again_op.id)
            .unwrap()
            .status_code
            .is_final()
    );

    // The first token is spent: another new client is refused.
    let (other, _other) = crate::support::temp_dir("builder-join-2");
    let (cert2, key2, fingerprint2) = client_certificate(&other);
    let e = incus::ClientBuilder::default()
        .client_certificate(cert2, key2)
        .trust_token(&token.encode())
        .unwrap_err();
    assert_eq!(e.status(), Some(403), "{e:?}");
    assert!(c.get_certificate(&fingerprint2).unwrap_err().is_not_found());
}

/// A certificate made by the crate (`generate_client_certificate`, feature
/// `keygen`) joins with a token and is trusted: the whole onboarding of a
/// new machine with nothing copied by hand. `.ci/run` runs it with the
/// feature on.
#[cfg(feature = "keygen")]
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_generated_certificate_joins_with_a_token() {
    let c = client();
    let name = unique("keygen-join");
    let (token, op) = c
        .create_certificate_token(&CertificatesPost::token(&name))
        .unwrap();
    let _revoke = Cleanup(|| drop(c.cancel_operation(&op.id)));
    let (cert, key) = incus::generate_client_certificate(&name).unwrap();
    let joined = incus::ClientBuilder::default()
        .client_certificate(cert.clone(), key)
        .trust_token(&token.encode())
        .unwrap();
    let server = joined.get_server().unwrap();
    assert_eq!(server.auth, "trusted");
    let _trust = trust_guard(&c, &server.auth_user_name);
    let entry = c.get_certificate(&server.auth_user_name).unwrap();
    assert_eq!(entry.name, name);
    assert_eq!(entry.certificate.trim(), cert.trim());
}
