//! One Child File record: the report's fields, the child's, up to four maltreatments and
//! up to three perpetrators, each written under its codebook name.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use kinlog_domain::case::codes::{
    MaltreatmentDisposition, MaltreatmentType, PerpetratorRelationship, ServiceType,
};
use kinlog_domain::person::{HispanicEthnicity, Race, RaceCategory};
use kinlog_domain::PersonId;

use super::child_file::{
    most_serious, seriousness, ChildRecord, Finding, MAX_MALTREATMENTS, MAX_PERPETRATORS,
};
use super::facts::{Allegation, Perpetrator, Report, ReportChild, Submission};
use super::fields::{
    clock, date, field_name, identifier, yes_no, PERPETRATOR_FIELDS, SERVICE_FIELDS,
};
use super::layout;
use crate::federal::dates::age_on;
use crate::federal::Demographics;
use crate::Error;

pub(super) struct RecordBuilder<'a> {
    submission: &'a Submission,
    report: &'a Report,
    child: &'a ReportChild,
    disposed_on: NaiveDate,
    findings: &'a mut Vec<Finding>,
    values: BTreeMap<&'static str, String>,
}

impl<'a> RecordBuilder<'a> {
    pub(super) fn new(
        submission: &'a Submission,
        report: &'a Report,
        child: &'a ReportChild,
        disposed_on: NaiveDate,
        findings: &'a mut Vec<Finding>,
    ) -> Self {
        RecordBuilder {
            submission,
            report,
            child,
            disposed_on,
            findings,
            values: BTreeMap::new(),
        }
    }

    fn set(&mut self, field: &'static str, value: String) {
        self.values.insert(field, value);
    }

    fn flag(&mut self, field: &'static str, applies: bool) {
        self.set(field, yes_no(applies).to_owned());
    }

    fn find(&mut self, field: &'static str, problem: &'static str) {
        self.findings.push(Finding {
            report_id: self.report.report_id.clone(),
            child_id: self.child.child_id.clone(),
            field,
            problem,
        });
    }

    pub(super) fn build(mut self, allegations: &[&Allegation]) -> Result<ChildRecord, Error> {
        self.report_fields()?;
        self.child_fields()?;
        let slots = self.maltreatments(allegations);
        let died = self.child.died_of_maltreatment_on;
        let is_victim = died.is_some() || slots.iter().any(|(_, level)| level.counts_as_victim());
        self.perpetrators(allegations, &slots, is_victim)?;
        self.services_and_court();
        if let Some(incident) = allegations.iter().filter_map(|a| a.incident_on).min() {
            self.set("INCIDDT", date(incident));
        }
        Ok(ChildRecord {
            report_id: self.report.report_id.clone(),
            child_id: self.child.child_id.clone(),
            child: self.child.child,
            is_victim,
            line: layout::render(&self.values)?,
        })
    }

    fn report_fields(&mut self) -> Result<(), Error> {
        let report = self.report;
        self.set("SUBYR", self.submission.fiscal_year.to_string());
        self.set("STATERR", self.submission.state.clone());
        self.set("RPTID", identifier("RPTID", &report.report_id)?);
        self.set("CHID", identifier("CHID", &self.child.child_id)?);
        self.set("RPTCNTY", format!("{:03}", report.county.code()));
        self.set("RPTDT", date(report.reported_on));
        if let Some(time) = report.reported_at {
            self.set("RPTTM", clock(time));
        }
        match report.response_started_on {
            Some(started) => self.set("INVDATE", date(started)),
            None => self.find("INVDATE", "a disposed report has no response start date"),
        }
        if let Some(time) = report.response_started_at {
            self.set("INVSTRTM", clock(time));
        }
        self.set("RPTSRC", format!("{:02}", report.source.code()));
        let report_disposition = most_serious(
            report
                .allegations
                .iter()
                .filter_map(|a| a.disposition.map(|(d, _)| d)),
        );
        if let Some(disposition) = report_disposition {
            self.set("RPTDISP", format!("{:02}", disposition.code()));
        }
        self.set("RPTDISDT", date(self.disposed_on));
        // The worker responsible when the report was disposed: the latest assignment on
        // or before that day (the last recorded wins a tie).
        let assignment = report
            .assignments
            .iter()
            .filter(|a| a.assigned_on <= self.disposed_on)
            .max_by_key(|a| a.assigned_on);
        if let Some(assignment) = assignment {
            self.set("WRKRID", identifier("WRKRID", &assignment.worker_id)?);
            if let Some(supervisor) = &assignment.supervisor_id {
                self.set("SUPRVID", identifier("SUPRVID", supervisor)?);
            }
        }
        Ok(())
    }

    fn child_fields(&mut self) -> Result<(), Error> {
        let child = self.child;
        let reported_on = self.report.reported_on;
        match child.demographics.born_on {
            Some(born_on) => {
                self.set(
                    "CHAGE",
                    format!("{:02}", age_on(born_on, reported_on).min(99)),
                );
                self.set("CHBDATE", date(born_on));
            }
            None => self.find("CHAGE", "the child's date of birth is not recorded"),
        }
        match child.demographics.sex {
            Some(sex) => self.set("CHSEX", sex.ncands_code().to_string()),
            None => self.find("CHSEX", "the child's sex is not recorded"),
        }
        self.race_and_ethnicity(
            &child.demographics,
            [
                "CHRACAI", "CHRACAS", "CHRACBL", "CHRACNH", "CHRACWH", "CHRACUD",
            ],
            "CETHN",
        );
        self.flag("MALDEATH", child.died_of_maltreatment_on.is_some());
        if let Some(died) = child.died_of_maltreatment_on {
            self.set("DEATHDT", date(died));
        }
        if let Some(risk) = &child.risk_factors {
            use kinlog_domain::case::codes::{CaregiverRiskFactor, ChildRiskFactor};
            for factor in ChildRiskFactor::ALL {
                self.flag(
                    field_name(factor.ncands_field()),
                    risk.child.contains(factor),
                );
            }
            for factor in CaregiverRiskFactor::ALL {
                self.flag(
                    field_name(factor.ncands_field()),
                    risk.caregiver.contains(factor),
                );
            }
        }
        match &child.afcars_id {
            Some(id) => self.set("AFCARSID", identifier("AFCARSID", id)?),
            None if child.removed_on.is_some() => self.find(
                "AFCARSID",
                "a child removed into foster care has no AFCARS ID",
            ),
            None => {}
        }
        Ok(())
    }

    /// Race flags 1 (applies) or 2 (does not); an abandoned or declined answer means the
    /// race could not be determined. Ethnicity: 1 yes, 2 no, 3 unable to determine,
    /// 9 unknown. [R] codes.
    fn race_and_ethnicity(
        &mut self,
        demographics: &Demographics,
        race_fields: [&'static str; 6],
        ethnicity_field: &'static str,
    ) {
        if let Some(race) = &demographics.race {
            for (field, category) in race_fields.into_iter().zip(RaceCategory::ALL) {
                let applies = match race {
                    Race::Reported(set) => set.contains(&category),
                    Race::Abandoned | Race::Declined => category == RaceCategory::Unknown,
                };
                self.flag(field, applies);
            }
        }
        if let Some(hispanic) = demographics.hispanic {
            let code = match hispanic {
                HispanicEthnicity::Yes => "1",
                HispanicEthnicity::No => "2",
                HispanicEthnicity::Abandoned | HispanicEthnicity::Declined => "3",
                HispanicEthnicity::Unknown => "9",
            };
            self.set(ethnicity_field, code.to_owned());
        }
    }

    /// Fills CHMAL1–4 and MAL1LEV–MAL4LEV; returns the slots in order.
    fn maltreatments(
        &mut self,
        allegations: &[&Allegation],
    ) -> Vec<(MaltreatmentType, MaltreatmentDisposition)> {
        let mut by_type: BTreeMap<MaltreatmentType, MaltreatmentDisposition> = BTreeMap::new();
        for allegation in allegations {
            let Some((finding, _)) = allegation.disposition else {
                continue;
            };
            by_type
                .entry(allegation.maltreatment)
                .and_modify(|kept| {
                    if seriousness(finding) < seriousness(*kept) {
                        *kept = finding;
                    }
                })
                .or_insert(finding);
        }
        let mut slots: Vec<_> = by_type.into_iter().collect();
        slots.sort_by_key(|(kind, level)| (seriousness(*level), kind.code()));
        if slots.len() > MAX_MALTREATMENTS {
            self.find(
                "CHMAL4",
                "more than four maltreatment types: the four most serious are reported",
            );
            slots.truncate(MAX_MALTREATMENTS);
        }
        const TYPE: [&str; 4] = ["CHMAL1", "CHMAL2", "CHMAL3", "CHMAL4"];
        const LEVEL: [&str; 4] = ["MAL1LEV", "MAL2LEV", "MAL3LEV", "MAL4LEV"];
        for (index, (kind, level)) in slots.iter().enumerate() {
            self.set(TYPE[index], format!("{:02}", kind.code()));
            self.set(LEVEL[index], format!("{:02}", level.code()));
        }
        slots
    }

    fn perpetrators(
        &mut self,
        allegations: &[&Allegation],
        slots: &[(MaltreatmentType, MaltreatmentDisposition)],
        is_victim: bool,
    ) -> Result<(), Error> {
        let mut people: BTreeMap<PersonId, (&Perpetrator, u8)> = BTreeMap::new();
        for allegation in allegations {
            let (Some(perpetrator), Some((finding, _))) =
                (&allegation.perpetrator, allegation.disposition)
            else {
                continue;
            };
            let entry = people
                .entry(perpetrator.person)
                .or_insert((perpetrator, seriousness(finding)));
            entry.1 = entry.1.min(seriousness(finding));
        }
        let mut ordered: Vec<_> = people.into_values().collect();
        ordered.sort_by(|(a, a_rank), (b, b_rank)| {
            (a_rank, &a.perpetrator_id).cmp(&(b_rank, &b.perpetrator_id))
        });
        if ordered.is_empty() && is_victim {
            self.find("PER1ID", "a victim has no perpetrator");
        }
        if ordered.len() > MAX_PERPETRATORS {
            self.find(
                "PER3ID",
                "more than three perpetrators: the three with the most serious findings are reported",
            );
            ordered.truncate(MAX_PERPETRATORS);
        }
        for (index, (perpetrator, _)) in ordered.into_iter().enumerate() {
            let fields = &PERPETRATOR_FIELDS[index];
            self.set(
                fields.id,
                identifier(fields.id, &perpetrator.perpetrator_id)?,
            );
            self.set(
                fields.relationship,
                format!("{:02}", perpetrator.relationship.code()),
            );
            self.flag(
                fields.parent,
                perpetrator.relationship == PerpetratorRelationship::Parent,
            );
            match perpetrator.demographics.born_on {
                Some(born_on) => self.set(
                    fields.age,
                    format!("{:02}", age_on(born_on, self.report.reported_on).min(99)),
                ),
                None => self.find(
                    fields.age,
                    "the perpetrator's date of birth is not recorded",
                ),
            }
            if let Some(sex) = perpetrator.demographics.sex {
                self.set(fields.sex, sex.ncands_code().to_string());
            }
            self.race_and_ethnicity(&perpetrator.demographics, fields.race, fields.ethnicity);
            for (slot, field) in fields.maltreatments.iter().enumerate() {
                let Some((kind, _)) = slots.get(slot) else {
                    break;
                };
                let associated = allegations.iter().any(|a| {
                    a.maltreatment == *kind
                        && a.perpetrator
                            .as_ref()
                            .is_some_and(|p| p.person == perpetrator.person)
                });
                self.flag(field, associated);
            }
        }
        Ok(())
    }

    /// POSTSERV, SERVDATE and the service flags: services referred from the report date
    /// to 90 days after the disposition [R: the codebook's window, from memory].
    fn services(&mut self) {
        let from = self.report.reported_on;
        let to = self.disposed_on + chrono::Days::new(90);
        let services: Vec<&(NaiveDate, ServiceType)> = self
            .report
            .services
            .iter()
            .filter(|(on, _)| from <= *on && *on <= to)
            .collect();
        self.flag("POSTSERV", !services.is_empty());
        if let Some((first, _)) = services.iter().min_by_key(|(on, _)| *on) {
            self.set("SERVDATE", date(*first));
        }
        for (service, field) in SERVICE_FIELDS {
            self.flag(field, services.iter().any(|(_, s)| *s == service));
        }
    }

    fn services_and_court(&mut self) {
        self.services();
        let child = self.child;
        self.flag("FOSTERCR", child.removed_on.is_some());
        if let Some(removed) = child.removed_on {
            self.set("RMVDATE", date(removed));
        }
        self.flag("JUVPET", child.petition_filed_on.is_some());
        if let Some(filed) = child.petition_filed_on {
            self.set("PETDATE", date(filed));
        }
        self.flag("COCHREP", child.representative_appointed);
    }
}
