//! S1 and S2: maltreatment in care and recurrence of maltreatment.
//!
//! S1: of all children in care during the period, substantiated or indicated
//! victimizations (by any perpetrator) per 100,000 days in care. Episodes under 8 days
//! are left out, days at 18 or older are not counted, and a report in the first 7 days
//! of an episode is left out because it likely concerns the home the child was removed
//! from. S2: of children who were victims in the period, those who were victims again
//! within 12 months of the first report; a report within 14 days of it is the same
//! incident, not a recurrence; victims 18 or older are left out.
use std::collections::BTreeSet;

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
    let mut counted = BTreeSet::new();
    for child in children {
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
                .filter(|v| v.child == child.child && start <= v.reported_on && v.reported_on < end)
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
    let victims: BTreeSet<_> = victimizations.iter().map(|v| v.child).collect();
    for victim in victims {
        let mut reports: Vec<&Victimization> = victimizations
            .iter()
            .filter(|v| v.child == victim)
            .collect();
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
