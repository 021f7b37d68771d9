//! Commands on a child's Title IV-E eligibility record.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::criteria::EligibilityCriteria;
use crate::PersonId;

/// A command on a child's eligibility stream. Each removal episode has its own initial
/// determination and later re-determinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum EligibilityCommand {
    /// `occurred_on` is the determination date.
    DetermineEligibility {
        child: PersonId,
        removal_date: NaiveDate,
        criteria: EligibilityCriteria,
        occurred_on: NaiveDate,
    },
    RedetermineEligibility {
        removal_date: NaiveDate,
        criteria: EligibilityCriteria,
        occurred_on: NaiveDate,
    },
}
