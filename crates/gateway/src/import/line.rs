//! One import line: its envelope fields, checked one by one so a rejection can name the
//! field, and its command parsed as the domain command of the named aggregate.
use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use kinlog_domain::case::CaseCommand;
use kinlog_domain::financial::eligibility::EligibilityCommand;
use kinlog_domain::financial::payments::PaymentCommand;
use kinlog_domain::grant::GrantCommand;
use kinlog_domain::person::PersonCommand;
use kinlog_domain::provider::ProviderCommand;
use kinlog_domain::staff::organization::OrganizationCommand;
use kinlog_domain::staff::portal::PortalCommand;
use kinlog_domain::staff::StaffCommand;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;
use uuid::Uuid;

use kinlog_projections::ExternalId;

use super::LineRejection;

/// The envelope fields of a line, in the order the documentation lists them.
const FIELDS: [&str; 7] = [
    "command_id",
    "actor",
    "occurred_at",
    "source_recorded_at",
    "aggregate",
    "id",
    "command",
];

/// A parsed import line. Its `Debug` names the ids and the command type only: commands
/// carry names, addresses and narratives.
#[derive(Clone, PartialEq, Eq)]
pub struct ImportLine {
    /// The legacy system's id for this command; the idempotency key.
    pub command_id: Uuid,
    /// The staff member who entered it.
    pub actor: Uuid,
    /// When the legacy system entered it; the command is judged as of this moment.
    pub occurred_at: DateTime<Utc>,
    /// When the legacy system recorded the fact, if the file says: the federal
    /// transaction date (AFCARS E70, E154) and the moment the command is judged as of.
    pub source_recorded_at: Option<DateTime<Utc>>,
    /// The aggregate's id; with the command's aggregate it names the stream.
    pub id: Uuid,
    /// The legacy id the line gave in place of `id`, recorded with its events.
    pub external_id: Option<ExternalId>,
    /// Other records the command names by legacy id: the JSON path and the kinlog id.
    /// Each must exist when the line is applied.
    pub references: References,
    /// The domain command.
    pub command: AnyCommand,
}

impl fmt::Debug for ImportLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportLine")
            .field("command_id", &self.command_id)
            .field("actor", &self.actor)
            .field("occurred_at", &self.occurred_at)
            .field("source_recorded_at", &self.source_recorded_at)
            .field("id", &self.id)
            .field("external_id", &self.external_id.is_some())
            .field("aggregate", &self.command.aggregate())
            .field("command", &"<redacted>")
            .finish()
    }
}

/// A command of any aggregate, tagged by the aggregate it is addressed to.
#[derive(Clone, PartialEq, Eq)]
pub enum AnyCommand {
    Case(CaseCommand),
    Person(PersonCommand),
    Staff(StaffCommand),
    Organization(OrganizationCommand),
    Portal(PortalCommand),
    Grant(GrantCommand),
    Provider(ProviderCommand),
    Eligibility(EligibilityCommand),
    Payments(PaymentCommand),
}

/// The `aggregate` values a line may name; each names one domain aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateKind {
    Case,
    Person,
    Staff,
    Organization,
    Portal,
    Grant,
    Provider,
    Eligibility,
    Payments,
}

impl AnyCommand {
    /// The aggregate this command is addressed to.
    pub fn aggregate(&self) -> AggregateKind {
        match self {
            AnyCommand::Case(_) => AggregateKind::Case,
            AnyCommand::Person(_) => AggregateKind::Person,
            AnyCommand::Staff(_) => AggregateKind::Staff,
            AnyCommand::Organization(_) => AggregateKind::Organization,
            AnyCommand::Portal(_) => AggregateKind::Portal,
            AnyCommand::Grant(_) => AggregateKind::Grant,
            AnyCommand::Provider(_) => AggregateKind::Provider,
            AnyCommand::Eligibility(_) => AggregateKind::Eligibility,
            AnyCommand::Payments(_) => AggregateKind::Payments,
        }
    }

    /// Parses `command` as a command of `aggregate`.
    pub(crate) fn parse(
        aggregate: AggregateKind,
        command: &str,
    ) -> Result<AnyCommand, CommandParseError> {
        Ok(match aggregate {
            AggregateKind::Case => AnyCommand::Case(not_a_purge(parse_as(command)?)?),
            AggregateKind::Person => AnyCommand::Person(not_an_erasure(parse_as(command)?)?),
            AggregateKind::Staff => AnyCommand::Staff(parse_as(command)?),
            AggregateKind::Organization => AnyCommand::Organization(parse_as(command)?),
            AggregateKind::Portal => AnyCommand::Portal(parse_as(command)?),
            AggregateKind::Grant => AnyCommand::Grant(parse_as(command)?),
            AggregateKind::Provider => AnyCommand::Provider(parse_as(command)?),
            AggregateKind::Eligibility => AnyCommand::Eligibility(parse_as(command)?),
            AggregateKind::Payments => AnyCommand::Payments(parse_as(command)?),
        })
    }
}

/// A practice case is purged only by `kinlog practice purge`, which checks that the
/// deployment is a practice one and erases the persons left without a case.
fn not_a_purge(command: CaseCommand) -> Result<CaseCommand, CommandParseError> {
    match command {
        CaseCommand::PurgePracticeCase(_) => Err(CommandParseError {
            field: "command.PurgePracticeCase".to_owned(),
            error: serde::de::Error::custom(
                "a practice case is purged only by `kinlog practice purge`",
            ),
        }),
        command => Ok(command),
    }
}

/// Erasure destroys the person's key as well as recording the decision, which only the
/// erasure route does (`POST /persons/{id}/erasure`); a command line cannot.
fn not_an_erasure(command: PersonCommand) -> Result<PersonCommand, CommandParseError> {
    match command {
        PersonCommand::ErasePersonalData { .. } => Err(CommandParseError {
            field: "command.erase_personal_data".to_owned(),
            error: serde::de::Error::custom(
                "erasure is not imported; a privacy officer erases through \
                 POST /persons/{id}/erasure, which also destroys the person's key",
            ),
        }),
        command => Ok(command),
    }
}

/// Why a command body did not parse, and where: `command.renew_license.expires_on`.
#[derive(Debug)]
pub(crate) struct CommandParseError {
    pub(crate) field: String,
    pub(crate) error: serde_json::Error,
}

fn parse_as<T: serde::de::DeserializeOwned>(command: &str) -> Result<T, CommandParseError> {
    let mut deserializer = serde_json::Deserializer::from_str(command);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        CommandParseError {
            // An error outside any field (an unknown command) is named by the command.
            field: if path == "." {
                command_path(command)
            } else {
                format!("command.{path}")
            },
            error: e.into_inner(),
        }
    })
}

/// Parses one line. `line` is its 1-based number, used in the rejection.
pub fn parse_line(line: u64, text: &str) -> Result<ImportLine, LineRejection> {
    let reject = |field: String, column: Option<usize>, reason: String| LineRejection {
        line,
        field,
        column,
        reason,
    };
    let fields: BTreeMap<String, &RawValue> = serde_json::from_str(text).map_err(|e| {
        reject(
            "(line)".to_owned(),
            Some(e.column()),
            format!("not a JSON object: {}", without_position(&e)),
        )
    })?;
    if let Some(unknown) = fields.keys().find(|key| !FIELDS.contains(&key.as_str())) {
        return Err(reject(
            unknown.clone(),
            column_of(text, fields[unknown]),
            format!("unknown field, expected one of {}", FIELDS.join(", ")),
        ));
    }
    let raw = |name: &str| {
        fields
            .get(name)
            .copied()
            .ok_or_else(|| reject(name.to_owned(), None, "missing field".to_owned()))
    };
    let field = |name: &str| -> Result<_, LineRejection> {
        let value = raw(name)?;
        Ok((value, column_of(text, value)))
    };
    let command_id: Uuid = parse_field(field("command_id")?, "command_id", line)?;
    let actor: Uuid = parse_field(field("actor")?, "actor", line)?;
    let occurred_at: DateTime<Utc> = parse_field(field("occurred_at")?, "occurred_at", line)?;
    let source_recorded_at: Option<DateTime<Utc>> = match fields.get("source_recorded_at") {
        Some(value) => parse_field((value, column_of(text, value)), "source_recorded_at", line)?,
        None => None,
    };
    let aggregate: AggregateKind = parse_field(field("aggregate")?, "aggregate", line)?;
    let (id, external_id) = match parse_field::<IdOrExternal>(field("id")?, "id", line)? {
        IdOrExternal::Id(id) => (id, None),
        IdOrExternal::External { external_id } => (external_id.kinlog_id(), Some(external_id)),
    };
    let (command, column) = field("command")?;
    let (command_text, references) = resolve_external_ids(command.get())
        .map_err(|(path, reason)| reject(path, column, reason))?;
    // Columns point into the line as written; a rewritten command has none.
    let column = column.filter(|_| references.is_empty());
    let command = AnyCommand::parse(aggregate, &command_text).map_err(|e| {
        reject(
            e.field,
            column.map(|start| start + e.error.column().saturating_sub(1)),
            without_position(&e.error),
        )
    })?;
    let command_text = command_text.as_str();
    if let Some((field, named)) = own_id_in(aggregate, command_text) {
        if named != id {
            return Err(reject(
                format!("{}.{field}", command_path(command_text)),
                None,
                format!("names {named}, but the line's `id` is {id}: a command may only create or change the aggregate its line addresses"),
            ));
        }
    }
    Ok(ImportLine {
        command_id,
        actor,
        occurred_at,
        source_recorded_at,
        id,
        external_id,
        references: references
            .into_iter()
            .filter(|(_, named)| *named != id)
            .collect(),
        command,
    })
}

/// A line's `id`: a kinlog id, or the legacy system's.
#[derive(serde::Deserialize)]
#[serde(untagged, deny_unknown_fields)]
enum IdOrExternal {
    Id(Uuid),
    External { external_id: ExternalId },
}

/// Records a command names by legacy id: the JSON path of each, and its kinlog id.
type References = Vec<(String, Uuid)>;
/// A field (JSON path) and why it is wrong.
type FieldError = (String, String);

/// The command with every `{"external_id": {"system": ..., "id": ...}}` replaced by the
/// kinlog id it derives, and where each was.
fn resolve_external_ids(command: &str) -> Result<(String, References), FieldError> {
    let mut value: serde_json::Value =
        serde_json::from_str(command).map_err(|e| ("command".to_owned(), without_position(&e)))?;
    let mut references = Vec::new();
    replace_external_ids(&mut value, "command".to_owned(), &mut references)?;
    if references.is_empty() {
        return Ok((command.to_owned(), references));
    }
    Ok((value.to_string(), references))
}

fn replace_external_ids(
    value: &mut serde_json::Value,
    path: String,
    references: &mut References,
) -> Result<(), FieldError> {
    use serde_json::Value;
    match value {
        Value::Object(fields) if fields.len() == 1 && fields.contains_key("external_id") => {
            let external: ExternalId = serde_json::from_value(fields["external_id"].clone())
                .map_err(|e| (format!("{path}.external_id"), e.to_string()))?;
            let id = external.kinlog_id();
            references.push((path, id));
            *value = Value::String(id.to_string());
        }
        Value::Object(fields) => {
            for (key, field) in fields.iter_mut() {
                replace_external_ids(field, format!("{path}.{key}"), references)?;
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                replace_external_ids(item, format!("{path}[{index}]"), references)?;
            }
        }
        _ => {}
    }
    Ok(())
}

impl AggregateKind {
    /// The command-body field that, where a command has it, names the aggregate itself
    /// (the id a creating command mints, or the subject of a per-subject stream).
    fn own_id_field(self) -> &'static str {
        match self {
            AggregateKind::Case => "case_id",
            AggregateKind::Person => "person_id",
            AggregateKind::Staff => "staff_id",
            AggregateKind::Organization => "organization_id",
            AggregateKind::Portal => "account_id",
            AggregateKind::Grant => "grant_id",
            AggregateKind::Provider | AggregateKind::Payments => "provider_id",
            AggregateKind::Eligibility => "child",
        }
    }
}

/// The aggregate's own id as the command body names it, if it does. The stream comes from
/// the line's `id`, so a body naming another aggregate would file its events under the
/// wrong stream.
pub(crate) fn own_id_in(aggregate: AggregateKind, command: &str) -> Option<(&'static str, Uuid)> {
    let field = aggregate.own_id_field();
    let body: BTreeMap<String, BTreeMap<String, &RawValue>> = serde_json::from_str(command).ok()?;
    let named = body.values().next()?.get(field)?;
    let named: Uuid = serde_json::from_str(named.get()).ok()?;
    Some((field, named))
}

fn parse_field<T: DeserializeOwned>(
    (value, column): (&RawValue, Option<usize>),
    name: &str,
    line: u64,
) -> Result<T, LineRejection> {
    serde_json::from_str(value.get()).map_err(|e| LineRejection {
        line,
        field: name.to_owned(),
        column,
        reason: without_position(&e),
    })
}

/// serde_json's message without its " at line 1 column N" tail: the rejection carries
/// the column within the whole line instead.
fn without_position(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rsplit_once(" at line ") {
        Some((reason, _)) => reason.to_owned(),
        None => message,
    }
}

/// `command.<Variant>`, the JSON path of a command's body, when the command is an object
/// with one key; `command` otherwise.
pub(crate) fn command_path(command: &str) -> String {
    match serde_json::from_str::<BTreeMap<String, &RawValue>>(command) {
        Ok(body) if body.len() == 1 => body.keys().next().map_or_else(
            || "command".to_owned(),
            |variant| format!("command.{variant}"),
        ),
        _ => "command".to_owned(),
    }
}

/// The 1-based column where `value` starts in `text`, when `value` borrows from `text`.
fn column_of(text: &str, value: &RawValue) -> Option<usize> {
    let start = (value.get().as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (start < text.len()).then(|| text[..start].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"command_id":"0190f1a0-0000-7000-8000-000000000001","actor":"0190f1a0-0000-7000-8000-000000000051","occurred_at":"2026-09-01T09:30:00Z","aggregate":"case","id":"0190f1a0-0000-7000-8000-00000000ca5e","command":{"ScreenReferral":{"screened_on":"2026-09-01","decision":{"screened_in":{"response":"investigation"}}}}}"#;

    #[test]
    fn a_good_line_parses_with_its_envelope() {
        let parsed = parse_line(1, GOOD).unwrap();
        assert_eq!(parsed.command.aggregate(), AggregateKind::Case);
        assert_eq!(parsed.occurred_at.to_rfc3339(), "2026-09-01T09:30:00+00:00");
    }

    #[test]
    fn an_unknown_envelope_field_is_named_with_its_column() {
        let text = GOOD.replacen("{\"command_id\"", "{\"extra\":1,\"command_id\"", 1);
        let rejection = parse_line(7, &text).unwrap_err();
        assert_eq!(rejection.line, 7);
        assert_eq!(rejection.field, "extra");
        assert_eq!(rejection.column, Some(10));
    }

    #[test]
    fn a_bad_envelope_value_names_its_field() {
        let text = GOOD.replace("2026-09-01T09:30:00Z", "yesterday");
        assert_eq!(parse_line(1, &text).unwrap_err().field, "occurred_at");
        let text = GOOD.replace("\"case\"", "\"casefile\"");
        let rejection = parse_line(1, &text).unwrap_err();
        assert_eq!(rejection.field, "aggregate");
        assert!(
            rejection.reason.contains("casefile"),
            "{}",
            rejection.reason
        );
    }

    #[test]
    fn a_bad_command_body_names_the_command_and_the_inner_field() {
        let text = GOOD.replace("\"screened_on\"", "\"screened_at\"");
        let rejection = parse_line(1, &text).unwrap_err();
        assert_eq!(rejection.field, "command.ScreenReferral.screened_at");
        assert!(
            rejection.reason.contains("screened_at"),
            "{}",
            rejection.reason
        );
        let column = rejection.column.unwrap();
        assert!(text[..column].contains("screened_at"), "column {column}");
    }

    #[test]
    fn a_body_naming_another_aggregate_than_the_line_is_rejected() {
        let referral = r#"{"ReceiveReferral":{"case_id":"0190f1a0-0000-7000-8000-00000000ca5f","reported_on":"2026-09-01","source":"education_personnel","county":35,"agency":"0190f1a0-0000-7000-8000-0000000000a0","children":[],"summary":"s"}}"#;
        let text = format!(
            r#"{{"command_id":"0190f1a0-0000-7000-8000-000000000001","actor":"0190f1a0-0000-7000-8000-000000000051","occurred_at":"2026-09-01T09:30:00Z","aggregate":"case","id":"0190f1a0-0000-7000-8000-00000000ca5e","command":{referral}}}"#
        );
        let rejection = parse_line(3, &text).unwrap_err();
        assert_eq!(rejection.field, "command.ReceiveReferral.case_id");
        let same = text.replace("ca5f", "ca5e");
        assert!(parse_line(3, &same).is_ok());
    }

    #[test]
    fn a_missing_field_is_named() {
        let text = GOOD.replace("\"actor\":\"0190f1a0-0000-7000-8000-000000000051\",", "");
        assert_eq!(parse_line(1, &text).unwrap_err().field, "actor");
    }
}
