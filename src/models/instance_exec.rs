//! Running commands in instances, and attaching to their consoles.

use serde::{Deserialize, Serialize};

use super::ConfigMap;

/// A command to run in an instance (POST /1.0/instances/{name}/exec).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceExecPost {
    /// The program and its arguments. Example: `["sh", "-c", "echo hi"]`
    pub command: Vec<String>,
    /// Variables added to the command's environment.
    #[serde(skip_serializing_if = "ConfigMap::is_empty")]
    pub environment: ConfigMap,
    /// Whether the daemon waits for the websockets before starting the command.
    #[serde(rename = "wait-for-websocket")]
    pub wait_for_websocket: bool,
    /// Whether the command gets one pseudo-terminal (stdin, stdout and stderr on one websocket).
    pub interactive: bool,
    /// Whether output goes to files for later download instead of websockets.
    #[serde(rename = "record-output", skip_serializing_if = "std::ops::Not::not")]
    pub record_output: bool,
    /// Terminal width in columns (interactive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Terminal height in rows (interactive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// User id the command runs as. Example: `1000`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<u32>,
    /// Group id the command runs as. Example: `1000`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
    /// Working directory of the command. Example: `/tmp`
    #[serde(skip_serializing_if = "String::is_empty")]
    pub cwd: String,
}

/// A console attach (POST /1.0/instances/{name}/console).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InstanceConsolePost {
    /// Console width in columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Console height in rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// `console` (text) or `vga` (virtual machines). Defaults to `console`.
    #[serde(rename = "type", skip_serializing_if = "String::is_empty")]
    pub kind: String,
    /// Whether to take the console from another client attached to it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub force: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_post_encodes_only_what_is_set() {
        let post = InstanceExecPost {
            command: vec!["sh".into(), "-c".into(), "wc -c".into()],
            wait_for_websocket: true,
            cwd: "/tmp".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&post).unwrap(),
            serde_json::json!({"command": ["sh", "-c", "wc -c"], "wait-for-websocket": true,
                               "interactive": false, "cwd": "/tmp"})
        );
        let back: InstanceExecPost =
            serde_json::from_value(serde_json::to_value(&post).unwrap()).unwrap();
        assert_eq!(back, post);
    }
}
