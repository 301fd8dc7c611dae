//! Status codes shared by operations, instances and reply envelopes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An API status code (100–401): the state of an operation or instance.
///
/// 100 Created, 101 Started, 102 Stopped, 103 Running, 104 Cancelling,
/// 105 Pending, 106 Starting, 107 Stopping, 108 Aborting, 109 Freezing,
/// 110 Frozen, 111 Thawed, 112 Error, 113 Ready, 200 Success, 400 Failure,
/// 401 Cancelled.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct StatusCode(pub u16);

impl StatusCode {
    /// 103: the operation or instance is running.
    pub const RUNNING: StatusCode = StatusCode(103);
    /// 102: the instance is stopped.
    pub const STOPPED: StatusCode = StatusCode(102);
    /// 110: the instance is frozen.
    pub const FROZEN: StatusCode = StatusCode(110);
    /// 200: the operation succeeded.
    pub const SUCCESS: StatusCode = StatusCode(200);
    /// 400: the operation failed.
    pub const FAILURE: StatusCode = StatusCode(400);
    /// 401: the operation was cancelled.
    pub const CANCELLED: StatusCode = StatusCode(401);

    /// Whether an operation with this code has ended (200 or more).
    pub fn is_final(self) -> bool {
        self.0 >= 200
    }

    /// Whether this is 200 Success.
    pub fn is_success(self) -> bool {
        self == StatusCode::SUCCESS
    }
}

impl fmt::Display for StatusCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_codes() {
        assert!(!StatusCode::RUNNING.is_final());
        assert!(!StatusCode(105).is_final());
        assert!(StatusCode::SUCCESS.is_final() && StatusCode::SUCCESS.is_success());
        assert!(StatusCode::FAILURE.is_final() && !StatusCode::FAILURE.is_success());
        assert!(StatusCode::CANCELLED.is_final());
        assert_eq!(serde_json::to_string(&StatusCode(103)).unwrap(), "103");
        assert_eq!(
            serde_json::from_str::<StatusCode>("401").unwrap(),
            StatusCode::CANCELLED
        );
    }
}
