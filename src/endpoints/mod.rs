//! One `impl Client` block per resource group; each method sends one
//! endpoint through the shared request path in `request.rs`.
//!
//! Names follow `<verb>_<noun>`: `list_x_names` (recursion=0), `list_xs`
//! (recursion=1), `list_xs_full` (recursion=2), `get_x`, `create_x` (POST
//! to the collection), `replace_x` (PUT), `update_x` (PATCH), `rename_x`
//! (POST to the item), `delete_x`. Exceptions to the mechanical rule:
//!
//! | Endpoint | Method | Why |
//! |---|---|---|
//! | `GET /` | `get_api_versions` | the root lists API versions |
//! | `GET /1.0/operations/{id}/wait` | `wait_operation` | a long poll, not a read |
//! | `DELETE /1.0/operations/{id}` | `cancel_operation` | deleting an operation cancels it |
//! | `PUT /1.0/instances/{name}/state` | `set_instance_state`, `start_instance`, `stop_instance`, `restart_instance`, `freeze_instance`, `unfreeze_instance` | a PUT on a state is an action |
//! | `PUT /1.0/instances` | `set_instances_state` | the same action for every instance |
//! | `GET /1.0/instances/{name}?recursion=1` | `get_instance_full` | the recursion=1 form of one item |

mod instances;
mod operations;
mod profiles;
mod projects;
mod server;

use crate::error::Result;
use crate::request::query_value;

/// Extra query parameters for list endpoints that take them.
///
/// ```
/// let options = incus::ListOptions::new().filter("status eq Running").all_projects(true);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOptions {
    /// A filter expression, e.g. `name eq c1 and status eq Running`.
    pub filter: Option<String>,
    /// List across all projects (`all-projects=true`).
    pub all_projects: bool,
}

impl ListOptions {
    /// No filter, the client's project only.
    pub fn new() -> ListOptions {
        ListOptions::default()
    }

    /// Keeps only the items the expression matches. Defaults to none.
    #[must_use]
    pub fn filter(mut self, expression: impl Into<String>) -> ListOptions {
        self.filter = Some(expression.into());
        self
    }

    /// Lists across all projects. Defaults to `false`.
    #[must_use]
    pub fn all_projects(mut self, all: bool) -> ListOptions {
        self.all_projects = all;
        self
    }
}

/// `collection?recursion=N` plus the options' query parameters.
fn list_path(collection: &str, recursion: u8, options: Option<&ListOptions>) -> Result<String> {
    let mut path = format!("{collection}?recursion={recursion}");
    if let Some(options) = options {
        if let Some(filter) = &options.filter {
            path.push_str("&filter=");
            path.push_str(&query_value("filter", filter)?);
        }
        if options.all_projects {
            path.push_str("&all-projects=true");
        }
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_paths_carry_options() {
        assert_eq!(
            list_path("/1.0/profiles", 0, None).unwrap(),
            "/1.0/profiles?recursion=0"
        );
        let options = ListOptions::new().filter("name eq a&b").all_projects(true);
        assert_eq!(
            list_path("/1.0/instances", 2, Some(&options)).unwrap(),
            "/1.0/instances?recursion=2&filter=name%20eq%20a%26b&all-projects=true"
        );
        let bad = ListOptions::new().filter("name eq a\0");
        let e = list_path("/1.0/instances", 1, Some(&bad)).unwrap_err();
        assert!(e.to_string().starts_with("invalid input: filter "), "{e}");
    }
}
