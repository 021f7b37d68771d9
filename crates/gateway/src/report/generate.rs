//! Each kind's files from the facts at the run's position: pure, so the same position
//! gives the same bytes.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use kinlog_projections::federal::gather::LogFacts;
use kinlog_projections::federal::{afcars, cfsr, ncands, nytd, ReportPeriod};
use serde::Serialize;
use serde_json::{json, Value};
use uuid::Uuid;

use super::ReportKind;
use crate::Error;

/// Which state the files are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    /// Two-digit FIPS code (AFCARS E1, NYTD element 1).
    pub fips: u8,
    /// Postal abbreviation (NCANDS STATERR).
    pub postal: String,
}

impl Default for State {
    /// kinlog is Ohio's system.
    fn default() -> State {
        State {
            fips: 39,
            postal: "OH".to_owned(),
        }
    }
}

/// What a kind produced: named files, and whether the compliance checks pass.
pub(crate) struct Generated {
    pub files: Vec<(String, Vec<u8>)>,
    pub would_pass: bool,
}

/// The files of `kind` for `period` from `facts`. `generated_on` is the date of the
/// newest event read, so a rerun at the same position writes the same date.
pub(crate) fn generate(
    kind: ReportKind,
    period: &str,
    state: &State,
    facts: &LogFacts,
    generated_on: NaiveDate,
    record_number: &dyn Fn(Uuid) -> String,
) -> Result<Generated, Error> {
    match kind {
        ReportKind::Afcars => {
            let header = afcars::Header {
                state_fips: state.fips,
                period: period.parse()?,
            };
            let inputs = facts.afcars_inputs(&header, record_number);
            let ooh = afcars::ooh_file(&header, &inputs.ooh)?;
            let assistance = afcars::assistance_file(&header, &inputs.assistance)?;
            let compliance = ComplianceDocument {
                kind,
                period,
                would_pass: ooh.compliance.passes && assistance.compliance.passes,
                detail: json!({
                    "thresholds": {"key_elements_error_free_percent": 100,
                        "other_elements_max_error_percent": 10},
                }),
                files: Some(BTreeMap::from([
                    ("assistance.xml", &assistance.compliance),
                    ("ooh.xml", &ooh.compliance),
                ])),
                findings: None::<()>,
            };
            Ok(Generated {
                would_pass: ooh.compliance.passes && assistance.compliance.passes,
                files: vec![
                    (format!("afcars-{period}-ooh.xml"), ooh.xml),
                    (format!("afcars-{period}-assistance.xml"), assistance.xml),
                    ("compliance.json".to_owned(), pretty(&compliance)?),
                ],
            })
        }
        ReportKind::Ncands => {
            let fiscal_year = fiscal_year(period)?;
            let submission = ncands::Submission {
                fiscal_year,
                state: state.postal.clone(),
            };
            let reports = facts.ncands_reports(fiscal_year, record_number);
            let file = ncands::child_file(&submission, &reports)?;
            let counts = ncands::agency_counts(
                fiscal_year,
                &file,
                &reports,
                &facts.screened_out_referrals(),
                &facts.maltreatment_deaths(),
            );
            let would_pass = file.findings.is_empty();
            let compliance = ComplianceDocument {
                kind,
                period,
                would_pass,
                detail: json!({"records": file.records.len(), "agency_file_counts": counts}),
                files: None::<BTreeMap<&str, ()>>,
                findings: Some(&file.findings),
            };
            Ok(Generated {
                would_pass,
                files: vec![
                    (format!("ncands-{fiscal_year}-child.dat"), file.bytes),
                    ("compliance.json".to_owned(), pretty(&compliance)?),
                ],
            })
        }
        ReportKind::Nytd => {
            let report_period = period.parse::<ReportPeriod>()?;
            let header = nytd::Header {
                file_id: format!("{}{period}", state.postal),
                state_fips: state.fips,
                period: report_period,
                category: nytd::FileCategory::Regular,
                generated_on,
            };
            let youths = facts.nytd_youths(report_period, None, record_number);
            let due = facts.nytd_follow_ups_due(report_period, record_number);
            let file = nytd::nytd_file(&header, &youths, &due)?;
            let compliance = json!({
                "kind": "nytd",
                "period": period,
                "would_pass": file.compliance.is_compliant(),
                "compliance": file.compliance,
            });
            Ok(Generated {
                would_pass: file.compliance.is_compliant(),
                files: vec![
                    (format!("nytd-{period}.xml"), file.xml),
                    ("compliance.json".to_owned(), pretty(&compliance)?),
                ],
            })
        }
        ReportKind::Crosswalk => Ok(Generated {
            would_pass: true,
            files: vec![(CROSSWALK_FILE.to_owned(), crosswalk(facts, record_number))],
        }),
        ReportKind::Cfsr => {
            let fiscal_year = fiscal_year(period)?;
            let window = cfsr::Window {
                from: NaiveDate::from_ymd_opt(fiscal_year - 1, 10, 1).unwrap_or(NaiveDate::MIN),
                to: NaiveDate::from_ymd_opt(fiscal_year, 9, 30).unwrap_or(NaiveDate::MIN),
            };
            let (children, victimizations, missing_birth_dates) = facts.cfsr_inputs();
            let values = cfsr::indicators(&children, &victimizations, window)?;
            let indicators: Vec<_> = values
                .iter()
                .map(|value| {
                    json!({
                        "indicator": value.indicator,
                        "numerator": value.numerator,
                        "denominator": value.denominator,
                        "observed": value.observed().map(|rate| rate.to_string()),
                        "excluded": value.excluded.iter().map(|(e, n)| (format!("{e:?}"), n)).collect::<std::collections::BTreeMap<_, _>>(),
                    })
                })
                .collect();
            let document = json!({
                "kind": "cfsr",
                "window": {"from": window.from, "to": window.to},
                "indicators": indicators,
                "children_left_out_without_a_birth_date": missing_birth_dates.len(),
            });
            Ok(Generated {
                would_pass: missing_birth_dates.is_empty(),
                files: vec![("indicators.json".to_owned(), pretty(&document)?)],
            })
        }
    }
}

/// The crosswalk's file name.
pub(crate) const CROSSWALK_FILE: &str = "crosswalk.csv";

/// Each converted person's legacy id and kinlog id with the federal record number that
/// AFCARS (E4), NYTD (element 3) and NCANDS (ChID, and AFCARSID when ever in care) use.
fn crosswalk(facts: &LogFacts, record_number: &dyn Fn(Uuid) -> String) -> Vec<u8> {
    let mut csv = String::from("system,external_id,kinlog_id,record_number,ever_in_foster_care\n");
    for (person, external, in_care) in facts.crosswalk() {
        csv.push_str(&format!(
            "{},{},{},{},{}\n",
            csv_field(&external.system),
            csv_field(&external.id),
            person.0,
            record_number(person.0),
            in_care
        ));
    }
    csv.into_bytes()
}

/// RFC 4180: quoted when it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// A federal fiscal year, `2026`.
pub(super) fn fiscal_year(period: &str) -> Result<i32, Error> {
    period
        .parse::<i32>()
        .ok()
        .filter(|year| (1995..=2200).contains(year) && period.len() == 4)
        .ok_or(Error::ReportPeriod {
            period: period.to_owned(),
            expected: "a federal fiscal year, as in 2026",
        })
}

/// `compliance.json`. The per-record findings are serialized from the generator's own
/// structures as they are written: at state scale there are hundreds of thousands, and a
/// `serde_json::Value` tree of them would hold several times the file's size.
#[derive(Serialize)]
struct ComplianceDocument<'a, F: Serialize, R: Serialize> {
    kind: ReportKind,
    period: &'a str,
    would_pass: bool,
    /// Small kind-specific facts (thresholds, counts), flattened into the document.
    #[serde(flatten, skip_serializing_if = "Value::is_null")]
    detail: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<BTreeMap<&'static str, F>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<R>,
}

fn pretty(value: &impl Serialize) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value).map_err(|source| Error::Json {
        what: "a report file",
        source,
    })?;
    bytes.push(b'\n');
    Ok(bytes)
}
