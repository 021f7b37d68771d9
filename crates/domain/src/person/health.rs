//! Health assessment and diagnosed conditions: AFCARS 2020 E22–E34
//! (45 CFR 1355.44(b)(9)–(10)).
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The eleven conditions AFCARS asks about (E24–E34), in element order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    IntellectualDisability,
    AutismSpectrumDisorder,
    VisualImpairment,
    HearingImpairment,
    OrthopedicImpairment,
    MentalOrEmotionalDisorder,
    AttentionDeficitHyperactivityDisorder,
    SeriousMentalDisorder,
    DevelopmentalDelay,
    DevelopmentalDisability,
    OtherDiagnosedCondition,
}

impl Condition {
    /// All eleven, in element order.
    pub const ALL: [Condition; 11] = [
        Condition::IntellectualDisability,
        Condition::AutismSpectrumDisorder,
        Condition::VisualImpairment,
        Condition::HearingImpairment,
        Condition::OrthopedicImpairment,
        Condition::MentalOrEmotionalDisorder,
        Condition::AttentionDeficitHyperactivityDisorder,
        Condition::SeriousMentalDisorder,
        Condition::DevelopmentalDelay,
        Condition::DevelopmentalDisability,
        Condition::OtherDiagnosedCondition,
    ];

    /// The AFCARS 2020 element number, E24 to E34.
    pub fn afcars_element(&self) -> u8 {
        let index = Condition::ALL.iter().position(|c| c == self).unwrap_or(0);
        24 + index as u8
    }
}

/// Whether a diagnosed condition is current or was diagnosed in the past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionPresence {
    Existing,
    Previous,
}

/// A condition's AFCARS value (E24–E34): existing, previous, or does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionStatus {
    Existing,
    Previous,
    DoesNotApply,
}

impl ConditionStatus {
    /// Code in the order of 45 CFR 1355.44(b)(10)(ii): existing 1, previous 2, does not
    /// apply 0 (unverified numeric assignment).
    pub fn afcars_code(&self) -> u8 {
        match self {
            ConditionStatus::Existing => 1,
            ConditionStatus::Previous => 2,
            ConditionStatus::DoesNotApply => 0,
        }
    }
}

/// E23: whether a qualified professional diagnosed any of the eleven conditions. The
/// condition list exists only under `HasDiagnosedCondition`, so a child with "no exam"
/// can never carry condition flags; a condition absent from the map does not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DiagnosisStatus {
    /// At least one condition, existing or previous; never empty once accepted.
    HasDiagnosedCondition {
        conditions: BTreeMap<Condition, ConditionPresence>,
    },
    NoExamOrAssessment,
    ExamFoundNoCondition,
    ExamResultsNotReceived,
}

impl DiagnosisStatus {
    /// AFCARS E23 code, in CFR option order (1 has a diagnosis, 2 no exam, 3 none apply,
    /// 4 results not received; unverified numeric assignment).
    pub fn afcars_code(&self) -> u8 {
        match self {
            DiagnosisStatus::HasDiagnosedCondition { .. } => 1,
            DiagnosisStatus::NoExamOrAssessment => 2,
            DiagnosisStatus::ExamFoundNoCondition => 3,
            DiagnosisStatus::ExamResultsNotReceived => 4,
        }
    }

    /// A condition's E24–E34 value, or `None` when E23 says no diagnosis was made and the
    /// condition elements are left blank.
    pub fn condition_status(&self, condition: Condition) -> Option<ConditionStatus> {
        let DiagnosisStatus::HasDiagnosedCondition { conditions } = self else {
            return None;
        };
        Some(match conditions.get(&condition) {
            Some(ConditionPresence::Existing) => ConditionStatus::Existing,
            Some(ConditionPresence::Previous) => ConditionStatus::Previous,
            None => ConditionStatus::DoesNotApply,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_map_to_e24_through_e34() {
        assert_eq!(Condition::IntellectualDisability.afcars_element(), 24);
        assert_eq!(Condition::DevelopmentalDelay.afcars_element(), 32);
        assert_eq!(Condition::OtherDiagnosedCondition.afcars_element(), 34);
    }

    #[test]
    fn unlisted_conditions_do_not_apply_and_no_exam_leaves_them_blank() {
        let status = DiagnosisStatus::HasDiagnosedCondition {
            conditions: BTreeMap::from([(
                Condition::HearingImpairment,
                ConditionPresence::Previous,
            )]),
        };
        assert_eq!(
            status.condition_status(Condition::HearingImpairment),
            Some(ConditionStatus::Previous)
        );
        assert_eq!(
            status.condition_status(Condition::VisualImpairment),
            Some(ConditionStatus::DoesNotApply)
        );
        assert_eq!(
            DiagnosisStatus::NoExamOrAssessment.condition_status(Condition::VisualImpairment),
            None
        );
    }
}
