//! What a read model gives the runtime: a name, a version, its tables, and a handler.
use kinlog_store::RecordedEvent;

use super::writes::Writes;
use crate::Error;

/// A read model built from the log.
///
/// The runtime creates [`Projector::tables`] in a schema of the projector's own build and
/// runs every transaction with `search_path` set to that schema, so the DDL and the
/// handler's SQL name tables without a schema. The handler only describes the rows it
/// writes: the runtime sends a whole batch's writes at once, in the batch's transaction,
/// and commits the checkpoint in it.
///
/// The handler must be a pure function of the event (no `now()`, no randomness), and its
/// SQL may read only its own tables: rebuilding from position 0 must give the same rows as
/// following the log live.
pub trait Projector: Send + Sync {
    /// A stable name: lowercase ASCII letters, digits and `_`, at most 24 characters.
    fn name(&self) -> &'static str;
    /// Bumped whenever the tables or the handler change meaning; a new version is built
    /// from position 0 beside the old one and replaces it when it has caught up.
    fn version(&self) -> u32;
    /// The stream category (`case`, `person`, ...) whose events the handler reads.
    fn category(&self) -> &'static str;
    /// The DDL of the projector's tables, with unqualified names.
    fn tables(&self) -> &'static str;
    /// Adds the writes of one event of [`Projector::category`] to `writes`; called in log
    /// order, and its writes are applied exactly once.
    fn handle(&self, event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error>;
}

/// The longest projector name: keeps `rm_<name>_v<version>_b<build>` within Postgres'
/// 63-byte identifiers.
const MAX_NAME_CHARS: usize = 24;

/// Checks a projector name, the one part of a schema name that comes from code.
pub(crate) fn check_name(name: &str) -> Result<(), Error> {
    let invalid = |reason| {
        Err(Error::InvalidName {
            name: name.to_owned(),
            reason,
        })
    };
    if name.is_empty() || name.len() > MAX_NAME_CHARS {
        return invalid("must have 1 to 24 characters");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return invalid("may hold only lowercase ASCII letters, digits and '_'");
    }
    if !name.as_bytes()[0].is_ascii_lowercase() {
        return invalid("must start with a letter");
    }
    Ok(())
}

/// The schema that holds one build's tables.
pub(crate) fn schema_name(name: &str, version: u32, build_id: i64) -> String {
    format!("rm_{name}_v{version}_b{build_id}")
}

/// Quotes an identifier for SQL text. Our identifiers are checked, but quoting keeps a
/// table name from a catalog query from ever being read as SQL.
pub(crate) fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_short_lowercase_identifiers() {
        assert!(check_name("case_summary").is_ok());
        assert!(check_name("a2").is_ok());
        for bad in [
            "",
            "Case",
            "2cases",
            "case-summary",
            "x\"; drop",
            &"a".repeat(25),
        ] {
            assert!(check_name(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn the_longest_schema_name_fits_a_postgres_identifier() {
        let longest = schema_name(&"a".repeat(MAX_NAME_CHARS), u32::MAX, i64::MAX);
        assert!(longest.len() <= 63, "{} bytes", longest.len());
    }

    #[test]
    fn quoting_doubles_embedded_quotes() {
        assert_eq!(quote("case_summary"), "\"case_summary\"");
        assert_eq!(quote("a\"b"), "\"a\"\"b\"");
    }
}
