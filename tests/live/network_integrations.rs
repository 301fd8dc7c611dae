//! Live tests of every `/1.0/network-integrations` endpoint. Incus 6.0.4
//! makes an `ovn` integration without an OVN deployment to reach (it only
//! stores the settings), so the whole lifecycle runs here.

use incus::ListOptions;
use incus::models::{NetworkIntegrationPost, NetworkIntegrationPut, NetworkIntegrationsPost};

use crate::support::{Cleanup, api_error, cli, client, unique};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_integration_lifecycle() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "network_integrations", || {
        c.list_network_integration_names(None)
    }) {
        return;
    }
    let client = client();
    let name = unique("integration");
    let renamed = format!("{name}-renamed");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_integration(&name);
        let _ = client.delete_network_integration(&renamed);
    });

    client
        .create_network_integration(&NetworkIntegrationsPost {
            name: name.clone(),
            kind: "ovn".into(),
            description: "made by a test".into(),
            config: [("user.a".to_string(), "1".to_string())].into(),
        })
        .unwrap();
    let (read, etag) = client.get_network_integration_with_etag(&name).unwrap();
    assert!(!etag.is_empty());
    assert_eq!(
        (read.kind.as_str(), read.description.as_str()),
        ("ovn", "made by a test")
    );
    assert!(read.used_by.is_empty());
    assert!(
        client
            .list_network_integration_names(None)
            .unwrap()
            .contains(&name)
    );
    let listed = client.list_network_integrations(None).unwrap();
    assert_eq!(listed.iter().find(|i| i.name == name), Some(&read));
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    assert_eq!(
        client
            .list_network_integration_names(Some(&filter))
            .unwrap(),
        std::slice::from_ref(&name)
    );
    assert_eq!(
        cli(&["network", "integration", "get", &name, "user.a"]),
        "1"
    );

    // PATCH: only the config key changes (the description stays).
    let patch = NetworkIntegrationPut {
        config: [(
            "ovn.northbound_connection".to_string(),
            "tcp:127.0.0.1:6645".to_string(),
        )]
        .into(),
        ..Default::default()
    };
    client
        .update_network_integration(&name, &patch, None)
        .unwrap();
    let patched = client.get_network_integration(&name).unwrap();
    assert_eq!(patched.description, "made by a test");
    assert_eq!(patched.config["user.a"], "1");
    assert_eq!(
        cli(&[
            "network",
            "integration",
            "get",
            &name,
            "ovn.northbound_connection"
        ]),
        "tcp:127.0.0.1:6645"
    );

    // PUT: a stale ETag is refused; the current one replaces everything.
    let put = NetworkIntegrationPut {
        description: Some("replaced".into()),
        config: [("user.b".to_string(), "2".to_string())].into(),
    };
    let e = client
        .replace_network_integration(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    let (_, fresh) = client.get_network_integration_with_etag(&name).unwrap();
    client
        .replace_network_integration(&name, &put, Some(&fresh))
        .unwrap();
    assert_eq!(
        client.get_network_integration(&name).unwrap().writable(),
        put
    );
    let shown = cli(&["network", "integration", "show", &name]);
    assert!(shown.contains("description: replaced"), "{shown}");
    assert!(!shown.contains("northbound"), "{shown}");

    client
        .rename_network_integration(
            &name,
            &NetworkIntegrationPost {
                name: renamed.clone(),
            },
        )
        .unwrap();
    assert!(
        client
            .get_network_integration(&name)
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        client.get_network_integration(&renamed).unwrap().kind,
        "ovn"
    );
    client.delete_network_integration(&renamed).unwrap();
    assert!(
        client
            .get_network_integration(&renamed)
            .unwrap_err()
            .is_not_found()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_integration_faults() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "network_integrations", || {
        c.list_network_integration_names(None)
    }) {
        return;
    }
    let client = client();
    let name = unique("integration-bad");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_integration(&name);
    });
    let e = client
        .create_network_integration(&NetworkIntegrationsPost {
            name: name.clone(),
            kind: "bogus".into(),
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(api_error(&e).1, "Invalid integration type \"bogus\"");
    assert!(
        client
            .get_network_integration(&name)
            .unwrap_err()
            .is_not_found()
    );

    // A name taken: Incus 6.0.4 answers with its database's error.
    let ovn = NetworkIntegrationsPost {
        name: name.clone(),
        kind: "ovn".into(),
        ..Default::default()
    };
    client.create_network_integration(&ovn).unwrap();
    let (status, message) = api_error(&client.create_network_integration(&ovn).unwrap_err());
    assert_eq!(status, 500);
    assert!(message.contains("UNIQUE constraint failed"), "{message}");
}
