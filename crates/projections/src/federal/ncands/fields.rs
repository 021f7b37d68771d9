//! Field names the record builder fills in groups, and how values are written.
use chrono::{NaiveDate, NaiveTime};
use kinlog_domain::case::codes::ServiceType;

use super::layout;
use crate::Error;

/// Each service category's Child File flag; foster care (FOSTERCR) comes from removals.
pub(super) const SERVICE_FIELDS: [(ServiceType, &str); 23] = [
    (ServiceType::Adoption, "ADOPT"),
    (ServiceType::CaseManagement, "CASEMANG"),
    (ServiceType::Counseling, "COUNSEL"),
    (ServiceType::DayCare, "DAYCARE"),
    (ServiceType::EducationAndTraining, "EDUCATN"),
    (ServiceType::Employment, "EMPLOY"),
    (ServiceType::FamilyPlanning, "FAMPLAN"),
    (ServiceType::FamilySupport, "FAMSUP"),
    (ServiceType::FamilyPreservation, "FAMPRES"),
    (ServiceType::Health, "HEALTH"),
    (ServiceType::HomeBased, "HOMEBASE"),
    (ServiceType::Housing, "HOUSING"),
    (ServiceType::IndependentLiving, "TRANSLIV"),
    (ServiceType::InformationAndReferral, "INFOREF"),
    (ServiceType::Legal, "LEGAL"),
    (ServiceType::MentalHealth, "MENTHLTH"),
    (ServiceType::PregnantOrParentingTeens, "PREGPAR"),
    (ServiceType::Respite, "RESPITE"),
    (ServiceType::SpecialServicesDisabled, "SSDISABL"),
    (ServiceType::SpecialServicesJuvenileDelinquent, "SSDELINQ"),
    (ServiceType::SubstanceAbuse, "SUBABUSE"),
    (ServiceType::Transportation, "TRANSPRT"),
    (ServiceType::Other, "OTHERSV"),
];

pub(super) struct PerpetratorFields {
    pub(super) id: &'static str,
    pub(super) relationship: &'static str,
    pub(super) parent: &'static str,
    pub(super) age: &'static str,
    pub(super) sex: &'static str,
    pub(super) race: [&'static str; 6],
    pub(super) ethnicity: &'static str,
    pub(super) maltreatments: [&'static str; 4],
}

macro_rules! perpetrator_fields {
    ($n:literal) => {
        PerpetratorFields {
            id: concat!("PER", $n, "ID"),
            relationship: concat!("PER", $n, "REL"),
            parent: concat!("PER", $n, "PRNT"),
            age: concat!("PER", $n, "AGE"),
            sex: concat!("PER", $n, "SEX"),
            race: [
                concat!("P", $n, "RACAI"),
                concat!("P", $n, "RACAS"),
                concat!("P", $n, "RACBL"),
                concat!("P", $n, "RACNH"),
                concat!("P", $n, "RACWH"),
                concat!("P", $n, "RACUD"),
            ],
            ethnicity: concat!("PER", $n, "ETHN"),
            maltreatments: [
                concat!("PER", $n, "MAL1"),
                concat!("PER", $n, "MAL2"),
                concat!("PER", $n, "MAL3"),
                concat!("PER", $n, "MAL4"),
            ],
        }
    };
}

pub(super) const PERPETRATOR_FIELDS: [PerpetratorFields; 3] = [
    perpetrator_fields!(1),
    perpetrator_fields!(2),
    perpetrator_fields!(3),
];

/// The layout names the risk-factor fields in capitals; the domain in codebook case.
pub(super) fn field_name(codebook: &'static str) -> &'static str {
    layout::CHILD_FILE
        .iter()
        .map(|(name, _)| *name)
        .find(|name| name.eq_ignore_ascii_case(codebook))
        .unwrap_or(codebook)
}

pub(super) fn yes_no(applies: bool) -> &'static str {
    if applies {
        "1"
    } else {
        "2"
    }
}

/// mmddyyyy.
pub(super) fn date(date: NaiveDate) -> String {
    date.format("%m%d%Y").to_string()
}

/// hhmm, 24-hour.
pub(super) fn clock(time: NaiveTime) -> String {
    time.format("%H%M").to_string()
}

/// An encrypted identifier: 1 to 12 letters or digits.
pub(super) fn identifier(field: &'static str, id: &str) -> Result<String, Error> {
    if id.is_empty() || id.len() > 12 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::ReportInput {
            field,
            reason: "an identifier is 1 to 12 letters or digits",
        });
    }
    Ok(id.to_owned())
}
