//! Live tests of the metrics text and the configuration metadata.

use std::time::{Duration, Instant};

use incus::models::MetadataConfiguration;

use crate::support::{cli, client, running};

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn metrics_name_the_server_and_a_running_instance() {
    let c = client();
    let (name, _guard) = running(&c, "metrics");
    // LXD names its metrics `lxd_*`, and 5.0.2 has none of the server's
    // own (no `lxd_uptime_seconds`): only the instances'.
    let lxd = crate::support::on_lxd();
    let prefix = if lxd { "lxd_" } else { "incus_" };
    let uptime = format!("{prefix}uptime_seconds ");
    // The daemon caches each project's instance metrics for 8 s, and 6.0.4
    // leaves its own `incus_` counters out of a reply that rebuilt the
    // cache: read until one reply has both, within a few cache periods.
    let label = format!("name=\"{name}\"");
    let deadline = Instant::now() + Duration::from_secs(30);
    let text = loop {
        let text = c.get_metrics().unwrap();
        assert!(text.trim_end().ends_with("# EOF"), "{text}");
        let ours = text
            .lines()
            .any(|l| l.starts_with(prefix) && l.contains(&label));
        let server = text.lines().any(|l| l.starts_with(&uptime));
        if ours && server != lxd {
            break text;
        }
        assert!(
            Instant::now() < deadline,
            "no reply named {name} and the server:\n{text}"
        );
        std::thread::sleep(Duration::from_secs(1));
    };
    assert!(
        text.contains(&format!("# TYPE {prefix}cpu_seconds_total counter")),
        "{text}"
    );
    let memory = text
        .lines()
        .find(|l| l.starts_with(&format!("{prefix}memory_MemTotal_bytes")) && l.contains(&label))
        .unwrap_or_else(|| panic!("no memory line for {name}"));
    let value: f64 = memory.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(value > 0.0, "{memory}");
    // Scoped to another project (6.0.4 does not check it exists): none of
    // our instance's lines.
    let other = c.with_project(crate::support::unique("no-such-project"));
    let text = other.get_metrics().unwrap();
    assert!(!text.contains(&label), "{text}");
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn metadata_configuration_describes_instance_keys() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "metadata_configuration", || {
        c.get_metadata_configuration()
    }) {
        return;
    }
    let c = client();
    let meta = c.get_metadata_configuration().unwrap();
    let cpu = meta.key("instance", "limits.cpu").unwrap();
    assert_eq!(cpu.kind, "string");
    assert_eq!(cpu.live_update, "yes");
    assert!(!cpu.description.is_empty());
    let limits = meta.keys("instance", "resource-limits").unwrap();
    assert!(limits.contains_key("limits.memory"), "{:?}", limits.keys());
    assert!(meta.key("server", "core.https_address").is_some());
    // The command line's reading of the same endpoint decodes the same.
    let raw = cli(&["query", "/1.0/metadata/configuration"]);
    let theirs: MetadataConfiguration = serde_json::from_str(&raw).unwrap();
    assert_eq!(theirs, meta);
}
