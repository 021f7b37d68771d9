//! S1 and S2: maltreatment in care and recurrence of maltreatment.
//!
//! S1: of all children in care during the period, substantiated or indicated
//! victimizations (by any perpetrator) per 100,000 days in care. Episodes under 8 days
//! are left out, days at 18 or older are not counted, and a report in the first 7 days
//! of an episode is left out because it likely concerns the home the child was removed
//! from. S2: of children who were victims in the period, those who were victims again
//! within 12 months of the first report; a report within 14 days of it is the same
//! incident, not a recurrence; victims 18 or older are left out.
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::PersonId;

use super::facts::{ChildInCare, Victimization, Window};
use super::{Exclusion, Indicator, IndicatorValue};
use crate::federal::dates::{add_days, add_months, birthday, days_between, has_reached};

/// S1.
pub(super) fn maltreatment_in_care(
    children: &[ChildInCare],
    victimizations: &[Victimization],
    window: Window,
) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::S1MaltreatmentInCare);
    let by_child = by_child(victimizations);
    let mut counted = BTreeSet::new();
    for child in children {
        let victimizations = by_child.get(&child.child).map_or(&[][..], Vec::as_slice);
        let adult_on = birthday(child.born_on, 18);
        for episode in &child.episodes {
            let start = episode.removed_on.max(window.from);
            let end = episode
                .exited_on()
                .unwrap_or(window.end_exclusive())
                .min(window.end_exclusive())
                .min(adult_on);
            if start >= end {
                continue;
            }
            if episode.lasted_under_8_days() {
                value.exclude(Exclusion::InCareUnder8Days);
                continue;
            }
            value.denominator += days_between(start, end);
            let first_counted_day = add_days(episode.removed_on, 7);
            for victimization in victimizations
                .iter()
                .filter(|v| start <= v.reported_on && v.reported_on < end)
            {
                if victimization.reported_on < first_counted_day {
                    value.exclude(Exclusion::ReportedInFirst7Days);
                } else if counted.insert((child.child, victimization.report.as_str())) {
                    value.numerator += 1;
                }
            }
        }
    }
    value
}

/// S2.
pub(super) fn recurrence(victimizations: &[Victimization], window: Window) -> IndicatorValue {
    let mut value = IndicatorValue::new(Indicator::S2RecurrenceOfMaltreatment);
    for mut reports in by_child(victimizations).into_values() {
        reports.sort_by_key(|v| v.reported_on);
        let in_window: Vec<&&Victimization> = reports
            .iter()
            .filter(|v| window.contains(v.reported_on))
            .collect();
        // Age only grows, so the first report in the window decides the exclusion.
        let Some(index) = in_window.first() else {
            continue;
        };
        if has_reached(index.born_on, 18, index.reported_on) {
            value.exclude(Exclusion::VictimAged18OrOlder);
            continue;
        }
        value.denominator += 1;
        let after_same_incident = add_days(index.reported_on, 14);
        let deadline = add_months(index.reported_on, 12);
        let recurred = reports.iter().any(|v| {
            v.report != index.report
                && v.reported_on > after_same_incident
                && v.reported_on < deadline
        });
        if recurred {
            value.numerator += 1;
        }
    }
    value
}

/// Each child's victimizations, in their given order: looked up per child, instead of a
/// scan of all of them per child, which at national scale is hours.
fn by_child(victimizations: &[Victimization]) -> BTreeMap<PersonId, Vec<&Victimization>> {
    let mut by_child: BTreeMap<PersonId, Vec<&Victimization>> = BTreeMap::new();
    for victimization in victimizations {
        by_child
            .entry(victimization.child)
            .or_default()
            .push(victimization);
    }
    by_child
}
