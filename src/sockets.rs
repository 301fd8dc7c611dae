//! Where the local daemon's unix socket is: Incus's, as the `incus`
//! command line finds it, then LXD's, as `lxc` does.

use std::path::{Path, PathBuf};

/// An environment variable, unless unset or empty.
pub(crate) fn env_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}

/// How the socket finders see the machine: environment variables (unset
/// when empty) and which paths exist.
pub(crate) type Env<'a> = &'a dyn Fn(&str) -> Option<std::ffi::OsString>;
pub(crate) type Exists<'a> = &'a dyn Fn(&Path) -> bool;

/// The socket [`Client::local`](crate::Client::local) uses: Incus's, else LXD's, else Incus's
/// default path.
pub(crate) fn local_socket(env: Env<'_>, exists: Exists<'_>) -> PathBuf {
    incus_socket(env, exists)
        .or_else(|| lxd_socket(env, exists))
        .unwrap_or_else(|| "/var/lib/incus/unix.socket".into())
}

/// The socket the incus CLI would use, if one is named or exists.
pub(crate) fn incus_socket(env: Env<'_>, exists: Exists<'_>) -> Option<PathBuf> {
    named_socket(env, "INCUS_SOCKET", "INCUS_DIR").or_else(|| {
        ["/run/incus/unix.socket", "/var/lib/incus/unix.socket"]
            .map(PathBuf::from)
            .into_iter()
            .find(|path| exists(path))
    })
}

/// The socket the lxc CLI would use, if one is named or exists: the
/// snap's, then the distribution package's.
pub(crate) fn lxd_socket(env: Env<'_>, exists: Exists<'_>) -> Option<PathBuf> {
    named_socket(env, "LXD_SOCKET", "LXD_DIR").or_else(|| {
        [
            "/var/snap/lxd/common/lxd/unix.socket",
            "/var/lib/lxd/unix.socket",
        ]
        .map(PathBuf::from)
        .into_iter()
        .find(|path| exists(path))
    })
}

/// `$socket`, else `$dir/unix.socket`, whether or not it exists (a named
/// socket that is missing is the caller's error to see).
pub(crate) fn named_socket(env: Env<'_>, socket: &str, dir: &str) -> Option<PathBuf> {
    env(socket)
        .map(PathBuf::from)
        .or_else(|| env(dir).map(|dir| Path::new(&dir).join("unix.socket")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An environment of `vars` and a machine where only `existing` exist.
    fn machine<'a>(
        vars: &'a [(&str, &str)],
        existing: &'a [&str],
    ) -> (
        impl Fn(&str) -> Option<std::ffi::OsString> + 'a,
        impl Fn(&Path) -> bool + 'a,
    ) {
        let env = move |name: &str| {
            let found = vars.iter().find(|(key, _)| *key == name);
            found.map(|(_, value)| std::ffi::OsString::from(value))
        };
        let exists = move |path: &Path| existing.iter().any(|e| Path::new(e) == path);
        (env, exists)
    }

    #[test]
    fn socket_is_found_like_the_cli() {
        let local = |vars, existing| {
            let (env, exists) = machine(vars, existing);
            local_socket(&env, &exists)
        };
        let all = [
            "/run/incus/unix.socket",
            "/var/lib/incus/unix.socket",
            "/var/snap/lxd/common/lxd/unix.socket",
            "/var/lib/lxd/unix.socket",
        ];
        let vars = [
            ("INCUS_SOCKET", "/a.sock"),
            ("INCUS_DIR", "/d"),
            ("LXD_SOCKET", "/l.sock"),
            ("LXD_DIR", "/ld"),
        ];
        // Incus first, each step only when the one before finds nothing.
        assert_eq!(local(&vars, &all), Path::new("/a.sock"));
        assert_eq!(local(&vars[1..], &all), Path::new("/d/unix.socket"));
        assert_eq!(local(&vars[2..], &all), Path::new("/run/incus/unix.socket"));
        assert_eq!(local(&vars[2..], &all[1..]), Path::new(all[1]));
        // No Incus socket: LXD's, in the same order.
        assert_eq!(local(&vars[2..], &all[2..]), Path::new("/l.sock"));
        assert_eq!(local(&vars[3..], &all[2..]), Path::new("/ld/unix.socket"));
        assert_eq!(local(&[], &all[2..]), Path::new(all[2]));
        assert_eq!(local(&[], &all[3..]), Path::new(all[3]));
        // Nothing at all: Incus's default path, for a clear error.
        assert_eq!(local(&[], &[]), Path::new("/var/lib/incus/unix.socket"));
    }

    #[test]
    fn lxd_socket_is_found_like_lxc() {
        let lxd = |vars, existing| {
            let (env, exists) = machine(vars, existing);
            lxd_socket(&env, &exists)
        };
        let vars = [
            ("LXD_SOCKET", "/l.sock"),
            ("LXD_DIR", "/ld"),
            ("INCUS_DIR", "/d"),
        ];
        const SNAP: &str = "/var/snap/lxd/common/lxd/unix.socket";
        const PACKAGE: &str = "/var/lib/lxd/unix.socket";
        assert_eq!(lxd(&vars, &[]), Some("/l.sock".into()));
        assert_eq!(lxd(&vars[1..], &[]), Some("/ld/unix.socket".into()));
        assert_eq!(lxd(&vars[2..], &[SNAP, PACKAGE]), Some(SNAP.into()));
        assert_eq!(lxd(&[], &[PACKAGE]), Some(PACKAGE.into()));
        assert_eq!(lxd(&vars[2..], &["/run/incus/unix.socket"]), None);
    }
}
