//! CFSR Round 4 statewide data indicators over a chosen window: permanency in 12 months
//! for entries (P1), for children in care 12–23 months (P2) and 24 months or more (P3),
//! re-entry (P4), placement stability (P5), maltreatment in care (S1) and recurrence of
//! maltreatment (S2). Each gives its numerator, denominator, observed value and the
//! children or episodes each exclusion of the definition removed.
//!
//! Sources checked (see `docs/federal-reports-checked.md`): the Berkeley CCWIP
//! methodology pages for P1, P3, P4 (3p4), P5, S1 and S2, which restate the Children's
//! Bureau definitions (79 FR 61241, 10 Oct 2014, and the Round 4 technical bulletin).
//! The window is the 12-month period of the definitions; follow-up (12 months after
//! entry, discharge, day one or the first report) runs past its end.
mod facts;
mod permanency;
mod rate;
mod safety;
mod stability;
#[cfg(test)]
mod tests;

pub use facts::{ChildInCare, Episode, Exit, PlacementStart, Victimization, Window};
pub use rate::{Indicator, IndicatorValue, Rate};

use crate::Error;

/// The Round 4 exclusions, as each definition names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Exclusion {
    /// The episode lasted fewer than 8 days (P1, P4, P5, S1).
    InCareUnder8Days,
    /// The child entered care at 18 or older (P1, P4, P5).
    EnteredAt18OrOlder,
    /// The child was 18 or older on the first day of the period (P2, P3).
    Aged18OnFirstDay,
    /// The child left care at 18 or older (P4).
    ExitedAt18OrOlder,
    /// A second or later entry of a child in the period: only the first counts (P1, P4).
    NotFirstEntry,
    /// The child was 18 or older at the report (S2).
    VictimAged18OrOlder,
    /// A victimization reported in the first 7 days of the episode (S1).
    ReportedInFirst7Days,
}

/// Computes every indicator over `window` from the children's episodes and the
/// substantiated or indicated victimizations.
pub fn indicators(
    children: &[ChildInCare],
    victimizations: &[Victimization],
    window: Window,
) -> Result<Vec<IndicatorValue>, Error> {
    window.check()?;
    Ok(vec![
        permanency::entries(children, window),
        permanency::in_care_on_first_day(children, window, Indicator::P2PermanencyIn12To23Months),
        permanency::in_care_on_first_day(children, window, Indicator::P3PermanencyIn24MonthsOrMore),
        permanency::reentry(children, window),
        stability::placement_moves(children, window),
        safety::maltreatment_in_care(children, victimizations, window),
        safety::recurrence(victimizations, window),
    ])
}
