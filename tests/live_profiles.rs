//! Live tests of every `/1.0/profiles` endpoint, and of name escaping.

mod support;

use incus::models::{ProfilePost, ProfilePut, ProfilesPost};
use incus::ListOptions;
use support::{cli, client, unique, Cleanup};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn profile_lifecycle() {
    let client = client();
    let name = unique("profile");
    let renamed = format!("{name}-renamed");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_profile(&name);
        let _ = client.delete_profile(&renamed);
    });

    client
        .create_profile(&ProfilesPost {
            name: name.clone(),
            description: "made by a test".into(),
            config: [("limits.cpu".to_string(), "1".to_string())].into(),
            ..Default::default()
        })
        .unwrap();
    let profile = client.get_profile(&name).unwrap();
    assert_eq!(profile.description, "made by a test");
    assert_eq!(profile.config["limits.cpu"], "1");
    assert!(client.list_profile_names(None).unwrap().contains(&name));
    assert!(client
        .list_profiles(None)
        .unwrap()
        .iter()
        .any(|p| p.name == name));
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    assert_eq!(
        client.list_profile_names(Some(&filter)).unwrap(),
        std::slice::from_ref(&name)
    );

    // PATCH: only the fields set change; config keys merge.
    let patch = ProfilePut {
        config: [("limits.memory".to_string(), "64MiB".to_string())].into(),
        ..Default::default()
    };
    client.update_profile(&name, &patch, None).unwrap();
    assert_eq!(cli(&["profile", "get", &name, "limits.memory"]), "64MiB");
    assert_eq!(cli(&["profile", "get", &name, "limits.cpu"]), "1");
    assert_eq!(
        client.get_profile(&name).unwrap().description,
        "made by a test"
    );

    // PUT with the current ETag replaces everything.
    let (profile, etag) = client.get_profile_with_etag(&name).unwrap();
    let mut put = profile.writable();
    put.description = Some("replaced".into());
    put.config.remove("limits.cpu");
    client.replace_profile(&name, &put, Some(&etag)).unwrap();
    let profile = client.get_profile(&name).unwrap();
    assert_eq!(profile.description, "replaced");
    assert!(!profile.config.contains_key("limits.cpu"));
    assert_eq!(cli(&["profile", "get", &name, "limits.cpu"]), "");

    // The ETag read before that write is stale now: 412 for PUT and PATCH.
    let e = client
        .replace_profile(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    let e = client
        .update_profile(&name, &patch, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");

    client
        .rename_profile(
            &name,
            &ProfilePost {
                name: renamed.clone(),
            },
        )
        .unwrap();
    assert!(client.get_profile(&name).unwrap_err().is_not_found());
    assert_eq!(
        client.get_profile(&renamed).unwrap().description,
        "replaced"
    );

    client.delete_profile(&renamed).unwrap();
    assert!(client.get_profile(&renamed).unwrap_err().is_not_found());
    assert!(!client.list_profile_names(None).unwrap().contains(&renamed));
}

/// Names that would change the path if sent unescaped reach the server as
/// one segment: the profile handler answers for exactly that name.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn odd_names_stay_one_segment() {
    let client = client();
    let pid = std::process::id();
    for odd in [
        "a/b", "a?b", "a#b", "%2e%2e", "..", ".", "a b", "é☃", "x%2Fy",
    ] {
        let name = format!("{odd}{pid}");
        let _cleanup = Cleanup(|| {
            let _ = client.delete_profile(&name);
        });
        // Unescaped, "a/b" would be a different route and ".." would be /1.0.
        for bare in [odd.to_string(), name.clone()] {
            let e = client.get_profile(&bare).unwrap_err();
            assert!(e.is_not_found(), "{bare:?}: {e}");
            assert!(e.to_string().contains("Profile not found"), "{bare:?}: {e}");
        }
        match client.create_profile(&ProfilesPost {
            name: name.clone(),
            ..Default::default()
        }) {
            Ok(()) => {
                // Valid for Incus: it reads back, lists and deletes by that name.
                assert_eq!(client.get_profile(&name).unwrap().name, name);
                assert!(client.list_profile_names(None).unwrap().contains(&name));
                client.delete_profile(&name).unwrap();
                assert!(client.get_profile(&name).unwrap_err().is_not_found());
            }
            Err(e) => {
                // Refused by Incus's own validation.
                assert_eq!(e.status(), Some(400), "{name:?}: {e}");
                assert!(name.contains('/'), "{name:?} refused: {e}");
            }
        }
    }
    for odd in ["..", "."] {
        let e = client
            .create_profile(&ProfilesPost {
                name: odd.into(),
                ..Default::default()
            })
            .unwrap_err();
        assert_eq!(e.status(), Some(400), "{e}");
        assert!(e.to_string().contains("Invalid profile name"), "{e}");
    }
    let e = client.get_profile("").unwrap_err();
    assert!(matches!(e, incus::Error::InvalidInput(_)), "{e}");
}
