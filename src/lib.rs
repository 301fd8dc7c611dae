//! A blocking client for the [Incus](https://linuxcontainers.org/incus/) REST
//! API (and, where the APIs agree, LXD's).
//!
//! One [`Client`], one method per endpoint, no async runtime. Requests go
//! over the daemon's unix socket or over HTTPS with a client certificate;
//! replies are decoded into the serde types in [`models`], named after the
//! API's own types.
//!
//! # Connecting
//!
//! [`Client::local`] finds the local daemon's unix socket the way the `incus`
//! command line does (`$INCUS_SOCKET`, `$INCUS_DIR/unix.socket`,
//! `/run/incus/unix.socket`, `/var/lib/incus/unix.socket`);
//! [`Client::unix`] takes a path. For a remote daemon, build an HTTPS client
//! with a client certificate the server trusts, and either the server's own
//! certificate (pinned: exactly that certificate is accepted, as the incus
//! CLI does) or the CA that signed it. TLS 1.3 only.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let local = incus::Client::local()?;
//! let remote = incus::Client::builder("https://10.0.0.5:8443")
//!     .client_certificate(std::fs::read("client.crt")?, std::fs::read("client.key")?)
//!     .server_certificate(std::fs::read("server.crt")?)
//!     .timeout(std::time::Duration::from_secs(30))
//!     .build()?;
//! # Ok(())
//! # }
//! ```
//!
//! To connect exactly as the `incus` command line does, use its remotes:
//! [`Client::from_remote`] reads its `config.yml` and the certificates it
//! saved (in `$INCUS_CONF` or `~/.config/incus`), and
//! [`Client::default_remote`] takes its default remote; [`RemoteConfig`]
//! lists them (feature `remotes`, on by default).
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let prod = incus::Client::from_remote("prod")?;
//! let default = incus::Client::default_remote()?;
//! # Ok(())
//! # }
//! ```
//!
//! A `Client` is `Clone + Send + Sync`; clones share one pool of keep-alive
//! connections, so give each thread a clone. A request the daemon drops on a
//! kept-alive connection before answering (it closed the idle connection as
//! the request went out) is sent once more, on a new connection, if it is
//! idempotent (GET, HEAD, PUT, DELETE, with its body in memory); a POST or
//! PATCH never is, and fails with [`Error::Transport`]. A JSON reply is read
//! whole, at most 64 MiB ([`Error::Decode`] past that); streamed bodies
//! ([`Download`]) have no cap.
//!
//! # Listing and reading
//!
//! Collections have three list methods: `list_x_names` (names only),
//! `list_xs` (objects) and, where the API has it, `list_xs_full` (objects
//! with their state and children). List methods take an optional
//! [`ListOptions`] for a filter or all projects.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! for name in client.list_instance_names(None)? {
//!     let state = client.get_instance_state(&name)?;
//!     println!("{name}: {} ({} processes)", state.status, state.processes);
//! }
//! let running = incus::ListOptions::new().filter("status eq Running");
//! println!("{} running", client.list_instances(Some(&running))?.len());
//! # Ok(())
//! # }
//! ```
//!
//! Names are sent as single path segments, percent-encoded: a name like
//! `a/b` or `..` reaches the server as that name, never as another path. A
//! name, project, target or query value with a control character (such as
//! NUL, at which the daemon would cut the name and act on another object) is
//! refused with [`Error::InvalidInput`] naming the argument, before anything
//! is sent.
//!
//! # Writing, with ETags
//!
//! `replace_x` sends PUT (every writable field; unset ones are cleared),
//! `update_x` sends PATCH (only the fields you set). Both take an optional
//! ETag: read with `get_x_with_etag`, change, write back with the ETag, and
//! the server refuses the write with 412 if someone else changed the object
//! in between ([`Error::is_precondition_failed`]).
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! let (profile, etag) = client.get_profile_with_etag("default")?;
//! let mut put = profile.writable();
//! put.config.insert("limits.memory".into(), "1GiB".into());
//! match client.replace_profile("default", &put, Some(&etag)) {
//!     Err(e) if e.is_precondition_failed() => println!("changed meanwhile; read again"),
//!     other => other?,
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Background operations
//!
//! Endpoints that take time return an [`models::Operation`]. Pass it to
//! [`Client::wait_for_completion`] with a deadline: it long-polls the
//! daemon, returns as soon as the operation ends, and turns a failure into
//! [`Error::Operation`] carrying the daemon's error text.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! let op = client.start_instance("c1")?;
//! client.wait_for_completion(&op, Duration::from_secs(30))?;
//! # Ok(())
//! # }
//! ```
//!
//! # Errors
//!
//! Every method returns [`Result`]. [`Error`] separates what the daemon said
//! ([`Error::Api`] with its status and message; [`Error::Operation`]) from
//! what went wrong on the way (timeouts, transport, a reply that did not
//! decode, bad input). A transport error names the request and, for a
//! timeout, which limit ran out. It works with `?` into `anyhow` or
//! `Box<dyn Error>`.
//!
//! # Running commands
//!
//! [`Client::exec_output`] runs a command and returns its exit code, stdout
//! and stderr; [`Client::exec`] takes an [`ExecRequest`] (environment,
//! directory, user, a deadline that kills the command) and streams stdin
//! from any reader and stdout and stderr to any writer. Both run over the
//! exec operation's websockets ([`Client::connect_operation_websocket`]).
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! let out = client.exec_output("c1", ["uname", "-a"])?;
//! println!("{} {}", out.exit_code, String::from_utf8_lossy(&out.stdout));
//! let build = incus::ExecRequest::new("c1", ["make", "-C", "/src"]).user(1000);
//! let code = client.exec(&build).stdout(std::io::stdout()).stderr(std::io::stderr()).run()?;
//! # Ok(())
//! # }
//! ```
//!
//! An interactive command runs on a pseudo-terminal: [`Client::exec_interactive`]
//! gives an [`ExecSession`] (read, write, resize, signal, wait for the exit
//! code); [`Client::attach_instance_console`] gives a [`ConsoleSession`].
//!
//! # Files and logs inside instances
//!
//! Files are streamed both ways: [`Client::create_instance_file`] sends any
//! reader ([`InstanceFileArgs`] also makes directories and symlinks, with
//! owner and mode; [`InstanceFileArgs::length`] checks that a file arrives
//! whole), [`Client::get_instance_file`] gives an [`InstanceFile`]
//! that reads the content and carries its metadata (or a directory's
//! entries). [`Client::push_instance_dir`] and [`Client::pull_instance_dir`]
//! copy whole directory trees, one request per entry, keeping modes and
//! symlinks. Logs and the console log are read as a [`Download`].
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::InstanceFileArgs;
//! let client = incus::Client::local()?;
//! let local = std::fs::File::open("site.tar")?;
//! let length = local.metadata()?.len();
//! let args = InstanceFileArgs::file(local).length(length);
//! client.create_instance_file("c1", "/root/site.tar", args)?;
//! let mut copy = client.get_instance_file("c1", "/root/site.tar")?;
//! std::io::copy(&mut copy, &mut std::fs::File::create("back.tar")?)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Snapshots
//!
//! [`Client::create_instance_snapshot`] takes a snapshot (with an optional
//! expiry), [`Client::restore_instance_snapshot`] rolls the instance back to
//! it (a [`Client::replace_instance`] with `restore` set), and
//! [`InstanceSource::copy`](models::InstanceSource::copy)`("c1/snap0")` makes
//! a new instance from it. Each is an operation to wait for.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! use incus::models::{InstanceSnapshotsPost, InstanceSource, InstancesPost};
//! let client = incus::Client::local()?;
//! let wait = Duration::from_secs(60);
//! let post = InstanceSnapshotsPost {
//!     name: "snap0".into(),
//!     expires_at: Some("2030-01-01T00:00:00Z".into()),
//!     ..Default::default()
//! };
//! client.wait_for_completion(&client.create_instance_snapshot("c1", &post)?, wait)?;
//! client.wait_for_completion(&client.restore_instance_snapshot("c1", "snap0")?, wait)?;
//! let copy = InstancesPost {
//!     name: "c2".into(),
//!     source: InstanceSource::copy("c1/snap0"),
//!     ..Default::default()
//! };
//! client.wait_for_completion(&client.create_instance(&copy)?, wait)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Backups
//!
//! The daemon makes and keeps instance backups
//! ([`Client::create_instance_backup`]); [`Client::export_instance_backup`]
//! gives one as a [`Download`] to copy into a file, and
//! [`Client::import_instance_backup`] streams a tarball from any reader as a
//! new instance ([`InstanceBackupArgs`]: name, pool, length). Neither holds
//! the tarball in memory. Wrap the file in a [`Progress`] to follow the
//! transfer; it works on any reader or writer.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! use incus::{InstanceBackupArgs, Progress, models::InstanceBackupsPost};
//! let client = incus::Client::local()?;
//! let wait = Duration::from_secs(600);
//! let backup = InstanceBackupsPost { name: "nightly".into(), ..Default::default() };
//! client.wait_for_completion(&client.create_instance_backup("c1", &backup)?, wait)?;
//! let mut export = client.export_instance_backup("c1", "nightly")?;
//! let file = std::fs::File::create("c1.tar.gz")?;
//! let mut file = Progress::new(file, |bytes| eprintln!("{} MiB", bytes >> 20));
//! std::io::copy(&mut export, &mut file)?;
//! drop(file);
//!
//! let tarball = std::fs::File::open("c1.tar.gz")?;
//! let length = tarball.metadata()?.len();
//! let import = InstanceBackupArgs::new(tarball).name("c1-copy").length(length);
//! client.wait_for_completion(&client.import_instance_backup(import)?, wait)?;
//! # Ok(())
//! # }
//! ```
//!
//! Custom storage volumes have backups too: [`Client::export_storage_volume_backup`]
//! streams one out, and [`Client::import_storage_volume`] streams a backup
//! tarball or an ISO image in as a new volume ([`StorageVolumeImportArgs`]:
//! `backup` or `iso`, name, length); their snapshots are the
//! `…_storage_volume_snapshot` methods.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! use incus::StorageVolumeImportArgs;
//! let client = incus::Client::local()?;
//! let iso = std::fs::File::open("installer.iso")?;
//! let length = iso.metadata()?.len();
//! let import = StorageVolumeImportArgs::iso(iso).name("installer").length(length);
//! let op = client.import_storage_volume("default", import)?;
//! client.wait_for_completion(&op, Duration::from_secs(600))?;
//! # Ok(())
//! # }
//! ```
//!
//! # Images: upload, publish, export
//!
//! [`Client::upload_image`] streams a unified image tarball from any reader
//! ([`ImageUploadArgs`]: length, expected fingerprint, aliases, properties,
//! each header checked and encoded as the daemon reads it);
//! [`Client::create_image`] publishes an instance or a snapshot
//! ([`models::ImagesPostSource`]) or downloads one from elsewhere;
//! [`Client::export_image`] streams an image's files into writers (a split
//! image's metadata and root filesystem one after the other) and returns
//! `Ok` only when the SHA-256 of all that arrived is the fingerprint, else
//! [`Error::Integrity`]; [`Client::push_image`] sends it to another server.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! use incus::models::{ImageAlias, ImagesPost, ImagesPostSource};
//! use incus::{ImageUploadArgs, Progress};
//! let client = incus::Client::local()?;
//! let wait = Duration::from_secs(600);
//! let file = std::fs::File::open("base.tar.gz")?;
//! let length = file.metadata()?.len();
//! let file = Progress::new(file, |sent| eprint!("\r{} MiB", sent >> 20));
//! let upload = ImageUploadArgs::new(file).length(length).alias("base");
//! let done = client.wait_for_completion(&client.upload_image(upload)?, wait)?;
//! let fingerprint = done.metadata["fingerprint"].as_str().unwrap_or_default().to_string();
//!
//! let publish = ImagesPost {
//!     source: ImagesPostSource::snapshot("c1/snap0"),
//!     aliases: vec![ImageAlias::new("c1-base")],
//!     ..Default::default()
//! };
//! client.wait_for_completion(&client.create_image(&publish)?, wait)?;
//!
//! let meta = std::fs::File::create("meta.tar.gz")?;
//! let rootfs = std::fs::File::create("rootfs.bin")?; // stays empty for a unified image
//! let export = client.export_image(&fingerprint, meta, rootfs)?;
//! println!("verified {}: split {}", export.fingerprint, export.is_split());
//! # Ok(())
//! # }
//! ```
//!
//! # Uploads
//!
//! Request bodies from a reader (files, backups, templates) are streamed,
//! never held in memory. A body of unknown length, or of a declared one of
//! 1 MiB or more, goes chunked on a connection of its own, in 128 KiB
//! chunks: Incus writes what it reads into the instance in pieces of at
//! most 32 KiB, each a round trip, and never across a chunk's end, so
//! chunks of whole 32 KiB multiples keep every piece full (ureq's own
//! 10 KiB chunks were a third as fast). Smaller bodies go with
//! `Content-Length` on the client's pooled connections. A declared length
//! is checked: a reader that gives more or fewer bytes fails the call, and
//! the daemon never sees a complete request.
//!
//! # Image metadata, templates and SFTP
//!
//! An instance keeps the metadata of the image it came from
//! ([`models::ImageMetadata`]: properties, and which files are rendered
//! from which templates and when); read and change it like any object, with
//! an ETag. The templates themselves are files named by a single file name
//! (`hostname.tpl`), streamed both ways. [`Client::connect_instance_sftp`]
//! gives the instance's filesystem over SFTP: an [`Upgraded`] connection
//! (`Read` + `Write`) to hand to an SFTP client.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use std::io::{Read, Write};
//! let client = incus::Client::local()?;
//! client.create_instance_metadata_template("c1", "motd.tpl", &b"Welcome to {{ instance.name }}\n"[..])?;
//! let (mut metadata, etag) = client.get_instance_metadata_with_etag("c1")?;
//! let motd = incus::models::ImageMetadataTemplate {
//!     template: "motd.tpl".into(),
//!     when: vec!["start".into()],
//!     ..Default::default()
//! };
//! metadata.templates.insert("/etc/motd".into(), motd);
//! client.update_instance_metadata("c1", &metadata, Some(&etag))?;
//!
//! let mut sftp = client.connect_instance_sftp("c1")?;
//! sftp.write_all(&[0, 0, 0, 5, 1, 0, 0, 0, 3])?; // SSH_FXP_INIT, version 3
//! let mut version = [0u8; 9];
//! sftp.read_exact(&mut version)?; // SSH_FXP_VERSION
//! # Ok(())
//! # }
//! ```
//!
//! # Images
//!
//! An image is named by its fingerprint (its SHA-256, or any unique prefix)
//! or by an alias ([`Client::get_image_alias`] gives the fingerprint as
//! `target`); alias names may hold `/`. Change an image with an ETag like
//! any object; a client the server does not trust sees only public images,
//! or a private one with a secret from [`Client::create_image_secret`].
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::models::{ImageAliasesPost, ImagePut};
//! let client = incus::Client::local()?;
//! let fingerprint = client.get_image_alias("busybox")?.target;
//! let (image, etag) = client.get_image_with_etag(&fingerprint)?;
//! let mut put = image.writable();
//! put.properties.insert("description".into(), "BusyBox".into());
//! client.replace_image(&fingerprint, &put, Some(&etag))?;
//! let alias = ImageAliasesPost { name: "tools/busybox".into(), target: fingerprint.clone(), ..Default::default() };
//! client.create_image_alias(&alias)?;
//! let secret_op = client.create_image_secret(&fingerprint)?;
//! let secret = secret_op.metadata["secret"].as_str().unwrap_or_default();
//! let untrusted = incus::Client::builder("https://10.0.0.1:8443").build()?;
//! let read = untrusted.get_image_with_secret(&fingerprint, secret)?;
//! assert_eq!(read.fingerprint, fingerprint);
//! # Ok(())
//! # }
//! ```
//!
//! # Storage
//!
//! Pools hold volumes; [`Client::create_storage_pool`] makes one on a
//! driver (`dir` on a directory here). Volumes are named by pool, type
//! (`custom`, `container`, `virtual-machine`, `image`; any other word is
//! refused before sending) and name. Creating or moving one returns an
//! [`models::Operation`] whether the daemon did the work before answering
//! or in the background, so every change reads the same way; a custom
//! volume is attached to an instance as a `disk` device.
//!
//! ```no_run
//! # use std::time::Duration;
//! # fn main() -> incus::Result<()> {
//! use incus::models::{InstancePut, StoragePoolsPost, StorageVolumeSource, StorageVolumesPost};
//! let client = incus::Client::local()?;
//! let wait = Duration::from_secs(120);
//! client.create_storage_pool(&StoragePoolsPost::new("fast", "dir").config("source", "/srv/fast"))?;
//! let data = StorageVolumesPost::custom("data").config("size", "5GiB");
//! client.wait_for_completion(&client.create_storage_volume("fast", "custom", &data)?, wait)?;
//! let backup = StorageVolumesPost::custom("data-copy").source(StorageVolumeSource::copy("fast", "data"));
//! client.wait_for_completion(&client.create_storage_volume("default", "custom", &backup)?, wait)?;
//! let disk = [("type", "disk"), ("pool", "fast"), ("source", "data"), ("path", "/mnt/data")]
//!     .map(|(k, v)| (k.to_string(), v.to_string()));
//! let attach = InstancePut { devices: [("data".to_string(), disk.into())].into(), ..Default::default() };
//! client.update_instance("c1", &attach, None)?;
//! for (volume_type, name) in client.list_storage_volume_names("fast", None)? {
//!     println!("{volume_type}/{name}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Copying to another server
//!
//! [`Client::copy_instance_to`] copies an instance, its snapshots with it
//! unless told otherwise, to the server another client talks to, like
//! `incus copy`: the target pulls the data from the source, the source
//! pushes it, or this client relays it ([`MigrationMode`]). It returns once
//! the copy exists; on a failure or past its timeout, both servers'
//! operations are cancelled. [`Client::copy_storage_volume_to`] copies a
//! custom storage volume the same ways ([`CopyStorageVolumeOptions`]).
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::{CopyOptions, MigrationMode};
//! let local = incus::Client::local()?;
//! let remote = incus::Client::unix("/var/lib/other-incus/unix.socket")?;
//! let options = CopyOptions::new().name("c1-copy").mode(MigrationMode::Relay);
//! local.copy_instance_to(&remote, "c1", &options)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Projects and cluster members
//!
//! [`Client::with_project`] and [`Client::with_target`] return cheap clones
//! that add `project=` or `target=` to every request. A cluster starts with
//! [`Client::replace_cluster`] and [`models::ClusterPut::enable`];
//! [`Client::create_cluster_member`] issues a join token
//! ([`models::ClusterMemberJoinToken`], the string `incus cluster add`
//! prints), which the new server joins with ([`models::ClusterPut::join`];
//! its pinned certificate is checked against the token's fingerprint
//! before the secret is sent). `with_target("member")` then places work on
//! one member, and [`Client::set_cluster_member_state`] evacuates or
//! restores one.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! let dev = client.with_project("dev");
//! println!("{:?}", dev.list_instance_names(None)?);
//! # Ok(())
//! # }
//! ```
//!
//! # Storage buckets
//!
//! A bucket is an S3 object store in a storage pool, served by the daemon
//! at its `s3_url`; keys ([`models::StorageBucketKey`]) hold its S3
//! credentials, and their `Debug` output shows `<redacted>` for the secret
//! key. Creating a bucket returns its `admin` key.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::models::{StorageBucketKeysPost, StorageBucketsPost};
//! let client = incus::Client::local()?;
//! let new = StorageBucketsPost { name: "artifacts".into(), ..Default::default() };
//! let admin = client.create_storage_bucket("default", &new)?;
//! let reader = StorageBucketKeysPost { name: "ci".into(), role: "read-only".into(), ..Default::default() };
//! let key = client.create_storage_bucket_key("default", "artifacts", &reader)?;
//! println!("{key:?} at {}", client.get_storage_bucket("default", "artifacts")?.s3_url);
//! # Ok(())
//! # }
//! ```
//!
//! # Networking
//!
//! [`Client::create_network`] makes a managed network
//! ([`models::NetworksPost::bridge`], `::macvlan`, or any type by name, with
//! `.config` for options such as `ipv4.address`, a CIDR or `none`); a
//! bridge's name is its interface name, so at most 15 characters. An
//! instance joins a network through a `nic` device; the interface then
//! shows in [`Client::get_instance_state`] and the network's `used_by`, and
//! a network in use can be neither renamed nor deleted. Forwards
//! ([`Client::create_network_forward`], named by their listen address, one
//! path segment even for IPv6), load balancers and peers (OVN networks
//! only), ACLs (rules a network applies through `security.acls`), DNS zones
//! and their records, and integrations have the usual methods;
//! [`Client::list_network_allocations`] lists every address in use. Incus
//! 6.0.4 takes a PATCH of an ACL, zone, record or forward as a PUT for
//! every field but `config`: send the whole `writable()` object.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::models::{InstancePut, NetworkForwardPort, NetworkForwardsPost, NetworksPost};
//! let client = incus::Client::local()?;
//! let bridge = NetworksPost::bridge("br-lab")
//!     .config("ipv4.address", "198.51.100.1/24")
//!     .config("ipv4.nat", "false")
//!     .config("ipv6.address", "none");
//! client.create_network(&bridge)?;
//! let nic = [("type", "nic"), ("network", "br-lab")].map(|(k, v)| (k.to_string(), v.to_string()));
//! let attach = InstancePut { devices: [("eth0".to_string(), nic.into())].into(), ..Default::default() };
//! client.update_instance("c1", &attach, None)?;
//! println!("{:?}", client.get_instance_state("c1")?.network["eth0"].host_name);
//! let web = NetworkForwardsPost::new("198.51.100.10")
//!     .port(NetworkForwardPort::tcp("80", "198.51.100.2"));
//! client.create_network_forward("br-lab", &web)?;
//! # Ok(())
//! # }
//! ```
//!
//! # Trust: certificates and tokens
//!
//! The server's trust store is [`Client::list_certificates`],
//! [`Client::create_certificate`] (a PEM, [`models::CertificatesPost::from_pem`],
//! optionally restricted to projects), `replace_`/`update_certificate` with
//! an ETag and [`Client::delete_certificate`]. To let a new machine in
//! without copying certificates, issue a trust token
//! ([`Client::create_certificate_token`]) and hand out its `encode()`d
//! string, the one `incus config trust add` prints; cancel its operation to
//! revoke it. On the new machine, [`ClientBuilder::trust_token`] connects to
//! the address the token names, accepts only the server certificate whose
//! fingerprint the token carries, and adds the client's own certificate.
//!
//! # Events
//!
//! [`Client::connect_events`] opens the server's event stream and returns
//! [`Events`], a blocking iterator of [`models::Event`]s; [`EventFilter`]
//! picks the types (`lifecycle`, `logging`, `operation`) and all projects.
//! `event.lifecycle()?`, `.logging()?` and `.operation()?` decode an
//! event's metadata. The iterator ends with [`Error::Transport`] when the
//! daemon closes the stream or the connection drops, and with `None` only
//! after [`EventsHandle::stop`], which any thread may call.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! use incus::EventFilter;
//! let client = incus::Client::local()?;
//! let events = client.connect_events(Some(&EventFilter::new().lifecycle()))?;
//! let stop = events.handle(); // stop.stop() from any thread ends the loop
//! for event in events {
//!     if let Some(lifecycle) = event?.lifecycle()? {
//!         println!("{} {}", lifecycle.action, lifecycle.source);
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Warnings ([`Client::list_warnings`], acknowledged with
//! [`Client::replace_warning`]), the OpenMetrics text
//! ([`Client::get_metrics`]) and the documentation of every configuration
//! key ([`Client::get_metadata_configuration`]) complete the server-wide
//! endpoints.
//!
//! # API extensions
//!
//! Daemons announce what they support beyond the base API as named API
//! extensions; [`Client::has_extension`] reads the list once per client.
//! The crate supports Incus 6.0 and later and LXD 5.0 and later. An
//! extension both Incus 6.0.4 and LXD 5.0.2 list is taken for granted and
//! never checked. Any other extension that an endpoint needs (rebuild,
//! access, buckets, load balancers, NVRAM, NBD, …), or an option a server
//! without it would ignore (a filter on most lists, `all_projects`,
//! `start: true`, a forced project delete, …), is checked before sending:
//! the method's docs name it, and the call fails with
//! [`Error::MissingExtension`], having sent nothing, when it is missing.
//! [`Client::connect_instance_nbd`] and
//! [`Client::connect_instance_port_forward`] switch the connection to NBD or
//! raw TCP and return it as an [`Upgraded`] stream.
//!
//! ```no_run
//! # fn main() -> incus::Result<()> {
//! let client = incus::Client::local()?;
//! match client.get_instance_nvram("vm1") {
//!     Ok(nvram) => println!("{} vendor GUIDs", nvram.len()),
//!     Err(incus::Error::MissingExtension { extension, .. }) => {
//!         println!("this daemon is too old: it lacks {extension}")
//!     }
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Anything not wrapped yet
//!
//! [`Client::raw`] sends any method and path through the same request path
//! and returns the reply's metadata as `serde_json::Value`;
//! [`Client::raw_operation`] returns a background operation's
//! [`models::Operation`], ready for [`Client::wait_for_completion`].
//!
//! # Logging
//!
//! Each request is logged through the `log` crate at debug level: method,
//! URL, status, size and duration. At trace level each request's and
//! reply's JSON body follows, pretty-printed and cut at 16 KiB (a
//! transaction dump). Secrets are redacted in both: trust tokens,
//! passwords, keys, certificates, `secret=` query values and exec
//! websocket secrets. Nothing is formatted while the level is off. With
//! `env_logger`, `RUST_LOG=incus=trace` turns the dumps on.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

mod backups;
mod base64;
mod client;
mod copy;
mod dialer;
mod dirs;
mod endpoints;
mod error;
mod events;
mod exchange;
mod exec;
mod files;
mod image_export;
mod image_upload;
mod input;
pub mod models;
mod multipart;
mod options;
mod progress;
#[cfg(test)]
mod prop_tests;
mod query;
#[cfg(feature = "remotes")]
mod remotes;
mod reply;
mod request;
mod server_kind;
mod sockets;
mod stream;
mod terminal;
mod tls;
mod trace;
mod transport;
mod trust;
mod upgrade;
mod upload;
mod volume_copy;
mod websocket;

pub use backups::{InstanceBackupArgs, StorageVolumeImportArgs};
pub use client::{Client, ClientBuilder};
pub use copy::{CopyImageOptions, CopyOptions, MigrationMode};
pub use error::{Error, Result, TransportError};
pub use events::{EventFilter, Events, EventsHandle};
pub use exec::{Exec, ExecOutput, ExecRequest};
pub use files::{InstanceFile, InstanceFileArgs, InstanceFileMetadata};
pub use image_export::{ImageExport, ImageExportFile, IntegrityError};
pub use image_upload::ImageUploadArgs;
pub use options::{
    ConnectInstanceNbdOptions, ConnectStorageVolumeNbdOptions, DeleteClusterMemberOptions,
    DeleteProjectOptions, GetInstanceDebugMemoryOptions, ListOptions,
};
pub use progress::Progress;
#[cfg(feature = "remotes")]
pub use remotes::{Remote, RemoteConfig};
pub use server_kind::ServerKind;
pub use stream::{Download, Upload};
pub use terminal::{ConsoleSession, ExecSession};
#[cfg(feature = "keygen")]
pub use trust::generate_client_certificate;
pub use upgrade::Upgraded;
pub use volume_copy::CopyStorageVolumeOptions;
pub use websocket::OperationWebsocket;
