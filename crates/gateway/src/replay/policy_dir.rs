//! Loading a policy set from a directory laid out like `deploy/policies/`: the schema in
//! `schema.cedarschema` and the policies in every `*.cedar` file.
use std::path::Path;

use kinlog_domain::policy::{PolicyFile, PolicySet};

use crate::Error;

const SCHEMA_FILE: &str = "schema.cedarschema";

/// Loads the set in `dir`. Unlike the gateway's own set, a set that does not load is an
/// error, not a deny-everything set: re-judging the past under a broken set would list
/// every access and mean nothing.
pub fn load_policy_dir(dir: &Path) -> Result<PolicySet, Error> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| Error::PolicyDir {
            path: path.to_owned(),
            source,
        })
    };
    let schema = read(&dir.join(SCHEMA_FILE))?;
    let entries = std::fs::read_dir(dir).map_err(|source| Error::PolicyDir {
        path: dir.to_owned(),
        source,
    })?;
    let mut policy_paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::PolicyDir {
                path: dir.to_owned(),
                source,
            })?
            .path();
        if path.extension().is_some_and(|ext| ext == "cedar") {
            policy_paths.push(path);
        }
    }
    policy_paths.sort();
    let texts = policy_paths
        .iter()
        .map(|path| Ok((path.display().to_string(), read(path)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let files: Vec<PolicyFile<'_>> = texts
        .iter()
        .map(|(name, text)| PolicyFile { name, text })
        .collect();
    let schema = PolicyFile {
        name: SCHEMA_FILE,
        text: &schema,
    };
    Ok(PolicySet::load(schema, &files)?)
}
