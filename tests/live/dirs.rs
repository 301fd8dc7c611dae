//! Live tests of directory trees copied to and from instances:
//! `push_instance_dir` and `pull_instance_dir`, on top of
//! `/1.0/instances/{name}/files`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use incus::Error;

use crate::support::{cli, client, run, running, unique};

/// A unique path under the temp dir, removed with everything below it when
/// dropped (directories made writable and searchable first).
struct Scratch(PathBuf);

impl Scratch {
    fn new(what: &str) -> Scratch {
        Scratch(std::env::temp_dir().join(unique(what)))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        fn open_up(path: &Path) {
            let Ok(meta) = fs::symlink_metadata(path) else {
                return;
            };
            if meta.is_dir() {
                let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o700));
                for entry in fs::read_dir(path).into_iter().flatten().flatten() {
                    open_up(&entry.path());
                }
            }
        }
        open_up(&self.0);
        let _ = fs::remove_dir_all(&self.0).or_else(|_| fs::remove_file(&self.0));
    }
}

fn write(path: &Path, content: &[u8], mode: u32) {
    fs::write(path, content).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

fn mkdir(path: &Path, mode: u32) {
    fs::create_dir(path).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

/// The test tree: 10 dirs × 100 files (0, a few and 1,000 bytes, modes
/// 0600 and 0755), a 3-deep nesting holding a 5 MiB file and a relative
/// symlink, a symlink loop, a name with spaces, an empty 0600 dir, and a
/// fifo (skipped by the push). Returns the number of files.
fn build_tree(root: &Path) -> usize {
    mkdir(root, 0o750);
    let mut files = 0;
    for d in 0..10 {
        let dir = root.join(format!("d{d:02}"));
        mkdir(&dir, if d % 2 == 0 { 0o755 } else { 0o700 });
        for f in 0..100 {
            let content = match f % 3 {
                0 => Vec::new(),
                1 => format!("file {d} {f}\n").into_bytes(),
                _ => vec![b'a' + (f % 26) as u8; 1000],
            };
            let mode = if f % 2 == 0 { 0o600 } else { 0o755 };
            write(&dir.join(format!("f{f:03}")), &content, mode);
            files += 1;
        }
    }
    let deep = root.join("deep/a/b/c");
    fs::create_dir_all(&deep).unwrap();
    let big: Vec<u8> = (0..5 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    write(&deep.join("big.bin"), &big, 0o600);
    write(&root.join("with space.txt"), b"spaces\n", 0o755);
    files += 2;
    symlink("../../../../d00/f001", deep.join("up")).unwrap();
    symlink("deep/a/b/c/big.bin", root.join("link-to-big")).unwrap();
    symlink("loop-b", root.join("loop-a")).unwrap();
    symlink("loop-a", root.join("loop-b")).unwrap();
    mkdir(&root.join("empty-0600"), 0o600);
    run(Command::new("mkfifo").arg(root.join("a-fifo")));
    files
}

/// What a tree holds, by path relative to its root (`.` for the root):
/// type, permission bits, and content or symlink target. Fifos, sockets
/// and devices are left out.
#[derive(Debug, PartialEq)]
enum Entry {
    Dir(u32),
    File(u32, Vec<u8>),
    Link(String),
}

fn read_tree(root: &Path) -> BTreeMap<String, Entry> {
    let mut tree = BTreeMap::new();
    let mut pending = vec![(root.to_path_buf(), ".".to_string())];
    while let Some((path, rel)) = pending.pop() {
        let meta = fs::symlink_metadata(&path).unwrap();
        let mode = meta.permissions().mode() & 0o7777;
        let entry = if meta.is_dir() {
            for child in fs::read_dir(&path).unwrap() {
                let child = child.unwrap();
                let name = child.file_name().into_string().unwrap();
                pending.push((child.path(), format!("{rel}/{name}")));
            }
            Entry::Dir(mode)
        } else if meta.is_file() {
            Entry::File(mode, fs::read(&path).unwrap())
        } else if meta.file_type().is_symlink() {
            Entry::Link(
                fs::read_link(&path)
                    .unwrap()
                    .into_os_string()
                    .into_string()
                    .unwrap(),
            )
        } else {
            continue;
        };
        tree.insert(rel, entry);
    }
    tree
}

/// The lines busybox `stat -c '%n %a %F %s'` prints for a tree, with the
/// size left out for directories (it depends on the filesystem).
fn stat_lines(tree: &BTreeMap<String, Entry>) -> Vec<String> {
    tree.iter()
        .map(|(path, entry)| match entry {
            Entry::Dir(mode) => format!("{path} {mode:o} directory"),
            Entry::File(mode, content) if content.is_empty() => {
                format!("{path} {mode:o} regular empty file 0")
            }
            Entry::File(mode, content) => format!("{path} {mode:o} regular file {}", content.len()),
            Entry::Link(target) => format!("{path} 777 symbolic link {}", target.len()),
        })
        .collect()
}

/// Fails with the lines only one side has (not two 1,000-line dumps).
fn assert_same_lines(mut got: Vec<String>, mut want: Vec<String>) {
    got.sort();
    want.sort();
    let missing: Vec<_> = want.iter().filter(|l| !got.contains(l)).collect();
    let extra: Vec<_> = got.iter().filter(|l| !want.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty() && got.len() == want.len(),
        "missing in the instance: {missing:#?}\nonly in the instance: {extra:#?}"
    );
}

/// 1,000+ files, modes, symlinks (one relative, one loop), an empty
/// 0600 dir and a fifo: pushed, checked file by file inside the instance,
/// pulled back to a second directory, and the two trees compared.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn dirs_push_and_pull_round_trip() {
    let client = client();
    let (name, _guard) = running(&client, "dirs");
    let source = Scratch::new("dirs-src");
    let files = build_tree(&source.0);
    let tree = read_tree(&source.0);
    assert!(!tree.contains_key("./a-fifo"));

    let started = Instant::now();
    client
        .push_instance_dir(&name, &source.0, "/root/t")
        .unwrap();
    let pushed = started.elapsed();

    let listing = cli(&[
        "exec",
        &name,
        "--",
        "sh",
        "-c",
        "cd /root/t && find . | sort | while read f; do stat -c '%n %a %F %s' \"$f\"; done",
    ]);
    let remote: Vec<String> = listing
        .lines()
        .map(|line| match line.rsplit_once(' ') {
            Some((head, _size)) if head.ends_with(" directory") => head.to_string(),
            _ => line.to_string(),
        })
        .collect();
    assert_same_lines(remote, stat_lines(&tree));
    let links = "cd /root/t && readlink deep/a/b/c/up && readlink loop-a";
    assert_eq!(
        cli(&["exec", &name, "--", "sh", "-c", links]),
        "../../../../d00/f001\nloop-b"
    );
    assert_eq!(
        cli(&["exec", &name, "--", "md5sum", "/root/t/deep/a/b/c/big.bin"])
            .split(' ')
            .next(),
        run(Command::new("md5sum").arg(source.0.join("deep/a/b/c/big.bin")))
            .split(' ')
            .next()
    );

    let copy = Scratch::new("dirs-copy");
    let started = Instant::now();
    client.pull_instance_dir(&name, "/root/t", &copy.0).unwrap();
    let pulled = started.elapsed();
    let back = read_tree(&copy.0);
    let differ: Vec<_> = tree
        .iter()
        .filter(|(path, entry)| back.get(*path) != Some(entry))
        .map(|(path, _)| path)
        .collect();
    assert!(differ.is_empty(), "pulled back differently: {differ:?}");
    assert_eq!(back.len(), tree.len());
    eprintln!(
        "{files} files, {} entries: pushed in {pushed:?}, pulled in {pulled:?}",
        tree.len()
    );
}

/// What is refused or fails, and that the errors name the path.
#[test]
#[ignore = "live: needs incusd, run the README test command"]
fn dirs_refusals_name_the_path() {
    let client = client();
    let (name, _guard) = running(&client, "dirs-refuse");
    let scratch = Scratch::new("dirs-refuse");
    fs::create_dir(&scratch.0).unwrap();
    let file = scratch.0.join("a file");
    fs::write(&file, b"x").unwrap();

    // Pull onto an existing regular file: refused before any request.
    match client.pull_instance_dir(&name, "/etc", &file) {
        Err(Error::InvalidInput(message)) => {
            assert!(message.contains(&*file.to_string_lossy()), "{message}")
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    assert_eq!(fs::read(&file).unwrap(), b"x");

    // Push of a local path that does not exist, or is not a directory.
    let missing = scratch.0.join("no such dir");
    match client.push_instance_dir(&name, &missing, "/root/x") {
        Err(Error::Io(e)) => {
            assert_eq!(e.kind(), io::ErrorKind::NotFound);
            assert!(e.to_string().contains(&*missing.to_string_lossy()), "{e}");
        }
        other => panic!("expected Io, got {other:?}"),
    }
    let e = client
        .push_instance_dir(&name, &file, "/root/x")
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    assert!(e.to_string().contains("a file"), "{e}");

    // Push under a missing parent; pull of a missing or non-directory path.
    let e = client
        .push_instance_dir(&name, &scratch.0, "/no/such/parent")
        .unwrap_err();
    assert!(
        e.status().is_some() && e.to_string().contains("/no/such/parent"),
        "{e}"
    );
    let target = scratch.0.join("copy");
    let e = client
        .pull_instance_dir(&name, "/no/such/dir", &target)
        .unwrap_err();
    assert!(
        e.is_not_found() && e.to_string().contains("/no/such/dir"),
        "{e}"
    );
    let e = client
        .pull_instance_dir(&name, "/etc/hostname", &target)
        .unwrap_err();
    assert!(matches!(e, Error::InvalidInput(_)), "{e}");
    assert!(e.to_string().contains("/etc/hostname"), "{e}");
    assert!(
        !target.exists(),
        "nothing is created when the remote is refused"
    );
}
