//! The gates on API extensions that Incus 6.0.4 has and LXD 5.0.2 lacks:
//! whole endpoints (rebuild, access, buckets, integrations, allocations,
//! load balancers, metadata configuration, …) and options a server without
//! their extension would ignore (a filter on most lists, `all_projects`,
//! `start: true`, a forced project delete, an alias on an upload, …).
//! [`refused`] calls each gated method against a server with none of them
//! (run by [`super::newer`]'s `every_gated_method_refuses_without_its_extension`,
//! which also checks that every gate is named); the tests here check that
//! the same options left unset, or on baseline lists, need nothing, and
//! that every gate is one the crate's rule allows.

use std::collections::BTreeSet;

use incus::models::{
    CertificatesPost, ClusterMemberStatePost, ImageMetadata, ImageMetadataTemplate,
    InstanceConsolePost, InstanceRebuildPost, InstanceSource, InstancesPost, NetworkPeersPost,
    StorageBucketBackupsPost, StorageVolumeSource, StorageVolumesPost,
};
use incus::{Client, DeleteProjectOptions, Error, ImageUploadArgs, ListOptions};
use incus::{StorageVolumeImportArgs, models::StorageBucketsPost};
use serde_json::json;

use super::{Fake, json_reply, server_with, sync, within};

/// Gates named by a test of their own here, not by [`refused`] (the
/// endpoint's own gate comes first there).
pub(super) const NAMED_HERE: &[&str] = &["storage_buckets_all_projects"];

/// Extensions the crate gates on that are newer than Incus 6.0.4 (in
/// neither measured list).
const NEWER_THAN_6_0_4: &[&str] = &[
    "custom_volume_sftp",
    "file_storage_volume",
    "instance_nbd",
    "instance_nvram",
    "instance_nvram_bulk_update",
    "instance_port_forward",
    "instances_debug_repair",
    "network_address_set",
    "storage_bucket_full",
    "storage_volume_full",
    "storage_volume_nbd",
    "storage_volumes_rebuild",
];

/// Each method or option gated on an extension Incus 6.0.4 has and LXD
/// 5.0.2 lacks, called on `c` (a server with none of them): the extension
/// it must name, its endpoint, and the error.
pub(super) fn refused(c: &Client) -> Vec<(&'static str, &'static str, Error)> {
    let filter = ListOptions::new().filter("name eq x");
    let all = ListOptions::new().all_projects();
    let f = Some(&filter);
    let a = Some(&all);
    let start = InstancesPost {
        name: "c1".into(),
        source: InstanceSource::none(),
        start: true,
        ..Default::default()
    };
    let refresh = StorageVolumesPost {
        name: "v1".into(),
        source: StorageVolumeSource {
            refresh_exclude_older: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let described = CertificatesPost {
        certificate: "PEM".into(),
        description: "laptop".into(),
        ..Default::default()
    };
    let template = ImageMetadataTemplate {
        uid: "1000".into(),
        ..Default::default()
    };
    let metadata = ImageMetadata {
        templates: [("hostname.tpl".to_string(), template)].into(),
        ..Default::default()
    };
    let mut mode = ClusterMemberStatePost::evacuate();
    mode.mode = "stop".into();
    let force = DeleteProjectOptions::new().force();
    let console = InstanceConsolePost {
        force: true,
        ..Default::default()
    };
    let empty = InstanceRebuildPost {
        source: InstanceSource::none(),
    };
    let upload = ImageUploadArgs::new(&b"tar"[..]).alias("a");
    let iso = StorageVolumeImportArgs::iso(&b"CD001"[..]).name("cd");
    let peer = NetworkPeersPost::remote("out", "ovn-ic1");
    let lb = "192.0.2.1";
    vec![
        (
            "api_filtering_extended",
            "GET /1.0/profiles",
            c.list_profile_names(f).unwrap_err(),
        ),
        (
            "api_filtering_extended",
            "GET /1.0/projects",
            c.list_projects(f).unwrap_err(),
        ),
        (
            "api_filtering_extended",
            "GET /1.0/networks",
            c.list_network_names(f).unwrap_err(),
        ),
        (
            "api_filtering_extended",
            "GET /1.0/storage-pools",
            c.list_storage_pools(f).unwrap_err(),
        ),
        (
            "api_filtering_extended",
            "GET /1.0/certificates",
            c.list_certificates(f).unwrap_err(),
        ),
        (
            "api_filtering_extended",
            "GET /1.0/warnings",
            c.list_warning_names(f).unwrap_err(),
        ),
        (
            "profiles_all_projects",
            "GET /1.0/profiles",
            c.list_profiles(a).unwrap_err(),
        ),
        (
            "images_all_projects",
            "GET /1.0/images",
            c.list_image_names(a).unwrap_err(),
        ),
        (
            "networks_all_projects",
            "GET /1.0/networks",
            c.list_networks(a).unwrap_err(),
        ),
        (
            "network_acls_all_projects",
            "GET /1.0/network-acls",
            c.list_network_acl_names(a).unwrap_err(),
        ),
        (
            "network_zones_all_projects",
            "GET /1.0/network-zones",
            c.list_network_zones(a).unwrap_err(),
        ),
        (
            "operations_get_query_all_projects",
            "GET /1.0/operations",
            c.list_operation_names(a).unwrap_err(),
        ),
        (
            "projects_force_delete",
            "DELETE /1.0/projects/p",
            c.delete_project("p", Some(&force)).unwrap_err(),
        ),
        (
            "instance_create_start",
            "POST /1.0/instances",
            c.create_instance(&start).unwrap_err(),
        ),
        (
            "custom_volume_refresh_exclude_older_snapshots",
            "POST /1.0/storage-pools/default/volumes/custom",
            c.create_storage_volume("default", "custom", &refresh)
                .unwrap_err(),
        ),
        (
            "certificate_description",
            "POST /1.0/certificates",
            c.create_certificate(&described).unwrap_err(),
        ),
        (
            "certificate_description",
            "POST /1.0/certificates",
            c.create_certificate_token(&CertificatesPost::token("t").description("d"))
                .map(drop)
                .unwrap_err(),
        ),
        (
            "image_template_permissions",
            "PUT /1.0/instances/c1/metadata",
            c.replace_instance_metadata("c1", &metadata, None)
                .unwrap_err(),
        ),
        (
            "clustering_evacuation_mode",
            "POST /1.0/cluster/members/m1/state",
            c.set_cluster_member_state("m1", &mode).unwrap_err(),
        ),
        (
            "console_force",
            "POST /1.0/instances/c1/console",
            c.console_instance("c1", &console).unwrap_err(),
        ),
        (
            "image_import_alias",
            "POST /1.0/images",
            c.upload_image(upload).unwrap_err(),
        ),
        (
            "custom_volume_iso",
            "POST /1.0/storage-pools/default/volumes/custom",
            c.import_storage_volume("default", iso).unwrap_err(),
        ),
        (
            "network_integrations",
            "POST /1.0/networks/ovn0/peers",
            c.create_network_peer("ovn0", &peer).unwrap_err(),
        ),
        (
            "network_integrations",
            "GET /1.0/network-integrations",
            c.list_network_integration_names(None).unwrap_err(),
        ),
        (
            "instances_rebuild",
            "POST /1.0/instances/c1/rebuild",
            c.rebuild_instance("c1", &empty).unwrap_err(),
        ),
        (
            "instance_access",
            "GET /1.0/instances/c1/access",
            c.get_instance_access("c1").unwrap_err(),
        ),
        (
            "project_access",
            "GET /1.0/projects/p/access",
            c.get_project_access("p").unwrap_err(),
        ),
        (
            "instance_debug_memory",
            "GET /1.0/instances/vm1/debug/memory",
            c.get_instance_debug_memory("vm1", None)
                .map(drop)
                .unwrap_err(),
        ),
        (
            "metadata_configuration",
            "GET /1.0/metadata/configuration",
            c.get_metadata_configuration().unwrap_err(),
        ),
        (
            "cluster_member_state",
            "GET /1.0/cluster/members/m1/state",
            c.get_cluster_member_state("m1").unwrap_err(),
        ),
        (
            "network_allocations",
            "GET /1.0/network-allocations",
            c.list_network_allocations(None).unwrap_err(),
        ),
        (
            "network_load_balancer",
            "GET /1.0/networks/ovn0/load-balancers",
            c.list_network_load_balancer_names("ovn0", None)
                .unwrap_err(),
        ),
        (
            "network_load_balancer_state",
            "GET /1.0/networks/ovn0/load-balancers/192.0.2.1/state",
            c.get_network_load_balancer_state("ovn0", lb).unwrap_err(),
        ),
        (
            "storage_buckets",
            "POST /1.0/storage-pools/default/buckets",
            c.create_storage_bucket("default", &StorageBucketsPost::default())
                .unwrap_err(),
        ),
        (
            "storage_buckets",
            "GET /1.0/storage-pools/default/buckets/b1/keys",
            c.list_storage_bucket_key_names("default", "b1")
                .unwrap_err(),
        ),
        (
            "storage_bucket_backup",
            "POST /1.0/storage-pools/default/buckets/b1/backups",
            c.create_storage_bucket_backup("default", "b1", &StorageBucketBackupsPost::default())
                .unwrap_err(),
        ),
    ]
}

/// `all_projects` on buckets needs its own extension beside the endpoint's.
#[test]
fn bucket_lists_of_all_projects_need_their_extension() {
    let fake = Fake::start(vec![server_with(&["storage_buckets"], json!({}))]);
    let c = fake.client();
    let all = ListOptions::new().all_projects();
    let e = within(3000, move || {
        c.list_storage_buckets("default", Some(&all)).unwrap_err()
    });
    match e {
        Error::MissingExtension { extension, .. } => {
            assert_eq!(extension, NAMED_HERE[0]);
        }
        other => panic!("expected MissingExtension, got {other:?}"),
    }
    let sent: Vec<_> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(sent, ["/1.0"]);
}

/// The same options left unset, and a filter or `all_projects` on the
/// lists whose extensions both servers have (instances, images' filter,
/// volumes), need no extension: the server's list is not even read.
#[test]
fn options_left_unset_or_baseline_need_nothing() {
    let fake = Fake::start((0..9).map(|_| json_reply(200, &sync(json!([])))).collect());
    let c = fake.client();
    let results = within(3000, move || {
        let filter = ListOptions::new().filter("name eq x");
        let all = ListOptions::new().all_projects().filter("name eq x");
        [
            c.list_profile_names(None).map(drop),
            c.list_profile_names(Some(&ListOptions::new())).map(drop),
            c.list_instance_names(Some(&all)).map(drop),
            c.list_instances_full(Some(&all)).map(drop),
            c.list_image_names(Some(&filter)).map(drop),
            c.list_storage_volume_names("default", Some(&all)).map(drop),
            c.list_network_names(None).map(drop),
            c.list_operation_names(None).map(drop),
            c.delete_project("p", Some(&DeleteProjectOptions::new())),
        ]
    });
    for result in results {
        result.unwrap();
    }
    let sent: Vec<_> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(sent.len(), 9, "{sent:?}");
    assert!(!sent.contains(&"/1.0".to_string()), "{sent:?}");
}

/// The crate's rule: an extension both Incus 6.0.4 and LXD 5.0.2 list is
/// never checked; every gate is one of those Incus 6.0.4 has and LXD 5.0.2
/// lacks (the measured list beside this file), or newer than 6.0.4.
#[test]
fn every_gate_is_missing_from_lxd_5_0_2_or_newer_than_incus_6_0_4() {
    let measured = include_str!("extensions-incus-6.0.4-not-lxd-5.0.2.txt");
    let allowed: BTreeSet<&str> = measured
        .lines()
        .chain(NEWER_THAN_6_0_4.iter().copied())
        .collect();
    assert_eq!(measured.lines().count(), 141);
    for extension in super::sources::gated_extensions() {
        assert!(
            allowed.contains(extension.as_str()),
            "`{extension}` is gated on but LXD 5.0.2 has it (or it is misspelt)"
        );
    }
}
