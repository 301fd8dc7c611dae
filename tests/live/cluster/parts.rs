//! The cluster test's helpers: the two fresh daemons of
//! `scripts/incus-cluster` (incusd, or lxd on LXD), their command line,
//! and a bootable image.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use incus::Client;

use crate::support::{self, run, unique};

/// `scripts/incus-cluster ACTION`, which makes and wipes the two daemons:
/// two incusd, or two lxd (`--lxd`) on LXD.
pub fn script(action: &str) -> Command {
    let mut command =
        Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/incus-cluster"));
    command.arg(action);
    if support::on_lxd() {
        command.arg("--lxd");
    }
    command
}

/// The two daemons, from `scripts/incus-cluster start`'s export line.
pub struct Members {
    env: BTreeMap<String, String>,
}

impl Members {
    pub fn start() -> Members {
        let out = run(&mut script("start"));
        let line = out.lines().last().unwrap_or_default();
        let env = line
            .trim_start_matches("export ")
            .split_whitespace()
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Members { env }
    }

    pub fn var(&self, key: &str) -> &str {
        self.env
            .get(key)
            .unwrap_or_else(|| panic!("incus-cluster start printed no {key}: {:?}", self.env))
    }

    /// A client of member `which` (`A` or `B`), on its unix socket.
    pub fn client(&self, which: &str) -> Client {
        Client::unix(self.var(&format!("INCUS_CLUSTER_{which}_SOCKET"))).unwrap()
    }

    /// The daemon's command line (`incus`, or `lxc` on LXD) against member
    /// `which`, parsed as JSON.
    pub fn query(&self, which: &str, path: &str) -> serde_json::Value {
        let socket = PathBuf::from(self.var(&format!("INCUS_CLUSTER_{which}_SOCKET")));
        let out = run(&mut support::cli_command_at(&socket, &["query", path]));
        serde_json::from_str(&out).unwrap()
    }
}

/// Polls `client` until its server answers (a member that left the
/// cluster restarts: "Server isn't ready yet" until it is).
pub fn wait_ready(client: &Client) {
    let start = Instant::now();
    loop {
        match client.get_cluster() {
            Ok(_) => return,
            Err(_) if start.elapsed() < Duration::from_secs(30) => {
                std::thread::sleep(Duration::from_millis(200));
            }
            Err(e) => panic!("member not ready after 30 s: {e}"),
        }
    }
}

/// A split busybox image that boots: [`support::image_parts`] plus an
/// init that idles, `/bin/sh`, and the mount points a container needs.
pub fn bootable_image(dir: &Path) -> (PathBuf, PathBuf) {
    support::image_parts(dir, &unique("cluster-image"));
    let rootfs = dir.join("rootfs");
    for sub in ["sbin", "dev", "proc", "sys", "tmp", "run", "etc", "root"] {
        std::fs::create_dir_all(rootfs.join(sub)).unwrap();
    }
    std::os::unix::fs::symlink("busybox", rootfs.join("bin/sh")).unwrap();
    std::fs::write(
        rootfs.join("sbin/init"),
        "#!/bin/sh\ntrap 'exit 0' PWR TERM INT\nwhile :; do sleep 1 & wait $!; done\n",
    )
    .unwrap();
    let script = "cd \"$1\" && chmod 755 rootfs/sbin/init && tar -czf meta.tar.gz metadata.yaml \
                  && tar -C rootfs --numeric-owner -czf rootfs.tar.gz .";
    run(Command::new("sh").args(["-c", script, "sh"]).arg(dir));
    let (meta, root) = (dir.join("meta.tar.gz"), dir.join("rootfs.tar.gz"));
    (meta, root)
}
