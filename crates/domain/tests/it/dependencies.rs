//! The domain stays pure: no async runtime, database driver or web framework may reach
//! it, not even transitively. Checked over `cargo metadata`, so a new dependency that
//! drags one in fails here rather than in review.
use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

const FORBIDDEN: [&str; 4] = ["tokio", "tokio-postgres", "postgres", "axum"];

/// The names of every package `kinlog-domain` depends on through normal and build
/// dependencies (dev-dependencies never ship).
fn domain_dependencies() -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        // Only this host's packages: other platforms' crates need not be downloaded.
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--filter-platform", env!("KINLOG_HOST_TARGET")])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("metadata is JSON");

    let names: HashMap<&str, &str> = metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p["name"].as_str()?)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .expect("resolve nodes")
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let root = names
        .iter()
        .find(|(_, name)| **name == "kinlog-domain")
        .map(|(id, _)| *id)
        .expect("kinlog-domain is in the workspace");

    let mut seen = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        let Some(node) = nodes.get(id) else { continue };
        for dep in node["deps"].as_array().into_iter().flatten() {
            let shipped = dep["dep_kinds"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|kind| kind["kind"].as_str() != Some("dev"));
            let Some(dep_id) = dep["pkg"].as_str() else {
                continue;
            };
            if shipped && seen.insert(dep_id.to_string()) {
                stack.push(dep_id);
            }
        }
    }
    seen.iter()
        .filter_map(|id| names.get(id.as_str()).map(|name| name.to_string()))
        .collect()
}

#[test]
fn the_domain_depends_on_no_runtime_database_or_web_crate() {
    let dependencies = domain_dependencies();
    // The walk must see the domain's real dependencies, or the check below proves nothing.
    for expected in ["serde", "uuid", "chrono", "rmp-serde"] {
        assert!(dependencies.contains(expected), "walk missed {expected}");
    }
    assert!(
        !dependencies.contains("proptest"),
        "dev-dependencies must not count as shipped dependencies"
    );
    let found: Vec<_> = FORBIDDEN
        .iter()
        .filter(|name| dependencies.contains(**name))
        .collect();
    assert!(found.is_empty(), "kinlog-domain depends on {found:?}");
}
