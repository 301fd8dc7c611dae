//! Clustering, live: a real two-member cluster on loopback, made from two
//! fresh private daemons (`scripts/incus-cluster`), never the shared
//! sandbox ones (enabling clustering cannot be undone). One test function
//! runs the whole story in order, since every step needs the previous one:
//! bootstrap on a, a join token, b joins, members, groups, state,
//! evacuation, the cluster certificate, an instance placed on b with
//! `with_target`, and b's removal; the faults along the way. On LXD
//! (`INCUS_TEST_SERVER=lxd`) the members are two fresh lxd
//! (`scripts/incus-cluster --lxd`) and the command line is `lxc`; what
//! LXD 5.0 lacks is told by its API extensions.

mod parts;

use std::process::Command;

use incus::models::{
    ClusterCertificatePut, ClusterGroupPost, ClusterGroupPut, ClusterGroupsPost,
    ClusterMemberJoinToken, ClusterMemberPost, ClusterMemberStatePost, ClusterMembersPost,
    ClusterPut, ImageAliasesPost, InstanceSource, InstancesPost,
};
use incus::{Client, Error, ImageUploadArgs};

use crate::support::{self, Cleanup, WAIT, daemon_error, run, unique};
use parts::{Members, bootable_image, script, wait_ready};

const A: &str = "member-a";
const B: &str = "member-b";

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn a_two_member_loopback_cluster_places_an_instance_by_target() {
    support::record_requests();
    let members = Members::start();
    let _stop = Cleanup(|| {
        let _ = script("stop").status();
    });
    let (a, b) = (members.client("A"), members.client("B"));
    let (a_address, b_address) = (
        members.var("INCUS_CLUSTER_A_ADDRESS").to_string(),
        members.var("INCUS_CLUSTER_B_ADDRESS").to_string(),
    );

    // Not clustered yet: no tokens.
    assert!(!a.get_cluster().unwrap().enabled);
    let for_b = ClusterMembersPost {
        server_name: B.into(),
    };
    let e = a.create_cluster_member(&for_b).unwrap_err();
    assert_eq!(
        daemon_error(&e),
        (400, "This server is not clustered".into())
    );

    // Bootstrap on a.
    let op = a.replace_cluster(&ClusterPut::enable(A)).unwrap();
    a.wait_for_completion(&op, WAIT).unwrap();
    let cluster = a.get_cluster().unwrap();
    assert!(cluster.enabled);
    assert_eq!(cluster.server_name, A);
    let pool_key = cluster
        .member_config
        .iter()
        .find(|k| {
            (k.entity.as_str(), k.name.as_str(), k.key.as_str())
                == ("storage-pool", "default", "source")
        })
        .unwrap_or_else(|| panic!("no pool source to give: {:?}", cluster.member_config))
        .clone();

    // A join token for b, pinned to a's cluster certificate.
    let (token, token_op) = a.create_cluster_member(&for_b).unwrap();
    assert_eq!(token.server_name, B);
    assert_eq!(token.addresses, [a_address.as_str()]);
    assert_eq!(token_op.class, "token");
    let certificate = a.get_server().unwrap().environment.certificate;
    assert!(token.matches_certificate(&certificate).unwrap());
    let keys = [pool_key.value(members.var("INCUS_CLUSTER_B_POOL_SOURCE"))];
    let join = ClusterPut::join(&token, certificate.clone(), b_address.clone())
        .member_config(keys.clone());

    // Faults before the join: pinning b's own certificate is refused
    // before the secret leaves; a wrong secret is the cluster's to refuse.
    let own = b.get_server().unwrap().environment.certificate;
    let e = b
        .replace_cluster(&ClusterPut::join(&token, own, b_address.clone()))
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidInput(m) if m.contains("fingerprint")),
        "{e}"
    );
    let forged = ClusterMemberJoinToken {
        secret: "0".repeat(64),
        ..token.clone()
    };
    let wrong = ClusterPut::join(&forged, certificate.clone(), b_address.clone())
        .member_config(keys.clone());
    let e = b
        .replace_cluster(&wrong)
        .and_then(|op| b.wait_for_completion(&op, WAIT))
        .unwrap_err();
    let (_, message) = daemon_error(&e);
    assert!(
        message.contains("Failed to setup cluster trust"),
        "{message}"
    );
    assert!(!b.get_cluster().unwrap().enabled);
    assert_eq!(a.list_cluster_member_names(None).unwrap(), [A]);

    // The join.
    let op = b.replace_cluster(&join).unwrap();
    b.wait_for_completion(&op, WAIT).unwrap();
    assert!(b.get_cluster().unwrap().enabled);
    assert_eq!(a.list_cluster_member_names(None).unwrap(), [A, B]);
    for client in [&a, &b] {
        let listed = client.list_cluster_members(None).unwrap();
        let status: Vec<_> = listed
            .iter()
            .map(|m| (m.server_name.as_str(), m.status.as_str()))
            .collect();
        assert_eq!(status, [(A, "Online"), (B, "Online")]);
    }
    assert_eq!(
        members.query("B", "/1.0/cluster/members/member-a")["url"],
        format!("https://{a_address}")
    );

    members_and_groups(&a, &b, &members);
    evacuate_and_restore(&a);
    replace_the_certificate(&a, &b);
    place_on_b(&a, &b, &members);

    // Faults on members, then b's removal.
    let e = a.delete_cluster_member("no-such-member", None).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    a.delete_cluster_member(B, None).unwrap();
    assert_eq!(a.list_cluster_member_names(None).unwrap(), [A]);
    wait_ready(&b);
    assert!(!b.get_cluster().unwrap().enabled, "b reset itself");

    // The token is spent: b, standalone again, cannot use it twice.
    let e = b
        .replace_cluster(&join)
        .and_then(|op| b.wait_for_completion(&op, WAIT))
        .unwrap_err();
    let (_, message) = daemon_error(&e);
    assert!(
        message.contains("Failed to setup cluster trust"),
        "{message}"
    );
    assert_eq!(a.list_cluster_member_names(None).unwrap(), [A]);
}

/// Members (get, ETag, PUT, PATCH, rename) and groups (every endpoint).
fn members_and_groups(a: &Client, b: &Client, members: &Members) {
    let (member, etag) = a.get_cluster_member_with_etag(B).unwrap();
    assert_eq!(member.groups, ["default"]);
    let mut put = member.writable();
    put.description = Some("joined by rust".into());
    a.replace_cluster_member(B, &put, Some(&etag)).unwrap();
    assert_eq!(
        members.query("A", "/1.0/cluster/members/member-b")["description"],
        "joined by rust"
    );
    let e = a.replace_cluster_member(B, &put, Some(&etag)).unwrap_err();
    assert!(e.is_precondition_failed(), "{e}");
    put.description = Some("patched".into());
    put.config = [("user.x".to_string(), "1".to_string())].into();
    a.update_cluster_member(B, &put, None).unwrap();
    let read = b.get_cluster_member(B).unwrap();
    assert_eq!(
        (read.description.as_str(), read.config["user.x"].as_str()),
        ("patched", "1")
    );
    // Incus 6.0.4 merges nothing but config in a PATCH.
    let only = incus::models::ClusterMemberPut {
        description: Some("only".into()),
        ..Default::default()
    };
    let e = a.update_cluster_member(B, &only, None).unwrap_err();
    assert_eq!(
        daemon_error(&e),
        (
            400,
            "Cluster members need to belong to at least one group".into()
        )
    );

    // Renames: onto a taken name, then b away and back.
    let e = a
        .rename_cluster_member(
            B,
            &ClusterMemberPost {
                server_name: A.into(),
            },
        )
        .unwrap_err();
    assert_eq!(daemon_error(&e), (409, "Conflict".into()));
    let renamed = "member-b2";
    a.rename_cluster_member(
        B,
        &ClusterMemberPost {
            server_name: renamed.into(),
        },
    )
    .unwrap();
    assert_eq!(a.list_cluster_member_names(None).unwrap(), [A, renamed]);
    assert_eq!(b.list_cluster_member_names(None).unwrap(), [A, renamed]);
    // LXD 5.0.2 renames the member's row only: b keeps its old name in
    // its own `GET /1.0/cluster`.
    let b_says = if support::on_lxd() { B } else { renamed };
    assert_eq!(b.get_cluster().unwrap().server_name, b_says);
    a.rename_cluster_member(
        renamed,
        &ClusterMemberPost {
            server_name: B.into(),
        },
    )
    .unwrap();
    assert_eq!(b.get_cluster().unwrap().server_name, B);

    // Groups.
    let group = "rust-group";
    a.create_cluster_group(&ClusterGroupsPost {
        name: group.into(),
        description: "made by rust".into(),
        members: vec![B.into()],
        ..Default::default()
    })
    .unwrap();
    assert_eq!(a.get_cluster_member(B).unwrap().groups, ["default", group]);
    assert_eq!(a.list_cluster_group_names().unwrap(), ["default", group]);
    let listed = b.list_cluster_groups().unwrap();
    assert_eq!(listed[1].members, [B]);
    let (read, etag) = a.get_cluster_group_with_etag(group).unwrap();
    let mut put = read.writable();
    put.members.push(A.into());
    a.replace_cluster_group(group, &put, Some(&etag)).unwrap();
    let mut now = a.get_cluster_group(group).unwrap().members;
    now.sort();
    assert_eq!(now, [A, B]);
    // Incus 6.0.4's PATCH of a group fails unless it has exactly one
    // member (it deletes the group's member rows expecting one).
    let patch = ClusterGroupPut {
        description: Some("patched".into()),
        ..Default::default()
    };
    match a.update_cluster_group(group, &patch, None) {
        Ok(()) => assert_eq!(a.get_cluster_group(group).unwrap().description, "patched"),
        Err(e) => {
            let (status, message) = daemon_error(&e);
            assert!(
                message.contains("deleted 2 NodeClusterGroup rows"),
                "{status} {message}"
            );
        }
    }
    put.members = vec![B.into()];
    put.description = Some("put".into());
    a.replace_cluster_group(group, &put, None).unwrap();
    a.update_cluster_group(group, &patch, None).unwrap();
    let read = a.get_cluster_group(group).unwrap();
    assert_eq!(
        (read.description.as_str(), read.members.as_slice()),
        ("patched", [B.to_string()].as_slice())
    );
    let e = a
        .rename_cluster_group(
            group,
            &ClusterGroupPost {
                name: "default".into(),
            },
        )
        .unwrap_err();
    assert_eq!(
        daemon_error(&e),
        (500, "Name \"default\" already in use".into())
    );
    let moved = "rust-group-2";
    a.rename_cluster_group(group, &ClusterGroupPost { name: moved.into() })
        .unwrap();
    assert_eq!(a.list_cluster_group_names().unwrap(), ["default", moved]);
    let e = a.delete_cluster_group(moved).unwrap_err();
    assert_eq!(
        daemon_error(&e),
        (500, "Only empty cluster groups can be removed".into())
    );
    // A PUT without members empties the group.
    a.replace_cluster_group(moved, &ClusterGroupPut::default(), None)
        .unwrap();
    a.delete_cluster_group(moved).unwrap();
    assert!(a.get_cluster_group(moved).unwrap_err().is_not_found());
    assert_eq!(a.get_cluster_member(B).unwrap().groups, ["default"]);
}

/// An evacuation that stops the instances: by its mode where the server
/// has `clustering_evacuation_mode`; LXD 5.0.2 lacks it, so the crate
/// refuses the mode (asserted) and the instances say it themselves
/// (`cluster.evacuate=stop`).
fn evacuate_stop(a: &Client) -> ClusterMemberStatePost {
    let stop = ClusterMemberStatePost::evacuate().mode("stop");
    if support::has_or_refused(a, "clustering_evacuation_mode", || {
        a.set_cluster_member_state(B, &stop)
    }) {
        return stop;
    }
    ClusterMemberStatePost::evacuate()
}

/// Member state, and b evacuated and restored (no instances yet).
fn evacuate_and_restore(a: &Client) {
    // LXD 5.0.2 lacks `cluster_member_state` (it answers the GET 501).
    if support::has_or_refused(a, "cluster_member_state", || a.get_cluster_member_state(B)) {
        let state = a.get_cluster_member_state(B).unwrap();
        assert!(state.sysinfo.total_ram > 0 && state.sysinfo.processes > 0);
        assert!(state.storage_pools["default"].space.total > 0);
    }
    let op = a.set_cluster_member_state(B, &evacuate_stop(a)).unwrap();
    a.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(a.get_cluster_member(B).unwrap().status, "Evacuated");
    let op = a
        .set_cluster_member_state(B, &ClusterMemberStatePost::restore())
        .unwrap();
    a.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(a.get_cluster_member(B).unwrap().status, "Online");
    let e = a
        .set_cluster_member_state(B, &ClusterMemberStatePost::restore())
        .and_then(|op| a.wait_for_completion(&op, WAIT))
        .unwrap_err();
    assert_eq!(
        daemon_error(&e),
        (400, "Cluster member is already restored".into())
    );
}

/// A new cluster certificate (openssl), taken by both members.
fn replace_the_certificate(a: &Client, b: &Client) {
    let (dir, _rm) = crate::support::temp_dir("cluster-cert");
    let (crt, key) = (dir.join("cluster.crt"), dir.join("cluster.key"));
    run(Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:secp384r1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=rust-test-cluster"])
        // Members check each other's certificate by its first DNS name.
        .args(["-addext", "subjectAltName=DNS:rust-test-cluster", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&crt));
    let pem = std::fs::read_to_string(&crt).unwrap();
    a.replace_cluster_certificate(&ClusterCertificatePut {
        cluster_certificate: pem.clone(),
        cluster_certificate_key: std::fs::read_to_string(&key).unwrap(),
    })
    .unwrap();
    for client in [a, b] {
        let served = client.get_server().unwrap().environment.certificate;
        assert_eq!(served.trim(), pem.trim());
    }
    // Member to member traffic (a forwards this to b) takes the new one.
    if a.has_extension("cluster_member_state").unwrap() {
        assert!(a.get_cluster_member_state(B).unwrap().sysinfo.uptime > 0);
    } else {
        let served = a.with_target(B).get_server().unwrap().environment;
        assert_eq!(served.server_name, B);
    }
    let e = a
        .replace_cluster_certificate(&ClusterCertificatePut::default())
        .unwrap_err();
    assert_eq!(daemon_error(&e).0, 400, "{e}");
}

/// An image uploaded through a, a container placed on b by target,
/// running on b, then deleted.
fn place_on_b(a: &Client, b: &Client, members: &Members) {
    let (dir, _rm) = crate::support::temp_dir("cluster-image");
    let (meta, rootfs) = bootable_image(&dir);
    let args = || {
        ImageUploadArgs::split(
            std::fs::File::open(&meta).unwrap(),
            std::fs::File::open(&rootfs).unwrap(),
        )
    };
    // LXD 5.0.2 lacks `image_import_alias` (an alias with the upload is
    // refused by the crate): the alias is made after.
    let with_alias = support::has_or_refused(a, "image_import_alias", || {
        a.upload_image(args().alias("busybox"))
    });
    let upload = match with_alias {
        true => args().alias("busybox"),
        false => args(),
    };
    let done = a
        .wait_for_completion(&a.upload_image(upload).unwrap(), WAIT)
        .unwrap();
    if !with_alias {
        a.create_image_alias(&ImageAliasesPost {
            name: "busybox".into(),
            target: done.metadata["fingerprint"].as_str().unwrap().into(),
            ..Default::default()
        })
        .unwrap();
    }

    let name = unique("cluster");
    let on_b = a.with_target(B);
    let mut post = InstancesPost {
        name: name.clone(),
        source: InstanceSource::image_alias("busybox"),
        ..Default::default()
    };
    // LXD 5.0.2 lacks `clustering_evacuation_mode`: the instance says how
    // it leaves an evacuated member.
    if !a.has_extension("clustering_evacuation_mode").unwrap() {
        post.config.insert("cluster.evacuate".into(), "stop".into());
    }
    let op = on_b.create_instance(&post).unwrap();
    let _guard = support::instance_guard(a, &name);
    a.wait_for_completion(&op, WAIT).unwrap();
    assert_eq!(a.get_instance(&name).unwrap().location, B);
    assert_eq!(
        members.query("B", &format!("/1.0/instances/{name}"))["location"],
        B
    );
    a.wait_for_completion(&a.start_instance(&name).unwrap(), WAIT)
        .unwrap();
    assert_eq!(b.get_instance_state(&name).unwrap().status, "Running");
    // Evacuated with mode stop, the container stops and stays on b; restored, it runs again.
    let evacuate = evacuate_stop(a);
    a.wait_for_completion(&a.set_cluster_member_state(B, &evacuate).unwrap(), WAIT)
        .unwrap();
    let read = a.get_instance(&name).unwrap();
    assert_eq!(
        (read.status.as_str(), read.location.as_str()),
        ("Stopped", B)
    );
    let restore = ClusterMemberStatePost::restore();
    a.wait_for_completion(&a.set_cluster_member_state(B, &restore).unwrap(), WAIT)
        .unwrap();
    assert_eq!(a.get_instance(&name).unwrap().status, "Running");
    support::remove_instance(a, &name);
    assert!(a.get_instance(&name).unwrap_err().is_not_found());
}
