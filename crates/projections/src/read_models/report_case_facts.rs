//! The facts the federal reports read of each case, kept so that a report run reads the
//! cases it needs instead of the whole log (`federal::gather`).
use kinlog_domain::case::codes::MaltreatmentDisposition;
use kinlog_domain::case::{CaseEvent, ScreeningDecision};
use kinlog_domain::CaseId;
use kinlog_store::RecordedEvent;

use super::fields::stream_uuid;
use crate::federal::dates::fiscal_year;
use crate::federal::gather::{encode_case_record, LogFacts};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `report_case_facts` projector: table `case_facts`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportCaseFactsView;

read_model!(
    ReportCaseFactsView,
    "report_case_facts",
    3,
    CaseId::CATEGORY,
    apply
);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, metadata) = decode::<CaseEvent>(event)?;
    let recorded_on = metadata.transaction_at(event).date_naive();
    // Folding the event into empty facts says whether the fold reads it, so what is kept
    // never drifts from what the fold uses.
    let case_id = stream_uuid(event, CaseId::CATEGORY)?;
    if !LogFacts::default().apply_case(case_id, &fact, recorded_on) {
        return Ok(());
    }
    // What AFCARS and NYTD read of a case hangs off an episode, an agreement or a
    // finalization; what CFSR reads, off those or a substantiated finding.
    let afcars = matches!(
        fact,
        CaseEvent::ChildRemoved { .. }
            | CaseEvent::AssistanceAgreementSigned { .. }
            | CaseEvent::AdoptionFinalized { .. }
            | CaseEvent::GuardianshipEstablished { .. }
    );
    let victims = matches!(
        fact,
        CaseEvent::DispositionRecorded {
            disposition: MaltreatmentDisposition::Substantiated
                | MaltreatmentDisposition::Indicated,
            ..
        }
    );
    // What NCANDS reads of a year hangs off a finding, a screening out or a death dated
    // in it: a report's disposition date is its latest finding's.
    let ncands_year = match &fact {
        CaseEvent::DispositionRecorded { disposed_on, .. } => Some(disposed_on),
        CaseEvent::ReferralScreened {
            screened_on,
            decision: ScreeningDecision::ScreenedOut { .. },
        } => Some(screened_on),
        CaseEvent::MaltreatmentDeathRecorded { died_on, .. } => Some(died_on),
        _ => None,
    };
    let ncands_years: Vec<i32> = ncands_year
        .map(|on| fiscal_year(on.naive()))
        .into_iter()
        .collect();
    writes.push(
        "INSERT INTO case_facts (case_id, facts, afcars, victims, ncands_years) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (case_id) DO UPDATE SET facts = case_facts.facts || excluded.facts, \
         afcars = case_facts.afcars OR excluded.afcars, \
         victims = case_facts.victims OR excluded.victims, \
         ncands_years = CASE WHEN excluded.ncands_years <@ case_facts.ncands_years \
                        THEN case_facts.ncands_years \
                        ELSE case_facts.ncands_years || excluded.ncands_years END",
        params![
            case_id,
            encode_case_record(recorded_on, &fact)?,
            afcars,
            victims,
            ncands_years
        ],
        "keeping a case's report facts",
    );
    Ok(())
}
