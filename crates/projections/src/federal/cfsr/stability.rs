//! P5: of children who entered care in the period, placement moves per 1,000 days in
//! care during the period. Days and moves are counted across every episode of the
//! child that started in the period (not only the first), up to the end of the period,
//! the exit, or the 18th birthday, whichever comes first. The placement that starts an
//! episode (the removal) is not a move. An absence (runaway, whereabouts unknown) is not
//! a placement setting AFCARS counts, so it is never a move; the placement a child
//! returns to is. Source: Oregon ODHS's statement of the Round 4 measure and CCWIP's P5
//! program (see `docs/federal-reports-checked.md`).
use super::facts::{ChildInCare, Window};
use super::{Exclusion, Indicator, IndicatorValue};
use crate::federal::dates::{birthday, days_between, has_reached};

/// P5.
pub(super) fn placement_moves(children: &[ChildInCare], window: Window) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::P5PlacementStability);
    for child in children {
        let adult_on = birthday(child.born_on, 18);
        for episode in child
            .episodes
            .iter()
            .filter(|e| window.contains(e.removed_on))
        {
            if has_reached(child.born_on, 18, episode.removed_on) {
                value.exclude(Exclusion::EnteredAt18OrOlder);
                continue;
            }
            if episode.lasted_under_8_days() {
                value.exclude(Exclusion::InCareUnder8Days);
                continue;
            }
            let end = episode
                .exited_on()
                .unwrap_or(window.end_exclusive())
                .min(window.end_exclusive())
                .min(adult_on);
            value.denominator += days_between(episode.removed_on, end);
            let placements = episode
                .placements
                .iter()
                .filter(|p| {
                    !p.is_absence && p.started_on >= episode.removed_on && p.started_on < end
                })
                .count() as u64;
            value.numerator += placements.saturating_sub(1);
        }
    }
    value
}
