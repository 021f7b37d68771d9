//! The Title IV-E foster care eligibility criteria (Social Security Act section 472(a);
//! 45 CFR 1356.21 and 1356.71) and the outcome they imply.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// Whether one criterion is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Met,
    NotMet,
}

/// How the child came into care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalAuthority {
    /// A court order with a "contrary to the welfare" finding in the first order.
    CourtOrderContraryToWelfare,
    /// A voluntary placement agreement (SSA 472(a)(2)(A)(i)).
    VoluntaryPlacementAgreement,
    /// Neither: the removal cannot support IV-E eligibility.
    NoQualifyingAuthority,
}

/// The facts a determination rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityCriteria {
    pub removal_authority: RemovalAuthority,
    /// For a court-ordered removal, a judicial finding of reasonable efforts to prevent
    /// removal within 60 days (45 CFR 1356.21(b)(1)). Not asked for a voluntary placement.
    pub reasonable_efforts_finding: Criterion,
    /// The removal home met the AFDC rules of 16 July 1996 (SSA 472(a)(3)).
    pub afdc_relatedness: Criterion,
    /// The agency has placement and care responsibility (SSA 472(a)(2)(B)).
    pub placement_and_care_responsibility: Criterion,
    /// Under 18, or under the state's extended age limit.
    pub age: Criterion,
    /// A citizen or qualified alien.
    pub citizenship_or_qualified_alien: Criterion,
}

/// A criterion that was not met, named for the determination record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmetCriterion {
    RemovalAuthority,
    ReasonableEffortsFinding,
    AfdcRelatedness,
    PlacementAndCareResponsibility,
    Age,
    CitizenshipOrQualifiedAlien,
}

/// The outcome of a determination, derived from the criteria, never entered separately,
/// so an "eligible" outcome with an unmet criterion cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityOutcome {
    Eligible,
    NotEligible { unmet: BTreeSet<UnmetCriterion> },
}

impl EligibilityCriteria {
    /// Applies the criteria.
    pub fn outcome(&self) -> EligibilityOutcome {
        let mut unmet = BTreeSet::new();
        let judicial = match self.removal_authority {
            RemovalAuthority::CourtOrderContraryToWelfare => true,
            RemovalAuthority::VoluntaryPlacementAgreement => false,
            RemovalAuthority::NoQualifyingAuthority => {
                unmet.insert(UnmetCriterion::RemovalAuthority);
                false
            }
        };
        let checks = [
            (
                judicial.then_some(self.reasonable_efforts_finding),
                UnmetCriterion::ReasonableEffortsFinding,
            ),
            (Some(self.afdc_relatedness), UnmetCriterion::AfdcRelatedness),
            (
                Some(self.placement_and_care_responsibility),
                UnmetCriterion::PlacementAndCareResponsibility,
            ),
            (Some(self.age), UnmetCriterion::Age),
            (
                Some(self.citizenship_or_qualified_alien),
                UnmetCriterion::CitizenshipOrQualifiedAlien,
            ),
        ];
        for (criterion, name) in checks {
            if criterion == Some(Criterion::NotMet) {
                unmet.insert(name);
            }
        }
        match unmet.is_empty() {
            true => EligibilityOutcome::Eligible,
            false => EligibilityOutcome::NotEligible { unmet },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_met() -> EligibilityCriteria {
        EligibilityCriteria {
            removal_authority: RemovalAuthority::CourtOrderContraryToWelfare,
            reasonable_efforts_finding: Criterion::Met,
            afdc_relatedness: Criterion::Met,
            placement_and_care_responsibility: Criterion::Met,
            age: Criterion::Met,
            citizenship_or_qualified_alien: Criterion::Met,
        }
    }

    #[test]
    fn all_criteria_met_is_eligible() {
        assert_eq!(all_met().outcome(), EligibilityOutcome::Eligible);
    }

    #[test]
    fn a_voluntary_placement_needs_no_reasonable_efforts_finding() {
        let criteria = EligibilityCriteria {
            removal_authority: RemovalAuthority::VoluntaryPlacementAgreement,
            reasonable_efforts_finding: Criterion::NotMet,
            ..all_met()
        };
        assert_eq!(criteria.outcome(), EligibilityOutcome::Eligible);
    }

    #[test]
    fn every_unmet_criterion_is_named() {
        let criteria = EligibilityCriteria {
            removal_authority: RemovalAuthority::NoQualifyingAuthority,
            afdc_relatedness: Criterion::NotMet,
            ..all_met()
        };
        assert_eq!(
            criteria.outcome(),
            EligibilityOutcome::NotEligible {
                unmet: BTreeSet::from([
                    UnmetCriterion::RemovalAuthority,
                    UnmetCriterion::AfdcRelatedness
                ])
            }
        );
    }
}
