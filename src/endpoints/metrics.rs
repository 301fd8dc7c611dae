//! Metrics: `/1.0/metrics`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;

/// The most of a metrics reply read into memory.
const MAX_METRICS: u64 = 64 * 1024 * 1024;

/// Metrics: `/1.0/metrics`. The server's and its instances' counters in
/// the OpenMetrics text format, as a Prometheus server scrapes them.
impl Client {
    /// Gets the metrics as OpenMetrics text (`# HELP`/`# TYPE` lines,
    /// samples such as `incus_cpu_seconds_total{…} 12.5`, and `# EOF`).
    /// The text is returned as sent, not parsed.
    ///
    /// Sends `GET /1.0/metrics` (`metrics_get`). A client with a project
    /// ([`Client::with_project`]) gets that project's instances only. The
    /// daemon caches instance metrics for a few seconds per project.
    ///
    /// # Errors
    ///
    /// [`Error::Api`](crate::Error::Api) 403 for a client that is neither
    /// trusted nor holding a `metrics` certificate (unless the server sets
    /// `core.metrics_authentication=false`); [`Error::Decode`](crate::Error::Decode)
    /// for a reply over 64 MiB or not UTF-8.
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// let metrics = client.get_metrics()?;
    /// for line in metrics.lines().filter(|l| l.starts_with("incus_memory_MemAvailable_bytes")) {
    ///     println!("{line}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn get_metrics(&self) -> Result<String> {
        self.get(path!("/1.0/metrics")).text(MAX_METRICS)
    }
}
