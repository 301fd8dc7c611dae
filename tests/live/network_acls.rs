//! Live tests of every `/1.0/network-acls` endpoint: an ACL's lifecycle
//! with ingress and egress rules, its use by a test bridge, its log (which
//! Incus keeps only for OVN), and the daemon's refusals.

use incus::ListOptions;
use incus::models::{NetworkACLPost, NetworkACLPut, NetworkACLRule, NetworkACLsPost};

use crate::support::{Cleanup, api_error, bare_bridge, cli, client, unique};

/// A rule with `action` and the given fields set.
fn rule(action: &str, protocol: &str, port: &str, peer: &str) -> NetworkACLRule {
    NetworkACLRule {
        protocol: protocol.into(),
        destination_port: port.into(),
        source: peer.into(),
        description: format!("{action} {protocol}/{port}"),
        ..NetworkACLRule::new(action)
    }
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_acl_lifecycle() {
    let client = client();
    let name = unique("acl");
    let renamed = format!("{name}-renamed");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_acl(&name);
        let _ = client.delete_network_acl(&renamed);
    });

    let ssh = rule("allow", "tcp", "22", "198.51.100.0/24");
    let mut dns = rule("drop", "udp", "53", "");
    dns.destination = "198.51.100.7".into();
    dns.source = String::new();
    client
        .create_network_acl(&NetworkACLsPost {
            name: name.clone(),
            description: "made by a test".into(),
            ingress: vec![ssh.clone()],
            egress: vec![dns.clone()],
            config: [("user.a".to_string(), "1".to_string())].into(),
        })
        .unwrap();

    // Read back: the rules as sent, in the lists and on the command line.
    let (acl, etag) = client.get_network_acl_with_etag(&name).unwrap();
    assert!(!etag.is_empty());
    assert_eq!(
        (acl.ingress.as_slice(), acl.egress.as_slice()),
        (std::slice::from_ref(&ssh), std::slice::from_ref(&dns))
    );
    assert_eq!(acl.description, "made by a test");
    assert!(acl.used_by.is_empty());
    assert!(client.list_network_acl_names(None).unwrap().contains(&name));
    let listed = client.list_network_acls(None).unwrap();
    assert_eq!(listed.iter().find(|a| a.name == name), Some(&acl));
    // A filter needs `api_filtering_extended`, the ACLs of all projects
    // `network_acls_all_projects` (LXD 5.0 lacks both, and the `project`
    // field).
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    let filtered = client.list_network_acl_names(Some(&filter));
    if let Some(names) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(names.unwrap(), std::slice::from_ref(&name));
    }
    let all = ListOptions::new().all_projects();
    let everywhere = client.list_network_acls(Some(&all));
    if let Some(everywhere) =
        crate::support::gated(&client, "network_acls_all_projects", everywhere)
    {
        assert_eq!(acl.project, "default");
        assert_eq!(
            everywhere.unwrap().iter().find(|a| a.name == name),
            Some(&acl)
        );
    }
    let shown = cli(&["network", "acl", "show", &name]);
    assert!(shown.contains("destination_port: \"22\""), "{shown}");
    assert!(shown.contains("source: 198.51.100.0/24"), "{shown}");
    assert!(shown.contains("destination: 198.51.100.7"), "{shown}");

    // PATCH: config keys merge. Incus 6.0.4 clears every other field the
    // body leaves out, so the body starts from the ACL as read.
    let mut patch = acl.writable();
    patch.config = [("user.b".to_string(), "2".to_string())].into();
    client
        .update_network_acl(&name, &patch, Some(&etag))
        .unwrap();
    assert_eq!(cli(&["network", "acl", "get", &name, "user.a"]), "1");
    assert_eq!(cli(&["network", "acl", "get", &name, "user.b"]), "2");
    let patched = client.get_network_acl(&name).unwrap();
    assert_eq!(patched.ingress, std::slice::from_ref(&ssh));
    assert_eq!(patched.description, "made by a test");
    // The 6.0.4 quirk the docs name: a PATCH of the description alone
    // drops the rules.
    let description_only = NetworkACLPut {
        description: Some("patched".into()),
        ..Default::default()
    };
    client
        .update_network_acl(&name, &description_only, None)
        .unwrap();
    let dropped = client.get_network_acl(&name).unwrap();
    assert_eq!(dropped.description, "patched");
    assert!(dropped.ingress.is_empty() && dropped.egress.is_empty());
    assert_eq!(dropped.config.len(), 2, "config is merged: {dropped:?}");

    // PUT with a stale ETag is refused; with the current one it replaces
    // the rules and clears what is left out.
    let put = NetworkACLPut {
        ingress: vec![
            rule("reject", "icmp4", "", ""),
            rule("allow", "tcp", "80,443", "@internal"),
        ],
        ..Default::default()
    };
    let e = client
        .replace_network_acl(&name, &put, Some(&etag))
        .unwrap_err();
    assert!(e.is_precondition_failed(), "{e:?}");
    let (_, fresh) = client.get_network_acl_with_etag(&name).unwrap();
    client
        .replace_network_acl(&name, &put, Some(&fresh))
        .unwrap();
    let replaced = client.get_network_acl(&name).unwrap();
    assert_eq!(replaced.ingress, put.ingress);
    assert!(replaced.egress.is_empty());
    assert_eq!(replaced.description, "");
    assert!(replaced.config.is_empty());
    let shown = cli(&["network", "acl", "show", &name]);
    assert!(shown.contains("destination_port: 80,443"), "{shown}");
    assert!(shown.contains("protocol: icmp4"), "{shown}");

    // Rename, then delete.
    client
        .rename_network_acl(
            &name,
            &NetworkACLPost {
                name: renamed.clone(),
            },
        )
        .unwrap();
    assert!(client.get_network_acl(&name).unwrap_err().is_not_found());
    assert_eq!(
        client.get_network_acl(&renamed).unwrap().ingress,
        put.ingress
    );
    client.delete_network_acl(&renamed).unwrap();
    assert!(client.get_network_acl(&renamed).unwrap_err().is_not_found());
    assert!(!cli(&["network", "acl", "list", "-f", "csv"]).contains(&renamed));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_acl_used_by_a_bridge_and_its_log() {
    let client = client();
    let name = unique("acl-used");
    let _acl = Cleanup(|| {
        let _ = client.delete_network_acl(&name);
    });
    client
        .create_network_acl(&NetworkACLsPost {
            name: name.clone(),
            egress: vec![rule("allow", "udp", "53", "")],
            ..Default::default()
        })
        .unwrap();
    // Dropped first: the bridge must go before the ACL it uses.
    let (bridge, _bridge) = bare_bridge("ta");
    cli(&["network", "set", &bridge, &format!("security.acls={name}")]);

    let acl = client.get_network_acl(&name).unwrap();
    assert_eq!(acl.used_by, [format!("/1.0/networks/{bridge}")]);
    // In use: neither renamed nor deleted.
    let rename = NetworkACLPost {
        name: format!("{name}-x"),
    };
    let (_, why) = api_error(&client.rename_network_acl(&name, &rename).unwrap_err());
    assert_eq!(why, "Cannot rename an ACL that is in use");
    let (_, why) = api_error(&client.delete_network_acl(&name).unwrap_err());
    assert_eq!(why, "Cannot delete an ACL that is in use");
    // The log: Incus keeps one only for OVN networks.
    let e = client.get_network_acl_log(&name).map(drop).unwrap_err();
    assert_eq!(
        api_error(&e),
        (
            500,
            "Only OVN log entries may be retrieved at this time".into()
        )
    );

    cli(&["network", "unset", &bridge, "security.acls"]);
    assert!(client.get_network_acl(&name).unwrap().used_by.is_empty());
    client.delete_network_acl(&name).unwrap();
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn network_acl_faults() {
    let client = client();
    let name = unique("acl-bad");
    let _cleanup = Cleanup(|| {
        let _ = client.delete_network_acl(&name);
    });

    // A rule with an unknown action: the daemon's validation text, which
    // names `allow-stateless` where the server has `network_acl_stateless`.
    let bad = NetworkACLsPost {
        name: name.clone(),
        ingress: vec![NetworkACLRule::new("permit")],
        ..Default::default()
    };
    let (_, why) = api_error(&client.create_network_acl(&bad).unwrap_err());
    let actions = match client.has_extension("network_acl_stateless").unwrap() {
        true => "allow, allow-stateless, drop, reject",
        false => "allow, drop, reject",
    };
    assert_eq!(
        why,
        format!("Invalid ingress rule 0: Action must be one of: {actions}")
    );
    assert!(client.get_network_acl(&name).unwrap_err().is_not_found());

    // A taken name.
    let good = NetworkACLsPost {
        name: name.clone(),
        ..Default::default()
    };
    client.create_network_acl(&good).unwrap();
    assert_eq!(
        api_error(&client.create_network_acl(&good).unwrap_err()),
        (400, "The network ACL already exists".into())
    );

    // A name holding `/` stays one segment: the ACL handler answers (its
    // own 404 text, not the router's bare "not found"), and a create with
    // it is refused by the name rule, not routed elsewhere.
    let slashed = format!("{name}/x");
    assert_eq!(
        api_error(&client.get_network_acl(&slashed).unwrap_err()),
        (404, "Network ACL not found".into())
    );
    assert_eq!(
        api_error(&client.get_network_acl_log(&slashed).map(drop).unwrap_err()).0,
        404
    );
    let slashed_post = NetworkACLsPost {
        name: slashed,
        ..Default::default()
    };
    let (_, why) = api_error(&client.create_network_acl(&slashed_post).unwrap_err());
    assert_eq!(
        why,
        "Name can only contain alphanumeric and hyphen characters"
    );
}
