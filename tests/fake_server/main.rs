//! Fake-server tests: one test binary, one module per concern.

mod faults;
