//! What the fake-server tests read from the crate's own sources: the
//! ``Sends `METHOD /path` `` doc lines of public methods (the input of
//! `scripts/endpoint-coverage`) and the API extensions methods are gated on.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every `src/**/*.rs` file.
fn sources() -> Vec<std::path::PathBuf> {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut sources = Vec::new();
    files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    assert!(!sources.is_empty(), "no sources under src/");
    sources
}

/// The API extensions the crate gates methods on: the name that opens
/// each `.extension("…")`, `.extension_if("…", …)` and
/// `.extension_if_param("…", …)` in `src/` (the wire table's fake lists
/// them all).
pub(super) fn gated_extensions() -> Vec<String> {
    let mut found = BTreeSet::new();
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        for rest in text.split(".extension").skip(1) {
            let Some(args) = ["(", "_if(", "_if_param("]
                .iter()
                .find_map(|open| rest.strip_prefix(open))
            else {
                continue;
            };
            if let Some(name) = args.trim_start().strip_prefix('"') {
                found.insert(name.split('"').next().unwrap_or_default().to_string());
            }
        }
    }
    found.into_iter().collect()
}

/// The `Sends `METHOD /path`` lines of each public method's doc, by method
/// name, from every `src/**/*.rs` (the rule of `scripts/endpoint-coverage`:
/// the doc block directly above a `pub fn`, attributes between allowed).
pub(super) fn documented_methods() -> BTreeMap<String, Vec<(String, String)>> {
    let mut methods: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for file in sources() {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut doc = String::new();
        for line in text.lines() {
            let line = line.trim();
            if let Some(text) = line.strip_prefix("///") {
                doc.push(' ');
                doc.push_str(text.trim());
                continue;
            }
            if line.starts_with("#[") && !doc.is_empty() {
                continue;
            }
            let name = line.strip_prefix("pub fn ").map(|rest| {
                let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'));
                &rest[..end.unwrap_or(rest.len())]
            });
            if let Some(name) = name {
                let sends = sends_lines(&doc);
                if !sends.is_empty() {
                    methods.entry(name.to_string()).or_default().extend(sends);
                }
            }
            doc.clear();
        }
    }
    methods
}

/// Each ``Sends `METHOD /path` `` in `doc` (not, say, ``Sends `Authorization: …` ``).
fn sends_lines(doc: &str) -> Vec<(String, String)> {
    doc.split("Sends `")
        .skip(1)
        .filter_map(|rest| {
            let (method, path) = rest.split('`').next()?.split_once(' ')?;
            let method_ok = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"].contains(&method);
            (method_ok && path.starts_with('/')).then(|| (method.to_string(), path.to_string()))
        })
        .collect()
}
