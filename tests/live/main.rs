//! Live tests against a real Incus daemon: one test binary, one module per
//! resource, fixtures shared in [`support`].
//!
//! Every test is `#[ignore]`d, so plain `cargo test` lists them without a
//! daemon. The README's test command (`scripts/test`) starts the sandbox
//! daemon and runs them with `--include-ignored`; a missing daemon is a
//! failure. Tests create objects with unique `rust-test-…` names and delete
//! them through drop guards, so they can run in parallel and share a daemon.
//!
//! With `$INCUS_REQUEST_LOG` set, [`support::client`] records every request
//! the crate sends in that file, one `METHOD /path?query` line each, for
//! `scripts/endpoint-coverage`.

mod support;

mod backups;
mod buckets;
mod certificates;
mod cluster;
mod copy;
mod dirs;
mod events;
mod exec;
mod faults;
mod files;
mod https;
mod image_aliases;
mod image_transfers;
mod images;
mod instance_tools;
mod instances;
mod metadata;
mod metrics;
mod network_acls;
mod network_forwards;
mod network_integrations;
mod network_zones;
mod networks;
mod newer;
mod profiles;
mod projects;
mod remotes;
mod server;
mod snapshots;
mod storage_copy;
mod storage_pools;
mod storage_volume_data;
mod storage_volumes;
mod warnings;
