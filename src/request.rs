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
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use ureq::RequestExt;
use ureq::http::{self, Method};

use crate::client::Client;
use crate::error::{Error, Result, TransportError};
use crate::input::{check_body, names_from_urls, query_value};
use crate::models::Operation;
use crate::reply::{Kind, Reply};
use crate::trace;

/// The largest reply body read into memory: recursion=2 lists of many
/// instances are large, but a reply past this is a fault.
const MAX_BODY: u64 = 256 * 1024 * 1024;

/// The query of one call: `key=value` pairs, each value checked and escaped
/// as it is added. Options structs add theirs through [`QueryOptions`].
#[derive(Debug, Default)]
pub(crate) struct Query {
    /// The pairs so far, escaped and joined by `&`.
    text: String,
    /// The first value that could not be sent (reported when the call runs).
    error: Option<Error>,
}

impl Query {
    /// Adds `key=value`; a value with a control character fails the call.
    pub(crate) fn set(&mut self, key: &str, value: &str) {
        match query_value(key, value) {
            Ok(value) => self.push(key, &value),
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
    }

    /// Adds `key=true`.
    pub(crate) fn flag(&mut self, key: &str) {
        self.push(key, "true");
    }

    fn push(&mut self, key: &str, escaped: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(key);
        self.text.push('=');
        self.text.push_str(escaped);
    }

    /// Whether `key` is set already (project and target are added only when
    /// the call has not set them itself).
    fn has(&self, key: &str) -> bool {
        self.text
            .split('&')
            .any(|pair| pair.split('=').next() == Some(key))
    }
}

/// An options struct whose fields become query parameters.
pub(crate) trait QueryOptions {
    /// Adds the fields that are set to `query`.
    fn add_to(&self, query: &mut Query);
}

/// One request being built. Nothing is sent until a finisher runs; the
/// first invalid part (path, query value, body) is reported then.
#[must_use = "a call is sent only by a finisher (unit, sync, operation, …)"]
pub(crate) struct Call<'a> {
    client: &'a Client,
    method: Method,
    /// The escaped path, from `path!`.
    path: Result<String>,
    query: Query,
    /// The JSON body, serialized and checked.
    body: Option<Result<Vec<u8>>>,
    etag: Option<&'a str>,
    /// In place of the client's request timeout (long polls, deadlines).
    timeout: Option<Duration>,
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
            etag: None,
            timeout: None,
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
        self.body = Some(bytes.and_then(|bytes| check_body(&bytes).map(|()| bytes)));
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

    /// Adds a required query parameter (`timeout=5` of a wait, …).
    pub(crate) fn param(mut self, key: &str, value: &str) -> Call<'a> {
        self.query.set(key, value);
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
        let call = self.recursion(0);
        let endpoint = format!("{} {}", call.method, prefix.trim_end_matches('/'));
        let urls = match call.send()?.decode::<Option<Urls>>(Some(Kind::Sync))? {
            None => Vec::new(),
            Some(Urls::List(urls)) => urls,
            Some(Urls::ByStatus(groups)) => groups.into_values().flatten().collect(),
        };
        names_from_urls(&endpoint, &prefix, urls)
    }

    /// Finishes with the whole metadata as JSON, whatever the reply type.
    pub(crate) fn value(self) -> Result<serde_json::Value> {
        self.send()?.decode(None)
    }

    /// The exchange: checks what was built, adds project and target, sends,
    /// logs, and reads the reply's envelope.
    fn send(self) -> Result<Reply> {
        let Call {
            client,
            method,
            path,
            mut query,
            body,
            etag,
            timeout,
        } = self;
        let path = path?;
        let body = body.transpose()?;
        for (key, value) in [("project", &client.project), ("target", &client.target)] {
            match value.as_deref() {
                Some("") => return Err(Error::invalid(format!("{key} must not be empty"))),
                Some(value) if !query.has(key) => query.set(key, value),
                _ => {}
            }
        }
        if let Some(e) = query.error {
            return Err(e);
        }
        let base = &client.shared.base;
        let url = match query.text.is_empty() {
            true => format!("{base}{path}"),
            false => format!("{base}{path}?{}", query.text),
        };
        let endpoint = format!("{method} {path}");
        let mut request = http::Request::builder().method(method.clone()).uri(&url);
        if let Some(etag) = etag {
            request = request.header("If-Match", etag);
        }
        if let Some(token) = &client.shared.bearer {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header("Content-Type", "application/json");
        }
        trace::request(&method, &url, body.as_deref());
        let limit = match timeout {
            Some(timeout) => ("the time this request was given", timeout),
            None => ("the client's request timeout", client.shared.timeout),
        };
        let started = Instant::now();
        let transport = |e: ureq::Error| {
            let url = trace::redact_url(&url);
            log::debug!("{method} {url} failed after {:?}: {e}", started.elapsed());
            TransportError::error(&endpoint, limit, e)
        };
        let invalid = |e: http::Error| Error::invalid(format!("{endpoint}: {e}"));
        let agent = &client.shared.agent;
        let response = match body {
            Some(body) => run(agent, request.body(body).map_err(invalid)?, timeout),
            None => run(agent, request.body(()).map_err(invalid)?, timeout),
        }
        .map_err(transport)?;
        let status = response.status().as_u16();
        let etag = response
            .headers()
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response
            .into_body()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(transport)?;
        log::debug!(
            "{method} {} -> {status} ({} bytes) in {:?}",
            trace::redact_url(&url),
            body.len(),
            started.elapsed()
        );
        trace::reply(&method, &url, status, &body);
        Reply::parse(endpoint, status, &body, etag)
    }
}

/// Runs one HTTP exchange on `agent`, cut off after `timeout` if given,
/// else after the agent's own timeout (no per-request config to build).
fn run(
    agent: &ureq::Agent,
    request: http::Request<impl ureq::AsSendBody>,
    timeout: Option<Duration>,
) -> std::result::Result<http::Response<ureq::Body>, ureq::Error> {
    let request = request.with_agent(agent);
    match timeout {
        Some(timeout) => request
            .configure()
            .timeout_global(Some(timeout))
            .build()
            .run(),
        None => request.run(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_escape_and_know_their_keys() {
        let mut query = Query::default();
        query.push("recursion", "1");
        query.set("filter", "name eq a&b");
        query.flag("all-projects");
        assert_eq!(
            query.text,
            "recursion=1&filter=name%20eq%20a%26b&all-projects=true"
        );
        assert!(query.has("filter") && query.has("all-projects") && !query.has("project"));
        assert!(!query.has("recursion=1") && !query.has("a"));
        query.set("target", "m1\n");
        assert!(
            query
                .error
                .unwrap()
                .to_string()
                .starts_with("invalid input: target")
        );
    }
}
