//! A scripted fake daemon on a real unix socket, for what a real daemon
//! will not produce on demand. Every call goes through the whole client path
//! (ureq, the unix transport, the envelope) and runs under a watchdog, so a
//! hang or a panic fails the test. One test binary, like `tests/live/`:
//!
//! - [`fault_matrix`]: one test per fault of issue 13 (garbage, cut,
//!   reset, stalled, oversized and misshapen replies; a websocket, a socket,
//!   a kept-alive connection and a wait the daemon drops), with the error
//!   each must give and a bound on the time it takes;
//! - [`faults`]: error envelopes, long-polled operations, inputs refused
//!   before sending, and the websocket and extension edge cases;
//! - [`wire`]: a table with one row per public endpoint method, asserting the
//!   request each puts on the socket (method, escaped path, query, `If-Match`,
//!   body), and a test that the table has a row for every method whose doc
//!   has a ``Sends `METHOD /path` `` line;
//! - [`newer`]: the methods gated on API extensions Incus 6.0 lacks, each
//!   against a fake that has its extension (replaying the spec's example)
//!   and one that does not (nothing sent but `GET /1.0`); the upgrades
//!   among them (NBD, port-forward) in [`upgrades`].
//! - [`image_exports`]: image exports that are not the image their
//!   fingerprint names, and exports cut short.
//! - [`network_forwards`]: network forwards, load balancers (and their
//!   state) and peers, decoding the spec's examples.
//! - [`volume_copies`]: the requests of a volume copy between two
//!   servers, and on one.
//! - [`events`]: the event stream: order, the daemon closing or dropping
//!   it, garbage messages, a stop from another thread.
//! - [`storage_volumes`]: volume types refused before sending, creates and
//!   renames answered sync or async, the volume names lists.
//! - [`networks`]: empty network names refused before sending, and the
//!   state, leases and allocation replies the spec documents.
//! - [`network_acls`]: an ACL's log streamed, and the daemon's refusals of
//!   ACLs, zones and records; [`network_address_sets`]: the address sets,
//!   gated on an extension Incus 6.0.4 lacks.
//! - [`trust`]: trust tokens read from their operation, certificate and
//!   token bodies refused before sending, and the metrics text.
//!
//! This file holds the [`Fake`] harness and the reply helpers the modules
//! share.

mod buckets;
mod cluster;
mod dirs;
mod events;
mod fault_matrix;
mod faults;
mod gates;
mod image_exports;
mod lxd;
mod network_acls;
mod network_address_sets;
mod network_forwards;
mod networks;
mod newer;
mod sources;
mod storage_volumes;
mod trust;
mod upgrades;
mod uploads;
mod volume_copies;
mod volume_newer;
mod wire;

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use incus::{Client, ClientBuilder, Error};
use serde_json::{Value, json};

/// What the fake does with the next request, whichever connection it came on.
enum Reply {
    /// Sleep this many ms, then write these bytes; the connection stays open.
    Answer(u64, Vec<u8>),
    /// Read the request, then close without answering.
    Close,
    /// Close with the request unread, so the client gets ECONNRESET. Records nothing.
    Reset,
    /// Write these bytes, sleep this many ms, then close.
    Partial(Vec<u8>, u64),
    /// Write these bytes once the request head is read, leaving its body
    /// unread, then close (a daemon refusing an upload). Records the head.
    Early(Vec<u8>),
    /// Like `Early`, but wait 100 ms before closing, so that the request's
    /// body is there unread: the client's next read is a connection reset.
    ResetAfter(Vec<u8>),
    /// Write this head, then a body of this many bytes (chunked if the
    /// head says so) from one small buffer, until done or the client goes;
    /// then close. Nothing of the body is held in memory.
    Stream(Vec<u8>, u64),
}

/// One request as it reached the socket.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    /// Path and query, as on the request line.
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// A chunked body's chunk sizes, in order (without the last, empty one).
    chunks: Vec<usize>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        found.next().map(|(_, v)| v.as_str())
    }
}

/// Answers a request once the script has run out.
type Handler = Box<dyn Fn(&Request) -> Reply + Send + Sync>;

#[derive(Default)]
struct State {
    replies: Mutex<VecDeque<Reply>>,
    handler: Option<Handler>,
    requests: Mutex<Vec<Request>>,
    /// Answer `GET /1.0` with [`incus_server`], outside the script.
    serves_server: AtomicBool,
    accepts: AtomicUsize,
    stop: AtomicBool,
}

struct Fake {
    dir: PathBuf,
    socket: PathBuf,
    state: Arc<State>,
    acceptor: Option<JoinHandle<()>>,
}

impl Fake {
    fn start(replies: Vec<Reply>) -> Fake {
        Fake::start_with(replies, None)
    }

    /// This fake, answering `GET /1.0` itself (with [`incus_server`],
    /// every gated extension listed) whenever it is asked, outside its
    /// script or handler.
    fn serving_server(self) -> Fake {
        self.state.serves_server.store(true, SeqCst);
        self
    }

    /// A fake that answers every request with `handler`.
    fn handled(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Fake {
        Fake::start_with(Vec::new(), Some(Box::new(handler)))
    }

    fn start_with(replies: Vec<Reply>, handler: Option<Handler>) -> Fake {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "incus-fake-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, SeqCst)
        );
        let dir = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        let socket = dir.join("unix.socket");
        let listener = UnixListener::bind(&socket).unwrap();
        let state = Arc::new(State {
            replies: Mutex::new(replies.into()),
            handler,
            ..State::default()
        });
        let shared = state.clone();
        let acceptor = thread::spawn(move || {
            for stream in listener.incoming() {
                if shared.stop.load(SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { break };
                shared.accepts.fetch_add(1, SeqCst);
                let shared = shared.clone();
                thread::spawn(move || serve(stream, &shared));
            }
        });
        Fake {
            dir,
            socket,
            state,
            acceptor: Some(acceptor),
        }
    }

    /// A client with a 1 s request timeout.
    fn client(&self) -> Client {
        ClientBuilder::unix(&self.socket)
            .timeout(Duration::from_secs(1))
            .build()
            .unwrap()
    }

    /// A client that has read the server (an Incus) already: the script
    /// must start with [`incus_server`]. Its request is forgotten, so the
    /// test sees only its own.
    fn incus_client(&self) -> Client {
        let client = self.client();
        assert_eq!(client.server_kind().unwrap(), incus::ServerKind::Incus);
        self.take_requests();
        client
    }

    fn requests(&self) -> Vec<Request> {
        self.state.requests.lock().unwrap().clone()
    }

    /// The requests received since the last call, oldest first.
    fn take_requests(&self) -> Vec<Request> {
        std::mem::take(&mut *self.state.requests.lock().unwrap())
    }

    fn accepts(&self) -> usize {
        self.state.accepts.load(SeqCst)
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.state.stop.store(true, SeqCst);
        let _ = UnixStream::connect(&self.socket); // wakes the accept loop
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Serves one connection: request after request until the client closes it,
/// the script says so, or the script runs out.
fn serve(mut stream: UnixStream, state: &State) {
    let mut byte = [0u8];
    loop {
        // Read byte by byte, so that a Reset leaves the request unread.
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            return;
        }
        let mut head = vec![byte[0]];
        let mut scripted = state.replies.lock().unwrap().pop_front();
        let serves_server = state.serves_server.load(SeqCst);
        let unscripted = scripted.is_none() && state.handler.is_none() && !serves_server;
        if unscripted || matches!(scripted, Some(Reply::Reset)) {
            return;
        }
        while !head.ends_with(b"\r\n\r\n") {
            if stream.read(&mut byte).unwrap_or(0) == 0 {
                return;
            }
            head.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&head);
        let mut lines = head.split("\r\n");
        let mut first = lines.next().unwrap_or("").split(' ');
        let (method, path) = (first.next().unwrap_or(""), first.next().unwrap_or(""));
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        let mut request = Request {
            method: method.to_string(),
            path: path.to_string(),
            headers,
            body: Vec::new(),
            chunks: Vec::new(),
        };
        if serves_server && (method, path) == ("GET", "/1.0") {
            if let Some(reply) = scripted.replace(incus_server()) {
                state.replies.lock().unwrap().push_front(reply);
            }
        }
        if let Some(Reply::Early(bytes) | Reply::ResetAfter(bytes)) = &scripted {
            let _ = stream.write_all(bytes);
            if matches!(scripted, Some(Reply::ResetAfter(_))) {
                thread::sleep(Duration::from_millis(100));
            }
            state.requests.lock().unwrap().push(request);
            return;
        }
        let chunked = request
            .header("Transfer-Encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
        let body = match chunked {
            true => read_chunked(&mut stream, &mut request.chunks),
            false => {
                let length = request
                    .header("Content-Length")
                    .map_or(0, |v| v.parse().unwrap());
                let mut body = vec![0; length];
                stream.read_exact(&mut body).map(|()| body)
            }
        };
        let Ok(body) = body else { return };
        request.body = body;
        let reply = match (scripted, &state.handler) {
            (Some(reply), _) => reply,
            (None, Some(handler)) => handler(&request),
            (None, None) => return,
        };
        state.requests.lock().unwrap().push(request);
        match reply {
            Reply::Answer(ms, bytes) => {
                thread::sleep(Duration::from_millis(ms));
                if stream.write_all(&bytes).is_err() {
                    return;
                }
            }
            Reply::Partial(bytes, ms) => {
                let _ = stream.write_all(&bytes);
                thread::sleep(Duration::from_millis(ms));
                return;
            }
            Reply::Stream(head, length) => {
                let _ = stream.write_all(&head);
                let chunked = String::from_utf8_lossy(&head).contains("chunked");
                let _ = write_body(&mut stream, length, chunked);
                return;
            }
            Reply::Close | Reply::Reset | Reply::Early(_) | Reply::ResetAfter(_) => return,
        }
    }
}

/// Writes `length` bytes of `x` (as 1 MiB chunks if `chunked`), from one
/// buffer.
fn write_body(stream: &mut UnixStream, mut length: u64, chunked: bool) -> std::io::Result<()> {
    let buffer = vec![b'x'; 1 << 20];
    while length > 0 {
        let n = length.min(buffer.len() as u64) as usize;
        if chunked {
            stream.write_all(format!("{n:x}\r\n").as_bytes())?;
        }
        stream.write_all(&buffer[..n])?;
        if chunked {
            stream.write_all(b"\r\n")?;
        }
        length -= n as u64;
    }
    match chunked {
        true => stream.write_all(b"0\r\n\r\n"),
        false => Ok(()),
    }
}

/// A websocket upgrade answered with `frames` after the handshake, then the
/// connection closed `after_ms` later (abruptly, unless `frames` ends with
/// a close frame).
fn websocket_reply(request: &Request, frames: &[u8], after_ms: u64) -> Reply {
    let key = request.header("Sec-WebSocket-Key").unwrap_or_default();
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    let mut bytes = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\n\r\n"
    )
    .into_bytes();
    bytes.extend_from_slice(frames);
    Reply::Partial(bytes, after_ms)
}

/// A `101 Switching Protocols` to `protocol`, then `then` from the switched
/// protocol; the connection stays open.
fn switched(protocol: &str, then: &[u8]) -> Reply {
    let mut bytes = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: {protocol}\r\nConnection: Upgrade\r\n\r\n"
    )
    .into_bytes();
    bytes.extend_from_slice(then);
    Reply::Answer(0, bytes)
}

/// Reads a chunked request body to its end (the chunk headers byte by
/// byte), noting each chunk's size in `sizes`.
fn read_chunked(stream: &mut UnixStream, sizes: &mut Vec<usize>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = Vec::new();
        while !line.ends_with(b"\r\n") {
            let mut byte = [0u8];
            stream.read_exact(&mut byte)?;
            line.push(byte[0]);
        }
        let size = String::from_utf8_lossy(&line[..line.len() - 2]);
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16)
            .map_err(std::io::Error::other)?;
        let mut chunk = vec![0; size + 2];
        stream.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok(body);
        }
        sizes.push(size);
        body.extend_from_slice(&chunk[..size]);
    }
}

/// A raw HTTP/1.1 reply with a correct Content-Length.
fn http(status: u16, content_type: &str, body: &str) -> Vec<u8> {
    let len = body.len();
    format!("HTTP/1.1 {status} Fake\r\nContent-Type: {content_type}\r\nContent-Length: {len}\r\n\r\n{body}")
        .into_bytes()
}

fn json_reply(status: u16, body: &Value) -> Reply {
    Reply::Answer(0, http(status, "application/json", &body.to_string()))
}

/// A sync reply with `status` (201 for a create) and the ETag `"e1"`.
fn tagged(status: u16, metadata: Value) -> Reply {
    let body = sync(metadata).to_string();
    let head = format!(
        "HTTP/1.1 {status} Fake\r\nContent-Type: application/json\r\nETag: \"e1\"\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    Reply::Answer(0, format!("{head}{body}").into_bytes())
}

fn error_envelope(code: u16, message: &str) -> Value {
    json!({"type": "error", "status": "", "status_code": 0, "operation": "", "error_code": code,
           "error": message, "metadata": null})
}

fn sync(metadata: Value) -> Value {
    json!({"type": "sync", "status": "Success", "status_code": 200, "operation": "", "error_code": 0,
           "error": "", "metadata": metadata})
}

/// The spec's `EmptySyncResponse`, with HTTP `status` (201 for something
/// created).
fn empty_sync(status: u16) -> Reply {
    json_reply(
        status,
        &json!({"type": "sync", "status": "Success", "status_code": 200}),
    )
}

fn operation(status: &str, status_code: u16, err: &str) -> Value {
    json!({"id": "abc", "class": "task", "description": "Starting instance", "status": status,
           "status_code": status_code, "resources": {"instances": ["/1.0/instances/c1"]},
           "metadata": null, "may_cancel": false, "err": err, "location": "none"})
}

fn async_reply() -> Reply {
    let body = json!({"type": "async", "status": "Operation created", "status_code": 100,
                      "operation": "/1.0/operations/abc", "error_code": 0, "error": "",
                      "metadata": operation("Running", 103, "")});
    json_reply(202, &body)
}

/// The `202` reply to a request that started the operation `op`: an
/// `async` envelope naming it by its `id`.
fn created(op: Value) -> Reply {
    let id = op["id"].as_str().unwrap();
    let body = json!({"type": "async", "status": "Operation created", "status_code": 100,
                      "operation": format!("/1.0/operations/{id}"), "metadata": op});
    json_reply(202, &body)
}

/// The reply to a request starting the operation `id`, with `metadata`.
fn started(id: &str, class: &str, metadata: Value) -> Reply {
    let op = json!({"id": id, "class": class, "status": "Running", "status_code": 103,
                    "metadata": metadata, "may_cancel": false});
    created(op)
}

/// What an Incus answers to `GET /1.0`: every API extension the crate
/// gates on. The crate asks it once per client before it sends or reads
/// the daemon's own headers (`X-Incus-*`, `X-LXD-*` on LXD), before it
/// decodes list URLs that hold an escape (LXD 5.0 escapes them twice), and
/// before a call that needs an API extension.
fn incus_server() -> Reply {
    let environment = json!({"server": "incus", "server_version": "6.0.4"});
    let extensions = sources::gated_extensions();
    server_with(&extensions, json!({"environment": environment}))
}

/// A `GET /1.0` answer: a server with `extensions`, and `fields` (an
/// object, `{}` for none: `auth`, `environment`) beside them.
fn server_with(extensions: &[impl serde::Serialize], fields: Value) -> Reply {
    let mut metadata = fields;
    metadata["api_extensions"] = json!(extensions);
    json_reply(200, &sync(metadata))
}

/// Runs `call` on a fake replaying `replies` and answering `GET /1.0`
/// itself ([`Fake::serving_server`]); returns its result and the requests
/// but `GET /1.0`.
fn scripted<T: Send + 'static>(
    replies: Vec<Reply>,
    call: impl FnOnce(&Client) -> T + Send + 'static,
) -> (T, Vec<Request>) {
    let fake = Fake::start(replies).serving_server();
    let client = fake.client();
    let result = within(3000, move || call(&client));
    let requests = fake.requests().into_iter();
    (result, requests.filter(|r| r.path != "/1.0").collect())
}

/// Runs `f` on another thread and returns its result; fails the test if `f`
/// panics or takes longer than `limit_ms`.
fn within<T: Send + 'static>(limit_ms: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    let started = Instant::now();
    thread::spawn(move || tx.send(f()).unwrap());
    match rx.recv_timeout(Duration::from_millis(limit_ms)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("call hung for {limit_ms} ms"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("call panicked after {:?}", started.elapsed())
        }
    }
}

fn assert_api(e: &Error, want_status: u16, want_message: &str) {
    match e {
        Error::Api {
            status, message, ..
        } => {
            assert_eq!(
                (*status, message.as_str()),
                (want_status, want_message),
                "{e}"
            )
        }
        other => panic!("expected Api {want_status}, got {other:?}"),
    }
}
