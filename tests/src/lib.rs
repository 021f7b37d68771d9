//! End-to-end tests of the real `kinlog` binary.
