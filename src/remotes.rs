//! The `incus` command line's remotes: its `config.yml` read so that a
//! script connects to a remote exactly as `incus <remote>:` would, with the
//! server certificate and client certificate the command line saved.

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser};

use crate::client::{Client, ClientBuilder};
use crate::error::{Error, Result};

/// The remote every configuration has: the local daemon's unix socket.
const LOCAL: &str = "local";

/// The `incus` command line's configuration: its remotes and default
/// remote, read from `config.yml` in its configuration directory, plus the
/// certificates it keeps beside it (`servercerts/<remote>.crt`,
/// `client.crt`, `client.key`, `client.ca`).
///
/// [`RemoteConfig::load`] finds the directory as the command line does;
/// [`RemoteConfig::load_from`] reads a given one, which may also be LXD's
/// `lxc` configuration (`$LXD_CONF`, `~/.config/lxc`, the snap's
/// `~/snap/lxd/common/config`): the same files, its servers' protocol
/// `lxd`.
/// [`Client::from_remote`] and [`Client::default_remote`] are the short
/// forms.
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// let config = incus::RemoteConfig::load()?;
/// for (name, remote) in config.remotes() {
///     println!("{name}: {}", remote.addresses.join(", "));
/// }
/// let client = config.client(config.default_remote())?;
/// println!("{:?}", client.list_instance_names(None)?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteConfig {
    dir: PathBuf,
    global_dir: Option<PathBuf>,
    default_remote: String,
    remotes: BTreeMap<String, Remote>,
}

/// One remote of the `incus` command line's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Remote {
    /// Its addresses: `unix://` (the local socket, found as
    /// [`Client::local`] finds it), `unix:///path/to/unix.socket`, or
    /// `https://host:port`. A cluster's remote may list several.
    pub addresses: Vec<String>,
    /// The address that worked last, tried first; empty if none recorded.
    pub last_working_address: String,
    /// `incus` for a server (`lxd` for an LXD server, in `lxc`'s
    /// configuration); `simplestreams` or `oci` for an image server.
    pub protocol: String,
    /// `tls` (a client certificate) or `oidc`; empty for a public remote.
    pub auth_type: String,
    /// The project the remote works in; empty or `default` for the default.
    pub project: String,
    /// Whether it is a public image server, used without credentials.
    pub public: bool,
    /// Whether it comes from the system-wide configuration
    /// (`/etc/incus/config.yml`), whose certificates live there too.
    pub global: bool,
}

impl RemoteConfig {
    /// Reads the command line's configuration from where the command line
    /// keeps it: `$INCUS_CONF`, else `$XDG_CONFIG_HOME/incus`, else
    /// `$HOME/.config/incus`. Remotes of the system-wide configuration
    /// (`$INCUS_GLOBAL_CONF`, else `/etc/incus`) are added unless the user's
    /// has one of the same name, and `$INCUS_REMOTE` overrides the default
    /// remote. A directory without `config.yml` gives the command line's
    /// defaults: the remote `local` (and default), on the local socket.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] when no directory can be found (no `HOME`)
    /// or a `config.yml` is not the command line's YAML (the message names
    /// the file and the place); [`Error::Io`] when one cannot be read.
    pub fn load() -> Result<RemoteConfig> {
        let env = crate::sockets::env_var;
        let dir = config_dir(env("INCUS_CONF"), env("XDG_CONFIG_HOME"), env("HOME")).ok_or_else(
            || {
                Error::invalid(
                    "no incus configuration directory: set INCUS_CONF or HOME \
                     (the command line keeps it in ~/.config/incus)",
                )
            },
        )?;
        let global =
            env("INCUS_GLOBAL_CONF").map_or_else(|| PathBuf::from("/etc/incus"), PathBuf::from);
        let mut config = RemoteConfig::read(dir, Some(global))?;
        if let Some(remote) = env("INCUS_REMOTE") {
            config.default_remote = remote.to_string_lossy().into_owned();
        }
        Ok(config)
    }

    /// Reads the configuration in `dir` only (its `config.yml` and
    /// certificates), as `INCUS_CONF=dir incus` would, without the
    /// system-wide remotes or `$INCUS_REMOTE`.
    ///
    /// # Errors
    ///
    /// As [`RemoteConfig::load`].
    pub fn load_from(dir: impl AsRef<Path>) -> Result<RemoteConfig> {
        RemoteConfig::read(dir.as_ref().to_path_buf(), None)
    }

    fn read(dir: PathBuf, global_dir: Option<PathBuf>) -> Result<RemoteConfig> {
        let mut config = match read_optional(&dir.join("config.yml"))? {
            Some((path, text)) => parse_config(&text).map_err(|e| invalid_file(&path, e))?,
            None => RemoteConfig::empty(),
        };
        if let Some(global) = &global_dir {
            if let Some((path, text)) = read_optional(&global.join("config.yml"))? {
                let system = parse_config(&text).map_err(|e| invalid_file(&path, e))?;
                for (name, mut remote) in system.remotes {
                    remote.global = true;
                    config.remotes.entry(name).or_insert(remote);
                }
            }
        }
        // `local` is always there, on the local socket; a file may only give
        // it a project.
        let project = config
            .remotes
            .get(LOCAL)
            .map(|remote| remote.project.clone())
            .unwrap_or_default();
        config.remotes.insert(
            LOCAL.to_string(),
            Remote {
                addresses: vec!["unix://".to_string()],
                protocol: "incus".to_string(),
                auth_type: "tls".to_string(),
                project,
                ..Remote::default()
            },
        );
        config.dir = dir;
        config.global_dir = global_dir;
        Ok(config)
    }

    fn empty() -> RemoteConfig {
        RemoteConfig {
            dir: PathBuf::new(),
            global_dir: None,
            default_remote: LOCAL.to_string(),
            remotes: BTreeMap::new(),
        }
    }

    /// The directory the configuration was read from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The remote `incus` uses when a command names none (`local` unless
    /// set).
    pub fn default_remote(&self) -> &str {
        &self.default_remote
    }

    /// The remote called `name`, if there is one.
    pub fn remote(&self, name: &str) -> Option<&Remote> {
        self.remotes.get(name)
    }

    /// Every remote, by name.
    pub fn remotes(&self) -> impl Iterator<Item = (&str, &Remote)> {
        self.remotes
            .iter()
            .map(|(name, remote)| (name.as_str(), remote))
    }

    /// A client for the remote `name`, connected as the command line
    /// connects: the local socket for `unix://`, the socket at the path of
    /// `unix:///path`, or HTTPS with the client certificate the command line
    /// uses (`clientcerts/<name>.crt` and `.key`, else `client.crt` and
    /// `client.key`) and the server certificate it saved for the remote
    /// (`servercerts/<name>.crt`, pinned), else the CA in `client.ca`; in the
    /// remote's project. Of several addresses, the last that worked is used,
    /// else the first. No connection is made until the first request.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for a remote that does not exist (the message
    /// lists those that do), an image server (`simplestreams`, `oci`, or
    /// public), an OIDC remote (build one with
    /// [`ClientBuilder::bearer_token`]), a missing client certificate or key,
    /// or an HTTPS remote with neither a saved server certificate nor a
    /// `client.ca` (this crate has no system CA store); [`Error::Io`] when a
    /// certificate file cannot be read.
    pub fn client(&self, name: &str) -> Result<Client> {
        let remote = self.remotes.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.remotes.keys().map(String::as_str).collect();
            Error::invalid(format!(
                "the incus configuration in {} has no remote {name:?} (it has: {})",
                self.dir.display(),
                known.join(", ")
            ))
        })?;
        let server = matches!(remote.protocol.as_str(), "incus" | "lxd");
        if remote.public || !server {
            return Err(Error::invalid(format!(
                "remote {name:?} is an image server ({}), not an Incus or LXD server this crate \
                 can talk to",
                if remote.public && remote.protocol == "incus" {
                    "public"
                } else {
                    &remote.protocol
                }
            )));
        }
        let address = remote
            .address()
            .ok_or_else(|| Error::invalid(format!("remote {name:?} has no address")))?;
        let client = match address.strip_prefix("unix:") {
            Some(path) => match path.trim_start_matches("//") {
                "" if remote.protocol == "lxd" => Client::local_lxd()?,
                "" => Client::local()?,
                path => Client::unix(path)?,
            },
            None => self.https(name, remote, address)?,
        };
        Ok(match remote.project.as_str() {
            "" | "default" => client,
            project => client.with_project(project),
        })
    }

    /// The HTTPS client for `remote` at `address`.
    fn https(&self, name: &str, remote: &Remote, address: &str) -> Result<Client> {
        if remote.auth_type == "oidc" {
            return Err(Error::invalid(format!(
                "remote {name:?} uses OIDC, which this crate does not log in to: get a token \
                 and use ClientBuilder::bearer_token"
            )));
        }
        // A global remote's certificates are in the global directory.
        let dir = match (&self.global_dir, remote.global) {
            (Some(global), true) => global,
            _ => &self.dir,
        };
        let own = |ext: &str| dir.join("clientcerts").join(format!("{name}.{ext}"));
        let (cert, key, ca) = match own("crt").exists() && own("key").exists() {
            true => (own("crt"), own("key"), own("ca")),
            false => (
                dir.join("client.crt"),
                dir.join("client.key"),
                dir.join("client.ca"),
            ),
        };
        let (Some((_, cert)), Some((_, key))) = (read_optional(&cert)?, read_optional(&key)?)
        else {
            return Err(Error::invalid(format!(
                "remote {name:?} needs the client certificate and key {} and {}, which are \
                 missing (the command line makes them on `incus remote add`)",
                cert.display(),
                key.display()
            )));
        };
        let mut builder = ClientBuilder::new(address).client_certificate(cert, key);
        let server_cert = dir.join("servercerts").join(format!("{name}.crt"));
        if let Some((_, pem)) = read_optional(&server_cert)? {
            builder = builder.server_certificate(pem);
        } else if let Some((_, pem)) = read_optional(&ca)? {
            builder = builder.ca_certificate(pem);
        } else {
            return Err(Error::invalid(format!(
                "remote {name:?} has no saved server certificate ({}) and no {}: this crate \
                 checks a server only against a pinned certificate or a given CA, never a \
                 system store",
                server_cert.display(),
                ca.display()
            )));
        }
        builder.build()
    }
}

impl Remote {
    /// The address to use: the last that worked if it is still listed, else
    /// the first.
    fn address(&self) -> Option<&str> {
        let last = self.last_working_address.as_str();
        match self.addresses.iter().any(|a| a == last) {
            true => Some(last),
            false => self.addresses.first().map(String::as_str),
        }
    }
}

impl Client {
    /// Connects to the remote `name` of the `incus` command line's
    /// configuration, exactly as `incus name:` would: same socket or
    /// address, certificates and project. Short for
    /// [`RemoteConfig::load`] then [`RemoteConfig::client`].
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::from_remote("prod")?;
    /// println!("{:?}", client.list_instance_names(None)?);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    ///
    /// As [`RemoteConfig::load`] and [`RemoteConfig::client`].
    pub fn from_remote(name: &str) -> Result<Client> {
        RemoteConfig::load()?.client(name)
    }

    /// Connects to the command line's default remote (`incus remote
    /// switch`; `$INCUS_REMOTE` wins), `local` unless set. See
    /// [`Client::from_remote`].
    ///
    /// # Errors
    ///
    /// As [`RemoteConfig::load`] and [`RemoteConfig::client`].
    pub fn default_remote() -> Result<Client> {
        let config = RemoteConfig::load()?;
        config.client(config.default_remote())
    }
}

/// The command line's configuration directory from its environment:
/// `INCUS_CONF`, else `XDG_CONFIG_HOME/incus`, else `HOME/.config/incus`.
fn config_dir(
    incus_conf: Option<std::ffi::OsString>,
    xdg_config_home: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> Option<PathBuf> {
    if let Some(dir) = incus_conf {
        return Some(PathBuf::from(dir));
    }
    let base = match xdg_config_home.map(PathBuf::from) {
        Some(dir) if dir.is_absolute() => dir,
        _ => PathBuf::from(home?).join(".config"),
    };
    Some(base.join("incus"))
}

/// The content of `path`, or `None` if it does not exist.
fn read_optional(path: &Path) -> Result<Option<(PathBuf, String)>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some((path.to_path_buf(), text))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::Io(io::Error::new(
            e.kind(),
            format!("reading {}: {e}", path.display()),
        ))),
    }
}

fn invalid_file(path: &Path, why: impl fmt::Display) -> Error {
    Error::invalid(format!("{}: {why}", path.display()))
}

/// A YAML document as far as the configuration needs: scalars (as text),
/// mappings (in order) and sequences.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Scalar(String),
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

/// Parses one YAML document into a [`Node`]; `None` for an empty one.
/// Anchors and aliases are refused (the command line never writes them).
fn parse_yaml(text: &str) -> std::result::Result<Option<Node>, String> {
    // Open collections, each with the key waiting for its value (maps).
    enum Open {
        Map(Vec<(String, Node)>, Option<String>),
        Seq(Vec<Node>),
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| e.to_string())?;
        let node = match event {
            Event::Scalar(value, ..) => Node::Scalar(value.into_owned()),
            Event::MappingStart(..) => {
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceStart(..) => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingEnd => match stack.pop() {
                Some(Open::Map(entries, None)) => Node::Map(entries),
                _ => return Err("a mapping ends where it cannot".into()),
            },
            Event::SequenceEnd => match stack.pop() {
                Some(Open::Seq(items)) => Node::Seq(items),
                _ => return Err("a sequence ends where it cannot".into()),
            },
            Event::Alias(_) => {
                return Err(format!(
                    "line {}: aliases (*name) are not supported",
                    span.start.line()
                ));
            }
            _ => continue,
        };
        match stack.last_mut() {
            None => root = Some(node),
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(entries, key)) => match key.take() {
                Some(key) => entries.push((key, node)),
                None => match node {
                    Node::Scalar(text) => *key = Some(text),
                    _ => {
                        return Err(format!(
                            "line {}: a mapping key must be plain text",
                            span.start.line()
                        ));
                    }
                },
            },
        }
    }
    Ok(root)
}

/// Reads a `config.yml`: `default-remote` and `remotes` (other keys, such
/// as `aliases` and `defaults`, are the command line's own).
fn parse_config(text: &str) -> std::result::Result<RemoteConfig, String> {
    let mut config = RemoteConfig::empty();
    let entries = match parse_yaml(text)? {
        None => return Ok(config),
        Some(Node::Map(entries)) => entries,
        Some(_) => return Err("the top level is not a mapping".into()),
    };
    for (key, value) in entries {
        match (key.as_str(), value) {
            ("default-remote", Node::Scalar(name)) if !name.is_empty() => {
                config.default_remote = name;
            }
            ("remotes", Node::Map(remotes)) => {
                for (name, remote) in remotes {
                    let remote =
                        parse_remote(remote).map_err(|e| format!("remote {name:?}: {e}"))?;
                    config.remotes.insert(name, remote);
                }
            }
            ("remotes", Node::Scalar(empty)) if empty.is_empty() || empty == "null" => {}
            ("default-remote" | "remotes", _) => {
                return Err(format!("{key} has the wrong shape"));
            }
            _ => {}
        }
    }
    Ok(config)
}

/// Reads one remote's mapping, with the command line's defaults: protocol
/// `incus`, auth type `tls` unless public.
fn parse_remote(node: Node) -> std::result::Result<Remote, String> {
    let Node::Map(fields) = node else {
        return Err("not a mapping".into());
    };
    let mut remote = Remote::default();
    for (key, value) in fields {
        let text = match value {
            Node::Scalar(text) => text,
            _ if matches!(
                key.as_str(),
                "addr" | "protocol" | "auth_type" | "project" | "public"
            ) =>
            {
                return Err(format!("{key} is not plain text"));
            }
            _ => continue,
        };
        match key.as_str() {
            "addr" => {
                remote.addresses = text
                    .split(',')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect();
            }
            "last_working_address" => remote.last_working_address = text,
            "protocol" => remote.protocol = text,
            "auth_type" => remote.auth_type = text,
            "project" => remote.project = text,
            "public" => {
                remote.public = match text.as_str() {
                    "true" | "True" | "TRUE" => true,
                    "false" | "False" | "FALSE" | "" => false,
                    other => return Err(format!("public is {other:?}, not true or false")),
                }
            }
            _ => {}
        }
    }
    if remote.addresses.is_empty() {
        return Err("it has no addr".into());
    }
    if remote.protocol.is_empty() {
        remote.protocol = "incus".into();
    }
    if remote.auth_type.is_empty() && !remote.public {
        remote.auth_type = "tls".into();
    }
    Ok(remote)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `incus remote add` writes (6.0.4), with a comment and flow maps.
    const WRITTEN: &str = "default-remote: prod
remotes:
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    project: dev
    public: false
  prod:
    addr: https://10.0.0.5:8443,https://10.0.0.6:8443
    last_working_address: https://10.0.0.6:8443
    auth_type: tls
    project: web
    protocol: incus
    public: false
  'quoted name':
    addr: \"unix:///srv/incus/unix.socket\"
aliases: {}
# a comment
defaults:
  list_format: table
";

    #[test]
    fn reads_what_the_command_line_writes() {
        let config = parse_config(WRITTEN).unwrap();
        assert_eq!(config.default_remote, "prod");
        let prod = &config.remotes["prod"];
        assert_eq!(
            prod.addresses,
            ["https://10.0.0.5:8443", "https://10.0.0.6:8443"]
        );
        assert_eq!(prod.address(), Some("https://10.0.0.6:8443"));
        assert_eq!(
            (prod.project.as_str(), prod.auth_type.as_str()),
            ("web", "tls")
        );
        let images = &config.remotes["images"];
        assert!(images.public && images.protocol == "simplestreams" && images.auth_type.is_empty());
        let quoted = &config.remotes["quoted name"];
        assert_eq!(quoted.addresses, ["unix:///srv/incus/unix.socket"]);
        assert_eq!(
            (quoted.protocol.as_str(), quoted.auth_type.as_str()),
            ("incus", "tls")
        );
    }

    /// What `lxc remote add` (LXD 5.0) writes: the same file, its
    /// servers' protocol `lxd`, which is a server this crate talks to.
    #[test]
    fn reads_what_lxc_writes() {
        let text = "default-remote: local
remotes:
  images:
    addr: https://images.linuxcontainers.org
    protocol: simplestreams
    public: true
  local:
    addr: unix://
    public: false
  sb:
    addr: unix:///var/lib/lxd/unix.socket
    project: default
    protocol: lxd
    public: false
aliases: {}
";
        let mut config = parse_config(text).unwrap();
        config.dir = PathBuf::from("/nowhere");
        let sb = &config.remotes["sb"];
        assert_eq!(
            (sb.protocol.as_str(), sb.auth_type.as_str()),
            ("lxd", "tls")
        );
        assert!(config.client("sb").is_ok());
        let e = config.client("images").unwrap_err().to_string();
        assert!(e.contains("image server (simplestreams)"), "{e}");
    }

    #[test]
    fn bad_files_say_where() {
        for (text, want) in [
            ("remotes: [a, b]", "remotes has the wrong shape"),
            (
                "remotes:\n  x:\n    protocol: incus\n",
                "remote \"x\": it has no addr",
            ),
            (
                "remotes:\n  x:\n    addr: [a]\n",
                "remote \"x\": addr is not plain text",
            ),
            (
                "remotes:\n  x:\n    addr: a\n    public: maybe\n",
                "public is \"maybe\"",
            ),
            ("- a\n- b\n", "the top level is not a mapping"),
            ("a: &x 1\nb: *x\n", "aliases (*name) are not supported"),
            ("a: [1, 2\n", ""),
        ] {
            let e = parse_config(text).unwrap_err();
            assert!(e.contains(want), "{text:?}: {e}");
        }
        assert_eq!(parse_config("").unwrap().default_remote, "local");
        assert!(parse_config("remotes:\n").unwrap().remotes.is_empty());
    }

    #[test]
    fn directory_as_the_command_line_finds_it() {
        let os = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(config_dir(os("/c"), os("/x"), os("/h")), Some("/c".into()));
        assert_eq!(
            config_dir(None, os("/x"), os("/h")),
            Some("/x/incus".into())
        );
        assert_eq!(
            config_dir(None, os("rel"), os("/h")),
            Some("/h/.config/incus".into())
        );
        assert_eq!(
            config_dir(None, None, os("/h")),
            Some("/h/.config/incus".into())
        );
        assert_eq!(config_dir(None, None, None), None);
    }
}
