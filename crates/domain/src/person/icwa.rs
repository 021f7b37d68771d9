//! Indian Child Welfare Act facts: AFCARS 2020 E7–E12 (45 CFR 1355.44(b)(3)–(6)).
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::demographics::YesNo;

/// A federally recognized tribe, named as in the BIA list (the tribe's name is public
/// information, not personal data).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TribeName(pub String);

/// Whether the child is a member of, or eligible for membership in, a federally
/// recognized tribe (E8), and which tribes (E9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TribalMembership {
    /// A member or eligible; at least one tribe is named.
    MemberOrEligible {
        tribes: BTreeSet<TribeName>,
    },
    NotMember,
    Unknown,
}

impl TribalMembership {
    /// AFCARS E8 code: yes 1, no 0, unknown 9 (AXE).
    pub fn afcars_code(&self) -> u8 {
        match self {
            TribalMembership::MemberOrEligible { .. } => 1,
            TribalMembership::NotMember => 0,
            TribalMembership::Unknown => 9,
        }
    }
}

/// Whether ICWA applies (E10) and, when it does, the date the tribe was notified (E11)
/// and whether legal notice was sent (E12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum IcwaApplicability {
    Applies {
        /// When the state notified the tribe; `None` until it has.
        tribe_notified_on: Option<NaiveDate>,
        legal_notice_sent: YesNo,
    },
    DoesNotApply,
    Unknown,
}

impl IcwaApplicability {
    /// AFCARS E10 code: yes 1, no 0, unknown 9.
    pub fn afcars_code(&self) -> u8 {
        match self {
            IcwaApplicability::Applies { .. } => 1,
            IcwaApplicability::DoesNotApply => 0,
            IcwaApplicability::Unknown => 9,
        }
    }
}
