//! Running one command on an aggregate's stream for an allowed request: the access is
//! recorded first, then the command is decided and appended once per command id.
use axum::http::HeaderMap;
use kinlog_domain::policy::Action;
use kinlog_domain::{Aggregate, CommandContext};
use kinlog_projections::EventMetadata;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::commands::{execute_once, Executed};
use crate::http::audit::{authorize, Permit};
use crate::http::auth::Authenticated;
use crate::http::body::without_position;
use crate::http::problem::ApiError;
use crate::http::request::RequestInfo;
use crate::http::AppState;
use crate::import::{command_path, own_id_in, AggregateKind, AnyCommand};
use crate::principal::ResourceRef;

/// What became of a command.
#[derive(Serialize, ToSchema)]
pub(crate) struct CommandOutcome {
    /// The command's id: the `Idempotency-Key` sent, or one made for it.
    command_id: Uuid,
    /// `appended`, `unchanged` (accepted, nothing to record) or `already_present` (a
    /// repeat of a command already recorded).
    outcome: &'static str,
    /// The log positions of the events appended, when any were.
    first_position: Option<u64>,
    last_position: Option<u64>,
}

/// Records the permitted access, then runs `command` once on `stream` as the permit's
/// actor. The access is recorded before the change is attempted: the log never holds a
/// change its access log lacks.
pub(crate) async fn run_once<A>(
    state: &AppState,
    permit: Permit,
    stream: &str,
    command_id: Uuid,
    command: A::Command,
) -> Result<axum::Json<CommandOutcome>, ApiError>
where
    A: Aggregate,
    A::Command: Clone,
{
    let context = CommandContext {
        actor: permit.actor(),
        actor_is_intern: permit.is_intern(),
        now: chrono::Utc::now(),
    };
    let metadata = EventMetadata {
        actor: Some(permit.actor().0),
        command_id: Some(command_id),
        correlation_id: Some(permit.correlation_id()),
        ..EventMetadata::default()
    };
    permit.record().await?;
    let executed = execute_once::<A>(
        state.store(),
        stream,
        command_id,
        command,
        &context,
        &metadata,
    )
    .await
    .map_err(|e| match e {
        crate::Error::Domain(rejected) => ApiError::Domain(rejected),
        crate::Error::Store(kinlog_store::Error::WrongExpectedVersion { .. }) => ApiError::Conflict,
        other => ApiError::internal("executing a command", other),
    })?;
    let (outcome, positions) = match executed {
        Executed::Appended(appended) if appended.already_present => ("already_present", None),
        Executed::Appended(appended) => (
            "appended",
            Some((appended.first_position, appended.last_position)),
        ),
        Executed::Unchanged => ("unchanged", None),
        Executed::AlreadyPresent => ("already_present", None),
    };
    Ok(axum::Json(CommandOutcome {
        command_id,
        outcome,
        first_position: positions.map(|p| p.0),
        last_position: positions.map(|p| p.1),
    }))
}

/// The body of every command route: authorizes recording on `resource`, then runs
/// `command` once on `stream`.
pub(crate) async fn record_command<A>(
    state: &AppState,
    who: Authenticated,
    request: RequestInfo,
    resource: ResourceRef,
    stream: &str,
    command_id: Uuid,
    command: A::Command,
) -> Result<axum::Json<CommandOutcome>, ApiError>
where
    A: Aggregate,
    A::Command: Clone,
{
    let permit = authorize(state, who, request, Action::Record, resource).await?;
    run_once::<A>(state, permit, stream, command_id, command).await
}

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<Uuid, ApiError> {
    match headers.get("idempotency-key") {
        None => Ok(Uuid::now_v7()),
        Some(value) => value
            .to_str()
            .ok()
            .and_then(|text| Uuid::parse_str(text).ok())
            .ok_or(ApiError::InvalidParameter {
                field: "Idempotency-Key",
                reason: "not a UUID".to_owned(),
            }),
    }
}

/// Parses a command to `kind` with the import's parser, so HTTP and import accept exactly
/// the same bodies; a body naming another record than the path's `id` is refused.
pub(crate) fn parse_command(
    kind: AggregateKind,
    id: Uuid,
    body: &str,
) -> Result<AnyCommand, ApiError> {
    let parsed = AnyCommand::parse(kind, body).map_err(|e| ApiError::InvalidBody {
        field: e.field,
        reason: without_position(&e.error),
    })?;
    if let Some((field, named)) = own_id_in(kind, body) {
        if named != id {
            return Err(ApiError::InvalidBody {
                field: format!("{}.{field}", command_path(body)),
                reason: format!("names {named}, but the path names {id}"),
            });
        }
    }
    Ok(parsed)
}

/// The parser answered with a command to another aggregate than it was asked for.
pub(crate) fn another_aggregate() -> ApiError {
    ApiError::internal(
        "parsing a command",
        "the parser returned another aggregate's command",
    )
}
