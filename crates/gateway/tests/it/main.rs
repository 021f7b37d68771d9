//! The real `kinlog` binary against real PostgreSQL, one database per test.
mod commands;
mod demo;
mod http;
mod http_audit;
mod import;
mod integrity;
mod legacy;
mod practice;
mod principal;
mod replay;
mod replay_audit;
mod replay_scenario;
mod report;
mod seed;

/// The demo case's commands, in order, as the domain's JSON (the `command` member of the
/// demo file's case lines).
pub fn demo_case_commands() -> Vec<String> {
    include_str!("../../src/demo/demo.ndjson")
        .lines()
        .filter_map(|line| {
            let line: serde_json::Value = serde_json::from_str(line).unwrap();
            (line["aggregate"] == "case").then(|| line["command"].to_string())
        })
        .collect()
}
