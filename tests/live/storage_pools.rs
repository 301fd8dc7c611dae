//! Live tests of `/1.0/storage-pools`: a `dir` pool's lifecycle in a temp
//! directory, ETags, resources, and the daemon's refusals, with copies to
//! a missing pool and to a full one. Also the [`TempPool`] fixture the
//! volume tests share.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Cleanup, WAIT, assert_api, cli, client, run, unique};
use incus::models::{StoragePoolPut, StoragePoolsPost, StorageVolumeSource, StorageVolumesPost};
use incus::{Client, Error, ListOptions};

/// A `dir` pool on a fresh directory; dropping it deletes what is left in
/// it (custom volumes the test made), the pool, and the directory, and
/// unmounts the directory first if the test mounted something there.
pub struct TempPool {
    client: Client,
    pub name: String,
    pub dir: PathBuf,
    mounted: bool,
}

impl TempPool {
    /// A new pool `rust-test-<what>-…` on a new temp directory.
    pub fn new(client: &Client, what: &str) -> TempPool {
        TempPool::on(client, what, |_| false)
    }

    /// A pool on a 2 MiB tmpfs: any copy of a few MiB fills it.
    pub fn tiny(client: &Client, what: &str) -> TempPool {
        TempPool::on(client, what, |dir| {
            run(Command::new("mount")
                .args(["-t", "tmpfs", "-o", "size=2M", "tmpfs"])
                .arg(dir));
            true
        })
    }

    fn on(client: &Client, what: &str, prepare: impl FnOnce(&Path) -> bool) -> TempPool {
        let name = unique(what);
        let dir = std::env::temp_dir().join(&name);
        fs::create_dir_all(&dir).unwrap();
        // The guard exists before anything can fail, so it always cleans up.
        let mut pool = TempPool {
            client: client.clone(),
            name,
            dir,
            mounted: false,
        };
        pool.mounted = prepare(&pool.dir);
        let post = StoragePoolsPost::new(&pool.name, "dir").config("source", path_str(&pool.dir));
        client.create_storage_pool(&post).expect("create pool");
        pool
    }

    /// The directory on disk of the default project's custom volume `name`
    /// (the `dir` driver's layout: `custom/<project>_<volume>`).
    pub fn volume_dir(&self, name: &str) -> PathBuf {
        self.dir.join("custom").join(format!("default_{name}"))
    }
}

impl Drop for TempPool {
    fn drop(&mut self) {
        let custom = self
            .client
            .list_storage_volume_names_of_type(&self.name, "custom", None)
            .unwrap_or_default();
        for name in custom.iter().filter(|name| !name.contains('/')) {
            let _ = self
                .client
                .delete_storage_volume(&self.name, "custom", name);
        }
        let _ = self.client.delete_storage_pool(&self.name);
        if self.mounted {
            let _ = Command::new("umount").arg(&self.dir).status();
        }
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// Creates the empty custom volume `name` in `pool` and waits for it.
fn create_volume(client: &Client, pool: &str, name: &str) {
    let op = client
        .create_storage_volume(pool, "custom", &StorageVolumesPost::custom(name))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
}

/// A path as text, for config values.
pub fn path_str(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn pool_lifecycle() {
    let client = client();
    let pool = TempPool::new(&client, "pool");
    let name = pool.name.as_str();

    let read = client.get_storage_pool(name).unwrap();
    assert_eq!(read.driver, "dir");
    assert_eq!(read.status, "Created");
    assert_eq!(read.config["source"], path_str(&pool.dir));
    assert!(read.used_by.is_empty(), "{:?}", read.used_by);
    // The driver laid out its directories under the source.
    assert!(pool.dir.join("custom").is_dir());
    assert_eq!(
        cli(&["storage", "get", name, "source"]),
        path_str(&pool.dir)
    );
    assert!(
        client
            .list_storage_pool_names(None)
            .unwrap()
            .contains(&name.to_string())
    );
    assert!(
        past_deleted_pools(|| client.list_storage_pools(None))
            .unwrap()
            .iter()
            .any(|p| p.name == name && p.driver == "dir")
    );
    // A filter needs `api_filtering_extended` (LXD 5.0 lacks it).
    let filter = ListOptions::new().filter(format!("name eq {name}"));
    let filtered = client.list_storage_pool_names(Some(&filter));
    if let Some(names) = crate::support::gated(&client, "api_filtering_extended", filtered) {
        assert_eq!(names.unwrap(), [name]);
    }

    // PUT with the current ETag; then the old ETag is stale: 412. LXD 5.0.2
    // sends no ETag with a pool: `_with_etag` says so, the PUT goes without.
    let (read, etag) = match client.get_storage_pool_with_etag(name) {
        Err(e) if crate::support::on_lxd() && e.to_string().contains("no ETag header") => {
            (client.get_storage_pool(name).unwrap(), None)
        }
        other => other.map(|(read, etag)| (read, Some(etag))).unwrap(),
    };
    let mut put = read.writable();
    put.description = Some("made by a test".into());
    client
        .replace_storage_pool(name, &put, etag.as_deref())
        .unwrap();
    assert_eq!(
        cli(&["storage", "show", name])
            .lines()
            .find(|l| l.starts_with("description:")),
        Some("description: made by a test")
    );
    if let Some(etag) = &etag {
        put.description = Some("lost".into());
        let e = client
            .replace_storage_pool(name, &put, Some(etag))
            .unwrap_err();
        assert!(e.is_precondition_failed(), "{e:?}");
        let stale_patch = StoragePoolPut {
            description: Some("lost".into()),
            ..Default::default()
        };
        let e = client
            .update_storage_pool(name, &stale_patch, Some(etag))
            .unwrap_err();
        assert!(e.is_precondition_failed(), "{e:?}");
    }

    // PATCH merges config keys and keeps the description.
    let patch = StoragePoolPut {
        config: [("rsync.bwlimit".to_string(), "10MiB".to_string())].into(),
        ..Default::default()
    };
    client.update_storage_pool(name, &patch, None).unwrap();
    assert_eq!(cli(&["storage", "get", name, "rsync.bwlimit"]), "10MiB");
    let read = client.get_storage_pool(name).unwrap();
    assert_eq!(read.config["source"], path_str(&pool.dir));
    // Incus 6.0.4 clears the description of a PATCH that leaves it out.
    assert_eq!(read.description, "");
    let patch = StoragePoolPut {
        description: Some("patched".into()),
        config: [("rsync.compression".to_string(), "false".to_string())].into(),
    };
    client.update_storage_pool(name, &patch, None).unwrap();
    let read = client.get_storage_pool(name).unwrap();
    assert_eq!(read.description, "patched");
    assert_eq!(read.config["rsync.bwlimit"], "10MiB");
    assert_eq!(read.config["rsync.compression"], "false");

    // PUT clears what it leaves out (the driver's `source` must be sent).
    let mut put = read.writable();
    put.config.remove("rsync.bwlimit");
    put.config.remove("rsync.compression");
    put.description = None;
    client.replace_storage_pool(name, &put, None).unwrap();
    let read = client.get_storage_pool(name).unwrap();
    assert_eq!(read.description, "");
    assert!(
        !read.config.contains_key("rsync.bwlimit"),
        "{:?}",
        read.config
    );

    // Resources: the filesystem under the temp directory.
    let resources = client.get_storage_pool_resources(name).unwrap();
    assert!(
        resources.space.total > 0 && resources.space.used > 0,
        "{resources:?}"
    );
    assert!(resources.space.used <= resources.space.total);
    assert!(
        resources.inodes.total > 0 && resources.inodes.used > 0,
        "{resources:?}"
    );

    client.delete_storage_pool(name).unwrap();
    assert!(client.get_storage_pool(name).unwrap_err().is_not_found());
    assert!(!cli(&["storage", "list", "-f", "csv"]).contains(name));
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn pool_on_a_missing_source_is_refused() {
    let client = client();
    let name = unique("pool-nosource");
    let missing = std::env::temp_dir().join(unique("no-such-dir"));
    let post = StoragePoolsPost::new(&name, "dir").config("source", path_str(&missing));
    let _cleanup = Cleanup(|| {
        let _ = client.delete_storage_pool(&name);
    });
    let e = client.create_storage_pool(&post).unwrap_err();
    // Incus 6.0.4 answers 500 for this bad input.
    assert_api(
        &e,
        500,
        &format!("Source path '{}' doesn't exist", missing.display()),
    );
    assert!(client.get_storage_pool(&name).unwrap_err().is_not_found());
    assert!(!missing.exists());
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn pool_with_volumes_cannot_be_deleted() {
    let client = client();
    let pool = TempPool::new(&client, "pool-busy");
    let op = client
        .create_storage_volume(&pool.name, "custom", &StorageVolumesPost::custom("keep"))
        .unwrap();
    client.wait_for_completion(&op, WAIT).unwrap();
    let e = client.delete_storage_pool(&pool.name).unwrap_err();
    assert_api(&e, 400, "The storage pool is currently in use");
    let read = client.get_storage_pool(&pool.name).unwrap();
    assert_eq!(
        read.used_by,
        [format!(
            "/1.0/storage-pools/{}/volumes/custom/keep",
            pool.name
        )]
    );
    assert!(pool.volume_dir("keep").is_dir());
    client
        .delete_storage_volume(&pool.name, "custom", "keep")
        .unwrap();
    client.delete_storage_pool(&pool.name).unwrap();
    assert!(
        client
            .get_storage_pool(&pool.name)
            .unwrap_err()
            .is_not_found()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copies_to_or_from_a_missing_pool_fail() {
    let client = client();
    let pool = TempPool::new(&client, "vol-nopool");
    let p = pool.name.as_str();
    create_volume(&client, p, "v");
    let missing = unique("no-such-pool");

    let copy = StorageVolumesPost::custom("c").source(StorageVolumeSource::copy(p, "v"));
    let e = client
        .create_storage_volume(&missing, "custom", &copy)
        .unwrap_err();
    assert_api(&e, 404, "Storage pool not found");
    // From a missing pool, Incus 6.0.4 starts the copy and fails it.
    let copy = StorageVolumesPost::custom("c").source(StorageVolumeSource::copy(&missing, "v"));
    let op = client.create_storage_volume(p, "custom", &copy).unwrap();
    match client.wait_for_completion(&op, WAIT).unwrap_err() {
        Error::Operation { message, .. } => assert_eq!(message, "Storage pool not found"),
        other => panic!("expected Operation, got {other:?}"),
    }
    assert_eq!(
        client
            .list_storage_volume_names_of_type(p, "custom", None)
            .unwrap(),
        ["v"]
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn copy_to_a_full_pool_fails() {
    let client = client();
    let source = TempPool::new(&client, "vol-big");
    let full = TempPool::tiny(&client, "vol-full");
    create_volume(&client, &source.name, "big");
    fs::write(source.volume_dir("big").join("blob"), vec![7u8; 4 << 20]).unwrap();

    let copy = StorageVolumesPost::custom("big-copy")
        .source(StorageVolumeSource::copy(&source.name, "big"));
    let op = client
        .create_storage_volume(&full.name, "custom", &copy)
        .unwrap();
    match client.wait_for_completion(&op, WAIT).unwrap_err() {
        Error::Operation { message, .. } => {
            assert!(message.contains("No space left on device"), "{message}")
        }
        other => panic!("expected Operation, got {other:?}"),
    }
    // The daemon removed the half-made copy.
    assert!(
        client
            .list_storage_volume_names(&full.name, None)
            .unwrap()
            .is_empty()
    );
    assert!(!full.volume_dir("big-copy").exists());
}

/// Runs a pool list again while Incus 6.0.4 fails it whole because another
/// test deleted a pool while it ran (404 `Storage pool not found` on
/// `GET /1.0/storage-pools?recursion=1`); any other answer is returned.
fn past_deleted_pools<T>(list: impl FnMut() -> incus::Result<T>) -> incus::Result<T> {
    crate::support::retry_while(
        |e| e.is_not_found() && e.to_string().contains("Storage pool not found"),
        list,
    )
}
