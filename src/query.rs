//! The query of a call: `key=value` pairs checked and escaped as they are
//! added, and the trait options structs add theirs through.

use crate::error::Error;
use crate::input::query_value;

/// The query of one call: `key=value` pairs, each value checked and escaped
/// as it is added. Options structs add theirs through [`QueryOptions`].
#[derive(Debug, Default)]
pub(crate) struct Query {
    /// The pairs so far, escaped and joined by `&`.
    pub(crate) text: String,
    /// The first value that could not be sent (reported when the call runs).
    pub(crate) error: Option<Error>,
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

    pub(crate) fn push(&mut self, key: &str, escaped: &str) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
        self.text.push_str(key);
        self.text.push('=');
        self.text.push_str(escaped);
    }

    /// Whether `key` is set already (project and target are added only when
    /// the call has not set them itself).
    pub(crate) fn has(&self, key: &str) -> bool {
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
