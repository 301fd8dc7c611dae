//! The event stream: `/1.0/events`.

use crate::client::Client;
use crate::error::Result;
use crate::events::{EventFilter, Events};
use crate::input::path;

/// The event stream: `/1.0/events`, a websocket of lifecycle, logging and
/// operation events.
impl Client {
    /// Connects to the server's event stream: what happens to the
    /// client's project (or every project), as it happens.
    ///
    /// Sends `GET /1.0/events` (`events_get`) as a websocket upgrade, with
    /// `filter`'s `type=` and `all-projects=true`, and the client's project
    /// (not with `all_projects`) and target. The returned [`Events`] is a
    /// blocking iterator of [`Event`](crate::models::Event)s that ends with
    /// an error if the daemon closes the stream or the connection drops,
    /// and with `None` only once stopped through [`Events::handle`]. `None`
    /// asks for every event type the client may see.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty
    /// event type or one holding a comma (nothing is sent);
    /// [`Error::Api`](crate::Error::Api) 400 for a type the daemon does not
    /// know, 403 for `logging` without administrator rights, 404 for a
    /// project that does not exist; [`Error::Transport`](crate::Error::Transport)
    /// if the daemon cannot be reached.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// use incus::EventFilter;
    /// let client = incus::Client::local()?;
    /// let events = client.connect_events(Some(&EventFilter::new().lifecycle()))?;
    /// for event in events {
    ///     let event = event?;
    ///     if let Some(lifecycle) = event.lifecycle()? {
    ///         println!("{} {} {}", event.timestamp, lifecycle.action, lifecycle.source);
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn connect_events(&self, filter: Option<&EventFilter>) -> Result<Events> {
        self.get(path!("/1.0/events"))
            .query(filter)
            .websocket()
            .and_then(Events::new)
    }
}
