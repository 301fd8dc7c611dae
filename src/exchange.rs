//! The HTTP side of the one request path: start the exchange of a checked
//! call (its URL, time limit and trace line, shared with upgrades and
//! uploads), run it on the agent within its time limit, and read the reply
//! (whole and capped for JSON envelopes), logging one debug line per
//! request.

use std::time::{Duration, Instant};

use ureq::RequestExt;
use ureq::http::{self, Method};

use crate::client::Client;
use crate::error::{Error, Result, TransportError};
use crate::reply::Reply;
use crate::request::{Body, Checked};
use crate::stream::Exact;
use crate::trace;
use crate::transport::is_stale;

/// The largest JSON reply read into memory: recursion=2 lists of many
/// instances are large, but a reply past this is a fault. A reply that
/// declares a larger `Content-Length` is refused before any of it is read;
/// one of unknown length (chunked) is read up to the cap, then refused.
/// Streamed bodies ([`crate::Download`]) are not capped.
pub(crate) const MAX_BODY: u64 = 64 * 1024 * 1024;

/// How long a request may take: the whole exchange (JSON calls; `None` is
/// the agent's own timeout), or each step of it (streams).
#[derive(Clone, Copy)]
pub(crate) enum Limit {
    /// The whole exchange (JSON calls); `None`: the agent's own timeout.
    Whole(Option<Duration>),
    /// Each step (streams): connect, reply head, each read and write.
    Idle(Duration),
}

/// One request on its way: what it is, for its log lines and errors.
pub(crate) struct Exchange {
    pub(crate) method: Method,
    pub(crate) url: String,
    /// `METHOD /path`, for errors.
    pub(crate) endpoint: String,
    /// What the request was given, for timeout errors.
    pub(crate) limit: (&'static str, Duration),
    pub(crate) started: Instant,
    /// The most bytes the reply may have if it is read whole.
    pub(crate) max_reply: u64,
}

impl Exchange {
    /// A failure below HTTP, logged and named after the request.
    pub(crate) fn transport(&self, e: ureq::Error) -> Error {
        self.log_failure(&e);
        TransportError::error(&self.endpoint, self.limit, e)
    }

    /// A failure of a raw stream the exchange runs on (an upgrade, an
    /// upload), logged and named after the request.
    pub(crate) fn io(&self, e: std::io::Error) -> Error {
        self.log_failure(&e);
        TransportError::io(&self.endpoint, self.limit, e)
    }

    /// `reader`, held to its declared `length` ([`Exact`]); a declared
    /// length of 0 with bytes to read is refused before anything is sent.
    pub(crate) fn exact<R: std::io::Read>(&self, reader: R, length: u64) -> Result<Exact<R>> {
        Exact::new(reader, length).map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Error::invalid(format!("{}: {e}", self.endpoint)),
            _ => Error::Io(e),
        })
    }

    /// `first`, or if it failed because the daemon had closed the
    /// kept-alive connection it went on before answering, and the method is
    /// idempotent (GET, HEAD, PUT, DELETE: RFC 9110 9.2.2), the result of
    /// `send` run once more (on a new connection). POST and PATCH are never
    /// sent twice: the daemon may have acted on the first.
    pub(crate) fn again_if_stale<T>(
        &self,
        first: std::result::Result<T, ureq::Error>,
        send: impl FnOnce() -> Result<std::result::Result<T, ureq::Error>>,
    ) -> Result<std::result::Result<T, ureq::Error>> {
        let idempotent = [Method::GET, Method::HEAD, Method::PUT, Method::DELETE];
        match first {
            Err(e) if is_stale(&e) && idempotent.contains(&self.method) => {
                self.log_failure(&format_args!("{e}; sending it again"));
                send()
            }
            first => Ok(first),
        }
    }

    /// The debug line of an exchange that failed below HTTP (one per
    /// request, as [`Exchange::log`] for one that got a reply).
    pub(crate) fn log_failure(&self, e: &dyn std::fmt::Display) {
        log::debug!(
            "{} {} failed after {:?}: {e}",
            self.method,
            trace::redact_url(&self.url),
            self.started.elapsed()
        );
    }

    /// The debug line of a finished exchange (one per request).
    pub(crate) fn log(&self, status: u16, size: impl std::fmt::Display) {
        log::debug!(
            "{} {} -> {status} ({size}) in {:?}",
            self.method,
            trace::redact_url(&self.url),
            self.started.elapsed()
        );
    }
}

/// A request that was sent and answered with a reply head.
pub(crate) struct Sent {
    pub(crate) exchange: Exchange,
    pub(crate) response: http::Response<ureq::Body>,
}

impl Sent {
    /// The reply's HTTP status.
    pub(crate) fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// Reads the whole reply (at most the client's `max_reply`, by default
    /// [`MAX_BODY`]) and its envelope. A
    /// reply over the cap is [`Error::Decode`]: refused before reading if
    /// its `Content-Length` says so, else once the cap is passed.
    pub(crate) fn read_reply(self) -> Result<Reply> {
        let status = self.status();
        let Sent { exchange, response } = self;
        let (parts, body) = response.into_parts();
        let etag = parts
            .headers
            .get("ETag")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let max = exchange.max_reply;
        let too_large = |size: &dyn std::fmt::Display| {
            exchange.log_failure(&format_args!("a reply of {size} bytes"));
            Error::decode(
                &exchange.endpoint,
                format_args!(
                    "a reply of {size} bytes, over the {max} bytes a JSON reply may have \
                     (ClientBuilder::max_reply_size)"
                ),
            )
        };
        if let Some(declared) = body.content_length().filter(|n| *n > max) {
            // Dropping the unread body closes the connection.
            return Err(too_large(&declared));
        }
        let body = match body.into_with_config().limit(max).read_to_vec() {
            Ok(body) => body,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Err(too_large(&format_args!("more than {max}")));
            }
            Err(e) => return Err(exchange.transport(e)),
        };
        exchange.log(status, format_args!("{} bytes", body.len()));
        trace::reply(&exchange.method, &exchange.url, status, &body);
        Reply::parse(exchange.endpoint, status, &body, etag)
    }

    /// The error an error reply (status 400 or more) stands for: the
    /// daemon's envelope as [`Error::Api`], or a transport error if the
    /// body could not be read.
    pub(crate) fn into_error(self) -> Error {
        match self.read_reply() {
            Err(e) => e,
            Ok(_) => Error::decode("an error reply", "an error status with a success envelope"),
        }
    }
}

/// Runs one HTTP exchange on `agent` within `limit`. The plain JSON call
/// needs no per-request config (the agent's timeout applies).
pub(crate) fn run(
    agent: &ureq::Agent,
    request: http::Request<impl ureq::AsSendBody>,
    limit: Limit,
) -> std::result::Result<http::Response<ureq::Body>, ureq::Error> {
    let request = request.with_agent(agent);
    match limit {
        Limit::Whole(None) => request.run(),
        Limit::Whole(Some(timeout)) => request
            .configure()
            .timeout_global(Some(timeout))
            .build()
            .run(),
        Limit::Idle(idle) => request
            .configure()
            .timeout_global(None)
            .timeout_recv_response(Some(idle))
            .timeout_per_read(Some(idle))
            .timeout_per_write(Some(idle))
            .build()
            .run(),
    }
}

impl<'a> Checked<'a> {
    /// Starts the exchange: the URL, the limit it runs under (idle
    /// timeouts for `streaming` calls, so a long transfer is not cut), the
    /// request logged at trace level.
    pub(crate) fn start(self, streaming: bool) -> Started<'a> {
        let Checked {
            client,
            method,
            target,
            endpoint,
            body,
            headers,
            timeout,
        } = self;
        let url = format!("{}{target}", client.shared.base);
        let limit = match (timeout, streaming) {
            (Some(timeout), _) => ("the time this request was given", timeout),
            (None, false) => ("the client's request timeout", client.shared.timeout),
            (None, true) => ("the client's idle timeout", client.shared.timeout),
        };
        let mode = match streaming {
            true => Limit::Idle(limit.1),
            false => Limit::Whole(timeout),
        };
        let json = match &body {
            Some(Body::Json(json)) => Some(json.as_slice()),
            _ => None,
        };
        trace::request(&method, &url, json);
        Started {
            client,
            target,
            exchange: Exchange {
                method,
                url,
                endpoint,
                limit,
                started: Instant::now(),
                max_reply: client.shared.max_reply,
            },
            body,
            headers,
            mode,
        }
    }
}

/// A checked call on its way: its exchange record, body and headers.
pub(crate) struct Started<'a> {
    pub(crate) client: &'a Client,
    /// The escaped path and query, as on the request line.
    pub(crate) target: String,
    pub(crate) exchange: Exchange,
    pub(crate) body: Option<Body<'a>>,
    pub(crate) headers: Vec<(String, String)>,
    /// How long it may take.
    pub(crate) mode: Limit,
}

impl Started<'_> {
    /// Sends the request and waits for the reply's head. A request whose
    /// body is in memory (or that has none) and that the daemon dropped on
    /// a kept-alive connection goes once more if it is idempotent
    /// ([`Exchange::again_if_stale`]); a streamed body cannot be sent twice.
    pub(crate) fn send(self) -> Result<Sent> {
        let Started {
            client,
            exchange,
            body,
            headers,
            mode,
            ..
        } = self;
        let url = &exchange.url;
        let builder = || {
            let mut request = http::Request::builder()
                .method(exchange.method.clone())
                .uri(url);
            for (name, value) in &headers {
                request = request.header(name.as_str(), value);
            }
            request
        };
        let invalid = |e: http::Error| Error::invalid(format!("{}: {e}", exchange.endpoint));
        let agent = &client.shared.agent;
        let octets = "application/octet-stream";
        let response = match body {
            Some(Body::Reader(mut reader, None)) => {
                let request = builder().header("Content-Type", octets);
                let body = ureq::SendBody::from_reader(&mut reader);
                run(agent, request.body(body).map_err(invalid)?, mode)
            }
            Some(Body::Reader(reader, Some(length))) => {
                let request = builder()
                    .header("Content-Type", octets)
                    .header("Content-Length", length);
                let mut reader = exchange.exact(reader, length)?;
                let body = ureq::SendBody::from_reader(&mut reader);
                run(agent, request.body(body).map_err(invalid)?, mode)
            }
            // A body in memory can be sent again: an idempotent request
            // the daemon dropped on a kept-alive connection is, once.
            body => {
                let send = || match &body {
                    Some(Body::Json(json)) => {
                        let request = builder().header("Content-Type", "application/json");
                        Ok(run(
                            agent,
                            request.body(json.as_slice()).map_err(invalid)?,
                            mode,
                        ))
                    }
                    Some(Body::Bytes(bytes)) => {
                        let request = builder().header("Content-Type", octets);
                        Ok(run(agent, request.body(*bytes).map_err(invalid)?, mode))
                    }
                    _ => Ok(run(agent, builder().body(()).map_err(invalid)?, mode)),
                };
                exchange.again_if_stale(send()?, send)?
            }
        };
        let response = response.map_err(|e| exchange.transport(e))?;
        Ok(Sent { exchange, response })
    }
}
