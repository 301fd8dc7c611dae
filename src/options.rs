//! Options: the optional query parameters of endpoints, one
//! `#[non_exhaustive]` `<Verb><Noun>Options` struct each (shared only where
//! the parameters really are the same), built with `#[must_use]` setters and
//! passed last as `Option<&…Options>`. Required parameters stay positional;
//! no public method takes a bool or an `Option` flag.

use crate::request::{Query, QueryOptions};

/// Filter and scope for list endpoints. Each list method says which of
/// these its endpoint honours; what is set is sent, and the daemon ignores
/// parameters an endpoint does not take.
///
/// ```
/// let options = incus::ListOptions::new().filter("status eq Running").all_projects();
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

    /// Lists across all projects. Defaults to the client's project only.
    #[must_use]
    pub fn all_projects(mut self) -> ListOptions {
        self.all_projects = true;
        self
    }
}

impl QueryOptions for ListOptions {
    fn add_to(&self, query: &mut Query) {
        if let Some(filter) = &self.filter {
            query.set("filter", filter);
        }
        if self.all_projects {
            query.flag("all-projects");
        }
    }
}

/// Options for [`Client::delete_project`](crate::Client::delete_project).
///
/// ```
/// let options = incus::DeleteProjectOptions::new().force();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteProjectOptions {
    /// Delete everything in the project first (`force=true`).
    pub force: bool,
}

impl DeleteProjectOptions {
    /// Delete only an empty project.
    pub fn new() -> DeleteProjectOptions {
        DeleteProjectOptions::default()
    }

    /// Deletes the project's instances, images, volumes, networks and
    /// profiles first. API extension `projects_force_delete`. Defaults to
    /// off: a project that is not empty is refused.
    #[must_use]
    pub fn force(mut self) -> DeleteProjectOptions {
        self.force = true;
        self
    }
}

impl QueryOptions for DeleteProjectOptions {
    fn add_to(&self, query: &mut Query) {
        if self.force {
            query.flag("force");
        }
    }
}

/// Options for [`Client::connect_instance_nbd`](crate::Client::connect_instance_nbd).
///
/// ```
/// let options = incus::ConnectInstanceNbdOptions::new().reuse();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectInstanceNbdOptions {
    /// Join the machine's running NBD session (`reuse=1`).
    pub reuse: bool,
}

impl ConnectInstanceNbdOptions {
    /// A new NBD session.
    pub fn new() -> ConnectInstanceNbdOptions {
        ConnectInstanceNbdOptions::default()
    }

    /// Adds a connection to the NBD session already running for the
    /// machine, instead of starting one. Defaults to off.
    #[must_use]
    pub fn reuse(mut self) -> ConnectInstanceNbdOptions {
        self.reuse = true;
        self
    }
}

impl QueryOptions for ConnectInstanceNbdOptions {
    fn add_to(&self, query: &mut Query) {
        if self.reuse {
            query.set("reuse", "1");
        }
    }
}

/// Options for [`Client::connect_storage_volume_nbd`](crate::Client::connect_storage_volume_nbd).
///
/// ```
/// let options = incus::ConnectStorageVolumeNbdOptions::new().writable();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectStorageVolumeNbdOptions {
    /// Export the volume writable (`writable=1`).
    pub writable: bool,
}

impl ConnectStorageVolumeNbdOptions {
    /// A read-only export.
    pub fn new() -> ConnectStorageVolumeNbdOptions {
        ConnectStorageVolumeNbdOptions::default()
    }

    /// Exports the volume writable. Defaults to read-only.
    #[must_use]
    pub fn writable(mut self) -> ConnectStorageVolumeNbdOptions {
        self.writable = true;
        self
    }
}

impl QueryOptions for ConnectStorageVolumeNbdOptions {
    fn add_to(&self, query: &mut Query) {
        if self.writable {
            query.set("writable", "1");
        }
    }
}

/// Options for [`Client::get_instance_debug_memory`](crate::Client::get_instance_debug_memory).
///
/// ```
/// let options = incus::GetInstanceDebugMemoryOptions::new().format("kdump-zlib");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetInstanceDebugMemoryOptions {
    /// The dump format (`format=`), e.g. `elf`.
    pub format: Option<String>,
}

impl GetInstanceDebugMemoryOptions {
    /// The daemon's default format.
    pub fn new() -> GetInstanceDebugMemoryOptions {
        GetInstanceDebugMemoryOptions::default()
    }

    /// The dump format, one QEMU writes: `elf`, `kdump-zlib`, `kdump-lzo`,
    /// `kdump-snappy` or `win-dmp`. Defaults to the daemon's choice (ELF).
    #[must_use]
    pub fn format(mut self, format: impl Into<String>) -> GetInstanceDebugMemoryOptions {
        self.format = Some(format.into());
        self
    }
}

impl QueryOptions for GetInstanceDebugMemoryOptions {
    fn add_to(&self, query: &mut Query) {
        if let Some(format) = &self.format {
            query.set("format", format);
        }
    }
}

/// Options for [`Client::delete_cluster_member`](crate::Client::delete_cluster_member).
///
/// ```
/// let options = incus::DeleteClusterMemberOptions::new().force();
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeleteClusterMemberOptions {
    /// Remove the member even if it cannot be reached (`force=1`).
    pub force: bool,
}

impl DeleteClusterMemberOptions {
    /// A clean removal: the member is told to leave and reset itself.
    pub fn new() -> DeleteClusterMemberOptions {
        DeleteClusterMemberOptions::default()
    }

    /// Removes the member from the cluster's database without asking it
    /// (for a member that is gone for good); its instances and volumes are
    /// dropped from the database too. Defaults to off.
    #[must_use]
    pub fn force(mut self) -> DeleteClusterMemberOptions {
        self.force = true;
        self
    }
}

impl QueryOptions for DeleteClusterMemberOptions {
    fn add_to(&self, query: &mut Query) {
        if self.force {
            query.set("force", "1");
        }
    }
}
