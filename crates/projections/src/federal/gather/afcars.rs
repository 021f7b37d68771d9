//! The AFCARS inputs: every child in foster care at any time in the period, with the
//! full history of their episodes, and every child with a title IV-E assistance
//! agreement in effect during it (1355.42).
use std::collections::BTreeMap;

use chrono::NaiveDate;
use kinlog_domain::PersonId;

use super::fold::{CaseFacts, EpisodeFacts, LogFacts};
use super::RecordNumbers;
use crate::federal::afcars::{
    AfcarsInputs, AssistedChild, Exit, Header, LivingArrangement, OohChild, Removal,
};
use crate::federal::ReportPeriod;

impl LogFacts {
    /// Both AFCARS files' children for `header.period`.
    pub fn afcars_inputs(&self, header: &Header, record_number: RecordNumbers<'_>) -> AfcarsInputs {
        let period = header.period;
        let mut episodes: BTreeMap<PersonId, Vec<(&CaseFacts, &EpisodeFacts)>> = BTreeMap::new();
        for case in self.cases.values() {
            for episode in case.episodes.values() {
                episodes
                    .entry(episode.child)
                    .or_default()
                    .push((case, episode));
            }
        }
        let ooh = episodes
            .into_iter()
            .filter(|(_, episodes)| episodes.iter().any(|(_, e)| in_care_during(e, period)))
            .map(|(child, mut episodes)| {
                episodes.sort_by_key(|(_, e)| e.removed_on);
                let person = self.persons.get(&child);
                OohChild {
                    record_number: record_number(child.0),
                    demographics: self.demographics(child),
                    icwa_inquired: person.and_then(|p| p.icwa_inquired),
                    tribal_member: person.and_then(|p| p.tribal_member),
                    // The file shows the child as of the period's last day: a later
                    // removal is not in it yet.
                    removals: episodes
                        .iter()
                        .filter(|(_, episode)| episode.removed_on <= period.last_day())
                        .map(|(case, episode)| self.removal(header, case, episode))
                        .collect(),
                }
            })
            .collect();
        AfcarsInputs {
            ooh,
            assistance: self.assisted_children(period, record_number),
        }
    }

    fn removal(&self, header: &Header, case: &CaseFacts, episode: &EpisodeFacts) -> Removal {
        let child = episode.child;
        // The file shows the episode as of the period's last day: an exit, placement or
        // plan after it has not happened yet for this period, and is reported in the next.
        let exit = episode
            .exit
            .filter(|(exited_on, _)| *exited_on <= header.period.last_day());
        let ends = exit.map_or(header.period.last_day(), |(on, _)| on);
        // A dated fact belongs to the episode whose span holds it: removal day to exit day.
        // Plans, reviews, hearings, visits and agreements are recorded on the case that
        // holds the episode; reading only that case keeps the gather linear.
        let within = |on: NaiveDate| on >= episode.removed_on && on <= ends;
        let mut living_arrangements: Vec<LivingArrangement> = episode
            .placements
            .values()
            .filter(|p| p.started_on <= header.period.last_day())
            .map(|p| LivingArrangement {
                started_on: p.started_on,
                setting: p.setting.clone(),
                location: p.location.clone(),
            })
            .collect();
        living_arrangements.sort_by_key(|a| a.started_on);
        let mut plans: Vec<_> = case
            .plans
            .iter()
            .filter(|(who, on, _)| *who == child && within(*on))
            .map(|(_, on, plan)| (*on, *plan))
            .collect();
        plans.sort();
        let dated = |facts: &[(PersonId, NaiveDate)]| {
            let mut dates: Vec<NaiveDate> = facts
                .iter()
                .filter(|(who, on)| *who == child && within(*on))
                .map(|(_, on)| *on)
                .collect();
            dates.sort();
            dates
        };
        let reviews = dated(&case.reviews);
        let hearings = dated(&case.hearings);
        let mut visits: Vec<_> = case
            .visits
            .iter()
            .filter(|(who, on, _)| *who == child && within(*on))
            .map(|(_, on, location)| (*on, *location))
            .collect();
        visits.sort();
        let exit = exit.map(|(exited_on, reason)| Exit {
            exited_on,
            transaction_on: episode.exit_recorded_on.unwrap_or(exited_on),
            reason,
            agreement: case
                .agreements
                .values()
                .filter(|a| a.child == child && a.effective_on <= ends)
                .max_by_key(|a| a.effective_on)
                .map(|a| a.agreement_type),
        });
        Removal {
            removed_on: episode.removed_on,
            transaction_on: episode.removal_recorded_on,
            local_agency: case
                .referral
                .as_ref()
                .map(|r| r.county.code())
                .filter(|county| *county < 998)
                .map(|county| u32::from(header.state_fips) * 1000 + u32::from(county)),
            environment: episode.environment,
            circumstances: episode.circumstances.clone(),
            living_arrangements,
            plans,
            reviews,
            hearings,
            visits,
            exit,
        }
    }

    fn assisted_children(
        &self,
        period: ReportPeriod,
        record_number: RecordNumbers<'_>,
    ) -> Vec<AssistedChild> {
        // The finalization may sit on another case than the agreement (an adoption case
        // opened after the foster-care case), so it is looked up once per child here.
        let finalized: BTreeMap<PersonId, NaiveDate> = self
            .cases
            .values()
            .flat_map(|c| &c.finalized)
            .map(|(child, on)| (*child, *on))
            .collect();
        let mut by_child: BTreeMap<PersonId, (NaiveDate, AssistedChild)> = BTreeMap::new();
        for agreement in self.cases.values().flat_map(|c| c.agreements.values()) {
            let ends = agreement.ended_on.or(agreement.ends_on);
            let in_effect = agreement.agreement_type.is_title_ive()
                && agreement.effective_on <= period.last_day()
                && ends.is_none_or(|end| end >= period.first_day());
            // One record per child: the newest agreement in effect.
            let child = agreement.child;
            let newer = by_child
                .get(&child)
                .is_none_or(|(effective_on, _)| *effective_on <= agreement.effective_on);
            if in_effect && newer {
                let record = AssistedChild {
                    record_number: record_number(child.0),
                    demographics: self.demographics(child),
                    agreement_type: agreement.agreement_type,
                    monthly_amount_cents: agreement.monthly_amount_cents,
                    finalized_on: finalized.get(&child).copied(),
                    ended_on: agreement.ended_on,
                };
                by_child.insert(child, (agreement.effective_on, record));
            }
        }
        by_child.into_values().map(|(_, record)| record).collect()
    }
}

/// In care at any time in the period: removed by its last day, not exited before its
/// first.
fn in_care_during(episode: &EpisodeFacts, period: ReportPeriod) -> bool {
    episode.removed_on <= period.last_day()
        && episode
            .exit
            .is_none_or(|(exited, _)| exited >= period.first_day())
}
