//! The store's integration tests: one binary, real Postgres, a fresh database per test.
mod tamper;
