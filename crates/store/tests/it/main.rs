//! kinlog-store integration tests: one binary, against real PostgreSQL.
mod cluster;
