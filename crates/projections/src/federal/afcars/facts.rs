//! What the AFCARS files say about a child: plain values the gather fills from the log
//! and the tests build by hand. Every part the log may lack is an `Option`, because a
//! missing value is written blank, never as "unknown" (1355.43(d)).
use chrono::NaiveDate;
use kinlog_domain::case::codes::{
    AssistanceAgreementType, CaseworkerVisitLocation, ExitReason, PermanencyPlan,
    RemovalCircumstance, RemovalEnvironment,
};
use kinlog_domain::case::{PlacementLocation, PlacementSetting};
use kinlog_domain::person::YesNo;
use std::collections::BTreeSet;

use crate::federal::Demographics;
use crate::federal::ReportPeriod;

/// The state the files are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// E1 / A1, 1355.44(a)(1): the title IV-E agency's state FIPS code.
    pub state_fips: u8,
    pub period: ReportPeriod,
}

/// One child of the out-of-home care file, with every removal episode (full history,
/// 1355.43(b)(2)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OohChild {
    /// E4, 1355.44(a)(4): stable, encrypted, never the internal id.
    pub record_number: String,
    pub demographics: Demographics,
    /// E7, 1355.44(b)(3): whether the agency inquired about ICWA.
    pub icwa_inquired: Option<YesNo>,
    /// E8, 1355.44(b)(4): tribal membership; `None` when unknown or not recorded.
    pub tribal_member: Option<bool>,
    /// In removal-date order.
    pub removals: Vec<Removal>,
}

/// One removal episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    /// E69, 1355.44(d)(1).
    pub removed_on: NaiveDate,
    /// E70, 1355.44(d)(2): the date the removal was recorded, stamped by the system (or
    /// by the legacy system the record was converted from).
    pub transaction_on: NaiveDate,
    /// E3, 1355.44(a)(3): the county's five-digit FIPS code.
    pub local_agency: Option<u32>,
    /// E71, 1355.44(d)(3).
    pub environment: RemovalEnvironment,
    /// E72–E105, 1355.44(d)(4).
    pub circumstances: BTreeSet<RemovalCircumstance>,
    /// E112–E122, 1355.44(e), in date order.
    pub living_arrangements: Vec<LivingArrangement>,
    /// E147–E148, 1355.44(f)(1)–(2).
    pub plans: Vec<(NaiveDate, PermanencyPlan)>,
    /// E149, 1355.44(f)(3).
    pub reviews: Vec<NaiveDate>,
    /// E150, 1355.44(f)(4).
    pub hearings: Vec<NaiveDate>,
    /// E151–E152, 1355.44(f)(5)–(6).
    pub visits: Vec<(NaiveDate, CaseworkerVisitLocation)>,
    pub exit: Option<Exit>,
}

/// A living arrangement: a placement, or an absence (runaway, whereabouts unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivingArrangement {
    /// E112.
    pub started_on: NaiveDate,
    /// E113–E120.
    pub setting: PlacementSetting,
    /// E121–E122.
    pub location: PlacementLocation,
}

/// How an episode ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    /// E153, 1355.44(g)(1).
    pub exited_on: NaiveDate,
    /// E154, 1355.44(g)(2): system-stamped like E70.
    pub transaction_on: NaiveDate,
    /// E155–E156, 1355.44(g)(3)–(4).
    pub reason: ExitReason,
    /// E185, 1355.44(h)(13): the assistance agreement of an adoption or guardianship.
    pub agreement: Option<AssistanceAgreementType>,
}

/// One child of the adoption and guardianship assistance file (1355.45).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssistedChild {
    /// A3: the same number as the child's E4.
    pub record_number: String,
    pub demographics: Demographics,
    /// A15.
    pub agreement_type: AssistanceAgreementType,
    /// A16: the monthly subsidy, in cents.
    pub monthly_amount_cents: i64,
    /// A17: the adoption's finalization or the guardianship's legalization.
    pub finalized_on: Option<NaiveDate>,
    /// A18: when the agreement ended, if it did.
    pub ended_on: Option<NaiveDate>,
}

/// Both files' children for a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AfcarsInputs {
    pub ooh: Vec<OohChild>,
    pub assistance: Vec<AssistedChild>,
}
