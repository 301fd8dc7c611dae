//! Instance logs: `/1.0/instances/{name}/logs` and `…/logs/exec-output`.

use crate::client::Client;
use crate::error::Result;
use crate::input::path;
use crate::stream::Download;

/// Instance logs: the daemon's log files for an instance and the output
/// files of commands run with `record-output`. Each file is read as a stream.
impl Client {
    /// Lists the names of an instance's log files (`lxc.log`, `lxc.conf`, …).
    ///
    /// Sends `GET /1.0/instances/{name}/logs` (`instance_logs_get`).
    ///
    /// # Example
    ///
    /// ```no_run
    /// # fn main() -> incus::Result<()> {
    /// let client = incus::Client::local()?;
    /// for log in client.list_instance_log_names("c1")? {
    ///     let mut text = String::new();
    ///     std::io::Read::read_to_string(&mut client.get_instance_log("c1", &log)?, &mut text)?;
    ///     println!("== {log}\n{text}");
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn list_instance_log_names(&self, name: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/logs", name)).names()
    }

    /// Reads one of an instance's log files, as a stream.
    ///
    /// Sends `GET /1.0/instances/{name}/logs/{filename}` (`instance_log_get`).
    pub fn get_instance_log(&self, name: &str, file: &str) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/logs/{}", name, file))
            .stream()
    }

    /// Deletes one of an instance's log files (the daemon refuses its own
    /// current ones).
    ///
    /// Sends `DELETE /1.0/instances/{name}/logs/{filename}` (`instance_log_delete`).
    pub fn delete_instance_log(&self, name: &str, file: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/logs/{}", name, file))
            .unit()
    }

    /// Lists the output files of commands run with `record-output`.
    ///
    /// Sends `GET /1.0/instances/{name}/logs/exec-output` (`instance_exec-outputs_get`).
    pub fn list_instance_exec_output_names(&self, name: &str) -> Result<Vec<String>> {
        self.get(path!("/1.0/instances/{}/logs/exec-output", name))
            .names()
    }

    /// Reads one recorded command output file, as a stream.
    ///
    /// Sends `GET /1.0/instances/{name}/logs/exec-output/{filename}` (`instance_exec-output_get`).
    pub fn get_instance_exec_output(&self, name: &str, file: &str) -> Result<Download> {
        self.get(path!("/1.0/instances/{}/logs/exec-output/{}", name, file))
            .stream()
    }

    /// Deletes one recorded command output file.
    ///
    /// Sends `DELETE /1.0/instances/{name}/logs/exec-output/{filename}` (`instance_exec-output_delete`).
    pub fn delete_instance_exec_output(&self, name: &str, file: &str) -> Result<()> {
        self.delete(path!("/1.0/instances/{}/logs/exec-output/{}", name, file))
            .unit()
    }
}
