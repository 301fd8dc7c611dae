//! Storage buckets against the test daemon (Incus 6.0.4). These machines
//! have no MinIO binaries, so no bucket can be made: the tests list the
//! buckets of a fresh `dir` pool (none), drive one create to the daemon's
//! error and check that it is reported clearly, and run the full bucket and
//! key lifecycle only where `minio` is on the PATH (else they print why
//! they skip). Keys, backups and writes to a bucket that exists are tested
//! on the fake server (`tests/fake_server/buckets.rs`).

use std::path::{Path, PathBuf};

use incus::models::{StorageBucketKeysPost, StorageBucketsPost};

use crate::support::{Cleanup, api_error, cli, client, unique};

/// A `dir` pool on a fresh temporary directory, with a guard that deletes
/// the pool and the directory. A failed bucket create leaves its volume
/// path behind (`<source>/buckets/<project>_<bucket>`); should that block
/// the pool's deletion, the guard removes it under the source directory,
/// says so, and deletes the pool again.
fn temp_pool(what: &str) -> (String, PathBuf, Cleanup<impl FnMut() + use<>>) {
    let pool = unique(what);
    let source = std::env::temp_dir().join(&pool);
    std::fs::create_dir(&source).unwrap();
    let source_arg = format!("source={}", source.display());
    cli(&["storage", "create", &pool, "dir", &source_arg]);
    let (name, dir) = (pool.clone(), source.clone());
    let guard = Cleanup(move || {
        if !delete_pool(&name) {
            let leftover = dir.join("buckets");
            eprintln!(
                "{name}: deleting the pool failed; removing what failed bucket creates left in {}",
                leftover.display()
            );
            let _ = std::fs::remove_dir_all(&leftover);
            let _ = std::fs::create_dir(&leftover);
            assert!(delete_pool(&name), "{name} could not be deleted");
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
    (pool, source, guard)
}

/// `incus storage delete pool`; whether it succeeded.
fn delete_pool(pool: &str) -> bool {
    crate::support::cli_command(&["storage", "delete", pool])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Whether `program` is an executable in a directory of `$PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| Path::new(&dir).join(program).is_file())
    })
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn buckets_list_empty_and_a_create_without_minio_fails_clearly() {
    let c = crate::support::client();
    if !crate::support::requires_gated(&c, "storage_buckets", || {
        c.list_storage_bucket_names("default", None)
    }) {
        return;
    }
    let client = client();
    let (pool, _source, _guard) = temp_pool("bucket-pool");

    assert_eq!(
        client.list_storage_bucket_names(&pool, None).unwrap(),
        Vec::<String>::new()
    );
    assert_eq!(client.list_storage_buckets(&pool, None).unwrap(), []);
    let listed = cli(&["storage", "bucket", "list", &pool, "--format", "csv"]);
    assert_eq!(listed, "", "the incus command line sees buckets in {pool}");

    if on_path("minio") {
        eprintln!("minio is on the PATH here: the create is tested by the lifecycle test");
        return;
    }
    let bucket = "rust-test-bucket";
    let new = StorageBucketsPost {
        name: bucket.into(),
        description: "never made".into(),
        ..Default::default()
    };
    let e = client.create_storage_bucket(&pool, &new).unwrap_err();
    // Incus 6.0.4 answers in sync (no operation), 500.
    let (status, message) = api_error(&e);
    assert_eq!(status, 500, "{e}");
    assert!(
        message.contains("Couldn't find the MinIO client tool"),
        "{message}"
    );
    assert!(e.to_string().contains("MinIO"), "{e}");
    // Nothing was recorded: the bucket is not there, the list stays empty.
    let missing = client.get_storage_bucket(&pool, bucket).unwrap_err();
    assert!(missing.is_not_found(), "{missing:?}");
    assert!(
        client
            .list_storage_bucket_names(&pool, None)
            .unwrap()
            .is_empty()
    );
}

#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn bucket_and_key_lifecycle_where_minio_is_installed() {
    if !on_path("minio") || !on_path("mc") {
        eprintln!(
            "skipped: no `minio` and `mc` on the PATH, so Incus cannot make buckets here \
             (the requests are tested on the fake server)"
        );
        return;
    }
    let client = client();
    let (pool, _source, _guard) = temp_pool("bucket-life");
    let bucket = "rust-test-life";
    let new = StorageBucketsPost {
        name: bucket.into(),
        description: "made by the live tests".into(),
        ..Default::default()
    };
    let admin = client.create_storage_bucket(&pool, &new).unwrap();
    let _bucket_guard = {
        let (client, pool) = (client.clone(), pool.clone());
        Cleanup(move || drop(client.delete_storage_bucket(&pool, bucket)))
    };
    assert_eq!(admin.role, "admin");
    assert!(!admin.secret_key.is_empty());
    assert!(!format!("{admin:?}").contains(&admin.secret_key));

    let (got, etag) = client.get_storage_bucket_with_etag(&pool, bucket).unwrap();
    assert_eq!(got.description, "made by the live tests");
    let mut put = got.writable();
    put.description = Some("changed".into());
    client
        .replace_storage_bucket(&pool, bucket, &put, Some(&etag))
        .unwrap();
    let shown = cli(&[
        "storage",
        "bucket",
        "get",
        &pool,
        bucket,
        "description",
        "--property",
    ]);
    assert_eq!(shown, "changed");
    assert_eq!(
        client.list_storage_bucket_names(&pool, None).unwrap(),
        [bucket]
    );

    let key = StorageBucketKeysPost {
        name: "reader".into(),
        role: "read-only".into(),
        ..Default::default()
    };
    let made = client
        .create_storage_bucket_key(&pool, bucket, &key)
        .unwrap();
    assert_eq!(made.role, "read-only");
    let (read, etag) = client
        .get_storage_bucket_key_with_etag(&pool, bucket, "reader")
        .unwrap();
    assert_eq!(read.secret_key, made.secret_key);
    let mut put = read.writable();
    put.role = Some("admin".into());
    client
        .replace_storage_bucket_key(&pool, bucket, "reader", &put, Some(&etag))
        .unwrap();
    assert_eq!(
        client
            .get_storage_bucket_key(&pool, bucket, "reader")
            .unwrap()
            .role,
        "admin"
    );
    let mut names = client.list_storage_bucket_key_names(&pool, bucket).unwrap();
    names.sort();
    assert_eq!(names, ["admin", "reader"]);
    client
        .delete_storage_bucket_key(&pool, bucket, "reader")
        .unwrap();
    client.delete_storage_bucket(&pool, bucket).unwrap();
    let gone = client.get_storage_bucket(&pool, bucket).unwrap_err();
    assert!(gone.is_not_found(), "{gone:?}");
}
