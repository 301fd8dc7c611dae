//! The one request path every endpoint method goes through: a [`Call`] is
//! built (path, query, body, ETag, timeout), then finished by the kind of
//! reply the endpoint gives (`unit`, `sync`, `sync_with_etag`, `operation`,
//! `names`, `value`). The exchange adds the project and target, auth and
//! logging, runs the request and reads the reply envelope.
//!
//! ```text
//! self.put(path!("/1.0/profiles/{}", name)).json(profile).etag(etag).unit()
//! ```

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ureq::http::{self, Method};

use crate::client::Client;
use crate::error::{Error, Result};
use crate::exchange::Sent;
use crate::files::{InstanceFile, InstanceFileMetadata};
use crate::input::{
    check_body, check_file_name, check_file_path, names_from_urls, names_from_urls_escaped_twice,
    seg,
};
use crate::models::Operation;
pub(crate) use crate::query::{Query, QueryOptions};
use crate::reply::{Kind, Reply};
use crate::stream::{Download, Upload};
use crate::upgrade::Upgraded;
use crate::upload::RAW_FROM;

/// One request being built. Nothing is sent until a finisher runs; the
/// first invalid part (path, query value, body) is reported then.
#[must_use = "a call is sent only by a finisher (unit, sync, operation, …)"]
pub(crate) struct Call<'a> {
    client: &'a Client,
    method: Method,
    /// The escaped path, from `path!`.
    path: Result<String>,
    query: Query,
    /// The body: JSON (serialized and checked) or a reader.
    body: Option<Result<Body<'a>>>,
    /// Extra request headers.
    headers: Vec<(&'static str, String)>,
    /// The daemon's own request headers, by name without the prefix
    /// (`Type` for `X-Incus-Type` or `X-LXD-Type`).
    daemon_headers: Vec<(&'static str, String)>,
    etag: Option<&'a str>,
    /// In place of the client's request timeout (long polls, deadlines).
    timeout: Option<Duration>,
    /// The API extensions the call needs, checked before sending: each
    /// name, and the query parameter it is needed for (`None`: always).
    extensions: Vec<(&'static str, Option<&'static str>)>,
}

impl Client {
    /// Starts a `method` call to `path` (escaped, from `path!`).
    pub(crate) fn call(&self, method: Method, path: Result<String>) -> Call<'_> {
        Call {
            client: self,
            method,
            path,
            query: Query::default(),
            body: None,
            headers: Vec::new(),
            daemon_headers: Vec::new(),
            etag: None,
            timeout: None,
            extensions: Vec::new(),
        }
    }

    /// Starts a GET call.
    pub(crate) fn get(&self, path: Result<String>) -> Call<'_> {
        self.call(Method::GET, path)
    }

    /// Starts a POST call.
    pub(crate) fn post(&self, path: Result<String>) -> Call<'_> {
        self.call(Method::POST, path)
    }

    /// Starts a PUT call.
    pub(crate) fn put(&self, path: Result<String>) -> Call<'_> {
        self.call(Method::PUT, path)
    }

    /// Starts a PATCH call.
    pub(crate) fn patch(&self, path: Result<String>) -> Call<'_> {
        self.call(Method::PATCH, path)
    }

    /// Starts a DELETE call.
    pub(crate) fn delete(&self, path: Result<String>) -> Call<'_> {
        self.call(Method::DELETE, path)
    }
}

impl<'a> Call<'a> {
    /// Sends `body` as JSON. A NUL in any of its strings fails the call.
    pub(crate) fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Call<'a> {
        let bytes = serde_json::to_vec(body).map_err(|source| Error::Decode {
            endpoint: format!("{} {}", self.method, self.path.as_deref().unwrap_or("")),
            source,
        });
        self.body = Some(bytes.and_then(|bytes| check_body(&bytes).map(|()| Body::Json(bytes))));
        self
    }

    /// Sends the bytes of `reader` as the body (`application/octet-stream`):
    /// streamed, never held in memory. A declared `length` is checked (the
    /// reader must give exactly that many bytes); see [`Call::send`] for the
    /// framing.
    pub(crate) fn reader(mut self, reader: Box<dyn Read + 'a>, length: Option<u64>) -> Call<'a> {
        self.body = Some(Ok(Body::Reader(reader, length)));
        self
    }

    /// Sends an [`Upload`] as the body, as [`Call::reader`] does.
    pub(crate) fn upload(self, upload: Upload<'a>) -> Call<'a> {
        self.reader(upload.reader, upload.length)
    }

    /// Sends `bytes` as the body (`application/octet-stream`).
    pub(crate) fn bytes(mut self, bytes: &'a [u8]) -> Call<'a> {
        self.body = Some(Ok(Body::Bytes(bytes)));
        self
    }

    /// Adds a request header.
    pub(crate) fn header(mut self, name: &'static str, value: impl ToString) -> Call<'a> {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Adds one of the daemon's own request headers, `name` without its
    /// prefix (`Mode` for `X-Incus-Mode: 0644`); the prefix is the server's
    /// ([`ServerKind::header_prefix`](crate::ServerKind::header_prefix)),
    /// read before sending.
    pub(crate) fn daemon_header(mut self, name: &'static str, value: impl ToString) -> Call<'a> {
        self.daemon_headers.push((name, value.to_string()));
        self
    }

    /// Adds `path=`: a file name in a directory the daemon keeps (a
    /// template), one step without `/`, not `.` or `..`.
    pub(crate) fn file_name(self, name: &str) -> Call<'a> {
        self.checked_path(check_file_name(name), name)
    }

    /// Adds `path=`: an absolute path inside an instance or volume, without
    /// `.` or `..` steps (the daemon would resolve them on its own terms).
    pub(crate) fn file_path(self, path: &str) -> Call<'a> {
        self.checked_path(check_file_path(path), path)
    }

    /// Adds `path=` if it passed its `check`, else fails the call.
    fn checked_path(mut self, check: Result<()>, path: &str) -> Call<'a> {
        match check {
            Ok(()) => self.query.set("path", path),
            Err(e) => {
                self.query.error.get_or_insert(e);
            }
        }
        self
    }

    /// Sends `If-Match: etag` when there is one.
    pub(crate) fn etag(mut self, etag: Option<&'a str>) -> Call<'a> {
        self.etag = etag;
        self
    }

    /// Adds the query parameters of `options`, if any.
    pub(crate) fn query(mut self, options: Option<&impl QueryOptions>) -> Call<'a> {
        if let Some(options) = options {
            options.add_to(&mut self.query);
        }
        self
    }

    /// Adds `recursion=level`.
    pub(crate) fn recursion(mut self, level: u8) -> Call<'a> {
        self.query.push("recursion", &level.to_string());
        self
    }

    /// Adds a required query parameter (`timeout=5` of a wait, a
    /// `secret=`, …); an empty value fails the call.
    pub(crate) fn param(mut self, key: &str, value: &str) -> Call<'a> {
        match value {
            "" => {
                let e = Error::invalid(format!("{key} must not be empty"));
                self.query.error.get_or_insert(e);
            }
            _ => self.query.set(key, value),
        }
        self
    }

    /// Fails the call with `check`'s error, sending nothing, unless it is
    /// `Ok` (a body checked beyond what serializing it checks).
    pub(crate) fn require(mut self, check: Result<()>) -> Call<'a> {
        if let Err(e) = check {
            self.query.error.get_or_insert(e);
        }
        self
    }

    /// Adds a query the caller wrote and escaped ([`Client::raw`]).
    pub(crate) fn raw_query(mut self, escaped: &str) -> Call<'a> {
        for pair in escaped.split('&').filter(|pair| !pair.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            self.query.push(key, value);
        }
        self
    }

    /// Fails the call with [`Error::MissingExtension`], sending nothing,
    /// unless the server has the API extension `name`. Extensions that
    /// both Incus 6.0 and LXD 5.0 have are never checked (see the crate
    /// docs' "API extensions").
    pub(crate) fn extension(mut self, name: &'static str) -> Call<'a> {
        self.extensions.push((name, None));
        self
    }

    /// As [`Call::extension`], if `needed`: for a body field or an
    /// argument that a server without `name` would ignore (`start: true`).
    pub(crate) fn extension_if(self, name: &'static str, needed: bool) -> Call<'a> {
        match needed {
            true => self.extension(name),
            false => self,
        }
    }

    /// As [`Call::extension`], if the query carries `key` when the call is
    /// sent: for an option a server without `name` would ignore (`filter`,
    /// `all-projects`, `force`).
    pub(crate) fn extension_if_param(mut self, name: &'static str, key: &'static str) -> Call<'a> {
        self.extensions.push((name, Some(key)));
        self
    }

    /// Gives this request `timeout` in place of the client's.
    pub(crate) fn timeout(mut self, timeout: Duration) -> Call<'a> {
        self.timeout = Some(timeout);
        self
    }

    /// Finishes a call whose `sync` reply carries nothing we need.
    pub(crate) fn unit(self) -> Result<()> {
        self.send()?
            .decode::<serde::de::IgnoredAny>(Some(Kind::Sync))
            .map(drop)
    }

    /// Finishes with the `sync` reply's metadata as `T`; `null` (the Go
    /// server's empty list) reads as `T::default()`.
    pub(crate) fn sync<T: DeserializeOwned + Default>(self) -> Result<T> {
        self.send()?.sync()
    }

    /// Like [`Call::sync`], and also returns the reply's ETag.
    pub(crate) fn sync_with_etag<T: DeserializeOwned + Default>(self) -> Result<(T, String)> {
        let reply = self.send()?;
        Ok((reply.sync()?, reply.require_etag()?))
    }

    /// Finishes a call that starts a background operation.
    pub(crate) fn operation(self) -> Result<Operation> {
        self.send()?.decode(Some(Kind::Async))
    }

    /// Finishes a call the daemon answers `sync` when the work is done at
    /// once and `async` when it takes time (creating a volume, or copying
    /// one): an [`Operation`] either way, a sync reply as one already over.
    pub(crate) fn operation_or_done(self) -> Result<Operation> {
        self.send()?.operation_or_done()
    }

    /// Finishes a recursion=0 list: the names of the items, each URL's
    /// collection prefix stripped and the rest decoded. Lists grouped by
    /// status (operations) are flattened.
    pub(crate) fn names(self) -> Result<Vec<String>> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Urls {
            List(Vec<String>),
            ByStatus(BTreeMap<String, Vec<String>>),
        }
        let prefix = match &self.path {
            Ok(path) => format!("{path}/"),
            Err(_) => String::new(),
        };
        let client = self.client;
        let call = self.recursion(0);
        let endpoint = format!("{} {}", call.method, prefix.trim_end_matches('/'));
        let urls = match call.send()?.decode::<Option<Urls>>(Some(Kind::Sync))? {
            None => Vec::new(),
            Some(Urls::List(urls)) => urls,
            Some(Urls::ByStatus(groups)) => groups.into_values().flatten().collect(),
        };
        names_under(client, &endpoint, &prefix, urls)
    }

    /// Finishes a recursion=1 list of names in groups (an NVRAM's GUIDs):
    /// each group's URLs with `{path}/{group}/` stripped, the rest decoded.
    pub(crate) fn grouped_names(self) -> Result<BTreeMap<String, Vec<String>>> {
        let path = self.path.as_deref().unwrap_or_default().to_string();
        let client = self.client;
        let call = self.recursion(1);
        let endpoint = format!("{} {path}", call.method);
        let groups: BTreeMap<String, Vec<String>> = call.send()?.sync()?;
        let names = groups.into_iter().map(|(group, urls)| {
            let segment = seg("group", &group).map_err(|e| Error::decode(&endpoint, e))?;
            let names = names_under(client, &endpoint, &format!("{path}/{segment}/"), urls)?;
            Ok((group, names))
        });
        names.collect()
    }

    /// Upgrades the connection to `protocol` (`Upgrade: nbd`, `tcp`): the
    /// raw stream once the daemon answers `101 Switching Protocols`.
    pub(crate) fn upgrade(self, protocol: &'static str) -> Result<Upgraded> {
        crate::upgrade::connect(self.checked()?, protocol)
    }

    /// Upgrades the connection to a websocket (`GET /1.0/events`): the
    /// socket once the daemon answers `101 Switching Protocols`, and the
    /// exchange, for errors.
    pub(crate) fn websocket(
        self,
    ) -> Result<(
        tungstenite::WebSocket<crate::dialer::RawStream>,
        crate::exchange::Exchange,
    )> {
        crate::websocket::connect(self.checked()?)
    }

    /// Finishes with the whole metadata as JSON, whatever the reply type.
    pub(crate) fn value(self) -> Result<serde_json::Value> {
        self.send()?.decode(None)
    }

    /// Finishes with the reply body as a stream: for downloads (files,
    /// logs). An error reply still becomes [`Error::Api`]; the body cap
    /// does not apply, and idle timeouts replace the request timeout.
    pub(crate) fn stream(self) -> Result<Download> {
        let sent = self.dispatch(true)?;
        let status = sent.status();
        if status >= 400 {
            return Err(sent.into_error());
        }
        sent.exchange.log(status, "streamed");
        let (parts, body) = sent.response.into_parts();
        let reader = body.into_with_config().reader();
        Ok(Download::new(parts.headers, reader))
    }

    /// Finishes a read of a path inside an instance or a volume: what it
    /// is (from the daemon's headers, named with the server's prefix, read
    /// once the reply is in), and a directory's entries or a file's content
    /// as a stream.
    pub(crate) fn file(self) -> Result<InstanceFile> {
        let client = self.client;
        let download = self.stream()?;
        InstanceFile::from_download(download, client.server_kind()?)
    }

    /// Finishes a HEAD of a path inside an instance or a volume: what it
    /// is, from the daemon's headers as [`Call::file`] reads them. (LXD
    /// 5.0 answers it with a JSON content type and no length; only the
    /// headers count.)
    pub(crate) fn file_metadata(self) -> Result<InstanceFileMetadata> {
        let client = self.client;
        let headers = self.head()?;
        InstanceFileMetadata::from_headers(client.server_kind()?, |name| {
            headers.get(name)?.to_str().ok().map(str::to_string)
        })
    }

    /// Finishes with the reply body as UTF-8 text (`text/plain` replies
    /// such as metrics), read whole up to `limit` bytes: a longer body is
    /// [`Error::Decode`], not cut short. An error reply is [`Error::Api`].
    pub(crate) fn text(self, limit: u64) -> Result<String> {
        let endpoint = match &self.path {
            Ok(path) => format!("{} {path}", self.method),
            Err(_) => String::new(),
        };
        let mut body = Vec::new();
        self.stream()?
            .take(limit + 1)
            .read_to_end(&mut body)
            .map_err(|e| Error::decode(&endpoint, e))?;
        if body.len() as u64 > limit {
            return Err(Error::decode(
                &endpoint,
                format!("a reply over {limit} bytes"),
            ));
        }
        String::from_utf8(body).map_err(|e| Error::decode(&endpoint, e))
    }

    /// Finishes a HEAD call: the reply's headers, or [`Error::Api`].
    pub(crate) fn head(self) -> Result<http::HeaderMap> {
        let sent = self.dispatch(false)?;
        let status = sent.status();
        if status >= 400 {
            return Err(sent.into_error());
        }
        sent.exchange.log(status, "no body");
        Ok(sent.response.into_parts().0.headers)
    }

    /// The JSON exchange: sends, reads the reply (capped) and its envelope.
    /// A streamed body of unknown length, or of a declared one of
    /// [`RAW_FROM`] or more, goes on a connection of its own (`upload.rs`).
    fn send(self) -> Result<Reply> {
        match &self.body {
            Some(Ok(Body::Reader(_, length))) if length.is_none_or(|n| n >= RAW_FROM) => {
                crate::upload::send(self.checked()?.start(true))
            }
            Some(Ok(Body::Reader(..))) => self.dispatch(true)?.read_reply(),
            _ => self.dispatch(false)?.read_reply(),
        }
    }

    /// Checks what was built and settles the project, target and API
    /// extension: the request as it will be sent, nothing sent yet but the
    /// extension read (`GET /1.0`, once per client).
    pub(crate) fn checked(self) -> Result<Checked<'a>> {
        let Call {
            client,
            method,
            path,
            mut query,
            body,
            headers,
            daemon_headers,
            etag,
            timeout,
            extensions,
        } = self;
        let mut headers: Vec<(String, String)> = headers
            .into_iter()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        let path = path?;
        let body = body.transpose()?;
        for (key, value) in [("project", &client.project), ("target", &client.target)] {
            // `all-projects=true` stands for the project: the daemon refuses
            // both on some endpoints (events).
            let all_projects = key == "project" && query.has("all-projects");
            match value.as_deref() {
                Some("") => return Err(Error::invalid(format!("{key} must not be empty"))),
                Some(value) if !query.has(key) && !all_projects => query.set(key, value),
                _ => {}
            }
        }
        if let Some(e) = query.error {
            return Err(e);
        }
        let needed: Vec<&str> = extensions
            .into_iter()
            .filter(|(_, key)| key.is_none_or(|key| query.has(key)))
            .map(|(extension, _)| extension)
            .collect();
        // One read of the server's facts answers both (an untrusted
        // client's are read anew each time).
        if !needed.is_empty() || !daemon_headers.is_empty() {
            let (missing, kind) = client.server_info(|info| {
                let has = |name: &&str| info.extensions.iter().any(|e| e == name);
                (needed.iter().find(|name| !has(name)).copied(), info.kind)
            })?;
            if let Some(extension) = missing {
                return Err(Error::MissingExtension {
                    extension: extension.into(),
                    endpoint: format!("{method} {path}"),
                });
            }
            for (name, value) in daemon_headers {
                headers.push((kind.header(name), value));
            }
        }
        if let Some(etag) = etag {
            headers.push(("If-Match".into(), etag.to_string()));
        }
        if let Some(token) = &client.shared.bearer {
            headers.push(("Authorization".into(), format!("Bearer {token}")));
        }
        let target = match query.text.is_empty() {
            true => path.clone(),
            false => format!("{path}?{}", query.text),
        };
        Ok(Checked {
            client,
            endpoint: format!("{method} {path}"),
            method,
            target,
            body,
            headers,
            timeout,
        })
    }

    /// Sends the request and waits for the reply's head. `streaming` calls
    /// get idle timeouts (connect, reply head, each read and write) instead
    /// of one limit on the whole exchange, so a long transfer is not cut.
    fn dispatch(self, streaming: bool) -> Result<Sent> {
        self.checked()?.start(streaming).send()
    }
}

/// The names in a list's `urls` under `prefix` (escaped once, as sent),
/// decoded once, or twice from a daemon that escapes its URLs twice (LXD
/// 5.0.2: `/1.0/profiles/a%2520b` for `a b`). Which one is the server's
/// fact, read only when a URL's path holds an escape (without one both
/// read the same).
fn names_under(
    client: &Client,
    endpoint: &str,
    prefix: &str,
    urls: Vec<String>,
) -> Result<Vec<String>> {
    let escaped = |url: &String| url.split('?').next().is_some_and(|path| path.contains('%'));
    if urls.iter().any(escaped) && client.server_info(|s| s.double_escaped)? {
        return names_from_urls_escaped_twice(endpoint, prefix, urls);
    }
    names_from_urls(endpoint, prefix, urls)
}

/// A call checked by [`Call::checked`]: what goes on the wire.
pub(crate) struct Checked<'a> {
    pub(crate) client: &'a Client,
    pub(crate) method: Method,
    /// The escaped path and query, as on the request line.
    pub(crate) target: String,
    /// `METHOD /path`, for logs and errors.
    pub(crate) endpoint: String,
    pub(crate) body: Option<Body<'a>>,
    /// Every header but those of the body: `X-Incus-*` (or `X-LXD-*`),
    /// `If-Match`, `Authorization`.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) timeout: Option<Duration>,
}

/// A request body.
pub(crate) enum Body<'a> {
    /// JSON, serialized and checked.
    Json(Vec<u8>),
    /// Raw bytes from a reader, sent as `application/octet-stream`, and the
    /// declared length, if any.
    Reader(Box<dyn Read + 'a>, Option<u64>),
    /// Raw bytes in memory (a symlink target), sent with their length.
    Bytes(&'a [u8]),
}
