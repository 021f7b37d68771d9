//! The home of whole-system end-to-end scenarios (HTTP gateway, projectors and reports
//! together), which arrive with the HTTP API. Until then the real `kinlog` binary is
//! exercised from `crates/gateway/tests/it`, the only place Cargo hands its path to tests
//! (`CARGO_BIN_EXE_kinlog`).
