//! The independent-living services NYTD counts (45 CFR 1356.83(g)(20)–(33)).
use serde::{Deserialize, Serialize};

/// One independent-living service category, NYTD elements 20–33.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndependentLivingService {
    IndependentLivingNeedsAssessment,
    AcademicSupport,
    PostSecondaryEducationalSupport,
    CareerPreparation,
    EmploymentProgramsOrVocationalTraining,
    BudgetAndFinancialManagement,
    HousingEducationAndHomeManagementTraining,
    HealthEducationAndRiskPrevention,
    FamilySupportAndHealthyMarriageEducation,
    Mentoring,
    SupervisedIndependentLiving,
    RoomAndBoardFinancialAssistance,
    EducationFinancialAssistance,
    OtherFinancialAssistance,
}

impl IndependentLivingService {
    /// All fourteen, in element order.
    pub const ALL: [IndependentLivingService; 14] = [
        IndependentLivingService::IndependentLivingNeedsAssessment,
        IndependentLivingService::AcademicSupport,
        IndependentLivingService::PostSecondaryEducationalSupport,
        IndependentLivingService::CareerPreparation,
        IndependentLivingService::EmploymentProgramsOrVocationalTraining,
        IndependentLivingService::BudgetAndFinancialManagement,
        IndependentLivingService::HousingEducationAndHomeManagementTraining,
        IndependentLivingService::HealthEducationAndRiskPrevention,
        IndependentLivingService::FamilySupportAndHealthyMarriageEducation,
        IndependentLivingService::Mentoring,
        IndependentLivingService::SupervisedIndependentLiving,
        IndependentLivingService::RoomAndBoardFinancialAssistance,
        IndependentLivingService::EducationFinancialAssistance,
        IndependentLivingService::OtherFinancialAssistance,
    ];

    /// The NYTD element number, 20 to 33.
    pub fn nytd_element(&self) -> u8 {
        let index = Self::ALL.iter().position(|s| s == self).unwrap_or(0);
        20 + index as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_are_elements_20_to_33() {
        let elements: Vec<u8> = IndependentLivingService::ALL
            .iter()
            .map(|s| s.nytd_element())
            .collect();
        assert_eq!(elements, (20..=33).collect::<Vec<u8>>());
    }
}
