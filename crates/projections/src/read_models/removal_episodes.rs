//! Removal episodes with their placements and exits: one row per episode and one per
//! placement, with the dates the facts occurred and the dates they were recorded.
use kinlog_domain::case::CaseEvent;
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::{json, stream_uuid, variant_name};
use crate::{decode, Error};

/// The `removal_episodes` projector: tables `removal_episode`, `placement`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RemovalEpisodesView;

read_model!(
    RemovalEpisodesView,
    "removal_episodes",
    1,
    CaseId::CATEGORY,
    apply
);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    // Only custody events matter here; skip decoding the rest of a case's history.
    if !matches!(
        event.event_type.as_str(),
        "ChildRemoved"
            | "ChildPlaced"
            | "PlacementEnded"
            | "ChildExitedCare"
            | "PracticeCasePurged"
    ) {
        return Ok(());
    }
    let (fact, _) = decode::<CaseEvent>(event)?;
    if !fact.is_effective_fact() {
        return Ok(());
    }
    match &fact {
        CaseEvent::PracticeCasePurged { .. } => {
            let case_id = stream_uuid(event, CaseId::CATEGORY)?;
            tx.execute_typed(
                "DELETE FROM placement WHERE episode_id IN \
                 (SELECT episode_id FROM removal_episode WHERE case_id = $1)",
                &[(&case_id, Type::UUID)],
            )
            .await
            .map_err(Error::db("removing a purged case's placements"))?;
            tx.execute_typed(
                "DELETE FROM removal_episode WHERE case_id = $1",
                &[(&case_id, Type::UUID)],
            )
            .await
            .map_err(Error::db("removing a purged case's episodes"))?;
        }
        CaseEvent::ChildRemoved {
            episode_id,
            child,
            removed_on,
            removed_at,
            manner,
            environment,
            circumstances,
        } => {
            let case_id = stream_uuid(event, CaseId::CATEGORY)?;
            let circumstances = circumstances
                .iter()
                .map(|c| variant_name(c, event, "circumstances"))
                .collect::<Result<Vec<_>, _>>()?;
            tx.execute_typed(
                "INSERT INTO removal_episode (episode_id, case_id, child, removed_on, removed_at, \
                 removal_recorded_at, removal_manner, removal_environment, removal_circumstances) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    (&episode_id.0, Type::UUID),
                    (&case_id, Type::UUID),
                    (&child.0, Type::UUID),
                    (&removed_on.naive(), Type::DATE),
                    (&removed_at.map(|t| t.naive()), Type::TIME),
                    (&event.recorded_at, Type::TIMESTAMPTZ),
                    (&variant_name(manner, event, "manner")?, Type::TEXT),
                    (
                        &variant_name(environment, event, "environment")?,
                        Type::TEXT,
                    ),
                    (&circumstances, Type::TEXT_ARRAY),
                ],
            )
            .await
            .map_err(Error::db("recording a removal episode"))?;
        }
        CaseEvent::ChildPlaced {
            placement_id,
            episode_id,
            child,
            started_on,
            ended_on,
            setting,
            provider,
            location,
        } => {
            // A placement entered with its end date had its end recorded with it.
            let ended_recorded_at = ended_on.map(|_| event.recorded_at);
            tx.execute_typed(
                "INSERT INTO placement (placement_id, episode_id, child, started_on, ended_on, \
                 setting, provider, location, placed_recorded_at, ended_recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                &[
                    (&placement_id.0, Type::UUID),
                    (&episode_id.0, Type::UUID),
                    (&child.0, Type::UUID),
                    (&started_on.naive(), Type::DATE),
                    (&ended_on.map(|d| d.naive()), Type::DATE),
                    (&json(setting, event, "setting")?, Type::JSONB),
                    (&provider.map(|p| p.0), Type::UUID),
                    (&json(location, event, "location")?, Type::JSONB),
                    (&event.recorded_at, Type::TIMESTAMPTZ),
                    (&ended_recorded_at, Type::TIMESTAMPTZ),
                ],
            )
            .await
            .map_err(Error::db("recording a placement"))?;
        }
        CaseEvent::PlacementEnded {
            placement_id,
            ended_on,
            ..
        } => {
            tx.execute_typed(
                "UPDATE placement SET ended_on = $2, ended_recorded_at = $3 WHERE placement_id = $1",
                &[(&placement_id.0, Type::UUID), (&ended_on.naive(), Type::DATE), (&event.recorded_at, Type::TIMESTAMPTZ)],
            )
            .await
            .map_err(Error::db("recording a placement's end"))?;
        }
        CaseEvent::ChildExitedCare {
            episode_id,
            exited_on,
            reason,
            ..
        } => {
            let receiving_agency = reason
                .receiving_agency()
                .map(|agency| variant_name(&agency, event, "reason.receiving_agency"))
                .transpose()?;
            tx.execute_typed(
                "UPDATE removal_episode SET exited_on = $2, exit_reason = $3, \
                 exit_reason_code = $4, exit_receiving_agency = $5, exit_recorded_at = $6 \
                 WHERE episode_id = $1",
                &[
                    (&episode_id.0, Type::UUID),
                    (&exited_on.naive(), Type::DATE),
                    (&variant_name(reason, event, "reason")?, Type::TEXT),
                    (&i16::from(reason.code()), Type::INT2),
                    (&receiving_agency, Type::TEXT),
                    (&event.recorded_at, Type::TIMESTAMPTZ),
                ],
            )
            .await
            .map_err(Error::db("recording an exit"))?;
        }
        _ => {}
    }
    Ok(())
}
