//! The pieces of copying directory trees to and from instances
//! (`endpoints/instance_dirs.rs`) that need no daemon: errors that name the
//! path they are about, a reader that keeps its first error, entry-name
//! checks, remote path joining and symlink targets.

use std::io::{self, Read};
use std::path::Path;

use crate::error::{Error, Result};

/// The longest symlink target read back from the daemon (Linux `PATH_MAX`).
pub(crate) const MAX_TARGET: u64 = 4096;

/// A reader that keeps its first error, so that a local file failing
/// halfway through an upload (which the request reports as a transport
/// error about the endpoint) can be reported as the file's error, and a
/// download failing in `io::copy` told apart from the local write.
pub(crate) struct Tracked<R> {
    inner: R,
    error: Option<io::Error>,
}

impl<R> Tracked<R> {
    pub(crate) fn new(inner: R) -> Tracked<R> {
        Tracked { inner, error: None }
    }

    /// The first error a read returned, if any (taken).
    pub(crate) fn take_error(&mut self) -> Option<io::Error> {
        self.error.take()
    }
}

impl<R: Read> Read for Tracked<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                let copy = io::Error::new(e.kind(), e.to_string());
                self.error.get_or_insert(e);
                Err(copy)
            }
            other => other,
        }
    }
}

/// [`Error::Io`] whose text starts with the local `path`.
pub(crate) fn local_error(path: &Path, e: io::Error) -> Error {
    Error::Io(io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

/// [`Error::Io`] whose text names the path inside the instance.
pub(crate) fn remote_error(instance: &str, path: &str, e: io::Error) -> Error {
    Error::Io(io::Error::new(
        e.kind(),
        format!("{path} in instance {instance}: {e}"),
    ))
}

/// Names the path inside the instance in an error from the request about
/// it: an [`Error::Api`] names only the endpoint (the path is in the query),
/// so its message gets the path in front. Other errors already say what
/// they are about.
pub(crate) fn about(path: &str, e: Error) -> Error {
    match e {
        Error::Api {
            status,
            message,
            endpoint,
        } => Error::Api {
            status,
            message: format!("{path}: {message}"),
            endpoint,
        },
        other => other,
    }
}

/// Checks a name a directory listing gave: one plain step, so that the
/// local path it becomes stays inside the copy. A daemon that lists an
/// empty name, `.`, `..`, or one with `/` or NUL is refused
/// ([`Error::Decode`], naming the listing and the entry).
pub(crate) fn check_entry_name(instance: &str, dir: &str, entry: &str) -> Result<()> {
    if entry.is_empty() || entry == "." || entry == ".." || entry.contains(['/', '\0']) {
        return Err(Error::decode(
            &format!("GET /1.0/instances/{instance}/files"),
            format!("directory {dir} lists the entry {entry:?}, which is not a plain name"),
        ));
    }
    Ok(())
}

/// `remote` without trailing slashes (`/` stays `/`).
pub(crate) fn trim_remote(remote: &str) -> &str {
    match remote.trim_end_matches('/') {
        "" if remote.starts_with('/') => "/",
        trimmed => trimmed,
    }
}

/// `dir/name` inside the instance.
pub(crate) fn join(dir: &str, name: &str) -> String {
    match dir {
        "/" => format!("/{name}"),
        _ => format!("{dir}/{name}"),
    }
}

/// The target to give a pulled symlink. The daemon does not return a
/// link's target as written: it joins a relative target to the link's
/// directory and cleans it (Incus 6.0, `instanceFileGet`), so `f` comes back
/// as `/root/t/f`. A target inside the tree being copied (`root`) is made
/// relative to the link's directory again (`f`, `../f`), so the copy is
/// self-contained and a relative link comes back as written (when it was
/// written clean); any other target stays the absolute path in the
/// instance.
pub(crate) fn local_target(root: &str, link_dir: &str, target: &str) -> String {
    let steps = |path: &str| -> Vec<String> {
        path.split('/')
            .filter(|step| !step.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (root, dir, to) = (steps(root), steps(link_dir), steps(target));
    if !target.starts_with('/') || !to.starts_with(&root) || !dir.starts_with(&root) {
        return target.to_string();
    }
    let common = dir.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut relative = vec![".."; dir.len() - common];
    relative.extend(to[common..].iter().map(String::as_str));
    match relative.is_empty() {
        true => ".".to_string(),
        false => relative.join("/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_must_be_one_plain_step() {
        for good in ["a", "a b", "é", "...", ".hidden", "a\\b"] {
            assert!(check_entry_name("c1", "/root/t", good).is_ok(), "{good:?}");
        }
        for bad in ["", ".", "..", "a/b", "/", "../x", "a\0b"] {
            match check_entry_name("c1", "/root/t", bad) {
                Err(e @ Error::Decode { .. }) => {
                    let text = e.to_string();
                    assert!(text.contains("/root/t") && text.contains(&format!("{bad:?}")));
                    assert_eq!(e.endpoint(), Some("GET /1.0/instances/c1/files"));
                }
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn remote_paths_join_and_trim() {
        assert_eq!(trim_remote("/root/t/"), "/root/t");
        assert_eq!(trim_remote("/root/t//"), "/root/t");
        assert_eq!(trim_remote("/"), "/");
        assert_eq!(trim_remote("//"), "/");
        assert_eq!(trim_remote("rel/"), "rel");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/root/t", "a b"), "/root/t/a b");
    }

    #[test]
    fn targets_inside_the_tree_become_relative() {
        let t = |dir, target| local_target("/root/t", dir, target);
        assert_eq!(t("/root/t", "/root/t/f"), "f");
        assert_eq!(t("/root/t/d/e", "/root/t/f"), "../../f");
        assert_eq!(t("/root/t/d", "/root/t/d2/x"), "../d2/x");
        assert_eq!(t("/root/t/d", "/root/t/d"), ".");
        assert_eq!(t("/root/t/d", "/root/t"), "..");
        // Outside the tree (or the daemon sent something relative): as sent.
        assert_eq!(t("/root/t", "/etc/passwd"), "/etc/passwd");
        assert_eq!(t("/root/t", "/root/tt/f"), "/root/tt/f");
        assert_eq!(t("/root/t", "f"), "f");
        assert_eq!(local_target("/", "/a", "/b/c"), "../b/c");
        assert_eq!(local_target("/root/t/", "/root/t", "/root/t//f"), "f");
    }

    #[test]
    fn errors_name_their_path() {
        let e = io::Error::new(io::ErrorKind::NotFound, "gone");
        let e = local_error(Path::new("/tmp/x y"), e);
        assert_eq!(e.to_string(), "io error: /tmp/x y: gone");
        assert!(matches!(&e, Error::Io(e) if e.kind() == io::ErrorKind::NotFound));
        let e = remote_error("c1", "/root/f", io::Error::other("reset"));
        assert_eq!(e.to_string(), "io error: /root/f in instance c1: reset");
        let api = Error::Api {
            status: 404,
            message: "Not Found".into(),
            endpoint: "GET /1.0/instances/c1/files".into(),
        };
        let e = about("/root/f", api);
        assert_eq!(e.to_string(), "incus api error 404: /root/f: Not Found");
        assert!(e.is_not_found());
        let e = about("/root/f", Error::InvalidInput("x".into()));
        assert_eq!(e.to_string(), "invalid input: x");
    }

    #[test]
    fn tracked_readers_keep_their_first_error() {
        struct Half(usize);
        impl Read for Half {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::new(io::ErrorKind::InvalidData, "bad sector"));
                }
                let n = buf.len().min(self.0);
                self.0 -= n;
                Ok(n)
            }
        }
        let mut reader = Tracked::new(Half(10));
        let e = io::copy(&mut reader, &mut io::sink()).unwrap_err();
        assert_eq!(e.to_string(), "bad sector");
        let kept = reader.take_error().unwrap();
        assert_eq!(
            (kept.kind(), kept.to_string().as_str()),
            (io::ErrorKind::InvalidData, "bad sector")
        );
        assert!(reader.take_error().is_none());
    }
}
