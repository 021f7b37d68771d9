//! The real `kinlog` binary against real PostgreSQL, one database per test.
mod commands;
mod import;
mod integrity;
mod seed;
