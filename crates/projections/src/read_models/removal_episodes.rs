//! Removal episodes with their placements and exits: one row per episode and one per
//! placement, with the dates the facts occurred and the dates they were recorded.
use kinlog_domain::case::CaseEvent;
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;

use super::fields::{json, stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

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

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
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
            writes.push(
                "DELETE FROM placement WHERE episode_id IN \
                 (SELECT episode_id FROM removal_episode WHERE case_id = $1)",
                params![case_id],
                "removing a purged case's placements",
            );
            writes.push(
                "DELETE FROM removal_episode WHERE case_id = $1",
                params![case_id],
                "removing a purged case's episodes",
            );
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
            writes.push(
                "INSERT INTO removal_episode (episode_id, case_id, child, removed_on, removed_at, \
                 removal_recorded_at, removal_manner, removal_environment, removal_circumstances) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                params![
                    episode_id.0,
                    case_id,
                    child.0,
                    removed_on.naive(),
                    removed_at.map(|t| t.naive()),
                    event.recorded_at,
                    variant_name(manner, event, "manner")?,
                    variant_name(environment, event, "environment")?,
                    circumstances,
                ],
                "recording a removal episode",
            );
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
            writes.push(
                "INSERT INTO placement (placement_id, episode_id, child, started_on, ended_on, \
                 setting, provider, location, placed_recorded_at, ended_recorded_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                params![
                    placement_id.0,
                    episode_id.0,
                    child.0,
                    started_on.naive(),
                    ended_on.map(|d| d.naive()),
                    json(setting, event, "setting")?,
                    provider.map(|p| p.0),
                    json(location, event, "location")?,
                    event.recorded_at,
                    ended_recorded_at,
                ],
                "recording a placement",
            );
        }
        CaseEvent::PlacementEnded {
            placement_id,
            ended_on,
            ..
        } => writes.push(
            "UPDATE placement SET ended_on = $2, ended_recorded_at = $3 WHERE placement_id = $1",
            params![placement_id.0, ended_on.naive(), event.recorded_at],
            "recording a placement's end",
        ),
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
            writes.push(
                "UPDATE removal_episode SET exited_on = $2, exit_reason = $3, \
                 exit_reason_code = $4, exit_receiving_agency = $5, exit_recorded_at = $6 \
                 WHERE episode_id = $1",
                params![
                    episode_id.0,
                    exited_on.naive(),
                    variant_name(reason, event, "reason")?,
                    i16::from(reason.code()),
                    receiving_agency,
                    event.recorded_at,
                ],
                "recording an exit",
            );
        }
        _ => {}
    }
    Ok(())
}
