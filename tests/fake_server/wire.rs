//! The wire table: one row per public endpoint method, calling it on a fake
//! that gives every request the same empty `sync` reply (but `GET /1.0`,
//! which lists every API extension the crate gates on), and asserting the
//! request as it reached the socket: method, escaped path, query (pairs in
//! any order), `If-Match`, and body (the JSON value, or none). A typo in any
//! path fails here without a daemon. Whether the method can decode the
//! generic reply does not matter; the row is about the request.
//!
//! [`every_documented_method_has_a_row`] reads the sources and fails when a
//! public method whose doc has a ``Sends `METHOD /path` `` line has no row,
//! so a new endpoint method cannot skip the table;
//! [`every_row_is_a_request_its_sends_line_names`] keeps those doc lines (the
//! input of `scripts/endpoint-coverage`) in step with what the rows send.

use std::collections::BTreeSet;
use std::time::Duration;

use incus::models::{
    CertificateAddToken, CertificatePut, CertificatesPost, ClusterCertificatePut, ClusterGroupPost,
    ClusterGroupPut, ClusterGroupsPost, ClusterMemberPost, ClusterMemberPut,
    ClusterMemberStatePost, ClusterMembersPost, ClusterPut, ConfigMap, ImageAlias,
    ImageAliasesEntryPost, ImageAliasesEntryPut, ImageAliasesPost, ImageExportPost, ImageMetadata,
    ImagePut, ImagesPost, ImagesPostSource, InstanceBackupPost, InstanceBackupsPost,
    InstanceConsolePost, InstanceDebugRepairPost, InstanceExecPost, InstanceNVRAMVariablePut,
    InstancePortForwardPost, InstancePost, InstancePut, InstanceRebuildPost, InstanceSnapshotPost,
    InstanceSnapshotPut, InstanceSnapshotsPost, InstanceSource, InstanceStatePut, InstancesPost,
    InstancesPut, NetworkACLPost, NetworkACLPut, NetworkACLRule, NetworkACLsPost,
    NetworkAddressSetPost, NetworkAddressSetPut, NetworkAddressSetsPost, NetworkForwardPort,
    NetworkForwardPut, NetworkForwardsPost, NetworkIntegrationPost, NetworkIntegrationPut,
    NetworkIntegrationsPost, NetworkLoadBalancerBackend, NetworkLoadBalancerPort,
    NetworkLoadBalancerPut, NetworkLoadBalancersPost, NetworkPeerPut, NetworkPeersPost,
    NetworkPost, NetworkPut, NetworkZonePut, NetworkZoneRecordEntry, NetworkZoneRecordPut,
    NetworkZoneRecordsPost, NetworkZonesPost, NetworksPost, ProfilePost, ProfilePut, ProfilesPost,
    ProjectPost, ProjectPut, ProjectsPost, ServerPut, StorageBucketBackupPost,
    StorageBucketBackupsPost, StorageBucketKeyPut, StorageBucketKeysPost, StorageBucketPut,
    StorageBucketsPost, StoragePoolPut, StoragePoolsPost, StorageVolumeBackupPost,
    StorageVolumeBackupsPost, StorageVolumeBitmapsPost, StorageVolumePost, StorageVolumePut,
    StorageVolumeRebuildPost, StorageVolumeSnapshotPost, StorageVolumeSnapshotPut,
    StorageVolumeSnapshotsPost, StorageVolumeSource, StorageVolumesPost, WarningPut,
};
use incus::{
    Client, ConnectInstanceNbdOptions, ConnectStorageVolumeNbdOptions, DeleteClusterMemberOptions,
    DeleteProjectOptions, EventFilter, GetInstanceDebugMemoryOptions, ImageUploadArgs,
    InstanceBackupArgs, InstanceFileArgs, ListOptions, StorageVolumeImportArgs, Upload,
};
use serde_json::{Value, json};

use super::sources::{documented_methods, gated_extensions};
use super::{Fake, Reply, Request, within};

/// Names that need escaping, one per resource, and their escaped segments
/// (written out in the rows).
const PROFILE: &str = "a b/c"; // a%20b%2Fc
const PROJECT: &str = "é?x"; // %C3%A9%3Fx
const INSTANCE: &str = "c#1 é"; // c%231%20%C3%A9
const OPERATION: &str = ".."; // %2E%2E
const SNAPSHOT: &str = "s/0?"; // s%2F0%3F
const GUID: &str = "8be4df61-93ca-11d2-aa0d-00e098032b8c"; // unchanged
const VARIABLE: &str = "Boot 1/é"; // Boot%201%2F%C3%A9
const ALIAS: &str = "debian/12 é"; // debian%2F12%20%C3%A9
const IMAGE: &str = "06b86454720d"; // a fingerprint prefix: hex, unchanged
const POOL: &str = "pool 1/é"; // pool%201%2F%C3%A9
const VOLUME: &str = "data/1 é"; // data%2F1%20%C3%A9
const NEWER_POOL: &str = "p 1/é"; // p%201%2F%C3%A9
const NEWER_VOLUME: &str = "v?1"; // v%3F1
const BUCKET: &str = "b#1"; // b%231
const KEY: &str = "k/1"; // k%2F1
const NETWORK: &str = "br 0/é"; // br%200%2F%C3%A9
const FORWARDS_NETWORK: &str = "n 1/é"; // n%201%2F%C3%A9
const LISTEN_V6: &str = "2001:db8::1"; // 2001%3Adb8%3A%3A1
const LISTEN_CIDR: &str = "192.0.2.0/24"; // 192.0.2.0%2F24, one segment
const PEER: &str = "p/1 é"; // p%2F1%20%C3%A9
const ACL: &str = "web/1"; // web%2F1
const ZONE: &str = "a b.example"; // a%20b.example
const RECORD: &str = "_sip._tcp/é"; // _sip._tcp%2F%C3%A9
const INTEGRATION: &str = "ovn?1"; // ovn%3F1
const ADDRESS_SET: &str = "set #1"; // set%20%231
const WARNING: &str = "w 1/é"; // w%201%2F%C3%A9
const CERTIFICATE: &str = "ab/c d"; // ab%2Fc%20d
const MEMBER: &str = "m 1/é"; // m%201%2F%C3%A9
const GROUP: &str = "g?1"; // g%3F1

/// An image's fingerprint (64 hex digits; sent as is).
const FINGERPRINT: &str = "8ae945c52bb2f2df51c923b04022312f99bbb72c356251f54fa89ea7cf1df1d0";

/// The fingerprint of the empty export the fake answers (the SHA-256 of no
/// bytes), so that the export verifies and sends nothing more.
const EMPTY_IMAGE: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// The ETag writers send, and the fake's replies carry.
const ETAG: &str = "\"etag-1\"";

/// Public methods with a row but no `Sends` line: `raw…` send what they are
/// given, helpers what the method they build on sends.
const WITHOUT_SENDS_LINE: [&str; 4] = [
    "raw",
    "raw_operation",
    "restore_instance_snapshot",
    "restore_storage_volume_snapshot",
];

/// One public method, called, and the request it must send.
struct Row<'a> {
    /// The method's name, taken from the call in the row.
    name: &'static str,
    /// Makes the call; returns its result (`Debug`) for failure messages.
    call: Box<dyn Fn() -> String + 'a>,
    method: &'static str,
    /// The path as it must reach the socket, escaped.
    path: &'static str,
    /// The query as it must reach the socket, escaped, `&`-joined, any order.
    query: &'static str,
    if_match: Option<&'static str>,
    body: Option<Value>,
    /// A raw (not JSON) body, sent as `application/octet-stream`.
    raw: Option<&'static [u8]>,
    /// Request headers that must be sent with these values.
    headers: &'static [(&'static str, &'static str)],
}

/// `row!(client.method(args) => METHOD "/path" ? "k=v&…", if_match ETAG, body json!(…))`;
/// the query, `if_match` and `body` are left out when the request has none.
macro_rules! row {
    (@query) => { "" };
    (@query $query:literal) => { $query };
    (@some) => { None };
    (@some $value:expr) => { Some($value) };
    (@headers) => { &[] };
    (@headers $headers:expr) => { $headers };
    ($client:ident . $name:ident ( $($arg:expr),* $(,)? ) => $method:ident $path:literal
     $(? $query:literal)? $(, if_match $etag:expr)? $(, body $body:expr)?
     $(, raw $raw:expr)? $(, headers $headers:expr)? $(,)?) => {
        Row {
            name: stringify!($name),
            call: Box::new(|| format!("{:?}", $client.$name($($arg),*).map(drop))),
            method: stringify!($method),
            path: $path,
            query: row!(@query $($query)?),
            if_match: row!(@some $($etag)?),
            body: row!(@some $($body)?),
            raw: row!(@some $($raw)?),
            headers: row!(@headers $($headers)?),
        }
    };
}

/// Builds the table on `c` and gives it to `use_rows`.
fn with_table<T>(c: &Client, use_rows: impl FnOnce(Vec<Row<'_>>) -> T) -> T {
    let scoped = c.with_project("p 1").with_target("m/1");
    let list = ListOptions::new()
        .filter("status eq Running")
        .all_projects();
    let force = DeleteProjectOptions::new().force();
    let events = EventFilter::new().lifecycle().operation().all_projects();
    let server = ServerPut {
        config: map(&[("core.https_address", ":8443")]),
    };
    let new_profile = ProfilesPost {
        name: PROFILE.into(),
        description: "web".into(),
        config: map(&[("limits.cpu", "2")]),
        ..Default::default()
    };
    let root = map(&[("type", "disk"), ("path", "/"), ("pool", "default")]);
    let profile = ProfilePut {
        description: Some("d".into()),
        devices: [("root".into(), root)].into(),
        ..Default::default()
    };
    let new_project = ProjectsPost {
        name: PROJECT.into(),
        config: map(&[("features.profiles", "true")]),
        ..Default::default()
    };
    let project = ProjectPut {
        description: Some("p".into()),
        ..Default::default()
    };
    let new_instance = InstancesPost {
        name: INSTANCE.into(),
        source: InstanceSource::image_alias("debian/12"),
        kind: "virtual-machine".into(),
        start: true,
        ..Default::default()
    };
    let instance = InstancePut {
        profiles: Some(vec!["default".into()]),
        config: map(&[("limits.memory", "1GiB")]),
        ..Default::default()
    };
    let rename_instance = InstancePost {
        name: "c2".into(),
        ..Default::default()
    };
    let stop = InstanceStatePut::stop()
        .force()
        .timeout(Duration::from_secs(30));
    let freeze_all = InstancesPut {
        state: InstanceStatePut::freeze(),
    };
    let exec = json!({"command": ["true"]});
    let console = InstanceConsolePost {
        width: Some(80),
        height: Some(24),
        kind: "console".into(),
        ..Default::default()
    };
    let metadata = ImageMetadata {
        architecture: "x86_64".into(),
        properties: map(&[("os", "busybox")]),
        ..Default::default()
    };
    let rebuild = InstanceRebuildPost {
        source: InstanceSource::image_alias("busybox"),
    };
    let dump = GetInstanceDebugMemoryOptions::new().format("kdump-zlib");
    let exec_post = InstanceExecPost {
        command: vec!["sh".into(), "-c".into(), "echo hi".into()],
        environment: map(&[("A", "1")]),
        wait_for_websocket: true,
        cwd: "/tmp".into(),
        ..Default::default()
    };
    let new_snapshot = InstanceSnapshotsPost {
        name: "s 0".into(),
        stateful: true,
        expires_at: Some("2030-01-01T00:00:00Z".into()),
    };
    let snapshot = InstanceSnapshotPut {
        expires_at: Some("0001-01-01T00:00:00Z".into()),
    };
    let rename_snapshot = InstanceSnapshotPost {
        name: "s1".into(),
        ..Default::default()
    };

    let new_backup = InstanceBackupsPost {
        name: "b 1/é".into(),
        compression_algorithm: "zstd".into(),
        instance_only: true,
        ..Default::default()
    };
    let rename_backup = InstanceBackupPost { name: "b2".into() };
    let publish = ImagesPost {
        source: ImagesPostSource::snapshot("c1/snap0"),
        aliases: vec![ImageAlias::new("web")],
        public: true,
        ..Default::default()
    };
    let push = ImageExportPost {
        target: "https://10.0.0.5:8443".into(),
        certificate: "PEM".into(),
        secret: "s".into(),
        ..Default::default()
    };

    let nvram_var = InstanceNVRAMVariablePut {
        data: Some(json!(5)),
        attributes: vec!["NON_VOLATILE".into()],
        ..Default::default()
    };
    let nvram = [(
        GUID.to_string(),
        [
            ("Timeout".to_string(), Some(nvram_var.clone())),
            ("Boot0003".to_string(), None),
        ]
        .into(),
    )]
    .into();
    let bitmap = StorageVolumeBitmapsPost {
        name: "b0".into(),
        granularity: 65536,
        ..Default::default()
    };
    let forward = InstancePortForwardPost {
        address: "::1".into(),
        port: 8080,
    };
    let reuse = ConnectInstanceNbdOptions::new().reuse();
    let image = ImagePut {
        public: Some(true),
        profiles: Some(vec![]),
        properties: map(&[("os", "busybox")]),
        ..Default::default()
    };
    let new_alias = ImageAliasesPost {
        name: ALIAS.into(),
        target: IMAGE.into(),
        ..Default::default()
    };
    let alias = ImageAliasesEntryPut {
        target: Some(IMAGE.into()),
        ..Default::default()
    };
    let rename_alias = ImageAliasesEntryPost {
        name: "debian/bookworm".into(),
    };
    // storage volume data: a pool and a volume whose names need escaping
    let (data_pool, vol) = ("d p/1", "v?1 é"); // d%20p%2F1, v%3F1%20%C3%A9
    let new_vol_snapshot = StorageVolumeSnapshotsPost {
        name: SNAPSHOT.into(),
        expires_at: Some("2030-01-01T00:00:00Z".into()),
    };
    let vol_snapshot = StorageVolumeSnapshotPut {
        description: Some("d".into()),
        ..Default::default()
    };
    let rename_vol_snapshot = StorageVolumeSnapshotPost {
        name: "s1".into(),
        ..Default::default()
    };
    let new_vol_backup = StorageVolumeBackupsPost {
        name: "b 1/é".into(),
        volume_only: true,
        compression_algorithm: "zstd".into(),
        ..Default::default()
    };
    let rename_vol_backup = StorageVolumeBackupPost { name: "b2".into() };

    let new_pool = StoragePoolsPost::new(POOL, "dir").config("source", "/srv/p é");
    let pool = StoragePoolPut {
        description: Some("d".into()),
        config: map(&[("rsync.bwlimit", "10MiB")]),
    };
    let new_volume = StorageVolumesPost::custom(VOLUME)
        .config("size", "1GiB")
        .source(StorageVolumeSource::copy(POOL, "src").volume_only());
    let volume = StorageVolumePut {
        description: Some("v".into()),
        ..Default::default()
    };
    let move_volume = StorageVolumePost::new("v2").pool("p2").project("q");
    let writable = ConnectStorageVolumeNbdOptions::new().writable();
    let new_bucket = StorageBucketsPost {
        name: "b1".into(),
        config: map(&[("size", "1GiB")]),
        ..Default::default()
    };
    let bucket = StorageBucketPut {
        description: Some("d".into()),
        ..Default::default()
    };
    let new_key = StorageBucketKeysPost {
        name: "k1".into(),
        role: "read-only".into(),
        secret_key: "s3cret".into(),
        ..Default::default()
    };
    let key = StorageBucketKeyPut {
        role: Some("admin".into()),
        ..Default::default()
    };
    let new_bucket_backup = StorageBucketBackupsPost {
        name: "bb 1".into(),
        compression_algorithm: "gzip".into(),
        ..Default::default()
    };
    let rename_bucket_backup = StorageBucketBackupPost { name: "bb2".into() };
    let new_network = NetworksPost::bridge("br0")
        .config("ipv4.address", "192.0.2.1/24")
        .config("ipv6.address", "none");
    let network = NetworkPut {
        description: Some("lab".into()),
        config: map(&[("bridge.mtu", "1400")]),
    };
    let new_forward = NetworkForwardsPost::new("192.0.2.1")
        .port(NetworkForwardPort::tcp("80", "192.0.2.2").target_port("8080"));
    let network_forward = NetworkForwardPut {
        description: Some("d".into()),
        ..Default::default()
    };
    let new_load_balancer = NetworkLoadBalancersPost::new("192.0.2.1")
        .backend(NetworkLoadBalancerBackend::new("b1", "192.0.2.2"))
        .port(NetworkLoadBalancerPort::tcp("80", ["b1"]));
    let load_balancer = NetworkLoadBalancerPut {
        ports: vec![NetworkLoadBalancerPort::udp("53", ["b1"])],
        ..Default::default()
    };
    let new_peer = NetworkPeersPost::local("p1", "blue", "ovn2");
    let peer = NetworkPeerPut {
        description: Some("d".into()),
        ..Default::default()
    };
    let mut dns_rule = NetworkACLRule::new("allow");
    dns_rule.protocol = "udp".into();
    dns_rule.destination_port = "53".into();
    let new_acl = NetworkACLsPost {
        name: ACL.into(),
        ingress: vec![dns_rule],
        ..Default::default()
    };
    let acl = NetworkACLPut {
        egress: vec![NetworkACLRule::new("drop")],
        ..Default::default()
    };
    let rename_acl = NetworkACLPost {
        name: "web2".into(),
    };
    let new_zone = NetworkZonesPost {
        name: ZONE.into(),
        config: map(&[("dns.nameservers", "ns1.example")]),
        ..Default::default()
    };
    let zone = NetworkZonePut {
        description: Some("z".into()),
        ..Default::default()
    };
    let new_record = NetworkZoneRecordsPost {
        name: RECORD.into(),
        entries: vec![NetworkZoneRecordEntry {
            ttl: 60,
            ..NetworkZoneRecordEntry::new("SRV", "0 5 5060 sip.example.")
        }],
        ..Default::default()
    };
    let record = NetworkZoneRecordPut {
        entries: vec![NetworkZoneRecordEntry::new("A", "192.0.2.1")],
        ..Default::default()
    };
    let new_integration = NetworkIntegrationsPost {
        name: INTEGRATION.into(),
        kind: "ovn".into(),
        ..Default::default()
    };
    let integration = NetworkIntegrationPut {
        config: map(&[("ovn.northbound_connection", "tcp:192.0.2.1:6645")]),
        ..Default::default()
    };
    let rename_integration = NetworkIntegrationPost { name: "i2".into() };
    let new_address_set = NetworkAddressSetsPost {
        name: ADDRESS_SET.into(),
        addresses: vec!["192.0.2.1".into(), "2001:db8::/64".into()],
        ..Default::default()
    };
    let address_set = NetworkAddressSetPut {
        addresses: vec!["198.51.100.7".into()],
        ..Default::default()
    };
    let rename_address_set = NetworkAddressSetPost { name: "s2".into() };

    let new_certificate = CertificatesPost {
        name: "ci".into(),
        kind: "metrics".into(),
        certificate: "TUlJQg==".into(),
        ..Default::default()
    }
    .restricted_to(["p1"]);
    let certificate = CertificatePut {
        name: Some("ci2".into()),
        projects: Some(vec![]),
        ..Default::default()
    };
    let trust_token = CertificateAddToken {
        client_name: "laptop".into(),
        fingerprint: EMPTY_IMAGE.into(),
        addresses: vec!["127.0.0.1:8443".into()],
        secret: "s3".into(),
        expires_at: String::new(),
    };
    let member = ClusterMemberPut {
        description: Some("d".into()),
        groups: vec!["default".into()],
        ..Default::default()
    };
    let group = ClusterGroupPut {
        members: vec!["m1".into()],
        ..Default::default()
    };
    let new_group = ClusterGroupsPost {
        name: GROUP.into(),
        description: "g".into(),
        ..Default::default()
    };
    let cluster_certificate = ClusterCertificatePut {
        cluster_certificate: "CRT".into(),
        cluster_certificate_key: "KEY".into(),
    };
    let force_member = DeleteClusterMemberOptions::new().force();
    let evacuate = ClusterMemberStatePost::evacuate().mode("stop");

    use_rows(vec![
        // cluster, members, groups
        row!(c.get_cluster() => GET "/1.0/cluster"),
        row!(c.replace_cluster(&ClusterPut::enable("a")) => PUT "/1.0/cluster",
             body json!({"server_name": "a", "enabled": true})),
        row!(c.replace_cluster_certificate(&cluster_certificate) => PUT
             "/1.0/cluster/certificate",
             body json!({"cluster_certificate": "CRT", "cluster_certificate_key": "KEY"})),
        row!(c.list_cluster_member_names(Some(&list)) => GET "/1.0/cluster/members"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_cluster_members(None) => GET "/1.0/cluster/members" ? "recursion=1"),
        row!(c.get_cluster_member(MEMBER) => GET "/1.0/cluster/members/m%201%2F%C3%A9"),
        row!(c.get_cluster_member_with_etag(MEMBER) => GET
             "/1.0/cluster/members/m%201%2F%C3%A9"),
        row!(c.create_cluster_member(&ClusterMembersPost { server_name: "b".into() }) => POST
             "/1.0/cluster/members", body json!({"server_name": "b"})),
        row!(c.rename_cluster_member(MEMBER, &ClusterMemberPost { server_name: "m2".into() })
             => POST "/1.0/cluster/members/m%201%2F%C3%A9", body json!({"server_name": "m2"})),
        row!(c.replace_cluster_member(MEMBER, &member, Some(ETAG)) => PUT
             "/1.0/cluster/members/m%201%2F%C3%A9", if_match ETAG,
             body json!({"description": "d", "groups": ["default"]})),
        row!(c.update_cluster_member(MEMBER, &member, None) => PATCH
             "/1.0/cluster/members/m%201%2F%C3%A9",
             body json!({"description": "d", "groups": ["default"]})),
        row!(c.delete_cluster_member(MEMBER, Some(&force_member)) => DELETE
             "/1.0/cluster/members/m%201%2F%C3%A9" ? "force=1"),
        row!(c.get_cluster_member_state(MEMBER) => GET
             "/1.0/cluster/members/m%201%2F%C3%A9/state"),
        row!(c.set_cluster_member_state(MEMBER, &evacuate) => POST
             "/1.0/cluster/members/m%201%2F%C3%A9/state",
             body json!({"action": "evacuate", "mode": "stop"})),
        row!(c.list_cluster_group_names() => GET "/1.0/cluster/groups" ? "recursion=0"),
        row!(c.list_cluster_groups() => GET "/1.0/cluster/groups" ? "recursion=1"),
        row!(c.get_cluster_group(GROUP) => GET "/1.0/cluster/groups/g%3F1"),
        row!(c.get_cluster_group_with_etag(GROUP) => GET "/1.0/cluster/groups/g%3F1"),
        row!(c.create_cluster_group(&new_group) => POST "/1.0/cluster/groups",
             body json!({"name": "g?1", "description": "g"})),
        row!(c.rename_cluster_group(GROUP, &ClusterGroupPost { name: "g2".into() }) => POST
             "/1.0/cluster/groups/g%3F1", body json!({"name": "g2"})),
        row!(c.replace_cluster_group(GROUP, &group, Some(ETAG)) => PUT
             "/1.0/cluster/groups/g%3F1", if_match ETAG, body json!({"members": ["m1"]})),
        row!(c.update_cluster_group(GROUP, &group, None) => PATCH
             "/1.0/cluster/groups/g%3F1", body json!({"members": ["m1"]})),
        row!(c.delete_cluster_group(GROUP) => DELETE "/1.0/cluster/groups/g%3F1"),
        // warnings, metrics, configuration metadata
        row!(scoped.list_warning_names(Some(&list)) => GET "/1.0/warnings"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_warnings(None) => GET "/1.0/warnings" ? "recursion=1"),
        row!(c.get_warning(WARNING) => GET "/1.0/warnings/w%201%2F%C3%A9"),
        row!(c.replace_warning(WARNING, &WarningPut::acknowledged()) => PUT
             "/1.0/warnings/w%201%2F%C3%A9", body json!({"status": "acknowledged"})),
        row!(c.update_warning(WARNING, &WarningPut::reset()) => PATCH
             "/1.0/warnings/w%201%2F%C3%A9", body json!({"status": "new"})),
        row!(c.delete_warning(WARNING) => DELETE "/1.0/warnings/w%201%2F%C3%A9"),
        row!(scoped.get_metrics() => GET "/1.0/metrics" ? "project=p%201&target=m%2F1"),
        row!(c.get_metadata_configuration() => GET "/1.0/metadata/configuration"),
        // certificates and trust tokens
        row!(c.list_certificate_names(Some(&list)) => GET "/1.0/certificates"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_certificates(None) => GET "/1.0/certificates" ? "recursion=1"),
        row!(c.get_certificate(CERTIFICATE) => GET "/1.0/certificates/ab%2Fc%20d"),
        row!(c.get_certificate_with_etag(CERTIFICATE) => GET "/1.0/certificates/ab%2Fc%20d"),
        row!(c.create_certificate(&new_certificate) => POST "/1.0/certificates",
             body json!({"name": "ci", "type": "metrics", "certificate": "TUlJQg==",
                         "restricted": true, "projects": ["p1"]})),
        row!(c.create_certificate_token(&CertificatesPost::token("laptop")) => POST
             "/1.0/certificates", body json!({"name": "laptop", "type": "client", "token": true})),
        row!(c.add_certificate_with_token(&trust_token) => POST "/1.0/certificates",
             body json!({"trust_token": trust_token.encode()})),
        row!(c.replace_certificate(CERTIFICATE, &certificate, Some(ETAG)) => PUT
             "/1.0/certificates/ab%2Fc%20d", if_match ETAG,
             body json!({"name": "ci2", "projects": []})),
        row!(c.update_certificate(CERTIFICATE, &certificate, None) => PATCH
             "/1.0/certificates/ab%2Fc%20d", body json!({"name": "ci2", "projects": []})),
        row!(c.delete_certificate(CERTIFICATE) => DELETE "/1.0/certificates/ab%2Fc%20d"),
        // server
        row!(c.get_api_versions() => GET "/"),
        row!(c.get_server() => GET "/1.0"),
        row!(c.get_server_with_etag() => GET "/1.0"),
        row!(c.replace_server(&server, Some(ETAG)) => PUT "/1.0", if_match ETAG,
             body json!({"config": {"core.https_address": ":8443"}})),
        row!(c.update_server(&server, Some(ETAG)) => PATCH "/1.0", if_match ETAG,
             body json!({"config": {"core.https_address": ":8443"}})),
        row!(c.get_resources() => GET "/1.0/resources"),
        // operations
        row!(c.list_operation_names(Some(&list)) => GET "/1.0/operations"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_operations(Some(&list)) => GET "/1.0/operations"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_operation(OPERATION) => GET "/1.0/operations/%2E%2E"),
        row!(c.cancel_operation(OPERATION) => DELETE "/1.0/operations/%2E%2E"),
        row!(c.wait_operation(OPERATION, Duration::from_millis(7500)) => GET
             "/1.0/operations/%2E%2E/wait" ? "timeout=7"),
        // profiles
        row!(c.list_profile_names(Some(&list)) => GET "/1.0/profiles"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_profiles(Some(&list)) => GET "/1.0/profiles"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_profile(PROFILE) => GET "/1.0/profiles/a%20b%2Fc"),
        row!(c.get_profile_with_etag(PROFILE) => GET "/1.0/profiles/a%20b%2Fc"),
        row!(c.create_profile(&new_profile) => POST "/1.0/profiles",
             body json!({"name": "a b/c", "description": "web", "config": {"limits.cpu": "2"}})),
        row!(c.replace_profile(PROFILE, &profile, Some(ETAG)) => PUT "/1.0/profiles/a%20b%2Fc",
             if_match ETAG, body json!({"description": "d",
                 "devices": {"root": {"type": "disk", "path": "/", "pool": "default"}}})),
        row!(c.update_profile(PROFILE, &profile, Some(ETAG)) => PATCH "/1.0/profiles/a%20b%2Fc",
             if_match ETAG, body json!({"description": "d",
                 "devices": {"root": {"type": "disk", "path": "/", "pool": "default"}}})),
        row!(c.rename_profile(PROFILE, &ProfilePost { name: "d/é".into() }) => POST
             "/1.0/profiles/a%20b%2Fc", body json!({"name": "d/é"})),
        row!(c.delete_profile(PROFILE) => DELETE "/1.0/profiles/a%20b%2Fc"),
        // projects
        row!(c.list_project_names(Some(&list)) => GET "/1.0/projects"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_projects(Some(&list)) => GET "/1.0/projects"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_project(PROJECT) => GET "/1.0/projects/%C3%A9%3Fx"),
        row!(c.get_project_with_etag(PROJECT) => GET "/1.0/projects/%C3%A9%3Fx"),
        row!(c.create_project(&new_project) => POST "/1.0/projects",
             body json!({"name": "é?x", "config": {"features.profiles": "true"}})),
        row!(c.replace_project(PROJECT, &project, Some(ETAG)) => PUT "/1.0/projects/%C3%A9%3Fx",
             if_match ETAG, body json!({"description": "p"})),
        row!(c.update_project(PROJECT, &project, Some(ETAG)) => PATCH "/1.0/projects/%C3%A9%3Fx",
             if_match ETAG, body json!({"description": "p"})),
        row!(c.rename_project(PROJECT, &ProjectPost { name: "q".into() }) => POST
             "/1.0/projects/%C3%A9%3Fx", body json!({"name": "q"})),
        row!(c.delete_project(PROJECT, Some(&force)) => DELETE "/1.0/projects/%C3%A9%3Fx"
             ? "force=true"),
        row!(c.get_project_state(PROJECT) => GET "/1.0/projects/%C3%A9%3Fx/state"),
        row!(c.get_project_access(PROJECT) => GET "/1.0/projects/%C3%A9%3Fx/access"),
        // instances; `scoped` adds the client's target (its project gives way to all-projects)
        row!(scoped.list_instance_names(Some(&list)) => GET "/1.0/instances"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_instances(Some(&list)) => GET "/1.0/instances"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_instances_full(Some(&list)) => GET "/1.0/instances"
             ? "recursion=2&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_instance(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9"),
        row!(c.get_instance_full(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9"
             ? "recursion=1"),
        row!(c.get_instance_with_etag(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9"),
        row!(scoped.create_instance(&new_instance) => POST "/1.0/instances"
             ? "project=p%201&target=m%2F1",
             body json!({"name": "c#1 é", "source": {"type": "image", "alias": "debian/12"},
                         "type": "virtual-machine", "start": true})),
        row!(c.replace_instance(INSTANCE, &instance, Some(ETAG)) => PUT
             "/1.0/instances/c%231%20%C3%A9", if_match ETAG,
             body json!({"profiles": ["default"], "config": {"limits.memory": "1GiB"}})),
        row!(c.update_instance(INSTANCE, &instance, Some(ETAG)) => PATCH
             "/1.0/instances/c%231%20%C3%A9", if_match ETAG,
             body json!({"profiles": ["default"], "config": {"limits.memory": "1GiB"}})),
        row!(c.rename_instance(INSTANCE, &rename_instance) => POST
             "/1.0/instances/c%231%20%C3%A9", body json!({"name": "c2"})),
        row!(c.delete_instance(INSTANCE) => DELETE "/1.0/instances/c%231%20%C3%A9"),
        row!(c.get_instance_state(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9/state"),
        row!(c.set_instance_state(INSTANCE, &stop) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "stop", "timeout": 30, "force": true})),
        row!(c.start_instance(INSTANCE) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "start", "timeout": -1})),
        row!(c.stop_instance(INSTANCE) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "stop", "timeout": -1})),
        row!(c.restart_instance(INSTANCE) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "restart", "timeout": -1})),
        row!(c.freeze_instance(INSTANCE) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "freeze", "timeout": -1})),
        row!(c.unfreeze_instance(INSTANCE) => PUT "/1.0/instances/c%231%20%C3%A9/state",
             body json!({"action": "unfreeze", "timeout": -1})),
        row!(c.set_instances_state(&freeze_all) => PUT "/1.0/instances",
             body json!({"state": {"action": "freeze", "timeout": -1}})),
        row!(c.get_instance_file(INSTANCE, "/root/a b?.txt") => GET
             "/1.0/instances/c%231%20%C3%A9/files" ? "path=%2Froot%2Fa%20b%3F.txt"),
        row!(c.get_instance_file_metadata(INSTANCE, "/etc") => HEAD
             "/1.0/instances/c%231%20%C3%A9/files" ? "path=%2Fetc"),
        row!(c.create_instance_file(INSTANCE, "/root/a b",
                 InstanceFileArgs::file(&b"hello"[..]).mode(0o600).uid(1000).gid(7).append())
             => POST "/1.0/instances/c%231%20%C3%A9/files" ? "path=%2Froot%2Fa%20b",
             raw b"hello", headers &[("X-Incus-Type", "file"), ("X-Incus-Mode", "0600"),
                 ("X-Incus-Uid", "1000"), ("X-Incus-Gid", "7"), ("X-Incus-Write", "append")]),
        row!(c.delete_instance_file(INSTANCE, "/tmp/x") => DELETE
             "/1.0/instances/c%231%20%C3%A9/files" ? "path=%2Ftmp%2Fx"),
        row!(c.list_instance_log_names(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9/logs"
             ? "recursion=0"),
        row!(c.get_instance_log(INSTANCE, "lxc.log") => GET
             "/1.0/instances/c%231%20%C3%A9/logs/lxc.log"),
        row!(c.delete_instance_log(INSTANCE, "a b.log") => DELETE
             "/1.0/instances/c%231%20%C3%A9/logs/a%20b.log"),
        row!(c.list_instance_exec_output_names(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/logs/exec-output" ? "recursion=0"),
        row!(c.get_instance_exec_output(INSTANCE, "exec_1.stdout") => GET
             "/1.0/instances/c%231%20%C3%A9/logs/exec-output/exec_1.stdout"),
        row!(c.delete_instance_exec_output(INSTANCE, "exec_1.stdout") => DELETE
             "/1.0/instances/c%231%20%C3%A9/logs/exec-output/exec_1.stdout"),
        row!(c.get_instance_console_log(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9/console"),
        row!(c.clear_instance_console_log(INSTANCE) => DELETE
             "/1.0/instances/c%231%20%C3%A9/console"),
        row!(c.console_instance(INSTANCE, &console) => POST
             "/1.0/instances/c%231%20%C3%A9/console",
             body json!({"width": 80, "height": 24, "type": "console"})),
        row!(c.exec_instance(INSTANCE, &exec_post) => POST "/1.0/instances/c%231%20%C3%A9/exec",
             body json!({"command": ["sh", "-c", "echo hi"], "environment": {"A": "1"},
                         "wait-for-websocket": true, "interactive": false, "cwd": "/tmp"})),
        // instance snapshots
        row!(c.list_instance_snapshot_names(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/snapshots" ? "recursion=0"),
        row!(c.list_instance_snapshots(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/snapshots" ? "recursion=1"),
        row!(c.create_instance_snapshot(INSTANCE, &new_snapshot) => POST
             "/1.0/instances/c%231%20%C3%A9/snapshots",
             body json!({"name": "s 0", "stateful": true, "expires_at": "2030-01-01T00:00:00Z"})),
        row!(c.get_instance_snapshot(INSTANCE, SNAPSHOT) => GET
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.get_instance_snapshot_with_etag(INSTANCE, SNAPSHOT) => GET
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.replace_instance_snapshot(INSTANCE, SNAPSHOT, &snapshot, Some(ETAG)) => PUT
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F", if_match ETAG,
             body json!({"expires_at": "0001-01-01T00:00:00Z"})),
        row!(c.update_instance_snapshot(INSTANCE, SNAPSHOT, &snapshot, Some(ETAG)) => PATCH
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F", if_match ETAG,
             body json!({"expires_at": "0001-01-01T00:00:00Z"})),
        row!(c.rename_instance_snapshot(INSTANCE, SNAPSHOT, &rename_snapshot) => POST
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F", body json!({"name": "s1"})),
        row!(c.delete_instance_snapshot(INSTANCE, SNAPSHOT) => DELETE
             "/1.0/instances/c%231%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.restore_instance_snapshot(INSTANCE, "s 0") => PUT "/1.0/instances/c%231%20%C3%A9",
             body json!({"restore": "s 0"})),
        // instance backups
        row!(c.list_instance_backup_names(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/backups" ? "recursion=0"),
        row!(c.list_instance_backups(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/backups" ? "recursion=1"),
        row!(c.create_instance_backup(INSTANCE, &new_backup) => POST
             "/1.0/instances/c%231%20%C3%A9/backups",
             body json!({"name": "b 1/é", "compression_algorithm": "zstd", "instance_only": true})),
        row!(c.get_instance_backup(INSTANCE, "b 1/é") => GET
             "/1.0/instances/c%231%20%C3%A9/backups/b%201%2F%C3%A9"),
        row!(c.rename_instance_backup(INSTANCE, "b 1/é", &rename_backup) => POST
             "/1.0/instances/c%231%20%C3%A9/backups/b%201%2F%C3%A9", body json!({"name": "b2"})),
        row!(c.delete_instance_backup(INSTANCE, "b 1/é") => DELETE
             "/1.0/instances/c%231%20%C3%A9/backups/b%201%2F%C3%A9"),
        row!(c.export_instance_backup(INSTANCE, "b 1/é") => GET
             "/1.0/instances/c%231%20%C3%A9/backups/b%201%2F%C3%A9/export"),
        // the same endpoint as create_instance, with a raw body
        row!(scoped.import_instance_backup(
                 InstanceBackupArgs::new(&b"tarball"[..]).name("c2").pool("p1").length(7))
             => POST "/1.0/instances" ? "project=p%201&target=m%2F1", raw b"tarball",
             headers &[("X-Incus-name", "c2"), ("X-Incus-pool", "p1"), ("Content-Length", "7")]),
        // images: an upload (raw body, headers), a JSON source, the export and its push
        row!(scoped.upload_image(ImageUploadArgs::new(&b"tarball"[..]).length(7)
                 .fingerprint(&FINGERPRINT.to_ascii_uppercase()).public().filename("a b.tar.gz")
                 .property("os", "a&b=c").alias("w/1").alias("x"))
             => POST "/1.0/images" ? "project=p%201&target=m%2F1", raw b"tarball",
             headers &[("Content-Length", "7"), ("X-Incus-fingerprint", FINGERPRINT),
                       ("X-Incus-public", "1"), ("X-Incus-filename", "a b.tar.gz"),
                       ("X-Incus-properties", "os=a%26b%3Dc"),
                       ("X-Incus-aliases", "alias=w%2F1&alias=x")]),
        row!(c.create_image(&publish) => POST "/1.0/images",
             body json!({"source": {"type": "snapshot", "name": "c1/snap0"},
                         "aliases": [{"name": "web"}], "public": true})),
        row!(c.export_image(EMPTY_IMAGE, std::io::sink(), std::io::sink()) => GET
             "/1.0/images/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/export"),
        row!(c.push_image(FINGERPRINT, &push) => POST
             "/1.0/images/8ae945c52bb2f2df51c923b04022312f99bbb72c356251f54fa89ea7cf1df1d0/export",
             body json!({"target": "https://10.0.0.5:8443", "certificate": "PEM", "secret": "s"})),
        row!(c.connect_operation_websocket(OPERATION, "s3cr=t") => GET
             "/1.0/operations/%2E%2E/websocket" ? "secret=s3cr%3Dt",
             headers &[("Upgrade", "websocket"), ("Connection", "Upgrade")]),
        // events: all-projects stands for the client's project
        row!(scoped.connect_events(Some(&events)) => GET "/1.0/events"
             ? "type=lifecycle,operation&all-projects=true&target=m%2F1",
             headers &[("Upgrade", "websocket"), ("Connection", "Upgrade")]),
        row!(scoped.connect_events(None) => GET "/1.0/events" ? "project=p%201&target=m%2F1"),
        // gated on API extensions (the fake's `GET /1.0` lists them all)
        row!(c.list_instance_nvram_guids(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram" ? "recursion=0"),
        row!(c.list_instance_nvram_names(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram" ? "recursion=1"),
        row!(c.get_instance_nvram(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram" ? "recursion=2"),
        row!(c.update_instance_nvram(INSTANCE, &nvram) => PATCH
             "/1.0/instances/c%231%20%C3%A9/nvram", body json!({GUID: {
                 "Timeout": {"data": 5, "attributes": ["NON_VOLATILE"]}, "Boot0003": null}})),
        row!(c.list_instance_nvram_variable_names(INSTANCE, GUID) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c"
             ? "recursion=0"),
        row!(c.list_instance_nvram_variables(INSTANCE, GUID) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c"
             ? "recursion=1"),
        row!(c.get_instance_nvram_variable(INSTANCE, GUID, VARIABLE) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot%201%2F%C3%A9"),
        row!(c.get_instance_nvram_variable_with_etag(INSTANCE, GUID, VARIABLE) => GET
             "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot%201%2F%C3%A9"),
        row!(c.replace_instance_nvram_variable(INSTANCE, GUID, VARIABLE, &nvram_var, Some(ETAG))
             => PUT "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot%201%2F%C3%A9",
             if_match ETAG, body json!({"data": 5, "attributes": ["NON_VOLATILE"]})),
        row!(c.delete_instance_nvram_variable(INSTANCE, GUID, VARIABLE) => DELETE
             "/1.0/instances/c%231%20%C3%A9/nvram/8be4df61-93ca-11d2-aa0d-00e098032b8c/Boot%201%2F%C3%A9"),
        row!(c.create_instance_bitmap(INSTANCE, &bitmap) => POST
             "/1.0/instances/c%231%20%C3%A9/bitmaps", body json!({"name": "b0", "granularity": 65536})),
        row!(c.repair_instance(INSTANCE, &InstanceDebugRepairPost::rebuild_config_volume()) => POST
             "/1.0/instances/c%231%20%C3%A9/debug/repair",
             body json!({"action": "rebuild-config-volume"})),
        row!(scoped.connect_instance_nbd(INSTANCE, Some(&reuse)) => GET
             "/1.0/instances/c%231%20%C3%A9/nbd" ? "reuse=1&project=p%201&target=m%2F1",
             headers &[("Upgrade", "nbd"), ("Connection", "Upgrade")]),
        row!(c.connect_instance_port_forward(INSTANCE, &forward) => POST
             "/1.0/instances/c%231%20%C3%A9/port-forward", body json!({"address": "::1", "port": 8080}),
             headers &[("Upgrade", "tcp"), ("Connection", "Upgrade")]),
        // storage volumes, newer than 6.0.4: files, sftp, nbd, bitmaps, rebuild
        row!(scoped.get_storage_volume_file(NEWER_POOL, "custom", NEWER_VOLUME, "/a b") => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/files"
             ? "path=%2Fa%20b&project=p%201&target=m%2F1"),
        row!(c.get_storage_volume_file_metadata(NEWER_POOL, "custom", NEWER_VOLUME, "/a b") => HEAD
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/files" ? "path=%2Fa%20b"),
        row!(c.create_storage_volume_file(NEWER_POOL, "custom", NEWER_VOLUME, "/a b",
                 InstanceFileArgs::file(&b"hi"[..]).mode(0o640).uid(1).length(2))
             => POST "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/files"
             ? "path=%2Fa%20b", raw b"hi",
             headers &[("X-Incus-Type", "file"), ("X-Incus-Mode", "0640"), ("X-Incus-Uid", "1"),
                       ("X-Incus-Write", "overwrite"), ("Content-Length", "2")]),
        row!(c.delete_storage_volume_file(NEWER_POOL, "custom", NEWER_VOLUME, "/a b") => DELETE
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/files" ? "path=%2Fa%20b"),
        row!(scoped.connect_storage_volume_sftp(NEWER_POOL, "custom", NEWER_VOLUME) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/sftp"
             ? "project=p%201&target=m%2F1",
             headers &[("Upgrade", "sftp"), ("Connection", "Upgrade")]),
        row!(c.connect_storage_volume_nbd(NEWER_POOL, "virtual-machine", NEWER_VOLUME, Some(&writable)) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/virtual-machine/v%3F1/nbd" ? "writable=1",
             headers &[("Upgrade", "nbd"), ("Connection", "Upgrade")]),
        row!(c.list_storage_volume_bitmap_names(NEWER_POOL, "custom", NEWER_VOLUME) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/bitmaps" ? "recursion=0"),
        row!(c.list_storage_volume_bitmaps(NEWER_POOL, "custom", NEWER_VOLUME) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/bitmaps" ? "recursion=1"),
        row!(c.create_storage_volume_bitmap(NEWER_POOL, "custom", NEWER_VOLUME, &bitmap) => POST
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/bitmaps",
             body json!({"name": "b0", "granularity": 65536})),
        row!(c.get_storage_volume_bitmap(NEWER_POOL, "custom", NEWER_VOLUME, "b/0") => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/bitmaps/b%2F0"),
        row!(c.delete_storage_volume_bitmap(NEWER_POOL, "custom", NEWER_VOLUME, "b/0") => DELETE
             "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/bitmaps/b%2F0"),
        row!(c.rebuild_storage_volume(NEWER_POOL, "custom", NEWER_VOLUME, &StorageVolumeRebuildPost::default())
             => POST "/1.0/storage-pools/p%201%2F%C3%A9/volumes/custom/v%3F1/rebuild",
             body json!({})),
        // storage buckets, their keys and backups
        row!(scoped.list_storage_bucket_names(NEWER_POOL, Some(&list)) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_storage_buckets(NEWER_POOL, None) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets" ? "recursion=1"),
        row!(c.list_storage_buckets_full(NEWER_POOL, Some(&list)) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets"
             ? "recursion=2&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_storage_bucket(NEWER_POOL, BUCKET) => GET "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231"),
        row!(c.get_storage_bucket_with_etag(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231"),
        row!(c.get_storage_bucket_full(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231" ? "recursion=1"),
        row!(c.create_storage_bucket(NEWER_POOL, &new_bucket) => POST
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets",
             body json!({"name": "b1", "config": {"size": "1GiB"}})),
        row!(c.replace_storage_bucket(NEWER_POOL, BUCKET, &bucket, Some(ETAG)) => PUT
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231", if_match ETAG,
             body json!({"description": "d"})),
        row!(c.update_storage_bucket(NEWER_POOL, BUCKET, &bucket, None) => PATCH
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231", body json!({"description": "d"})),
        row!(c.delete_storage_bucket(NEWER_POOL, BUCKET) => DELETE
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231"),
        row!(c.list_storage_bucket_key_names(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys" ? "recursion=0"),
        row!(c.list_storage_bucket_keys(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys" ? "recursion=1"),
        row!(c.create_storage_bucket_key(NEWER_POOL, BUCKET, &new_key) => POST
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys",
             body json!({"name": "k1", "role": "read-only", "secret-key": "s3cret"})),
        row!(c.get_storage_bucket_key(NEWER_POOL, BUCKET, KEY) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys/k%2F1"),
        row!(c.get_storage_bucket_key_with_etag(NEWER_POOL, BUCKET, KEY) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys/k%2F1"),
        row!(c.replace_storage_bucket_key(NEWER_POOL, BUCKET, KEY, &key, Some(ETAG)) => PUT
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys/k%2F1", if_match ETAG,
             body json!({"role": "admin"})),
        row!(c.delete_storage_bucket_key(NEWER_POOL, BUCKET, KEY) => DELETE
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/keys/k%2F1"),
        row!(c.list_storage_bucket_backup_names(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups" ? "recursion=0"),
        row!(c.list_storage_bucket_backups(NEWER_POOL, BUCKET) => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups" ? "recursion=1"),
        row!(c.create_storage_bucket_backup(NEWER_POOL, BUCKET, &new_bucket_backup) => POST
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups",
             body json!({"name": "bb 1", "compression_algorithm": "gzip"})),
        row!(c.get_storage_bucket_backup(NEWER_POOL, BUCKET, "bb 1") => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups/bb%201"),
        row!(c.rename_storage_bucket_backup(NEWER_POOL, BUCKET, "bb 1", &rename_bucket_backup) => POST
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups/bb%201",
             body json!({"name": "bb2"})),
        row!(c.delete_storage_bucket_backup(NEWER_POOL, BUCKET, "bb 1") => DELETE
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups/bb%201"),
        row!(scoped.export_storage_bucket_backup(NEWER_POOL, BUCKET, "bb 1") => GET
             "/1.0/storage-pools/p%201%2F%C3%A9/buckets/b%231/backups/bb%201/export"
             ? "project=p%201&target=m%2F1"),
        // network ACLs (the log streamed), zones and their records, integrations
        row!(scoped.list_network_acl_names(Some(&list)) => GET "/1.0/network-acls"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_network_acls(Some(&list)) => GET "/1.0/network-acls"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_network_acl(ACL) => GET "/1.0/network-acls/web%2F1"),
        row!(c.get_network_acl_with_etag(ACL) => GET "/1.0/network-acls/web%2F1"),
        row!(c.create_network_acl(&new_acl) => POST "/1.0/network-acls",
             body json!({"name": ACL, "ingress": [{"action": "allow", "protocol": "udp",
                                                   "destination_port": "53", "state": "enabled"}]})),
        row!(c.replace_network_acl(ACL, &acl, Some(ETAG)) => PUT "/1.0/network-acls/web%2F1",
             if_match ETAG, body json!({"egress": [{"action": "drop", "state": "enabled"}], "config": {}})),
        row!(c.update_network_acl(ACL, &acl, None) => PATCH "/1.0/network-acls/web%2F1",
             body json!({"egress": [{"action": "drop", "state": "enabled"}], "config": {}})),
        row!(c.rename_network_acl(ACL, &rename_acl) => POST "/1.0/network-acls/web%2F1",
             body json!({"name": "web2"})),
        row!(c.delete_network_acl(ACL) => DELETE "/1.0/network-acls/web%2F1"),
        row!(scoped.get_network_acl_log(ACL) => GET "/1.0/network-acls/web%2F1/log"
             ? "project=p%201&target=m%2F1"),
        row!(c.list_network_zone_names(Some(&list)) => GET "/1.0/network-zones"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_network_zones(None) => GET "/1.0/network-zones" ? "recursion=1"),
        row!(c.get_network_zone(ZONE) => GET "/1.0/network-zones/a%20b.example"),
        row!(c.get_network_zone_with_etag(ZONE) => GET "/1.0/network-zones/a%20b.example"),
        row!(c.create_network_zone(&new_zone) => POST "/1.0/network-zones",
             body json!({"name": ZONE, "config": {"dns.nameservers": "ns1.example"}})),
        row!(c.replace_network_zone(ZONE, &zone, Some(ETAG)) => PUT
             "/1.0/network-zones/a%20b.example", if_match ETAG, body json!({"description": "z", "config": {}})),
        row!(c.update_network_zone(ZONE, &zone, None) => PATCH
             "/1.0/network-zones/a%20b.example", body json!({"description": "z", "config": {}})),
        row!(c.delete_network_zone(ZONE) => DELETE "/1.0/network-zones/a%20b.example"),
        row!(c.list_network_zone_record_names(ZONE, Some(&ListOptions::new().filter("name eq www")))
             => GET "/1.0/network-zones/a%20b.example/records"
             ? "recursion=0&filter=name%20eq%20www"),
        row!(scoped.list_network_zone_records(ZONE, None) => GET
             "/1.0/network-zones/a%20b.example/records" ? "recursion=1&project=p%201&target=m%2F1"),
        row!(c.get_network_zone_record(ZONE, RECORD) => GET
             "/1.0/network-zones/a%20b.example/records/_sip._tcp%2F%C3%A9"),
        row!(c.get_network_zone_record_with_etag(ZONE, RECORD) => GET
             "/1.0/network-zones/a%20b.example/records/_sip._tcp%2F%C3%A9"),
        row!(c.create_network_zone_record(ZONE, &new_record) => POST
             "/1.0/network-zones/a%20b.example/records",
             body json!({"name": RECORD,
                         "entries": [{"type": "SRV", "ttl": 60, "value": "0 5 5060 sip.example."}]})),
        row!(c.replace_network_zone_record(ZONE, RECORD, &record, Some(ETAG)) => PUT
             "/1.0/network-zones/a%20b.example/records/_sip._tcp%2F%C3%A9", if_match ETAG,
             body json!({"entries": [{"type": "A", "value": "192.0.2.1"}], "config": {}})),
        row!(c.update_network_zone_record(ZONE, RECORD, &record, None) => PATCH
             "/1.0/network-zones/a%20b.example/records/_sip._tcp%2F%C3%A9",
             body json!({"entries": [{"type": "A", "value": "192.0.2.1"}], "config": {}})),
        row!(c.delete_network_zone_record(ZONE, RECORD) => DELETE
             "/1.0/network-zones/a%20b.example/records/_sip._tcp%2F%C3%A9"),
        row!(c.list_network_integration_names(Some(&ListOptions::new().filter("type eq ovn")))
             => GET "/1.0/network-integrations" ? "recursion=0&filter=type%20eq%20ovn"),
        row!(c.list_network_integrations(None) => GET "/1.0/network-integrations" ? "recursion=1"),
        row!(c.get_network_integration(INTEGRATION) => GET "/1.0/network-integrations/ovn%3F1"),
        row!(c.get_network_integration_with_etag(INTEGRATION) => GET
             "/1.0/network-integrations/ovn%3F1"),
        row!(c.create_network_integration(&new_integration) => POST "/1.0/network-integrations",
             body json!({"name": INTEGRATION, "type": "ovn"})),
        row!(c.replace_network_integration(INTEGRATION, &integration, Some(ETAG)) => PUT
             "/1.0/network-integrations/ovn%3F1", if_match ETAG,
             body json!({"config": {"ovn.northbound_connection": "tcp:192.0.2.1:6645"}})),
        row!(c.update_network_integration(INTEGRATION, &integration, None) => PATCH
             "/1.0/network-integrations/ovn%3F1",
             body json!({"config": {"ovn.northbound_connection": "tcp:192.0.2.1:6645"}})),
        row!(c.rename_network_integration(INTEGRATION, &rename_integration) => POST
             "/1.0/network-integrations/ovn%3F1", body json!({"name": "i2"})),
        row!(c.delete_network_integration(INTEGRATION) => DELETE
             "/1.0/network-integrations/ovn%3F1"),
        // network address sets (gated on network_address_set)
        row!(scoped.list_network_address_set_names(Some(&list)) => GET "/1.0/network-address-sets"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_network_address_sets(None) => GET "/1.0/network-address-sets" ? "recursion=1"),
        row!(c.get_network_address_set(ADDRESS_SET) => GET "/1.0/network-address-sets/set%20%231"),
        row!(c.get_network_address_set_with_etag(ADDRESS_SET) => GET
             "/1.0/network-address-sets/set%20%231"),
        row!(c.create_network_address_set(&new_address_set) => POST "/1.0/network-address-sets",
             body json!({"name": ADDRESS_SET, "addresses": ["192.0.2.1", "2001:db8::/64"]})),
        row!(c.replace_network_address_set(ADDRESS_SET, &address_set, Some(ETAG)) => PUT
             "/1.0/network-address-sets/set%20%231", if_match ETAG,
             body json!({"addresses": ["198.51.100.7"]})),
        row!(c.update_network_address_set(ADDRESS_SET, &address_set, None) => PATCH
             "/1.0/network-address-sets/set%20%231", body json!({"addresses": ["198.51.100.7"]})),
        row!(c.rename_network_address_set(ADDRESS_SET, &rename_address_set) => POST
             "/1.0/network-address-sets/set%20%231", body json!({"name": "s2"})),
        row!(c.delete_network_address_set(ADDRESS_SET) => DELETE
             "/1.0/network-address-sets/set%20%231"),
        // metadata and templates; a template is named by `path=`
        row!(c.get_instance_metadata(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9/metadata"),
        row!(c.get_instance_metadata_with_etag(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/metadata"),
        row!(c.replace_instance_metadata(INSTANCE, &metadata, Some(ETAG)) => PUT
             "/1.0/instances/c%231%20%C3%A9/metadata", if_match ETAG,
             body json!({"architecture": "x86_64", "properties": {"os": "busybox"}})),
        row!(c.update_instance_metadata(INSTANCE, &metadata, Some(ETAG)) => PATCH
             "/1.0/instances/c%231%20%C3%A9/metadata", if_match ETAG,
             body json!({"architecture": "x86_64", "properties": {"os": "busybox"}})),
        row!(c.list_instance_metadata_template_names(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/metadata/templates"),
        row!(c.get_instance_metadata_template(INSTANCE, "host name?.tpl") => GET
             "/1.0/instances/c%231%20%C3%A9/metadata/templates" ? "path=host%20name%3F.tpl"),
        row!(c.create_instance_metadata_template(INSTANCE, "a b.tpl",
                 Upload::new(&b"{{ x }}"[..]).length(7))
             => POST "/1.0/instances/c%231%20%C3%A9/metadata/templates" ? "path=a%20b.tpl",
             raw b"{{ x }}", headers &[("Content-Length", "7")]),
        row!(c.delete_instance_metadata_template(INSTANCE, "a b.tpl") => DELETE
             "/1.0/instances/c%231%20%C3%A9/metadata/templates" ? "path=a%20b.tpl"),
        // rebuild, access, memory dump, sftp (an upgrade, with project and target)
        row!(c.rebuild_instance(INSTANCE, &rebuild) => POST "/1.0/instances/c%231%20%C3%A9/rebuild",
             body json!({"source": {"type": "image", "alias": "busybox"}})),
        row!(c.get_instance_access(INSTANCE) => GET "/1.0/instances/c%231%20%C3%A9/access"),
        row!(c.get_instance_debug_memory(INSTANCE, Some(&dump)) => GET
             "/1.0/instances/c%231%20%C3%A9/debug/memory" ? "format=kdump-zlib"),
        row!(scoped.connect_instance_sftp(INSTANCE) => GET
             "/1.0/instances/c%231%20%C3%A9/sftp" ? "project=p%201&target=m%2F1",
             headers &[("Upgrade", "sftp"), ("Connection", "Upgrade"), ("Host", "unix.socket")]),
        // images (the same requests serve untrusted clients) and aliases
        row!(scoped.list_image_names(Some(&list)) => GET "/1.0/images"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_images(Some(&list)) => GET "/1.0/images"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_image(IMAGE) => GET "/1.0/images/06b86454720d"),
        row!(c.get_image_with_etag(IMAGE) => GET "/1.0/images/06b86454720d"),
        row!(c.get_image_with_secret(IMAGE, "s3cr=t") => GET "/1.0/images/06b86454720d"
             ? "secret=s3cr%3Dt"),
        row!(c.replace_image(IMAGE, &image, Some(ETAG)) => PUT "/1.0/images/06b86454720d",
             if_match ETAG, body json!({"public": true, "profiles": [], "properties": {"os": "busybox"}})),
        row!(c.update_image(IMAGE, &image, None) => PATCH "/1.0/images/06b86454720d",
             body json!({"public": true, "profiles": [], "properties": {"os": "busybox"}})),
        row!(c.delete_image(IMAGE) => DELETE "/1.0/images/06b86454720d"),
        row!(c.refresh_image(IMAGE) => POST "/1.0/images/06b86454720d/refresh"),
        row!(c.create_image_secret(IMAGE) => POST "/1.0/images/06b86454720d/secret"),
        row!(c.list_image_alias_names() => GET "/1.0/images/aliases" ? "recursion=0"),
        row!(c.list_image_aliases() => GET "/1.0/images/aliases" ? "recursion=1"),
        row!(c.get_image_alias(ALIAS) => GET "/1.0/images/aliases/debian%2F12%20%C3%A9"),
        row!(c.get_image_alias_with_etag(ALIAS) => GET "/1.0/images/aliases/debian%2F12%20%C3%A9"),
        row!(c.create_image_alias(&new_alias) => POST "/1.0/images/aliases",
             body json!({"name": "debian/12 é", "target": "06b86454720d"})),
        row!(c.rename_image_alias(ALIAS, &rename_alias) => POST
             "/1.0/images/aliases/debian%2F12%20%C3%A9", body json!({"name": "debian/bookworm"})),
        row!(c.replace_image_alias(ALIAS, &alias, Some(ETAG)) => PUT
             "/1.0/images/aliases/debian%2F12%20%C3%A9", if_match ETAG,
             body json!({"target": "06b86454720d"})),
        row!(c.update_image_alias(ALIAS, &alias, None) => PATCH
             "/1.0/images/aliases/debian%2F12%20%C3%A9", body json!({"target": "06b86454720d"})),
        row!(c.delete_image_alias(ALIAS) => DELETE "/1.0/images/aliases/debian%2F12%20%C3%A9"),
        row!(c.list_storage_pool_names(Some(&list)) => GET "/1.0/storage-pools"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_storage_pools(None) => GET "/1.0/storage-pools" ? "recursion=1"),
        row!(c.get_storage_pool(POOL) => GET "/1.0/storage-pools/pool%201%2F%C3%A9"),
        row!(c.get_storage_pool_with_etag(POOL) => GET "/1.0/storage-pools/pool%201%2F%C3%A9"),
        row!(scoped.create_storage_pool(&new_pool) => POST "/1.0/storage-pools"
             ? "project=p%201&target=m%2F1",
             body json!({"name": POOL, "driver": "dir", "config": {"source": "/srv/p é"}})),
        row!(c.replace_storage_pool(POOL, &pool, Some(ETAG)) => PUT
             "/1.0/storage-pools/pool%201%2F%C3%A9", if_match ETAG,
             body json!({"description": "d", "config": {"rsync.bwlimit": "10MiB"}})),
        row!(c.update_storage_pool(POOL, &pool, None) => PATCH
             "/1.0/storage-pools/pool%201%2F%C3%A9",
             body json!({"description": "d", "config": {"rsync.bwlimit": "10MiB"}})),
        row!(c.delete_storage_pool(POOL) => DELETE "/1.0/storage-pools/pool%201%2F%C3%A9"),
        row!(c.get_storage_pool_resources(POOL) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/resources"),
        row!(c.list_storage_volume_names(POOL, Some(&list)) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(scoped.list_storage_volumes(POOL, None) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes"
             ? "recursion=1&project=p%201&target=m%2F1"),
        row!(c.list_storage_volume_names_of_type(POOL, "virtual-machine", None) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/virtual-machine" ? "recursion=0"),
        row!(c.list_storage_volumes_of_type(POOL, "custom", Some(&list)) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_storage_volume(POOL, "custom", VOLUME) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9"),
        row!(c.get_storage_volume_with_etag(POOL, "image", VOLUME) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/image/data%2F1%20%C3%A9"),
        row!(c.get_storage_volume_full(POOL, "virtual-machine", VOLUME) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/virtual-machine/data%2F1%20%C3%A9"
             ? "recursion=1"),
        row!(c.list_storage_volumes_full_of_type(POOL, "custom", Some(&list)) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom"
             ? "recursion=2&filter=status%20eq%20Running&all-projects=true"),
        row!(c.create_storage_volume(POOL, "custom", &new_volume) => POST
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom",
             body json!({"name": VOLUME, "type": "custom", "config": {"size": "1GiB"},
                         "source": {"type": "copy", "pool": POOL, "name": "src",
                                    "volume_only": true}})),
        row!(c.create_storage_volume_untyped(POOL, &new_volume) => POST
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes",
             body json!({"name": VOLUME, "type": "custom", "config": {"size": "1GiB"},
                         "source": {"type": "copy", "pool": POOL, "name": "src",
                                    "volume_only": true}})),
        row!(c.rename_storage_volume(POOL, "container", VOLUME, &move_volume) => POST
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/container/data%2F1%20%C3%A9",
             body json!({"name": "v2", "pool": "p2", "project": "q"})),
        row!(c.replace_storage_volume(POOL, "custom", VOLUME, &volume, Some(ETAG)) => PUT
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9",
             if_match ETAG, body json!({"description": "v"})),
        row!(c.update_storage_volume(POOL, "custom", VOLUME, &volume, None) => PATCH
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9",
             body json!({"description": "v"})),
        row!(c.delete_storage_volume(POOL, "custom", VOLUME) => DELETE
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9"),
        row!(c.get_storage_volume_state(POOL, "custom", VOLUME) => GET
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9/state"),
        row!(c.restore_storage_volume_snapshot(POOL, "custom", VOLUME, "snap 0") => PUT
             "/1.0/storage-pools/pool%201%2F%C3%A9/volumes/custom/data%2F1%20%C3%A9",
             body json!({"restore": "snap 0"})),
        // storage volume snapshots and backups, and the import of a backup or an ISO
        row!(c.list_storage_volume_snapshot_names(data_pool, "custom", vol) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots" ? "recursion=0"),
        row!(c.list_storage_volume_snapshots(data_pool, "custom", vol) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots" ? "recursion=1"),
        row!(c.create_storage_volume_snapshot(data_pool, "custom", vol, &new_vol_snapshot) => POST
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots", body json!({"name": "s/0?", "expires_at": "2030-01-01T00:00:00Z"})),
        row!(c.get_storage_volume_snapshot(data_pool, "custom", vol, SNAPSHOT) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.get_storage_volume_snapshot_with_etag(data_pool, "custom", vol, SNAPSHOT) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.replace_storage_volume_snapshot(data_pool, "custom", vol, SNAPSHOT, &vol_snapshot,
                 Some(ETAG)) => PUT
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F", if_match ETAG, body json!({"description": "d"})),
        row!(c.update_storage_volume_snapshot(data_pool, "custom", vol, SNAPSHOT, &vol_snapshot, None)
             => PATCH "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F", body json!({"description": "d"})),
        row!(c.rename_storage_volume_snapshot(data_pool, "custom", vol, SNAPSHOT, &rename_vol_snapshot)
             => POST "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F", body json!({"name": "s1"})),
        row!(c.delete_storage_volume_snapshot(data_pool, "custom", vol, SNAPSHOT) => DELETE
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/snapshots/s%2F0%3F"),
        row!(c.list_storage_volume_backup_names(data_pool, "custom", vol) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups" ? "recursion=0"),
        row!(c.list_storage_volume_backups(data_pool, "custom", vol) => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups" ? "recursion=1"),
        row!(c.create_storage_volume_backup(data_pool, "custom", vol, &new_vol_backup) => POST
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups",
             body json!({"name": "b 1/é", "volume_only": true, "compression_algorithm": "zstd"})),
        row!(c.get_storage_volume_backup(data_pool, "custom", vol, "b 1/é") => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups/b%201%2F%C3%A9"),
        row!(c.rename_storage_volume_backup(data_pool, "custom", vol, "b 1/é", &rename_vol_backup)
             => POST "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups/b%201%2F%C3%A9", body json!({"name": "b2"})),
        row!(c.delete_storage_volume_backup(data_pool, "custom", vol, "b 1/é") => DELETE
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups/b%201%2F%C3%A9"),
        row!(c.export_storage_volume_backup(data_pool, "custom", vol, "b 1/é") => GET
             "/1.0/storage-pools/d%20p%2F1/volumes/custom/v%3F1%20%C3%A9/backups/b%201%2F%C3%A9/export"),
        row!(scoped.import_storage_volume(data_pool,
                 StorageVolumeImportArgs::iso(&b"CD001"[..]).name(vol).length(5))
             => POST "/1.0/storage-pools/d%20p%2F1/volumes/custom" ? "project=p%201&target=m%2F1",
             raw b"CD001", headers &[("X-Incus-name", "v?1 é"), ("X-Incus-type", "iso"),
                                     ("Content-Length", "5")]),
        // networks and allocations
        row!(c.list_network_names(Some(&list)) => GET "/1.0/networks"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true"),
        row!(c.list_networks(Some(&list)) => GET "/1.0/networks"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(scoped.get_network(NETWORK) => GET "/1.0/networks/br%200%2F%C3%A9"
             ? "project=p%201&target=m%2F1"),
        row!(c.get_network_with_etag(NETWORK) => GET "/1.0/networks/br%200%2F%C3%A9"),
        row!(scoped.create_network(&new_network) => POST "/1.0/networks"
             ? "project=p%201&target=m%2F1",
             body json!({"name": "br0", "type": "bridge",
                         "config": {"ipv4.address": "192.0.2.1/24", "ipv6.address": "none"}})),
        row!(c.replace_network(NETWORK, &network, Some(ETAG)) => PUT
             "/1.0/networks/br%200%2F%C3%A9", if_match ETAG,
             body json!({"description": "lab", "config": {"bridge.mtu": "1400"}})),
        row!(c.update_network(NETWORK, &network, None) => PATCH "/1.0/networks/br%200%2F%C3%A9",
             body json!({"description": "lab", "config": {"bridge.mtu": "1400"}})),
        row!(c.rename_network(NETWORK, &NetworkPost::new("br1/é")) => POST
             "/1.0/networks/br%200%2F%C3%A9", body json!({"name": "br1/é"})),
        row!(c.delete_network(NETWORK) => DELETE "/1.0/networks/br%200%2F%C3%A9"),
        row!(c.get_network_state(NETWORK) => GET "/1.0/networks/br%200%2F%C3%A9/state"),
        row!(scoped.get_network_leases(NETWORK) => GET "/1.0/networks/br%200%2F%C3%A9/leases"
             ? "project=p%201&target=m%2F1"),
        row!(c.list_network_allocations(Some(&list)) => GET "/1.0/network-allocations"
             ? "filter=status%20eq%20Running&all-projects=true"),
        // network forwards, load balancers and peers; a listen address is
        // one segment (an IPv6 address escaped, `/` kept inside)
        row!(scoped.list_network_forward_names(FORWARDS_NETWORK, Some(&list)) => GET
             "/1.0/networks/n%201%2F%C3%A9/forwards"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_network_forwards(FORWARDS_NETWORK, None) => GET
             "/1.0/networks/n%201%2F%C3%A9/forwards" ? "recursion=1"),
        row!(c.get_network_forward(FORWARDS_NETWORK, LISTEN_CIDR) => GET
             "/1.0/networks/n%201%2F%C3%A9/forwards/192.0.2.0%2F24"),
        row!(c.get_network_forward_with_etag(FORWARDS_NETWORK, LISTEN_V6) => GET
             "/1.0/networks/n%201%2F%C3%A9/forwards/2001%3Adb8%3A%3A1"),
        row!(c.create_network_forward(FORWARDS_NETWORK, &new_forward) => POST
             "/1.0/networks/n%201%2F%C3%A9/forwards",
             body json!({"listen_address": "192.0.2.1", "ports": [{"protocol": "tcp",
                 "listen_port": "80", "target_address": "192.0.2.2", "target_port": "8080"}]})),
        row!(c.replace_network_forward(FORWARDS_NETWORK, LISTEN_V6, &network_forward, Some(ETAG)) => PUT
             "/1.0/networks/n%201%2F%C3%A9/forwards/2001%3Adb8%3A%3A1", if_match ETAG,
             body json!({"description": "d", "config": {}})),
        row!(c.update_network_forward(FORWARDS_NETWORK, LISTEN_V6, &network_forward, None) => PATCH
             "/1.0/networks/n%201%2F%C3%A9/forwards/2001%3Adb8%3A%3A1",
             body json!({"description": "d", "config": {}})),
        row!(c.delete_network_forward(FORWARDS_NETWORK, LISTEN_CIDR) => DELETE
             "/1.0/networks/n%201%2F%C3%A9/forwards/192.0.2.0%2F24"),
        row!(scoped.list_network_load_balancer_names(FORWARDS_NETWORK, None) => GET
             "/1.0/networks/n%201%2F%C3%A9/load-balancers"
             ? "recursion=0&project=p%201&target=m%2F1"),
        row!(c.list_network_load_balancers(FORWARDS_NETWORK, Some(&list)) => GET
             "/1.0/networks/n%201%2F%C3%A9/load-balancers"
             ? "recursion=1&filter=status%20eq%20Running&all-projects=true"),
        row!(c.get_network_load_balancer(FORWARDS_NETWORK, LISTEN_V6) => GET
             "/1.0/networks/n%201%2F%C3%A9/load-balancers/2001%3Adb8%3A%3A1"),
        row!(c.get_network_load_balancer_with_etag(FORWARDS_NETWORK, LISTEN_CIDR) => GET
             "/1.0/networks/n%201%2F%C3%A9/load-balancers/192.0.2.0%2F24"),
        row!(c.get_network_load_balancer_state(FORWARDS_NETWORK, LISTEN_CIDR) => GET
             "/1.0/networks/n%201%2F%C3%A9/load-balancers/192.0.2.0%2F24/state"),
        row!(c.create_network_load_balancer(FORWARDS_NETWORK, &new_load_balancer) => POST
             "/1.0/networks/n%201%2F%C3%A9/load-balancers",
             body json!({"listen_address": "192.0.2.1",
                 "backends": [{"name": "b1", "target_address": "192.0.2.2"}],
                 "ports": [{"protocol": "tcp", "listen_port": "80", "target_backend": ["b1"]}]})),
        row!(c.replace_network_load_balancer(FORWARDS_NETWORK, LISTEN_V6, &load_balancer, Some(ETAG))
             => PUT "/1.0/networks/n%201%2F%C3%A9/load-balancers/2001%3Adb8%3A%3A1", if_match ETAG,
             body json!({"config": {}, "ports": [{"protocol": "udp", "listen_port": "53",
                 "target_backend": ["b1"]}]})),
        row!(c.update_network_load_balancer(FORWARDS_NETWORK, LISTEN_V6, &load_balancer, None)
             => PATCH "/1.0/networks/n%201%2F%C3%A9/load-balancers/2001%3Adb8%3A%3A1",
             body json!({"config": {}, "ports": [{"protocol": "udp", "listen_port": "53",
                 "target_backend": ["b1"]}]})),
        row!(c.delete_network_load_balancer(FORWARDS_NETWORK, LISTEN_V6) => DELETE
             "/1.0/networks/n%201%2F%C3%A9/load-balancers/2001%3Adb8%3A%3A1"),
        row!(scoped.list_network_peer_names(FORWARDS_NETWORK, Some(&list)) => GET
             "/1.0/networks/n%201%2F%C3%A9/peers"
             ? "recursion=0&filter=status%20eq%20Running&all-projects=true&target=m%2F1"),
        row!(c.list_network_peers(FORWARDS_NETWORK, None) => GET
             "/1.0/networks/n%201%2F%C3%A9/peers" ? "recursion=1"),
        row!(c.get_network_peer(FORWARDS_NETWORK, PEER) => GET
             "/1.0/networks/n%201%2F%C3%A9/peers/p%2F1%20%C3%A9"),
        row!(c.get_network_peer_with_etag(FORWARDS_NETWORK, PEER) => GET
             "/1.0/networks/n%201%2F%C3%A9/peers/p%2F1%20%C3%A9"),
        row!(c.create_network_peer(FORWARDS_NETWORK, &new_peer) => POST
             "/1.0/networks/n%201%2F%C3%A9/peers",
             body json!({"name": "p1", "type": "local", "target_project": "blue",
                 "target_network": "ovn2"})),
        row!(c.replace_network_peer(FORWARDS_NETWORK, PEER, &peer, Some(ETAG)) => PUT
             "/1.0/networks/n%201%2F%C3%A9/peers/p%2F1%20%C3%A9", if_match ETAG,
             body json!({"description": "d"})),
        row!(c.update_network_peer(FORWARDS_NETWORK, PEER, &peer, Some(ETAG)) => PATCH
             "/1.0/networks/n%201%2F%C3%A9/peers/p%2F1%20%C3%A9", if_match ETAG,
             body json!({"description": "d"})),
        row!(c.delete_network_peer(FORWARDS_NETWORK, PEER) => DELETE
             "/1.0/networks/n%201%2F%C3%A9/peers/p%2F1%20%C3%A9"),
        // raw: no `Sends` line; a query in the path wins over the client's
        row!(scoped.raw("GET", "/1.0/networks?project=other&recursion=1", None) => GET
             "/1.0/networks" ? "project=other&recursion=1&target=m%2F1"),
        row!(c.raw_operation("POST", "/1.0/instances/c%231/exec", Some(&exec)) => POST
             "/1.0/instances/c%231/exec", body json!({"command": ["true"]})),
    ])
}

/// A config map from `key, value` pairs.
fn map(pairs: &[(&str, &str)]) -> ConfigMap {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The fake's answer to every request: HTTP 200, an empty `sync` envelope
/// and an ETag; for `GET /1.0`, the server with every API extension in
/// `extensions`, so gated methods send their request; for an image export,
/// no bytes (the image [`EMPTY_IMAGE`]).
fn generic(request: &Request, extensions: &[String]) -> Reply {
    let server = json!({"type": "sync", "status": "Success", "status_code": 200,
                        "metadata": {"api_extensions": extensions}})
    .to_string();
    let body = match (request.method.as_str(), request.path.as_str()) {
        ("GET", "/1.0") => server.as_str(),
        ("GET", path) if path.ends_with("/export") => "",
        _ => r#"{"type":"sync","status":"Success","status_code":200,"metadata":null}"#,
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: {ETAG}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    Reply::Answer(0, format!("{head}{body}").into_bytes())
}

/// Adds ``what: sent `got`, want `want` `` to `out` when they differ.
fn differ<T: PartialEq + std::fmt::Debug>(out: &mut Vec<String>, what: &str, got: T, want: T) {
    if got != want {
        out.push(format!("{what}: sent {got:?}, want {want:?}"));
    }
}

/// A query's `key=value` pairs, sorted (so order does not count, repeats do).
fn pairs(query: &str) -> Vec<(&str, &str)> {
    let mut pairs: Vec<_> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    pairs.sort_unstable();
    pairs
}

impl Row<'_> {
    /// What in `sent` differs from the row, if anything.
    fn differences(&self, sent: &[Request]) -> Vec<String> {
        let [request] = sent else {
            let sent: Vec<_> = sent.iter().map(|r| (&r.method, &r.path)).collect();
            return vec![format!("sent {} requests, want 1: {sent:?}", sent.len())];
        };
        let (path, query) = request.path.split_once('?').unwrap_or((&request.path, ""));
        if let Some(raw) = self.raw {
            let mut out = Vec::new();
            differ(&mut out, "method", request.method.as_str(), self.method);
            differ(&mut out, "path", path, self.path);
            differ(&mut out, "query", pairs(query), pairs(self.query));
            differ(&mut out, "raw body", request.body.as_slice(), raw);
            let content_type = request.header("Content-Type");
            differ(
                &mut out,
                "Content-Type",
                content_type,
                Some("application/octet-stream"),
            );
            for (name, value) in self.headers {
                differ(&mut out, name, request.header(name), Some(value));
            }
            return out;
        }
        let body = match request.body.as_slice() {
            [] => None,
            bytes => Some(serde_json::from_slice(bytes).unwrap_or_else(|_| {
                Value::String(format!("(not JSON) {}", String::from_utf8_lossy(bytes)))
            })),
        };
        let mut out = Vec::new();
        differ(&mut out, "method", request.method.as_str(), self.method);
        differ(&mut out, "path", path, self.path);
        differ(&mut out, "query", pairs(query), pairs(self.query));
        differ(
            &mut out,
            "If-Match",
            request.header("If-Match"),
            self.if_match,
        );
        differ(&mut out, "body", body.as_ref(), self.body.as_ref());
        for (name, value) in self.headers {
            differ(&mut out, name, request.header(name), Some(value));
        }
        if self.body.is_some() {
            let content_type = request.header("Content-Type");
            differ(
                &mut out,
                "Content-Type",
                content_type,
                Some("application/json"),
            );
        }
        out
    }

    /// Whether the row is one of the requests a `Sends` line names: the same
    /// method; the same path, a `{placeholder}` standing for any one segment;
    /// the line's query pairs present (a placeholder value standing for any);
    /// and no recursion but 0 unless the line says so.
    fn is_sent_as(&self, method: &str, documented: &str) -> bool {
        let (doc_path, doc_query) = documented.split_once('?').unwrap_or((documented, ""));
        let segments: Vec<_> = self.path.split('/').collect();
        let doc_segments: Vec<_> = doc_path.split('/').collect();
        let same_path = segments.len() == doc_segments.len()
            && segments
                .iter()
                .zip(&doc_segments)
                .all(|(seg, doc)| seg == doc || (doc.starts_with('{') && doc.ends_with('}')));
        let query = pairs(self.query);
        let doc_pairs = pairs(doc_query);
        let value = |key: &str| query.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        let same_query = doc_pairs.iter().all(|(key, want)| match value(key) {
            Some(got) => got == *want || !want.bytes().all(|b| b.is_ascii_digit()),
            None => false,
        }) && (doc_pairs.iter().any(|(k, _)| *k == "recursion")
            || matches!(value("recursion"), None | Some("0")));
        self.method == method && same_path && same_query
    }
}

#[test]
fn every_row_sends_its_request() {
    let extensions = gated_extensions();
    assert!(extensions.len() >= 6, "gated on {extensions:?}");
    let (rows, failures) = within(5000, || {
        let fake = Fake::handled(move |request| generic(request, &extensions));
        let client = fake.client();
        // Read the extensions once up front (as the first gated call
        // would), so each row sends only its own request.
        client.has_extension("instance_nvram").unwrap();
        fake.take_requests();
        with_table(&client, |rows| {
            let mut failures = Vec::new();
            for row in &rows {
                let result = (row.call)();
                let differences = row.differences(&fake.take_requests());
                if !differences.is_empty() {
                    failures.push(format!(
                        "{}:\n    {}\n    (it returned {result})",
                        row.name,
                        differences.join("\n    ")
                    ));
                }
            }
            (rows.len(), failures)
        })
    });
    assert!(
        failures.is_empty(),
        "{} of {rows} rows sent another request:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_documented_method_has_a_row() {
    let documented = documented_methods();
    let client = Client::unix("/nonexistent/wire.socket").unwrap();
    let rows: BTreeSet<String> = with_table(&client, |rows| {
        rows.iter().map(|row| row.name.to_string()).collect()
    });
    let missing: Vec<_> = documented.keys().filter(|n| !rows.contains(*n)).collect();
    let extra: Vec<_> = rows
        .iter()
        .filter(|n| !documented.contains_key(*n) && !WITHOUT_SENDS_LINE.contains(&n.as_str()))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the wire table must have a row for each of the {} public methods with a `Sends` \
         doc line, and no other rows (but {WITHOUT_SENDS_LINE:?})\n\
         methods with no row: {missing:?}\nrows for no documented method: {extra:?}",
        documented.len()
    );
}

#[test]
fn every_row_is_a_request_its_sends_line_names() {
    let documented = documented_methods();
    let client = Client::unix("/nonexistent/wire.socket").unwrap();
    let failures: Vec<String> = with_table(&client, |rows| {
        rows.iter()
            .filter_map(|row| {
                let sends = documented.get(row.name)?;
                let agrees = sends.iter().any(|(m, p)| row.is_sent_as(m, p));
                let sent = format!("{} {}?{}", row.method, row.path, row.query);
                (!agrees).then(|| format!("{}: the row sends {sent}, the doc {sends:?}", row.name))
            })
            .collect()
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
