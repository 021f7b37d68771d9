//! P1–P4: permanency in 12 months and re-entry.
//!
//! P1: of children who entered care in the period, those discharged to permanency within
//! 12 months of entering and before their 18th birthday. P2 and P3: of children in care
//! on the first day who had been in that episode 12–23 months (P2) or 24 months or more
//! (P3), those discharged to permanency within 12 months of the first day; an exit at 18
//! or older is not permanency. P4: of children who entered in the period and were
//! discharged within 12 months to reunification, relatives or guardianship, those who
//! re-entered within 12 months of the discharge. Permanency is reunification, living
//! with relatives, guardianship or adoption.
use kinlog_domain::case::codes::ExitReason;

use super::facts::{is_permanency, ChildInCare, Episode, Window};
use super::{Exclusion, Indicator, IndicatorValue};
use crate::federal::dates::{add_months, birthday, has_reached};

/// Each child's first entry in the window that the definitions keep, recording in
/// `value` the episodes each exclusion removed. An excluded episode does not make a
/// later one "not first": the exclusions apply to episodes before the first is chosen.
pub(super) fn first_entries<'a>(
    children: &'a [ChildInCare],
    window: Window,
    value: &mut IndicatorValue,
) -> Vec<(&'a ChildInCare, &'a Episode)> {
    let mut kept = Vec::new();
    for child in children {
        let mut entries: Vec<&Episode> = child
            .episodes
            .iter()
            .filter(|episode| window.contains(episode.removed_on))
            .collect();
        entries.sort_by_key(|episode| episode.removed_on);
        let mut first = None;
        for episode in entries {
            if has_reached(child.born_on, 18, episode.removed_on) {
                value.exclude(Exclusion::EnteredAt18OrOlder);
            } else if episode.lasted_under_8_days() {
                value.exclude(Exclusion::InCareUnder8Days);
            } else if first.is_some() {
                value.exclude(Exclusion::NotFirstEntry);
            } else {
                first = Some(episode);
            }
        }
        if let Some(episode) = first {
            kept.push((child, episode));
        }
    }
    kept
}

/// P1.
pub(super) fn entries(children: &[ChildInCare], window: Window) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::P1PermanencyIn12MonthsForEntries);
    for (child, episode) in first_entries(children, window, &mut value) {
        value.denominator += 1;
        let deadline = add_months(episode.removed_on, 12);
        if exited_to_permanency_before(child, episode, deadline) {
            value.numerator += 1;
        }
    }
    value
}

/// P2 or P3, by `indicator`.
pub(super) fn in_care_on_first_day(
    children: &[ChildInCare],
    window: Window,
    indicator: Indicator,
) -> IndicatorValue {
    let mut value = IndicatorValue::new(indicator);
    let deadline = add_months(window.from, 12);
    for child in children {
        for episode in &child.episodes {
            let in_care = episode.removed_on <= window.from
                && episode.exited_on().is_none_or(|exit| exit >= window.from);
            if !in_care || !in_band(episode, window, indicator) {
                continue;
            }
            if has_reached(child.born_on, 18, window.from) {
                value.exclude(Exclusion::Aged18OnFirstDay);
                continue;
            }
            value.denominator += 1;
            if exited_to_permanency_before(child, episode, deadline) {
                value.numerator += 1;
            }
        }
    }
    value
}

/// Whether the episode's length on the first day puts it in P2's or P3's band.
fn in_band(episode: &Episode, window: Window, indicator: Indicator) -> bool {
    let twelve = add_months(episode.removed_on, 12);
    let twenty_four = add_months(episode.removed_on, 24);
    match indicator {
        Indicator::P2PermanencyIn12To23Months => twelve <= window.from && window.from < twenty_four,
        _ => twenty_four <= window.from,
    }
}

/// A permanency exit before `deadline` and before the 18th birthday.
fn exited_to_permanency_before(
    child: &ChildInCare,
    episode: &Episode,
    deadline: chrono::NaiveDate,
) -> bool {
    episode.exit.is_some_and(|exit| {
        is_permanency(exit.reason) && exit.on < deadline && exit.on < birthday(child.born_on, 18)
    })
}

/// P4.
pub(super) fn reentry(children: &[ChildInCare], window: Window) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::P4ReentryIn12Months);
    for (child, episode) in first_entries(children, window, &mut value) {
        let Some(exit) = episode.exit else { continue };
        let discharged_in_time = exit.on < add_months(episode.removed_on, 12);
        let reason_counts = matches!(
            exit.reason,
            ExitReason::ReunifyWithParents
                | ExitReason::LiveWithOtherRelatives
                | ExitReason::Guardianship
        );
        if !discharged_in_time || !reason_counts {
            continue;
        }
        if has_reached(child.born_on, 18, exit.on) {
            value.exclude(Exclusion::ExitedAt18OrOlder);
            continue;
        }
        value.denominator += 1;
        let reentered = child
            .episodes
            .iter()
            .any(|later| later.removed_on >= exit.on && later.removed_on < add_months(exit.on, 12));
        if reentered {
            value.numerator += 1;
        }
    }
    value
}
