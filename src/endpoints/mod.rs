//! One `impl Client` block per resource group; each method is one
//! expression through the call builder in `request.rs`: build the call
//! (`path!`, query options, JSON body, ETag), finish it by reply kind.
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
//! | `HEAD /1.0/instances/{name}/files` | `get_instance_file_metadata` | a HEAD reads the metadata only |
//! | `GET /1.0/instances/{name}/console` | `get_instance_console_log` | the console's log, not the console |
//! | `DELETE /1.0/instances/{name}/console` | `clear_instance_console_log` | clears the log; the console stays |
//! | `POST /1.0/instances/{name}/console` | `console_instance` | an action's verb (`attach_instance_console` builds on it) |
//! | `POST /1.0/instances/{name}/exec` | `exec_instance` | an action's verb (`exec`, `output` build on it) |
//! | `GET /1.0/instances/{name}/backups/{backup}/export` | `export_instance_backup` | the API's verb; pairs with the import |
//! | `POST /1.0/instances` (a backup tarball) | `import_instance_backup` | the raw-body form of `create_instance`'s endpoint |
//! | `GET /1.0/operations/{id}/websocket` | `connect_operation_websocket` | an upgrade, not a read |
//! | `GET /1.0/events` | `connect_events` | an upgrade to a websocket of events, not a read |
//! | `GET /1.0/instances/{name}/nvram` | `list_instance_nvram_guids` | the collection's items are GUIDs |
//! | `GET /1.0/instances/{name}/nvram?recursion=1` | `list_instance_nvram_names` | variable names by GUID, not objects |
//! | `GET /1.0/instances/{name}/nvram?recursion=2` | `get_instance_nvram` | the whole NVRAM, by GUID then name |
//! | `PATCH /1.0/instances/{name}/nvram` | `update_instance_nvram` | a PATCH of the whole NVRAM |
//! | `GET /1.0/instances/{name}/nvram/{guid}?recursion=1` | `list_instance_nvram_variables` | a map by name, one GUID's |
//! | `POST /1.0/instances/{name}/debug/repair` | `repair_instance` | an action's verb |
//! | `GET /1.0/instances/{name}/nbd` | `connect_instance_nbd` | an upgrade to NBD, not a read |
//! | `POST /1.0/instances/{name}/port-forward` | `connect_instance_port_forward` | an upgrade to TCP, not a create |
//! | `GET /1.0/instances/{name}/sftp` | `connect_instance_sftp` | an upgrade, not a read |
//! | `GET /1.0/instances/{name}/metadata/templates` | `list_instance_metadata_template_names`, `get_instance_metadata_template` | one endpoint: without `path=` the names, with it one template's content |
//! | `POST`, `DELETE` `/1.0/instances/{name}/metadata/templates` | `create_instance_metadata_template`, `delete_instance_metadata_template` | the template is named by `path=`, not by the URL |
//! | `POST /1.0/instances/{name}/rebuild` | `rebuild_instance` | an action's verb |
//! | `GET /1.0/images/{fingerprint}?secret=` | `get_image_with_secret` | the untrusted read of a private image |
//! | `POST /1.0/images/{fingerprint}/refresh` | `refresh_image` | an action's verb |
//! | `POST /1.0/images/{fingerprint}/secret` | `create_image_secret` | makes a secret, not an image |
//! | `/1.0/images/aliases…` | `…_image_alias…` | the type is `ImageAliasesEntry`; the noun is the alias |
//! | `POST /1.0/images` (a tarball) | `upload_image` | the raw-body form of `create_image`'s endpoint |
//! | `GET /1.0/images/{fingerprint}/export` | `export_image` | the API's verb; the files, verified |
//! | `POST /1.0/images/{fingerprint}/export` | `push_image` | the export sent to another server (`incus image copy --mode=push`) |
//! | `GET /1.0/storage-pools/{pool}/volumes` | `list_storage_volume_names` | (type, name) pairs: each URL names a type and a volume |
//! | `GET /1.0/storage-pools/{pool}/volumes/{type}` (`?recursion=1`) | `list_storage_volume_names_of_type`, `list_storage_volumes_of_type` | one type's list; the plain names list every type |
//! | `GET /1.0/storage-pools/{pool}/volumes/{type}?recursion=2` | `list_storage_volumes_full_of_type` | the full list, of one type |
//! | `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}?recursion=1` | `get_storage_volume_full` | the recursion=1 form of one item |
//! | `POST /1.0/storage-pools/{pool}/volumes` | `create_storage_volume_untyped` | the type comes from the body, not the path |
//! | `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/backups/{backup}/export` | `export_storage_volume_backup` | the API's verb; pairs with the import |
//! | `POST /1.0/storage-pools/{pool}/volumes/custom` (a backup tarball or an ISO) | `import_storage_volume` | the raw-body form of `create_storage_volume`'s endpoint |
//! | `GET /1.0/storage-pools/{pool}/buckets/{bucket}?recursion=1` | `get_storage_bucket_full` | the recursion=1 form of one item |
//! | `HEAD /1.0/storage-pools/{pool}/volumes/{type}/{volume}/files` | `get_storage_volume_file_metadata` | a HEAD reads the metadata only |
//! | `GET /1.0/storage-pools/{pool}/volumes/{type}/{volume}/sftp`, `…/nbd` | `connect_storage_volume_sftp`, `connect_storage_volume_nbd` | upgrades, not reads |
//! | `POST /1.0/storage-pools/{pool}/volumes/{type}/{volume}/rebuild` | `rebuild_storage_volume` | an action's verb |
//! | `GET /1.0/storage-pools/{pool}/buckets/{bucket}/backups/{backup}/export` | `export_storage_bucket_backup` | the API's verb, as for instance backups |
//! | `GET /1.0/networks/{name}/leases` | `get_network_leases` | one read of the network's lease table; leases have no URLs of their own |
//! | `POST /1.0/certificates` (`token: true`) | `create_certificate_token` | makes a trust token (an operation), not a certificate |
//! | `POST /1.0/certificates` (untrusted, `trust_token`) | `add_certificate_with_token` | the client adds its own certificate with a token |
//! | `POST /1.0/cluster/members` | `create_cluster_member` | makes a join token (an operation) for a member to come, not a member |
//! | `POST /1.0/cluster/members/{name}/state` | `set_cluster_member_state` | a POST on a state is an action (evacuate, restore) |
//! | any | `raw`, `raw_operation` | endpoints not wrapped yet |
//!
//! Helpers built on these methods send no request of their own and are not
//! endpoint methods: `wait_with_progress` (on `wait_for_completion` and
//! `get_operation`), `exec`, `exec_output` (on `exec_instance`),
//! `push_instance_dir`, `pull_instance_dir` (on the files methods),
//! `restore_instance_snapshot` (on `replace_instance`),
//! `restore_storage_volume_snapshot` (on `replace_storage_volume`), and
//! `copy_instance_to` (on `rename_instance`, `create_instance` and the
//! operations methods of two servers), `copy_image_to` (on
//! `get_image`, `create_image_secret`, `create_image`, `push_image` and the
//! operations methods of two servers), and `copy_storage_volume_to` (on
//! `get_storage_volume`, `rename_storage_volume`, `create_storage_volume`
//! and the operations methods of two servers).

mod certificates;
mod cluster;
mod cluster_groups;
mod cluster_members;
mod events;
mod image_aliases;
mod image_copy;
mod image_transfers;
mod images;
mod instance_access;
mod instance_backups;
mod instance_bitmaps;
mod instance_console;
mod instance_copy;
mod instance_debug;
mod instance_dirs;
mod instance_exec;
mod instance_files;
mod instance_logs;
mod instance_metadata;
mod instance_nbd;
mod instance_nvram;
mod instance_port_forward;
mod instance_rebuild;
mod instance_sftp;
mod instance_snapshots;
mod instances;
mod metadata;
mod metrics;
mod network_acls;
mod network_address_sets;
mod network_allocations;
mod network_forwards;
mod network_integrations;
mod network_load_balancers;
mod network_peers;
mod network_zone_records;
mod network_zones;
mod networks;
mod operations;
mod profiles;
mod projects;
mod raw;
mod server;
mod storage_bucket_backups;
mod storage_bucket_keys;
mod storage_buckets;
mod storage_pools;
mod storage_volume_backups;
mod storage_volume_bitmaps;
mod storage_volume_copy;
mod storage_volume_files;
mod storage_volume_rebuild;
mod storage_volume_snapshots;
mod storage_volumes;
mod warnings;
