//! Uploads: what a declared length puts on the wire, and that a reader
//! giving another number of bytes never completes a request.

use incus::{Error, InstanceFileArgs};
use serde_json::json;

use super::{Fake, json_reply, sync, within};

fn ok() -> super::Reply {
    json_reply(200, &sync(json!({})))
}

#[test]
fn a_declared_length_is_sent_as_content_length() {
    let fake = Fake::start(vec![ok(), ok()]);
    let client = fake.client();
    within(3000, move || {
        let sized = InstanceFileArgs::file(&b"hello"[..]).length(5);
        client.create_instance_file("c1", "/root/a", sized).unwrap();
        let chunked = InstanceFileArgs::file(&b"hello"[..]);
        client
            .create_instance_file("c1", "/root/b", chunked)
            .unwrap();
    });
    let requests = fake.requests();
    let [sized, chunked] = requests.as_slice() else {
        panic!("{requests:?}")
    };
    assert_eq!(
        (
            sized.header("Content-Length"),
            sized.header("Transfer-Encoding")
        ),
        (Some("5"), None)
    );
    assert_eq!(sized.body, b"hello");
    assert_eq!(
        (
            chunked.header("Content-Length"),
            chunked.header("Transfer-Encoding")
        ),
        (None, Some("chunked"))
    );
    assert_eq!(chunked.body, b"hello");
}

#[test]
fn a_reader_off_its_declared_length_never_completes_the_request() {
    let fake = Fake::start(vec![ok(), ok(), ok()]);
    let client = fake.client();
    let (short, long, empty) = within(3000, move || {
        let short = InstanceFileArgs::file(&b"abc"[..]).length(5);
        let short = client.create_instance_file("c1", "/root/short", short);
        let long = InstanceFileArgs::file(&b"abcdef"[..]).length(5);
        let long = client.create_instance_file("c1", "/root/long", long);
        let empty = InstanceFileArgs::file(&b"x"[..]).length(0);
        let empty = client.create_instance_file("c1", "/root/empty", empty);
        (short.unwrap_err(), long.unwrap_err(), empty.unwrap_err())
    });
    assert!(matches!(short, Error::Transport(_)), "{short:?}");
    assert!(
        short
            .to_string()
            .contains("the content ended after 3 of the 5 bytes declared"),
        "{short}"
    );
    assert!(matches!(long, Error::Transport(_)), "{long:?}");
    assert!(
        long.to_string()
            .contains("the content is longer than the 5 bytes declared"),
        "{long}"
    );
    // A length of 0 is checked before anything is sent.
    assert!(matches!(empty, Error::InvalidInput(_)), "{empty:?}");
    assert!(
        empty
            .to_string()
            .contains("the content is longer than the 0 bytes declared"),
        "{empty}"
    );
    let requests = fake.requests();
    assert!(requests.is_empty(), "completed requests: {requests:?}");
    // The client may be done before the fake has accepted its connections.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    while fake.accepts() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(fake.accepts(), 2, "the empty upload opened no connection");
}

/// Template names that are not one plain file name are refused by every
/// templates method before any connection is opened.
#[test]
fn bad_template_names_send_nothing() {
    let fake = Fake::start(vec![]);
    let client = fake.client();
    let results = within(3000, move || {
        let mut results = Vec::new();
        for path in ["../x", "a/b", ".", "..", "", "x\0y"] {
            let get = client.get_instance_metadata_template("c1", path).map(drop);
            let post = client.create_instance_metadata_template("c1", path, &b"x"[..]);
            let delete = client.delete_instance_metadata_template("c1", path);
            results.extend([get, post, delete]);
        }
        results
    });
    for result in results {
        assert!(matches!(result, Err(Error::InvalidInput(_))), "{result:?}");
    }
    // Time for the fake to accept a connection, had one been opened.
    std::thread::sleep(std::time::Duration::from_millis(50));
    assert_eq!(fake.accepts(), 0);
}
