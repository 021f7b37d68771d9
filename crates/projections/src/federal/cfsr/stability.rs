//! P5: of children who entered care in the period, placement moves per 1,000 days in
//! care, both counted from entry to the end of the period or the exit. The first
//! placement of the episode is not a move. An absence (runaway, whereabouts unknown) is
//! not a placement and so is never a move; the placement a child returns to is. [R: the
//! Round 4 bulletin's treatment of absences was not found; this follows AFCARS E120.]
use super::facts::{ChildInCare, Window};
use super::permanency::first_entries;
use super::{Indicator, IndicatorValue};
use crate::federal::dates::days_between;

/// P5.
pub(super) fn placement_moves(children: &[ChildInCare], window: Window) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::P5PlacementStability);
    for (_, episode) in first_entries(children, window, &mut value) {
        let end = episode.exited_on().map_or(window.end_exclusive(), |exit| {
            exit.min(window.end_exclusive())
        });
        value.denominator += days_between(episode.removed_on, end);
        let placements = episode
            .placements
            .iter()
            .filter(|p| !p.is_absence && p.started_on >= episode.removed_on && p.started_on < end)
            .count() as u64;
        value.numerator += placements.saturating_sub(1);
    }
    value
}
