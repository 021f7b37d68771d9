//! The generators' inputs from the folded facts. Encrypted federal identifiers (RPTID,
//! CHID, PERnID, AFCARSID, NYTD record numbers) come from the caller's `record_number`
//! function of an id, so one function gives a child the same number in every file:
//! NYTD element 3 equals the AFCARS record number by construction.
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use kinlog_domain::case::codes::MaltreatmentDisposition;
use kinlog_domain::person::youth::{ParticipationStatus, SurveyPopulation};
use kinlog_domain::PersonId;
use uuid::Uuid;

use super::fold::{CaseFacts, LogFacts};
use crate::federal::cfsr::{ChildInCare, Episode, Exit, PlacementStart, Victimization};
use crate::federal::dates::{birthday, fiscal_year};
use crate::federal::ncands::{
    Allegation, Assignment, Perpetrator, Report, ReportChild, ScreenedOutReferral,
};
use crate::federal::nytd::{Served, Survey, Youth};
use crate::federal::{Half, ReportPeriod};

/// Maps a person's or a case's id to its stable encrypted federal record number.
pub type RecordNumbers<'a> = &'a dyn Fn(Uuid) -> String;

impl LogFacts {
    /// CFSR: every child with a custody episode, and the substantiated or indicated
    /// victimizations. A child without a date of birth cannot be placed in or out of the
    /// age exclusions, so is left out and returned by id for correction.
    pub fn cfsr_inputs(&self) -> (Vec<ChildInCare>, Vec<Victimization>, Vec<PersonId>) {
        let mut episodes: BTreeMap<PersonId, Vec<Episode>> = BTreeMap::new();
        for episode in self.cases.values().flat_map(|case| case.episodes.values()) {
            episodes.entry(episode.child).or_default().push(Episode {
                removed_on: episode.removed_on,
                exit: episode.exit.map(|(on, reason)| Exit { on, reason }),
                placements: episode
                    .placements
                    .values()
                    .map(|placement| PlacementStart {
                        started_on: placement.started_on,
                        is_absence: placement.setting.is_absence(),
                    })
                    .collect(),
            });
        }
        let mut missing_birth_dates = Vec::new();
        // Membership beside the list, which keeps its order: converted records may lack
        // many birth dates, and a scan of the list per victim would be quadratic.
        let mut missing = BTreeSet::new();
        let mut children = Vec::new();
        for (child, episodes) in episodes {
            match self.demographics(child).born_on {
                Some(born_on) => children.push(ChildInCare {
                    child,
                    born_on,
                    episodes,
                }),
                None => {
                    missing.insert(child);
                    missing_birth_dates.push(child);
                }
            }
        }
        let mut victimizations = Vec::new();
        for (case_id, case) in &self.cases {
            let Some(referral) = &case.referral else {
                continue;
            };
            for allegation in case.allegations.values() {
                let substantiated = matches!(
                    allegation.disposition,
                    Some((
                        MaltreatmentDisposition::Substantiated | MaltreatmentDisposition::Indicated,
                        _
                    ))
                );
                let born_on = self.demographics(allegation.victim).born_on;
                match (substantiated, born_on) {
                    (true, Some(born_on)) => victimizations.push(Victimization {
                        child: allegation.victim,
                        born_on,
                        report: case_id.to_string(),
                        reported_on: referral.reported_on,
                    }),
                    (true, None) if missing.insert(allegation.victim) => {
                        missing_birth_dates.push(allegation.victim)
                    }
                    _ => {}
                }
            }
        }
        (children, victimizations, missing_birth_dates)
    }

    /// NCANDS: every screened-in report with a finding in federal fiscal `year`, with its
    /// allegations (the generator keeps those disposed in the year).
    pub fn ncands_reports(&self, year: i32, record_number: RecordNumbers<'_>) -> Vec<Report> {
        self.cases
            .iter()
            .filter(|(_, case)| case.is_ncands_report_of(year))
            .filter_map(|(case_id, case)| self.ncands_report(*case_id, case, record_number))
            .collect()
    }

    fn ncands_report(
        &self,
        case_id: Uuid,
        case: &CaseFacts,
        record_number: RecordNumbers<'_>,
    ) -> Option<Report> {
        let referral = case.referral.as_ref()?;
        let children = referral
            .children
            .iter()
            .map(|&child| ReportChild {
                child,
                child_id: record_number(child.0),
                demographics: self.demographics(child),
                afcars_id: self
                    .episodes_of(child)
                    .next()
                    .map(|_| record_number(child.0)),
                died_of_maltreatment_on: case.deaths.get(&child).copied(),
                risk_factors: case.risk_factors.get(&child).cloned(),
                removed_on: case
                    .episodes
                    .values()
                    .filter(|e| e.child == child && e.removed_on >= referral.reported_on)
                    .map(|e| e.removed_on)
                    .min(),
                petition_filed_on: case.petitions.get(&child).copied(),
                representative_appointed: case.representatives.contains(&child),
            })
            .collect();
        let allegations = case
            .allegations
            .values()
            .map(|a| Allegation {
                victim: a.victim,
                maltreatment: a.maltreatment,
                perpetrator: a.perpetrator.map(|p| Perpetrator {
                    person: p.person,
                    perpetrator_id: record_number(p.person.0),
                    relationship: p.relationship,
                    demographics: self.demographics(p.person),
                }),
                incident_on: a.incident_on,
                disposition: a.disposition,
            })
            .collect();
        Some(Report {
            report_id: record_number(case_id),
            county: referral.county,
            reported_on: referral.reported_on,
            reported_at: referral.reported_at,
            response_started_on: case.response_started.map(|(on, _)| on),
            response_started_at: case.response_started.and_then(|(_, at)| at),
            source: referral.source,
            children,
            allegations,
            services: case.services.clone(),
            assignments: case
                .assignments
                .iter()
                .map(|&(on, worker, supervisor)| Assignment {
                    assigned_on: on,
                    worker_id: record_number(worker),
                    supervisor_id: supervisor.map(record_number),
                })
                .collect(),
        })
    }

    /// NCANDS Agency File: referrals screened out, with the number of children in each.
    pub fn screened_out_referrals(&self) -> Vec<ScreenedOutReferral> {
        self.cases
            .values()
            .filter(|case| case.screened_in == Some(false))
            .filter_map(|case| {
                Some(ScreenedOutReferral {
                    screened_on: case.screened_on?,
                    children: case.referral.as_ref()?.children.len(),
                })
            })
            .collect()
    }

    /// NCANDS Agency File: every maltreatment death on record.
    pub fn maltreatment_deaths(&self) -> Vec<(PersonId, NaiveDate)> {
        self.cases
            .values()
            .flat_map(|case| case.deaths.iter().map(|(child, died)| (*child, *died)))
            .collect()
    }

    /// NYTD: each youth served in `period` or with an outcome survey recorded in it.
    /// `local_agency` is element 15 as the state reports it ("centralized unit" or a
    /// county FIPS code); kinlog does not record which local agency served a youth.
    pub fn nytd_youths(
        &self,
        period: ReportPeriod,
        local_agency: Option<&str>,
        record_number: RecordNumbers<'_>,
    ) -> Vec<Youth> {
        let (from, to) = (period.first_day(), period.last_day());
        let within = |date: NaiveDate| from <= date && date <= to;
        let mut youths = Vec::new();
        for (&person, facts) in &self.persons {
            let services: Vec<_> = facts
                .services
                .iter()
                .filter(|(on, _)| within(*on))
                .collect();
            let survey = facts.surveys.iter().rev().find(|s| within(s.occurred_on));
            if services.is_empty() && survey.is_none() {
                continue;
            }
            let served = (!services.is_empty()).then(|| {
                let education = facts
                    .education
                    .iter()
                    .filter(|(on, _, _)| *on <= to)
                    .max_by_key(|(on, _, _)| *on);
                Served {
                    in_foster_care: services.iter().any(|(on, _)| self.in_care_on(person, *on)),
                    local_agency: local_agency.map(str::to_owned),
                    federally_recognized_tribe: facts.tribal_member,
                    adjudicated_delinquent: Some(
                        facts.adjudicated_delinquent_on.is_some_and(|on| on <= to),
                    ),
                    education_level: education.map(|(_, grade, _)| *grade),
                    special_education: education.map(|(_, _, special)| *special),
                    services: services.iter().map(|(_, service)| *service).collect(),
                }
            });
            let survey = survey.map(|s| Survey {
                population: s.population,
                status: s.status,
                collected_on: Some(s.occurred_on),
                in_foster_care: self.in_care_on(person, s.occurred_on),
                answers: s.answers,
            });
            let record = record_number(person.0);
            youths.push(Youth {
                afcars_record_number: self.episodes_of(person).next().map(|_| record.clone()),
                record_number: record,
                demographics: self.demographics(person),
                served,
                survey,
            });
        }
        youths
    }

    /// The NYTD outcomes universe due in `period` (1356.85(b)(2)): baseline participants
    /// whose 19th or 21st birthday falls in the period's fiscal year. The standard is
    /// judged over the fiscal year, so only the second period's file checks it, leaving
    /// out youth whose follow-up was already recorded in the first period.
    pub fn nytd_follow_ups_due(
        &self,
        period: ReportPeriod,
        record_number: RecordNumbers<'_>,
    ) -> Vec<String> {
        if period.half == Half::A {
            return Vec::new();
        }
        let first_half = ReportPeriod {
            half: Half::A,
            ..period
        };
        let in_first_half =
            |on: NaiveDate| first_half.first_day() <= on && on <= first_half.last_day();
        let mut due = Vec::new();
        for (&person, facts) in &self.persons {
            let participated_at_17 = facts.surveys.iter().any(|s| {
                s.population == SurveyPopulation::BaselineAt17
                    && s.status == ParticipationStatus::Participated
                    && s.answers.is_some_and(|a| a.has_valid_response())
            });
            let Some(born_on) = facts.demographics.born_on else {
                continue;
            };
            if !participated_at_17 {
                continue;
            }
            let due_at = [
                (19, SurveyPopulation::FollowUpAt19),
                (21, SurveyPopulation::FollowUpAt21),
            ]
            .into_iter()
            .find(|(age, _)| fiscal_year(birthday(born_on, *age)) == period.fiscal_year);
            let Some((_, population)) = due_at else {
                continue;
            };
            let reported_earlier = facts
                .surveys
                .iter()
                .any(|s| s.population == population && in_first_half(s.occurred_on));
            if !reported_earlier {
                due.push(record_number(person.0));
            }
        }
        due
    }
}
