//! The event stream (`GET /1.0/events`, a websocket): [`EventFilter`]
//! chooses the events, [`Events`] reads them as a blocking iterator, and
//! [`EventsHandle`] stops it from another thread.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tungstenite::protocol::{Message, WebSocket};

use crate::dialer::{RawStream, ShutdownHandle};
use crate::error::{Error, Result, TransportError};
use crate::exchange::Exchange;
use crate::input::query_value;
use crate::models::Event;
use crate::request::{Query, QueryOptions};

/// Which events [`Client::connect_events`](crate::Client::connect_events)
/// asks for: event types, and the client's project or all projects.
///
/// With no type set the daemon sends every type the client may see
/// (`logging` only to an administrator).
///
/// ```
/// let filter = incus::EventFilter::new().lifecycle().operation().all_projects();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct EventFilter {
    /// The event types to send (`type=`, comma-separated); empty: all.
    pub types: Vec<String>,
    /// Events of every project (`all-projects=true`), not only the
    /// client's.
    pub all_projects: bool,
}

impl EventFilter {
    /// Every event type, the client's project only.
    pub fn new() -> EventFilter {
        EventFilter::default()
    }

    /// Adds `lifecycle` events: objects created, started, stopped, renamed,
    /// deleted, … ([`Event::lifecycle`]). Defaults to every type.
    #[must_use]
    pub fn lifecycle(self) -> EventFilter {
        self.event_type("lifecycle")
    }

    /// Adds `logging` events: the daemon's log lines, every level
    /// ([`Event::logging`]); for administrators only (403 otherwise).
    /// Defaults to every type.
    #[must_use]
    pub fn logging(self) -> EventFilter {
        self.event_type("logging")
    }

    /// Adds `operation` events: each change of a background operation
    /// ([`Event::operation`]). Defaults to every type.
    #[must_use]
    pub fn operation(self) -> EventFilter {
        self.event_type("operation")
    }

    /// Adds `network-acl` events: the log lines of network ACL rules that
    /// log ([`Event::logging`]). Defaults to every type.
    #[must_use]
    pub fn network_acl(self) -> EventFilter {
        self.event_type("network-acl")
    }

    /// Adds an event type by name, for types newer than this crate. The
    /// daemon refuses types it does not know (400). Defaults to every type.
    #[must_use]
    pub fn event_type(mut self, kind: impl Into<String>) -> EventFilter {
        let kind = kind.into();
        if !self.types.contains(&kind) {
            self.types.push(kind);
        }
        self
    }

    /// Asks for the events of every project; the client's project is not
    /// sent then. Defaults to the client's project only.
    #[must_use]
    pub fn all_projects(mut self) -> EventFilter {
        self.all_projects = true;
        self
    }
}

impl QueryOptions for EventFilter {
    fn add_to(&self, query: &mut Query) {
        if !self.types.is_empty() {
            let mut escaped = Vec::new();
            for kind in &self.types {
                let checked = match kind.as_str() {
                    "" => Err(Error::invalid("an event type must not be empty")),
                    kind if kind.contains(',') => Err(Error::invalid(format!(
                        "event type {kind:?} holds a comma, which separates types"
                    ))),
                    kind => query_value("type", kind),
                };
                match checked {
                    Ok(kind) => escaped.push(kind),
                    Err(e) => {
                        query.error.get_or_insert(e);
                        return;
                    }
                }
            }
            query.push("type", &escaped.join(","));
        }
        if self.all_projects {
            query.flag("all-projects");
        }
    }
}

/// The event stream of
/// [`Client::connect_events`](crate::Client::connect_events): a blocking
/// iterator of events, in the order the daemon sent them.
///
/// - `Some(Ok(event))`: the next event.
/// - `Some(Err(Error::Decode))`: a message that is not an event; the
///   stream goes on.
/// - `Some(Err(Error::Transport))`: the stream is over: the daemon closed
///   it (shutting down, say), the connection dropped or broke. The next
///   call returns `None`. (With a read timeout set, a timeout is such an
///   error too, [`Error::is_timeout`], but the stream goes on.)
/// - `None`: only after [`EventsHandle::stop`] (or after that last
///   error). A stream the caller did not stop never just ends.
///
/// `next()` blocks until an event comes, however long that takes (no read
/// timeout by default: events may be rare); the daemon's keepalive pings
/// are answered while it waits. Stop it from another thread with
/// [`Events::handle`]. Dropping it closes the connection.
pub struct Events {
    socket: WebSocket<RawStream>,
    /// `GET /1.0/events`, for errors.
    endpoint: String,
    /// The limit named in timeout errors.
    limit: (&'static str, Duration),
    handle: EventsHandle,
    ended: bool,
}

/// Stops an [`Events`] stream from any thread: a cheap clone of
/// [`Events::handle`].
///
/// ```no_run
/// # fn main() -> incus::Result<()> {
/// let client = incus::Client::local()?;
/// let events = client.connect_events(None)?;
/// let handle = events.handle();
/// std::thread::spawn(move || {
///     std::thread::sleep(std::time::Duration::from_secs(10));
///     handle.stop();
/// });
/// for event in events {
///     println!("{}", event?.kind);
/// }
/// // Stopped after 10 s.
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct EventsHandle(Arc<Stop>);

struct Stop {
    stopped: AtomicBool,
    socket: ShutdownHandle,
}

impl EventsHandle {
    /// Ends the stream: shuts its connection down, so a `next()` blocked
    /// in another thread returns `None` at once, as does every later one.
    /// Stopping twice does nothing more.
    pub fn stop(&self) {
        self.0.stopped.store(true, Ordering::SeqCst);
        self.0.socket.shutdown();
    }

    /// Whether [`EventsHandle::stop`] was called (on this handle or any
    /// clone of it).
    pub fn is_stopped(&self) -> bool {
        self.0.stopped.load(Ordering::SeqCst)
    }
}

impl fmt::Debug for EventsHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventsHandle")
            .field("stopped", &self.is_stopped())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for Events {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events")
            .field("endpoint", &self.endpoint)
            .field("ended", &self.ended)
            .field("stopped", &self.handle.is_stopped())
            .finish_non_exhaustive()
    }
}

impl Events {
    /// The stream on a websocket the daemon has switched to.
    pub(crate) fn new((socket, exchange): (WebSocket<RawStream>, Exchange)) -> Result<Events> {
        let handle = socket
            .get_ref()
            .shutdown_handle()
            .map_err(|e| exchange.io(e))?;
        Ok(Events {
            socket,
            endpoint: exchange.endpoint,
            limit: ("no read timeout", Duration::ZERO),
            handle: EventsHandle(Arc::new(Stop {
                stopped: AtomicBool::new(false),
                socket: handle,
            })),
            ended: false,
        })
    }

    /// A handle that stops this stream from another thread.
    pub fn handle(&self) -> EventsHandle {
        self.handle.clone()
    }

    /// Limits how long `next()` waits for an event: past it, it returns an
    /// error ([`Error::is_timeout`]) and the stream goes on. Defaults to no
    /// limit; the daemon's keepalive pings do not count as events.
    pub fn set_read_timeout(&mut self, timeout: Option<Duration>) -> Result<()> {
        let limit = ("its read timeout", timeout.unwrap_or_default());
        self.socket
            .get_ref()
            .set_read_timeout(timeout)
            .map_err(|e| TransportError::io(&self.endpoint, limit, e))?;
        self.limit = limit;
        Ok(())
    }

    /// The stream is over: `None` if it was stopped, else `error`.
    fn end(&mut self, error: Error) -> Option<Result<Event>> {
        self.ended = true;
        match self.handle.is_stopped() {
            true => None,
            false => Some(Err(error)),
        }
    }

    /// The connection ended as `kind` says, `what` happened.
    fn closed(&self, kind: io::ErrorKind, what: String) -> Error {
        TransportError::io(&self.endpoint, self.limit, io::Error::new(kind, what))
    }

    /// A message as an event: a JSON object with a `type`.
    fn decode(&self, data: &[u8]) -> Result<Event> {
        let object = data.trim_ascii_start().starts_with(b"{");
        let event: Event = match object {
            true => serde_json::from_slice(data).map_err(|source| Error::Decode {
                endpoint: self.endpoint.clone(),
                source,
            })?,
            false => {
                return Err(Error::decode(
                    &self.endpoint,
                    "an event is not a JSON object",
                ));
            }
        };
        match event.kind.is_empty() {
            true => Err(Error::decode(&self.endpoint, "an event without a type")),
            false => Ok(event),
        }
    }
}

impl Iterator for Events {
    type Item = Result<Event>;

    fn next(&mut self) -> Option<Result<Event>> {
        use tungstenite::error::ProtocolError::ResetWithoutClosingHandshake;
        while !self.ended {
            if self.handle.is_stopped() {
                self.ended = true;
                return None;
            }
            match self.socket.read() {
                Ok(Message::Text(text)) => return Some(self.decode(text.as_bytes())),
                Ok(Message::Binary(data)) => return Some(self.decode(&data)),
                Ok(Message::Close(frame)) => {
                    // Deliver the queued answer to the close.
                    let _ = self.socket.flush();
                    let why = match frame {
                        Some(frame) if frame.reason.is_empty() => format!(" (code {})", frame.code),
                        Some(frame) => format!(" (code {}: {})", frame.code, frame.reason),
                        None => String::new(),
                    };
                    let kind = io::ErrorKind::ConnectionAborted;
                    let e = self.closed(kind, format!("the daemon closed the event stream{why}"));
                    return self.end(e);
                }
                Ok(_) => {} // ping, pong: tungstenite answers pings itself
                Err(e) if self.handle.is_stopped() => return self.end(self.error(e)),
                Err(
                    tungstenite::Error::ConnectionClosed
                    | tungstenite::Error::AlreadyClosed
                    | tungstenite::Error::Protocol(ResetWithoutClosingHandshake),
                ) => {
                    let what = "the event stream's connection dropped (no close from the daemon)";
                    let e = self.closed(io::ErrorKind::ConnectionReset, what.into());
                    return self.end(e);
                }
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) =>
                {
                    return Some(Err(TransportError::io(&self.endpoint, self.limit, e)));
                }
                Err(e) => return self.end(self.error(e)),
            }
        }
        None
    }
}

impl Events {
    fn error(&self, e: tungstenite::Error) -> Error {
        TransportError::websocket(&self.endpoint, self.limit, e)
    }
}

impl Drop for Events {
    /// Closes the connection even while handles live on: each holds a
    /// duplicate of the socket, which would keep it open.
    fn drop(&mut self) {
        self.handle.0.socket.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(filter: &EventFilter) -> std::result::Result<String, String> {
        let mut query = Query::default();
        filter.add_to(&mut query);
        match query.error {
            Some(e) => Err(e.to_string()),
            None => Ok(query.text),
        }
    }

    #[test]
    fn filters_become_the_query() {
        assert_eq!(query(&EventFilter::new()).unwrap(), "");
        let filter = EventFilter::new()
            .lifecycle()
            .operation()
            .lifecycle()
            .all_projects();
        assert_eq!(filter.types, ["lifecycle", "operation"]);
        assert_eq!(
            query(&filter).unwrap(),
            "type=lifecycle,operation&all-projects=true"
        );
        let every = EventFilter::new()
            .logging()
            .network_acl()
            .event_type("new type");
        assert_eq!(
            query(&every).unwrap(),
            "type=logging,network-acl,new%20type"
        );
    }

    #[test]
    fn bad_types_fail_before_sending() {
        let e = query(&EventFilter::new().event_type("a,b")).unwrap_err();
        assert!(e.contains("holds a comma"), "{e}");
        let e = query(&EventFilter::new().lifecycle().event_type("")).unwrap_err();
        assert!(e.contains("must not be empty"), "{e}");
        assert!(query(&EventFilter::new().event_type("x\n")).is_err());
    }

    #[test]
    fn streams_and_handles_cross_threads() {
        fn send<T: Send>() {}
        fn send_sync<T: Send + Sync + Clone>() {}
        send::<Events>();
        send_sync::<EventsHandle>();
    }
}
