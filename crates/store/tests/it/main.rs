//! Integration tests of the event store against real PostgreSQL, one database per test.
mod append;
mod cluster;
mod crash;
mod shred;
mod subscribe;
mod support;
mod tamper;
mod torture;
