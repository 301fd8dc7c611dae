//! Helpers shared by the live tests: connect from the environment, unique
//! names, cleanup that runs even when an assert fails, the `incus` CLI, and
//! the log of the crate's own requests.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};
use std::time::Duration;

use std::fmt::Debug;

use incus::Client;
use incus::models::{InstanceSource, InstanceStatePut, InstancesPost, ProjectsPost};

/// How long the live tests wait for any operation.
pub const WAIT: Duration = Duration::from_secs(120);

/// A client for the daemon at `$INCUS_SOCKET`; panics with a clear message
/// when it is unset or the daemon does not answer, so a missing daemon is a
/// failure, never a silent pass. The first call starts the request log
/// (see [`record_requests`]).
pub fn client() -> Client {
    connect("INCUS_SOCKET", "Incus daemon")
}

/// Whether the suite runs against LXD (`INCUS_TEST_SERVER=lxd`, set by
/// `scripts/test` for its second run, against the LXD sandbox): the
/// command line is then `lxc`, and tests skip what LXD lacks.
pub fn on_lxd() -> bool {
    std::env::var("INCUS_TEST_SERVER").is_ok_and(|server| server == "lxd")
}

/// Whether the daemon has every API extension in `extensions`. When it
/// lacks one, the test is skipped: prints `skipped <test>: <server> lacks
/// <extension>` (see [`skip`]) and returns false, and the test returns.
pub fn requires(client: &Client, extensions: &[&str]) -> bool {
    let server = if on_lxd() { "LXD" } else { "the server" };
    for extension in extensions {
        if !client
            .has_extension(extension)
            .expect("read the API extensions")
        {
            skip(&format!("{server} lacks {extension}"));
            return false;
        }
    }
    true
}

/// Asserts that `client` is trusted, as the certificate `fingerprint`
/// where the server says so: `auth_user_name` and `auth_user_method` came
/// with the API extension `auth_user`, which LXD 5.0 lacks.
pub fn assert_trusted_as(client: &Client, fingerprint: &str) {
    let server = client.get_server().unwrap();
    assert_eq!(server.auth, "trusted");
    if client.has_extension("auth_user").unwrap() {
        assert_eq!(
            (
                server.auth_user_method.as_str(),
                server.auth_user_name.as_str()
            ),
            ("tls", fingerprint)
        );
    }
}

/// Like [`requires`] for a test whose every call needs `ext`: on a
/// server without it, first asserts that `refused` (the test's first call
/// that needs it) fails with `Error::MissingExtension` naming it.
pub fn requires_gated<T: Debug>(
    client: &Client,
    ext: &str,
    refused: impl FnOnce() -> incus::Result<T>,
) -> bool {
    has_or_refused(client, ext, refused) || requires(client, &[ext])
}

/// Whether the server has the API extension `ext`. When it lacks it (LXD
/// 5.0), first asserts that `probe` (a call that needs it) fails with
/// `Error::MissingExtension` naming it, and returns false: the test goes
/// on without it (no skip line).
pub fn has_or_refused<T: Debug>(
    client: &Client,
    ext: &str,
    probe: impl FnOnce() -> incus::Result<T>,
) -> bool {
    let has = client.has_extension(ext).expect("read the API extensions");
    if !has {
        assert_missing(ext, probe());
    }
    has
}

/// The result of a call that needs the API extension `ext` if the server
/// has it; else (LXD 5.0) asserts that it failed with
/// `Error::MissingExtension` naming `ext`, and the test goes on without it.
pub fn gated<T: Debug>(
    client: &Client,
    ext: &str,
    result: incus::Result<T>,
) -> Option<incus::Result<T>> {
    if client.has_extension(ext).expect("read the API extensions") {
        return Some(result);
    }
    assert_missing(ext, result);
    None
}

/// Asserts that `result` is `Error::MissingExtension` naming `ext`.
pub fn assert_missing<T: Debug>(ext: &str, result: incus::Result<T>) {
    match result {
        Err(incus::Error::MissingExtension { extension, .. }) => assert_eq!(extension, ext),
        other => panic!("expected MissingExtension for {ext}, got {other:?}"),
    }
}

/// The status and message of `e`, the daemon's `Error::Api`; panics with
/// `e` for any other error.
pub fn api_error(e: &incus::Error) -> (u16, String) {
    match e {
        incus::Error::Api {
            status, message, ..
        } => (*status, message.clone()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// Like [`api_error`], also for a failed operation's `Error::Operation`
/// (its status code and message).
pub fn daemon_error(e: &incus::Error) -> (u16, String) {
    match e {
        incus::Error::Operation {
            status_code,
            message,
            ..
        } => (*status_code, message.clone()),
        other => api_error(other),
    }
}

/// Asserts `e` is `Error::Api` with `status` and exactly `message`.
pub fn assert_api(e: &incus::Error, status: u16, message: &str) {
    match e {
        incus::Error::Api {
            status: got,
            message: text,
            ..
        } => assert_eq!((*got, text.as_str()), (status, message), "{e}"),
        other => panic!("expected Api {status} {message:?}, got {other:?}"),
    }
}

/// Prints `skipped <test>: <why>` to stderr and, when `$INCUS_TEST_SKIP_LOG`
/// names a file, appends the line to it (`scripts/test` prints and counts
/// them: the harness shows a skipped test as passed).
pub fn skip(why: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let line = format!("skipped {test}: {why}\n");
    eprint!("{line}");
    if let Some(path) = std::env::var_os("INCUS_TEST_SKIP_LOG").filter(|p| !p.is_empty()) {
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .expect("open INCUS_TEST_SKIP_LOG");
        file.write_all(line.as_bytes())
            .expect("write INCUS_TEST_SKIP_LOG");
    }
}

/// The daemon's command line: `incus`, or `lxc` on LXD.
pub fn cli_program() -> &'static str {
    if on_lxd() { "lxc" } else { "incus" }
}

/// The daemon's command line talking to the second daemon (at
/// `$INCUS_SECOND_SOCKET`): its directory and socket in `INCUS_DIR` and
/// `INCUS_SOCKET` (the command line prefers the socket), or in `LXD_DIR`
/// and `LXD_SOCKET` for `lxc`; `args` as [`cli_command`] spells them.
pub fn second_cli_command(args: &[&str]) -> Command {
    let socket = PathBuf::from(std::env::var("INCUS_SECOND_SOCKET").unwrap());
    cli_command_at(&socket, args)
}

/// The daemon's command line talking to the daemon at `socket`: its
/// directory and socket in `INCUS_DIR` and `INCUS_SOCKET` (the command line
/// prefers the socket to the directory, so both are set), or in `LXD_DIR`
/// and `LXD_SOCKET` for `lxc`; `args` as [`cli_command`] spells them.
pub fn cli_command_at(socket: &Path, args: &[&str]) -> Command {
    let prefix = if on_lxd() { "LXD" } else { "INCUS" };
    let mut command = cli_command(args);
    command
        .env(format!("{prefix}_DIR"), socket.parent().unwrap())
        .env(format!("{prefix}_SOCKET"), socket);
    command
}

/// A client for the sandbox's second daemon at `$INCUS_SECOND_SOCKET` (for
/// copies between servers); panics like [`client`] when it is missing.
pub fn second_client() -> Client {
    connect("INCUS_SECOND_SOCKET", "second daemon")
}

/// A turn at the second daemon: tests that use it hold this, since one of
/// them stops that daemon for a while.
pub fn second_daemon() -> std::sync::MutexGuard<'static, ()> {
    static SECOND: Mutex<()> = Mutex::new(());
    SECOND
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A client for the socket named by the variable `var`.
fn connect(var: &str, what: &str) -> Client {
    record_requests();
    let socket = std::env::var(var).unwrap_or_default();
    assert!(
        !socket.is_empty(),
        "{var} is not set: run the live tests through the README's test command (scripts/test)"
    );
    let client = Client::unix(&socket).expect("client");
    if let Err(e) = client.get_server() {
        panic!("no {what} answers at {socket}: {e}");
    }
    client
}

/// When `$INCUS_REQUEST_LOG` names a file, appends to it one line per
/// request the crate sends, `METHOD /path?query`, for
/// `scripts/endpoint-coverage`: the daemon's own log cannot tell the crate's
/// requests from those of the sandbox script and the `incus` command line.
/// Installs a logger once per process; does nothing when the variable is
/// unset.
pub fn record_requests() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let Some(path) = std::env::var_os("INCUS_REQUEST_LOG").filter(|p| !p.is_empty()) else {
            return;
        };
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("INCUS_REQUEST_LOG {}: {e}", Path::new(&path).display()));
        let logger = Box::leak(Box::new(RequestLog(Mutex::new(file))));
        log::set_logger(logger).expect("no other logger in the live tests");
        log::set_max_level(log::LevelFilter::Debug);
    });
}

/// The logger behind [`record_requests`].
struct RequestLog(Mutex<File>);

impl log::Log for RequestLog {
    /// The crate logs each request it sends once, at debug level, from a
    /// target under `incus`; trace records (bodies) and other crates' records
    /// are not requests.
    fn enabled(&self, metadata: &log::Metadata) -> bool {
        metadata.level() == log::Level::Debug && metadata.target().starts_with("incus")
    }

    fn log(&self, record: &log::Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        if let Some(line) = request_line(&record.args().to_string()) {
            let mut file = self.0.lock().unwrap_or_else(|e| e.into_inner());
            // One write of the whole line to a file opened for appending.
            file.write_all(line.as_bytes())
                .expect("write to INCUS_REQUEST_LOG");
        }
    }

    fn flush(&self) {}
}

/// `METHOD /path?query\n` from the crate's request record `METHOD URL -> …`
/// or `METHOD URL failed after …`, the URL's scheme and host stripped; None
/// for any other message.
fn request_line(message: &str) -> Option<String> {
    let mut parts = message.splitn(3, ' ');
    let (method, url, rest) = (parts.next()?, parts.next()?, parts.next()?);
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    if !rest.starts_with("-> ") && !rest.starts_with("failed after ") {
        return None;
    }
    let (_scheme, rest) = url.split_once("://")?;
    let path = rest.find('/').map_or("/", |at| &rest[at..]);
    Some(format!("{method} {path}\n"))
}

#[test]
fn request_lines_drop_scheme_and_host() {
    assert_eq!(
        request_line(
            "GET http://unix.socket/1.0/profiles?recursion=1&project=p -> 200 (5 bytes) in 1ms"
        )
        .as_deref(),
        Some("GET /1.0/profiles?recursion=1&project=p\n")
    );
    assert_eq!(
        request_line("PUT https://127.0.0.1:8443/1.0 failed after 2ms: refused").as_deref(),
        Some("PUT /1.0\n")
    );
    assert_eq!(
        request_line("GET http://unix.socket/ -> 200 (9 bytes) in 1ms").as_deref(),
        Some("GET /\n")
    );
    assert_eq!(request_line("GET http://unix.socket/1.0 body: {}"), None);
    assert_eq!(request_line("connection reused"), None);
}

/// The daemon's debug log (`incusd --debug --logfile`), where every request
/// it handles shows up: `$INCUS_DAEMON_LOG` (set by scripts/test), else
/// `incusd.log` beside the directory of `$INCUS_SOCKET` (the sandbox's
/// `target/incus-sandbox/var/unix.socket`), else this checkout's
/// `target/incus-sandbox/incusd.log` (the sandbox's own, when its `var/` is
/// a link to a short path under /tmp). Panics if none exists.
pub fn daemon_log() -> PathBuf {
    let set = std::env::var_os("INCUS_DAEMON_LOG").filter(|p| !p.is_empty());
    let socket = std::env::var_os("INCUS_SOCKET").map(PathBuf::from);
    let beside_socket = socket
        .as_deref()
        .and_then(|s| Some(s.parent()?.parent()?.join("incusd.log")));
    let checkout = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/incus-sandbox/incusd.log");
    let candidates: Vec<PathBuf> = set
        .map(PathBuf::from)
        .into_iter()
        .chain(beside_socket)
        .chain([checkout])
        .collect();
    candidates
        .iter()
        .find(|path| path.is_file())
        .cloned()
        .unwrap_or_else(|| panic!("no daemon log at any of {candidates:?}: set INCUS_DAEMON_LOG"))
}

/// `rust-test-<what>-<pid>-<n>`: unique across tests and test processes.
pub fn unique(what: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("rust-test-{what}-{}-{n}", std::process::id())
}

/// Runs `f` when dropped: cleanup that also runs after a failed assert.
pub struct Cleanup<F: FnMut()>(pub F);

impl<F: FnMut()> Drop for Cleanup<F> {
    fn drop(&mut self) {
        (self.0)()
    }
}

/// A new directory `rust-test-<what>-…` under the temp dir, and a guard
/// removing it with all it holds.
pub fn temp_dir(what: &str) -> (PathBuf, Cleanup<impl FnMut() + use<>>) {
    let dir = std::env::temp_dir().join(unique(what));
    std::fs::create_dir_all(&dir).unwrap();
    let removed = dir.clone();
    (
        dir,
        Cleanup(move || {
            let _ = std::fs::remove_dir_all(&removed);
        }),
    )
}

/// A path `rust-test-<what>-…` under the temp dir (nothing made there),
/// and a guard removing the file it names.
pub fn scratch(what: &str) -> (PathBuf, Cleanup<impl FnMut() + use<>>) {
    let path = std::env::temp_dir().join(unique(what));
    let removed = path.clone();
    (
        path,
        Cleanup(move || {
            let _ = std::fs::remove_file(&removed);
        }),
    )
}

/// Runs `command` and returns its trimmed stdout; panics with its stderr if
/// it fails.
pub fn run(command: &mut Command) -> String {
    let out = command
        .output()
        .unwrap_or_else(|e| panic!("run {command:?}: {e}"));
    assert!(
        out.status.success(),
        "{command:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The command line that trusts the client certificate in the PEM file
/// `cert` under `name`: `incus config trust add-certificate`, or `lxc
/// config trust add` on LXD 5.0 (which has no `add-certificate`; see
/// [`lxc_args`]).
pub fn trust_command(cert: &Path, name: &str) -> Command {
    let cert = cert.to_str().expect("a UTF-8 certificate path");
    cli_command(&["config", "trust", "add-certificate", cert, "--name", name])
}

/// Runs the `incus` command line (a second, independent client) against the
/// same daemon (`lxc` on LXD, the arguments through [`lxc_args`]) and
/// returns its stdout; panics if it fails.
pub fn cli(args: &[&str]) -> String {
    run(&mut cli_command(args))
}

/// The command line `incus <args>`, or `lxc` with [`lxc_args`] on LXD, not
/// yet run.
pub fn cli_command(args: &[&str]) -> Command {
    let mut command = Command::new(cli_program());
    match on_lxd() {
        true => command.args(lxc_args(args)),
        false => command.args(args),
    };
    command
}

/// The `lxc` 5.0 spelling of the `incus` command `args`. Incus's snapshot
/// subcommands are other commands there: `incus snapshot create c s` is
/// `lxc snapshot c s`, `restore` is `lxc restore`, `delete` and `rename`
/// take `c/s`, and the same for `incus storage volume snapshot …`; lxc 5.0
/// has no snapshot list, so `… snapshot list … -f json` becomes the same
/// JSON through `lxc query`. A trust token's name is `--name`, a
/// certificate file is trusted with `add` (there is no `add-certificate`),
/// and a remote joins with the token in place of its address. Every other
/// command is spelled alike.
pub fn lxc_args(args: &[&str]) -> Vec<String> {
    let words = |parts: &[&str]| parts.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let list = |rest: &[&str], path: String| {
        assert_eq!(rest, ["-f", "json"], "lxc 5.0 lists snapshots as JSON only");
        words(&["query", &format!("{path}/snapshots?recursion=1")])
    };
    match args {
        ["snapshot", "create", rest @ ..] => words(&[&["snapshot"], rest].concat()),
        ["snapshot", "restore", rest @ ..] => words(&[&["restore"], rest].concat()),
        ["snapshot", "delete", c, s] => words(&["delete", &format!("{c}/{s}")]),
        ["snapshot", "rename", c, s, to] => {
            words(&["rename", &format!("{c}/{s}"), &format!("{c}/{to}")])
        }
        ["snapshot", "list", c, rest @ ..] => list(rest, format!("/1.0/instances/{c}")),
        ["storage", "volume", "snapshot", sub, pool, v, rest @ ..] => {
            let volume = |rest: &[&str]| words(&[&["storage", "volume"], rest].concat());
            match (*sub, rest) {
                ("create", _) => volume(&[&["snapshot", pool, v], rest].concat()),
                ("restore", [s]) => volume(&["restore", pool, v, s]),
                ("delete", [s]) => volume(&["delete", pool, &format!("{v}/{s}")]),
                ("rename", [s, to]) => {
                    volume(&["rename", pool, &format!("{v}/{s}"), &format!("{v}/{to}")])
                }
                ("list", _) => list(
                    rest,
                    format!("/1.0/storage-pools/{pool}/volumes/custom/{v}"),
                ),
                _ => panic!("no lxc 5.0 spelling for incus {args:?}"),
            }
        }
        // A trust token for a client name: `--name` there.
        ["config", "trust", "add", name] => words(&["config", "trust", "add", "--name", name]),
        // A certificate file trusted: `add` there.
        ["config", "trust", "add-certificate", file, "--name", name] => {
            words(&["config", "trust", "add", file, "--name", name])
        }
        // A remote joined with a token: the token in place of the address.
        [
            "remote",
            "add",
            remote,
            _,
            "--token",
            token,
            "--accept-certificate",
        ] => words(&["remote", "add", remote, token]),
        _ => words(args),
    }
}

#[test]
fn lxc_spells_the_snapshot_commands_its_own_way() {
    let lxc = |args: &[&str]| lxc_args(args).join(" ");
    assert_eq!(lxc(&["snapshot", "create", "c", "s"]), "snapshot c s");
    assert_eq!(lxc(&["snapshot", "restore", "c", "s"]), "restore c s");
    assert_eq!(lxc(&["snapshot", "delete", "c", "s"]), "delete c/s");
    assert_eq!(
        lxc(&["snapshot", "rename", "c", "s", "t"]),
        "rename c/s c/t"
    );
    assert_eq!(
        lxc(&["snapshot", "list", "c", "-f", "json"]),
        "query /1.0/instances/c/snapshots?recursion=1"
    );
    let volume = |rest: &[&str]| lxc(&[&["storage", "volume", "snapshot"], rest].concat());
    assert_eq!(
        volume(&["create", "p", "v", "s"]),
        "storage volume snapshot p v s"
    );
    assert_eq!(
        volume(&["restore", "p", "v", "s"]),
        "storage volume restore p v s"
    );
    assert_eq!(
        volume(&["delete", "p", "v", "s"]),
        "storage volume delete p v/s"
    );
    assert_eq!(
        volume(&["rename", "p", "v", "s", "t"]),
        "storage volume rename p v/s v/t"
    );
    assert_eq!(
        volume(&["list", "p", "v", "-f", "json"]),
        "query /1.0/storage-pools/p/volumes/custom/v/snapshots?recursion=1"
    );
    assert_eq!(
        lxc(&["storage", "volume", "show", "p", "v/s"]),
        "storage volume show p v/s"
    );
    assert_eq!(
        lxc(&["config", "trust", "add", "n"]),
        "config trust add --name n"
    );
    assert_eq!(
        lxc(&["config", "trust", "add-certificate", "c.crt", "--name", "n"]),
        "config trust add c.crt --name n"
    );
    let add = [
        "remote",
        "add",
        "r",
        "https://a",
        "--token",
        "t",
        "--accept-certificate",
    ];
    assert_eq!(lxc(&add), "remote add r t");
}

/// The `profiles` of a request copying a busybox container on the same
/// server: none named (the source's) on Incus; `default` on LXD, where
/// 5.0.2 gives a copy that names none no profile at all and fails it
/// (`Failed getting root disk: No root device could be found`).
pub fn copy_profiles() -> Option<Vec<String>> {
    on_lxd().then(|| vec!["default".to_string()])
}

/// Creates a stopped busybox container and returns a guard deleting it.
pub fn busybox(client: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let op = client
        .create_instance(&InstancesPost {
            name: name.to_string(),
            source: InstanceSource::image_alias("busybox"),
            ..Default::default()
        })
        .expect("create instance");
    client
        .wait_for_completion(&op, WAIT)
        .expect("instance created");
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || remove_instance(&client, &name))
}

/// Creates and starts a busybox container named `rust-test-<what>-…`;
/// returns its name and a guard deleting it.
pub fn running(client: &Client, what: &str) -> (String, Cleanup<impl FnMut() + use<>>) {
    let name = unique(what);
    let guard = busybox(client, &name);
    client
        .wait_for_completion(&client.start_instance(&name).unwrap(), WAIT)
        .unwrap();
    (name, guard)
}

/// Force-stops and deletes an instance, ignoring errors (cleanup).
pub fn remove_instance(client: &Client, name: &str) {
    if let Ok(op) = client.set_instance_state(name, &InstanceStatePut::stop().force()) {
        let _ = client.wait_for_completion(&op, WAIT);
    }
    if let Ok(op) = client.delete_instance(name) {
        let _ = client.wait_for_completion(&op, WAIT);
    }
}

/// Creates a project that shares the default project's images and
/// profiles (so busybox and the root disk are there), with a guard that
/// deletes it.
pub fn shared_project(client: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    client
        .create_project(&ProjectsPost {
            name: name.to_string(),
            config: [
                ("features.images".to_string(), "false".to_string()),
                ("features.profiles".to_string(), "false".to_string()),
            ]
            .into(),
            ..Default::default()
        })
        .expect("create project");
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || {
        let _ = client.delete_project(&name, None);
    })
}

/// Removes the instance `name` from `client`'s server when dropped.
pub fn instance_guard(client: &Client, name: &str) -> Cleanup<impl FnMut() + use<>> {
    let (client, name) = (client.clone(), name.to_string());
    Cleanup(move || remove_instance(&client, &name))
}

/// Deletes the image `fingerprint` from `client`'s server when dropped,
/// ignoring errors.
pub fn image_guard(client: &Client, fingerprint: &str) -> Cleanup<impl FnMut() + use<>> {
    let (client, fingerprint) = (client.clone(), fingerprint.to_string());
    Cleanup(move || {
        if let Ok(op) = client.delete_image(&fingerprint) {
            let _ = client.wait_for_completion(&op, WAIT);
        }
    })
}

/// An image's parts in `dir`: `metadata.yaml` and `rootfs/` holding
/// /bin/busybox and a file `marker` with `marker` in it.
pub fn image_parts(dir: &Path, marker: &str) {
    let rootfs = dir.join("rootfs");
    std::fs::create_dir_all(rootfs.join("bin")).unwrap();
    std::fs::copy("/bin/busybox", rootfs.join("bin/busybox")).unwrap();
    std::fs::write(rootfs.join("marker"), marker).unwrap();
    let arch = run(Command::new("uname").arg("-m"));
    let metadata = format!(
        "architecture: {arch}\ncreation_date: 1700000000\nproperties:\n  os: busybox\n  description: {marker}\n"
    );
    std::fs::write(dir.join("metadata.yaml"), metadata).unwrap();
}

/// A split image in `dir` ([`image_parts`] as `meta.tar.gz` and
/// `rootfs.tar.gz`): the two files and its fingerprint, the SHA-256 of
/// both.
pub fn split_image(dir: &Path, marker: &str) -> (PathBuf, PathBuf, String) {
    image_parts(dir, marker);
    let (meta, rootfs) = (dir.join("meta.tar.gz"), dir.join("rootfs.tar.gz"));
    run(Command::new("tar")
        .arg("-C")
        .arg(dir)
        .arg("-czf")
        .arg(&meta)
        .arg("metadata.yaml"));
    run(Command::new("tar")
        .arg("-C")
        .arg(dir.join("rootfs"))
        .args(["--numeric-owner", "-czf"])
        .arg(&rootfs)
        .arg("."));
    let both = run(Command::new("sh").arg("-c").arg(format!(
        "cat {} {} | sha256sum",
        meta.display(),
        rootfs.display()
    )));
    let fingerprint = both.split_whitespace().next().unwrap().to_string();
    (meta, rootfs, fingerprint)
}

/// Runs `call` again while the daemon fails it for what other tests do to
/// networks at the same time; any other answer is returned. Three races:
/// creating or deleting a bridge goes through the host's `veth` interfaces
/// and trips over one that an instance elsewhere drops meanwhile (`Failed
/// to delete bridge children interfaces: … ip -d -j link show veth…: …
/// does not exist`); the allocations list loads each network and fails
/// whole when one is deleted meanwhile (404 `Failed loading network "…" in
/// project "…": Network not found`); and LXD 5.0.2 reads every network for
/// a zone's `used_by`, failing the same way (404 `Failed to get network
/// config for "…": Network not found`).
pub fn past_network_races<T>(call: impl FnMut() -> incus::Result<T>) -> incus::Result<T> {
    retry_while(
        |e| {
            matches!(e, incus::Error::Api { message, .. }
                if message.starts_with("Failed to delete bridge children")
                    || message.starts_with("Failed loading network \"")
                    || message.starts_with("Failed to get network config for \""))
        },
        call,
    )
}

/// Runs `call` again, up to five more times 200 ms apart, while it fails
/// with an error that `is_race` says another test caused by what it did
/// meanwhile; any other answer, or the last failure, is returned.
pub fn retry_while<T>(
    is_race: impl Fn(&incus::Error) -> bool,
    mut call: impl FnMut() -> incus::Result<T>,
) -> incus::Result<T> {
    let mut tries = 0;
    loop {
        match call() {
            Err(e) if tries < 5 && is_race(&e) => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(200));
            }
            other => return other,
        }
    }
}

/// Runs `incus <args>` (a network create or delete), again while Incus
/// 6.0.4 trips over a host `veth` that an instance elsewhere drops at the
/// same moment (`Failed to delete bridge children interfaces: …`), as tests
/// running side by side do; returns its stdout, and panics on any other
/// failure.
pub fn network_cli(args: &[&str]) -> String {
    try_network_cli(args).unwrap_or_else(|e| panic!("{e}"))
}

/// A network name that is also a valid interface name (at most 15
/// characters, which [`unique`] names are not): `tag` (a module's own two
/// letters), this test process's id mod 100000, `x` and a counter; unique
/// across tests and processes.
pub fn short_name(tag: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{tag}{}x{n}", std::process::id() % 100_000)
}

/// Makes a network named [`short_name`]`(tag)` with `incus network create
/// <name> <args…>` ([`network_cli`]); returns its name and a guard deleting
/// it ([`delete_test_network`]).
pub fn test_network(tag: &str, args: &[&str]) -> (String, Cleanup<impl FnMut() + use<>>) {
    let name = short_name(tag);
    let mut command = vec!["network", "create", name.as_str()];
    command.extend_from_slice(args);
    network_cli(&command);
    let guard_name = name.clone();
    let guard = Cleanup(move || {
        delete_test_network(&guard_name);
    });
    (name, guard)
}

/// A [`test_network`] bridge with no address at all: no uplink, no DHCP.
pub fn bare_bridge(tag: &str) -> (String, Cleanup<impl FnMut() + use<>>) {
    test_network(tag, &["ipv4.address=none", "ipv6.address=none"])
}

/// Deletes the network `name` for a guard: past the `veth` race, never
/// panicking (a guard may run while a test unwinds); a network that is
/// gone already is fine, any other failure is printed.
pub fn delete_test_network(name: &str) {
    if let Err(e) = try_network_cli(&["network", "delete", name]) {
        if !e.contains("not found") {
            eprintln!("deleting the test network {name}: {e}");
        }
    }
}

fn try_network_cli(args: &[&str]) -> Result<String, String> {
    let mut last = String::new();
    for _ in 0..10 {
        let out = cli_command(args)
            .output()
            .map_err(|e| format!("incus {args:?}: {e}"))?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
        }
        last = String::from_utf8_lossy(&out.stderr).trim().to_string();
        if !last.contains("Failed to delete bridge children interfaces") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    Err(format!("incus {args:?} failed: {last}"))
}

/// Starts the sandbox's daemons again (the second one was killed) with the
/// sandbox script of the checkout that runs them (`scripts/lxd-sandbox` on
/// LXD): the one whose `target/<sandbox>/second/var/unix.socket` is
/// `$INCUS_SECOND_SOCKET` (a worktree's tests may run against another
/// checkout's sandbox), else this one's.
pub fn restart_sandbox() {
    let sandbox = if on_lxd() {
        "lxd-sandbox"
    } else {
        "incus-sandbox"
    };
    let socket = std::env::var("INCUS_SECOND_SOCKET").unwrap_or_default();
    let repo = socket
        .strip_suffix(&format!("/target/{sandbox}/second/var/unix.socket"))
        .unwrap_or(env!("CARGO_MANIFEST_DIR"));
    run(Command::new(format!("{repo}/scripts/{sandbox}")).arg("start"));
}
