//! Custody episodes: removal, placements and exit (AFCARS 45 CFR 1355.44(d), (e), (g)).
//!
//! Invariants kept here: a child has at most one open episode; episodes of a child do
//! not overlap; every placement lies inside its episode, `[removed_on, exited_on]`;
//! placements of an episode do not overlap; an exit ends any open placement.
use std::collections::BTreeSet;

use super::checks::{active, ensure, existing, fresh, not_in_future, Decision};
use super::codes::{ExitReason, RemovalCircumstance, TraffickingTiming};
use super::commands::{EndPlacement, PlaceChild, RecordExit, RecordRemoval, RecordSexTrafficking};
use super::events::CaseEvent;
use super::facts::{PlacementLocation, PlacementSetting};
use super::state::CaseRecord;
use crate::{CommandContext, DomainError, Rule};

pub(super) fn record_removal(
    record: Option<&CaseRecord>,
    command: &RecordRemoval,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record.episodes.contains_key(&command.episode_id),
        "episode_id",
    )?;
    not_in_future(command.removed_on, context, "removed_on")?;
    ensure(
        !command.circumstances.is_empty(),
        Rule::Required,
        "circumstances",
    )?;
    ensure(
        circumstances_consistent(&command.circumstances),
        Rule::ExclusiveCircumstances,
        "circumstances",
    )?;
    ensure(
        record.open_episode_of(command.child).is_none(),
        Rule::EpisodeAlreadyOpen,
        "child",
    )?;
    // Every other episode of the child is closed here, so the new, open one overlaps
    // an old one exactly when it starts before that one's exit.
    let overlaps_earlier = record
        .episodes
        .values()
        .filter(|episode| episode.child == command.child)
        .filter_map(|episode| episode.exit.map(|(exited_on, _)| exited_on))
        .any(|exited_on| command.removed_on < exited_on);
    ensure(
        !overlaps_earlier,
        Rule::RemovalOverlapsEpisode,
        "removed_on",
    )?;
    Ok(vec![CaseEvent::ChildRemoved {
        episode_id: command.episode_id,
        child: command.child,
        removed_on: command.removed_on,
        removed_at: command.removed_at,
        manner: command.manner,
        environment: command.environment,
        circumstances: command.circumstances.clone(),
    }])
}

/// AFCARS-AXE edits on E72–E105: a child is not both a runaway and missing, and at most
/// one of abandonment, failure to return and voluntary relinquishment applies.
pub(super) fn circumstances_consistent(circumstances: &BTreeSet<RemovalCircumstance>) -> bool {
    use RemovalCircumstance::*;
    let runaway_and_missing =
        circumstances.contains(&Runaway) && circumstances.contains(&WhereaboutsUnknown);
    let departures = [
        Abandonment,
        FailureToReturn,
        VoluntaryRelinquishmentForAdoption,
    ]
    .iter()
    .filter(|circumstance| circumstances.contains(circumstance))
    .count();
    !runaway_and_missing && departures <= 1
}

pub(super) fn place_child(
    record: Option<&CaseRecord>,
    command: &PlaceChild,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(
        record
            .placement_episodes
            .contains_key(&command.placement_id),
        "placement_id",
    )?;
    let episode = record
        .episodes
        .get(&command.episode_id)
        .ok_or(DomainError::new(Rule::EpisodeNotFound, "episode_id"))?;
    check_setting(&command.setting, &command.location)?;
    // AFCARS E123–E146 describe the foster parents, which only the provider record holds.
    if matches!(command.setting, PlacementSetting::FosterFamilyHome { .. }) {
        ensure(command.provider.is_some(), Rule::Required, "provider")?;
    }
    not_in_future(command.started_on, context, "started_on")?;
    if let Some(ended_on) = command.ended_on {
        ensure(
            ended_on >= command.started_on,
            Rule::EndBeforeStart,
            "ended_on",
        )?;
        not_in_future(ended_on, context, "ended_on")?;
    }
    ensure(
        command.started_on >= episode.removed_on,
        Rule::PlacementOutsideEpisode,
        "started_on",
    )?;
    // A placement recorded late into an episode that has ended must end inside it too.
    if let Some((exited_on, _)) = episode.exit {
        ensure(
            command.started_on <= exited_on,
            Rule::PlacementOutsideEpisode,
            "started_on",
        )?;
        ensure(
            command
                .ended_on
                .is_some_and(|ended_on| ended_on <= exited_on),
            Rule::PlacementOutsideEpisode,
            "ended_on",
        )?;
    }
    let overlaps = episode
        .placements
        .values()
        .any(|placement| placement.overlaps(command.started_on, command.ended_on));
    ensure(!overlaps, Rule::PlacementsOverlap, "started_on")?;
    Ok(vec![CaseEvent::ChildPlaced {
        placement_id: command.placement_id,
        episode_id: command.episode_id,
        child: episode.child,
        started_on: command.started_on,
        ended_on: command.ended_on,
        setting: command.setting.clone(),
        provider: command.provider,
        location: command.location.clone(),
    }])
}

fn check_setting(
    setting: &PlacementSetting,
    location: &PlacementLocation,
) -> Result<(), DomainError> {
    if let PlacementSetting::FosterFamilyHome { home_types } = setting {
        ensure(!home_types.is_empty(), Rule::Required, "setting.home_types")?;
    }
    let missing = matches!(location, PlacementLocation::RunawayOrWhereaboutsUnknown);
    ensure(
        setting.is_absence() == missing,
        Rule::LocationDoesNotFitSetting,
        "location",
    )
}

pub(super) fn end_placement(
    record: Option<&CaseRecord>,
    command: &EndPlacement,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    let not_found = || DomainError::new(Rule::PlacementNotFound, "placement_id");
    let episode_id = *record
        .placement_episodes
        .get(&command.placement_id)
        .ok_or_else(not_found)?;
    let placement = record
        .episodes
        .get(&episode_id)
        .and_then(|episode| episode.placements.get(&command.placement_id))
        .ok_or_else(not_found)?;
    ensure(
        placement.ended_on.is_none(),
        Rule::PlacementAlreadyEnded,
        "placement_id",
    )?;
    ensure(
        command.ended_on >= placement.started_on,
        Rule::EndBeforeStart,
        "ended_on",
    )?;
    not_in_future(command.ended_on, context, "ended_on")?;
    // An open placement is the latest of its episode (anything later would overlap it)
    // and its episode is open (an exit ends it), so ending it keeps every invariant.
    Ok(vec![CaseEvent::PlacementEnded {
        placement_id: command.placement_id,
        episode_id,
        ended_on: command.ended_on,
    }])
}

/// An exit to adoption or guardianship (AFCARS E155 = 3 or 5) opens the E157–E186
/// elements about the new parents, so the adoption or guardianship itself must already
/// be on record, dated no later than the exit.
fn check_permanent_home(
    record: &CaseRecord,
    child: crate::PersonId,
    command: &RecordExit,
) -> Result<(), DomainError> {
    match command.reason {
        ExitReason::Adoption => {
            let finalized_on = record
                .adoptions
                .get(&child)
                .and_then(|adoption| adoption.finalized_on);
            ensure(
                finalized_on.is_some_and(|on| on <= command.exited_on),
                Rule::ExitWithoutFinalizedAdoption,
                "reason",
            )
        }
        ExitReason::Guardianship => {
            let established_on = record.guardianships.get(&child);
            ensure(
                established_on.is_some_and(|on| *on <= command.exited_on),
                Rule::ExitWithoutGuardianship,
                "reason",
            )
        }
        _ => Ok(()),
    }
}

pub(super) fn record_exit(
    record: Option<&CaseRecord>,
    command: &RecordExit,
    context: &CommandContext,
) -> Decision {
    let record = existing(record)?;
    let episode = record
        .episodes
        .get(&command.episode_id)
        .ok_or(DomainError::new(Rule::EpisodeNotFound, "episode_id"))?;
    ensure(episode.exit.is_none(), Rule::EpisodeNotOpen, "episode_id")?;
    ensure(
        command.exited_on >= episode.removed_on,
        Rule::ExitBeforeRemoval,
        "exited_on",
    )?;
    not_in_future(command.exited_on, context, "exited_on")?;
    let placement_after_exit = episode.placements.values().any(|placement| {
        placement.started_on > command.exited_on
            || placement
                .ended_on
                .is_some_and(|ended_on| ended_on > command.exited_on)
    });
    ensure(!placement_after_exit, Rule::PlacementAfterExit, "exited_on")?;
    // Activities dated in an earlier episode end before this removal, so only this
    // episode's can lie after the exit.
    let last_activity = record.last_in_care_activity.get(&episode.child);
    ensure(
        last_activity.is_none_or(|on| *on <= command.exited_on),
        Rule::InCareActivityAfterExit,
        "exited_on",
    )?;
    check_permanent_home(record, episode.child, command)?;
    let mut events: Vec<CaseEvent> = episode
        .placements
        .iter()
        .filter(|(_, placement)| placement.ended_on.is_none())
        .map(|(placement_id, _)| CaseEvent::PlacementEnded {
            placement_id: *placement_id,
            episode_id: command.episode_id,
            ended_on: command.exited_on,
        })
        .collect();
    events.push(CaseEvent::ChildExitedCare {
        episode_id: command.episode_id,
        child: episode.child,
        exited_on: command.exited_on,
        reason: command.reason,
    });
    Ok(events)
}

pub(super) fn record_sex_trafficking(
    record: Option<&CaseRecord>,
    command: &RecordSexTrafficking,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    not_in_future(command.identified_on, context, "identified_on")?;
    if command.timing == TraffickingTiming::WhileInCare {
        ensure(
            record.in_care_on(command.child, command.identified_on),
            Rule::ChildNotInCare,
            "identified_on",
        )?;
    }
    if let Some(reported_on) = command.reported_to_law_enforcement_on {
        not_in_future(reported_on, context, "reported_to_law_enforcement_on")?;
    }
    Ok(vec![CaseEvent::SexTraffickingIdentified {
        child: command.child,
        timing: command.timing,
        identified_on: command.identified_on,
        reported_to_law_enforcement_on: command.reported_to_law_enforcement_on,
    }])
}
