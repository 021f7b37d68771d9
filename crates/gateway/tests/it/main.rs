//! The real `kinlog` binary against real PostgreSQL, one database per test.
mod commands;
mod http;
mod http_audit;
mod import;
mod integrity;
mod principal;
mod replay;
mod replay_audit;
mod replay_scenario;
mod seed;
