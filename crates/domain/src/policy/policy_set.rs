//! Loading a policy set: parse each file, name every policy by its `@id`, validate the
//! whole set against the schema, and hash its canonical text. A set that fails any step
//! still exists, but denies everything and says why.
use std::fmt::Write as _;

use cedar_policy::{PolicyId, Schema, ValidationMode, Validator};
use sha2::{Digest, Sha256};

use super::entities::TypeNames;
use super::error::PolicyError;

/// One source text: the schema or a file of policies. `name` is used in errors and in
/// the canonical text of a set that fails to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyFile<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// A loaded, validated set of policies with its schema, or the error that stopped it
/// from loading. Decide with [`authorize`](super::authorize).
pub struct PolicySet {
    hash: String,
    canonical: String,
    loaded: Result<Ready, PolicyError>,
}

/// What a successfully loaded set evaluates with.
pub(super) struct Ready {
    pub(super) policies: cedar_policy::PolicySet,
    pub(super) schema: Schema,
    pub(super) names: TypeNames,
}

const CANONICAL_HEADER: &str = "kinlog-policy-set v1\n";

impl PolicySet {
    /// Loads and validates a policy set. Every policy must carry a unique `@id`
    /// annotation; it becomes the policy's id in decisions.
    pub fn load(schema: PolicyFile<'_>, files: &[PolicyFile<'_>]) -> Result<Self, PolicyError> {
        let ready = load_ready(schema, files)?;
        let canonical = canonical_text(schema.text, &ready.policies);
        Ok(PolicySet {
            hash: sha256_hex(&canonical),
            canonical,
            loaded: Ok(ready),
        })
    }

    /// Loads a policy set; if it does not load, returns a set that denies every request
    /// and records the load error in each decision. Its hash covers the raw texts, so
    /// the access log still names exactly which broken set was in force.
    pub fn load_or_fail_closed(schema: PolicyFile<'_>, files: &[PolicyFile<'_>]) -> Self {
        match Self::load(schema, files) {
            Ok(set) => set,
            Err(error) => {
                let canonical = unloadable_text(schema, files);
                PolicySet {
                    hash: sha256_hex(&canonical),
                    canonical,
                    loaded: Err(error),
                }
            }
        }
    }

    /// Loads a set from its [`canonical_text`](Self::canonical_text), as stored beside
    /// an access event's policy hash, to re-run a past decision. The result has the
    /// same hash as the set the text came from.
    pub fn load_canonical(text: &str) -> Result<Self, PolicyError> {
        const FILE: &str = "canonical text";
        let CanonicalParts { schema, policies } =
            split_canonical(text).map_err(|reason| PolicyError::Parse {
                file: FILE.to_owned(),
                reason: reason.to_owned(),
            })?;
        let files: Vec<PolicyFile<'_>> = policies
            .into_iter()
            .map(|(id, text)| PolicyFile { name: id, text })
            .collect();
        let set = Self::load(
            PolicyFile {
                name: FILE,
                text: schema,
            },
            &files,
        )?;
        if set.canonical != text {
            return Err(PolicyError::Parse {
                file: FILE.to_owned(),
                reason: "it is not in canonical form (policy ids or order do not match)".to_owned(),
            });
        }
        Ok(set)
    }

    /// The SHA-256 (lower-case hex) of [`canonical_text`](Self::canonical_text).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The text the hash covers: the schema, then every policy's source text in policy
    /// id order, each behind a header with its length. It does not depend on how
    /// policies are split across files or ordered within them, and comments between
    /// policies are not part of it. Store it beside the hash;
    /// [`load_canonical`](Self::load_canonical) turns it back into the same set.
    pub fn canonical_text(&self) -> &str {
        &self.canonical
    }

    /// Why the set failed to load, if it did.
    pub fn load_error(&self) -> Option<&PolicyError> {
        self.loaded.as_ref().err()
    }

    /// The ids of the loaded policies, sorted.
    pub fn policy_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = match &self.loaded {
            Ok(ready) => ready
                .policies
                .policies()
                .map(|p| p.id().to_string())
                .collect(),
            Err(_) => Vec::new(),
        };
        ids.sort();
        ids
    }

    pub(super) fn ready(&self) -> Result<&Ready, &PolicyError> {
        self.loaded.as_ref()
    }
}

impl std::fmt::Debug for PolicySet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicySet")
            .field("hash", &self.hash)
            .field("load_error", &self.load_error())
            .finish_non_exhaustive()
    }
}

fn load_ready(schema_file: PolicyFile<'_>, files: &[PolicyFile<'_>]) -> Result<Ready, PolicyError> {
    let schema = Schema::from_cedarschema_str(schema_file.text)
        .map(|(schema, _warnings)| schema)
        .map_err(|e| PolicyError::Schema {
            file: schema_file.name.to_owned(),
            reason: describe(&e),
        })?;

    let mut policies = cedar_policy::PolicySet::new();
    for file in files {
        add_file(&mut policies, *file)?;
    }
    if policies.is_empty() {
        return Err(PolicyError::Empty);
    }

    let validation = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
    // Warnings are refused too: Cedar warns about a policy that can never apply, and an
    // impossible forbid is a rule that silently stopped protecting anyone.
    if !validation.validation_passed_without_warnings() {
        let mut reason = String::new();
        for error in validation.validation_errors() {
            let _ = write!(reason, "{}; ", describe(error));
        }
        for warning in validation.validation_warnings() {
            let _ = write!(reason, "warning: {}; ", describe(warning));
        }
        return Err(PolicyError::Validation {
            reason: reason.trim_end_matches("; ").to_owned(),
        });
    }

    let names = TypeNames::new().map_err(|reason| PolicyError::Schema {
        file: schema_file.name.to_owned(),
        reason,
    })?;
    Ok(Ready {
        policies,
        schema,
        names,
    })
}

/// Parses one file and adds its policies under their `@id` names.
fn add_file(set: &mut cedar_policy::PolicySet, file: PolicyFile<'_>) -> Result<(), PolicyError> {
    let parsed: cedar_policy::PolicySet = file.text.parse().map_err(|e| PolicyError::Parse {
        file: file.name.to_owned(),
        reason: describe(&e),
    })?;
    if let Some(template) = parsed.templates().next() {
        return Err(PolicyError::Template {
            file: file.name.to_owned(),
            id: template.annotation("id").unwrap_or("(no @id)").to_owned(),
        });
    }
    // Cedar numbers the policies of a file `policy0`, `policy1`, ... in source order;
    // sort by that number so a missing @id is reported by its position in the file.
    let mut in_file: Vec<&cedar_policy::Policy> = parsed.policies().collect();
    in_file.sort_by_key(|p| source_position(p.id()));
    for (position, policy) in in_file.into_iter().enumerate() {
        let id = policy
            .annotation("id")
            .filter(|id| !id.trim().is_empty())
            .ok_or_else(|| PolicyError::MissingId {
                file: file.name.to_owned(),
                position: position + 1,
            })?;
        let duplicate = || PolicyError::DuplicateId {
            file: file.name.to_owned(),
            id: id.to_owned(),
        };
        if set.policy(&PolicyId::new(id)).is_some() {
            return Err(duplicate());
        }
        set.add(policy.new_id(PolicyId::new(id)))
            .map_err(|_| duplicate())?;
    }
    Ok(())
}

fn source_position(id: &PolicyId) -> usize {
    id.to_string()
        .strip_prefix("policy")
        .and_then(|n| n.parse().ok())
        .unwrap_or(usize::MAX)
}

/// `kinlog-policy-set v1`, then the schema and each policy (in id order) as a header
/// line giving its byte length followed by exactly that many bytes, so the text can be
/// split again without trusting anything inside a policy.
fn canonical_text(schema: &str, policies: &cedar_policy::PolicySet) -> String {
    let mut sorted: Vec<&cedar_policy::Policy> = policies.policies().collect();
    sorted.sort_by_key(|p| p.id().to_string());
    let mut text = String::from(CANONICAL_HEADER);
    push_section(&mut text, "schema", &normalize(schema));
    for policy in sorted {
        // Static policies parsed from text always render; the fallback only keeps this
        // total for policies built some other way.
        let source = policy.to_cedar().unwrap_or_else(|| policy.to_string());
        push_section(
            &mut text,
            &format!("policy {}", policy.id()),
            &normalize(&source),
        );
    }
    text
}

fn push_section(text: &mut String, label: &str, body: &str) {
    let _ = write!(text, "{label} {}\n{body}\n", body.len());
}

/// A canonical text split back into the schema and `(policy id, policy text)` pairs.
struct CanonicalParts<'a> {
    schema: &'a str,
    policies: Vec<(&'a str, &'a str)>,
}

fn split_canonical(text: &str) -> Result<CanonicalParts<'_>, &'static str> {
    let mut rest = text
        .strip_prefix(CANONICAL_HEADER)
        .ok_or("it does not start with the kinlog-policy-set v1 header")?;
    let mut sections = Vec::new();
    while !rest.is_empty() {
        let (header, after) = rest.split_once('\n').ok_or("a section header is cut off")?;
        let (label, length) = header
            .rsplit_once(' ')
            .ok_or("a section header has no length")?;
        let length: usize = length
            .parse()
            .map_err(|_| "a section length is not a number")?;
        let body = after
            .get(..length)
            .ok_or("a section is shorter than its length")?;
        rest = after[length..]
            .strip_prefix('\n')
            .ok_or("a section is longer than its length")?;
        sections.push((label, body));
    }
    let mut sections = sections.into_iter();
    let schema = match sections.next() {
        Some(("schema", body)) => body,
        _ => return Err("the first section is not the schema"),
    };
    let policies = sections
        .map(|(label, body)| {
            label
                .strip_prefix("policy ")
                .map(|id| (id, body))
                .ok_or("a section after the schema is not a policy")
        })
        .collect::<Result<_, _>>()?;
    Ok(CanonicalParts { schema, policies })
}

fn unloadable_text(schema: PolicyFile<'_>, files: &[PolicyFile<'_>]) -> String {
    let mut sorted: Vec<&PolicyFile<'_>> = files.iter().collect();
    sorted.sort_by_key(|f| f.name);
    let mut text = String::from("kinlog-policy-set v1 unloadable\n");
    let _ = write!(text, "schema {}\n{}", schema.name, normalize(schema.text));
    for file in sorted {
        let _ = write!(text, "\nfile {}\n{}", file.name, normalize(file.text));
    }
    text
}

/// Line endings and trailing blank space are not part of a policy's meaning; a file
/// checked out on Windows must hash the same.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n").trim().to_owned()
}

fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Cedar's message with its causes, one line.
pub(super) fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let _ = write!(text, ": {cause}");
        source = cause.source();
    }
    text
}
