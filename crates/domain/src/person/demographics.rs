//! Date of birth, sex, race and Hispanic ethnicity as AFCARS (45 CFR 1355.44(b)(1), (2),
//! (7), (8)), NCANDS (ChSex, race flags, CEthn) and NYTD (elements 4–13) need them.
//!
//! "Missing" is never a value here: a person whose race was never asked has no race
//! recorded (`None` in the state), which is different from `Race::Abandoned` or
//! `Race::Declined`, and a report must leave that element blank, not say "unknown".
use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A date of birth. AFCARS asks for an estimate when a child was abandoned and the real
/// date is not known (45 CFR 1355.44(b)(1)); the estimate is kept distinct so reports and
/// age calculations can say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOfBirth {
    /// Known from a birth certificate or another reliable source.
    Known(NaiveDate),
    /// Estimated, e.g. for an abandoned infant.
    Estimated(NaiveDate),
}

impl DateOfBirth {
    /// The calendar date, known or estimated.
    pub fn date(&self) -> NaiveDate {
        match self {
            DateOfBirth::Known(date) | DateOfBirth::Estimated(date) => *date,
        }
    }

    /// Whether the date is an estimate.
    pub fn is_estimated(&self) -> bool {
        matches!(self, DateOfBirth::Estimated(_))
    }
}

/// Sex as AFCARS E6, NCANDS ChSex and NYTD element 5 record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// AFCARS E6 value: 1 male, 2 female (the order of 45 CFR 1355.44(b)(2); unverified
    /// against an ACF XSD, which has not been published).
    pub fn afcars_code(&self) -> u8 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }

    /// NCANDS ChSex: 1 male, 2 female.
    pub fn ncands_code(&self) -> u8 {
        self.afcars_code()
    }

    /// NYTD element 5, as the NYTD XML writes it.
    pub fn nytd_value(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// One answer to the race question. `Unknown` may sit beside known categories: AFCARS
/// E18 means "the race, or at least one race, of the child is unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceCategory {
    AmericanIndianOrAlaskaNative,
    Asian,
    BlackOrAfricanAmerican,
    NativeHawaiianOrOtherPacificIslander,
    White,
    Unknown,
}

impl RaceCategory {
    /// Every category, in federal element order (AFCARS E13–E18).
    pub const ALL: [RaceCategory; 6] = [
        RaceCategory::AmericanIndianOrAlaskaNative,
        RaceCategory::Asian,
        RaceCategory::BlackOrAfricanAmerican,
        RaceCategory::NativeHawaiianOrOtherPacificIslander,
        RaceCategory::White,
        RaceCategory::Unknown,
    ];

    /// The AFCARS 2020 element that flags this category.
    pub fn afcars_element(&self) -> &'static str {
        match self {
            RaceCategory::AmericanIndianOrAlaskaNative => "E13",
            RaceCategory::Asian => "E14",
            RaceCategory::BlackOrAfricanAmerican => "E15",
            RaceCategory::NativeHawaiianOrOtherPacificIslander => "E16",
            RaceCategory::White => "E17",
            RaceCategory::Unknown => "E18",
        }
    }

    /// The NYTD element (45 CFR 1356.83(g)(6)–(11)) that flags this category.
    pub fn nytd_element(&self) -> u8 {
        match self {
            RaceCategory::AmericanIndianOrAlaskaNative => 6,
            RaceCategory::Asian => 7,
            RaceCategory::BlackOrAfricanAmerican => 8,
            RaceCategory::NativeHawaiianOrOtherPacificIslander => 9,
            RaceCategory::White => 10,
            RaceCategory::Unknown => 11,
        }
    }
}

/// A person's race. Abandoned and declined exclude every other answer (AFCARS E19, E20
/// are exclusive); otherwise one or more categories apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Race {
    /// One or more categories; never empty once accepted by `decide`.
    Reported(BTreeSet<RaceCategory>),
    /// The child was abandoned and the race cannot be known (AFCARS E19).
    Abandoned,
    /// The child or parent declined to say (AFCARS E20; NYTD element 12).
    Declined,
}

impl Race {
    /// AFCARS E13–E20 as (element, applies) pairs, in element order.
    pub fn afcars_flags(&self) -> [(&'static str, bool); 8] {
        let has = |category| matches!(self, Race::Reported(set) if set.contains(&category));
        let mut flags = [("", false); 8];
        for (slot, category) in flags.iter_mut().zip(RaceCategory::ALL) {
            *slot = (category.afcars_element(), has(category));
        }
        flags[6] = ("E19", matches!(self, Race::Abandoned));
        flags[7] = ("E20", matches!(self, Race::Declined));
        flags
    }

    /// NYTD elements 6–12 as (element, applies). NYTD has no "abandoned" flag; an abandoned
    /// youth's race is unknown to the agency, so it is reported under element 11.
    pub fn nytd_flags(&self) -> [(u8, bool); 7] {
        let has = |category| match self {
            Race::Reported(set) => set.contains(&category),
            Race::Abandoned => category == RaceCategory::Unknown,
            Race::Declined => false,
        };
        let mut flags = [(0, false); 7];
        for (slot, category) in flags.iter_mut().zip(RaceCategory::ALL) {
            *slot = (category.nytd_element(), has(category));
        }
        flags[6] = (12, matches!(self, Race::Declined));
        flags
    }
}

/// Hispanic or Latino ethnicity (AFCARS E21, NCANDS CEthn, NYTD element 13). Unknown,
/// abandoned and declined are answers; "not asked" is the absence of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HispanicEthnicity {
    Yes,
    No,
    Unknown,
    Abandoned,
    Declined,
}

impl HispanicEthnicity {
    /// AFCARS E21 code: yes 1, no 0, unknown 2, abandoned 3, declined 4, following the
    /// option order of 45 CFR 1355.44(b)(8). The federal-reports notes mark the numeric
    /// assignment as unconfirmed; check it against ACF's XSD before the first submission.
    pub fn afcars_code(&self) -> u8 {
        match self {
            HispanicEthnicity::No => 0,
            HispanicEthnicity::Yes => 1,
            HispanicEthnicity::Unknown => 2,
            HispanicEthnicity::Abandoned => 3,
            HispanicEthnicity::Declined => 4,
        }
    }

    /// NYTD element 13 (yes / no / unknown / declined). Abandonment means the agency does
    /// not know, so it is reported as unknown.
    pub fn nytd_value(&self) -> &'static str {
        match self {
            HispanicEthnicity::Yes => "yes",
            HispanicEthnicity::No => "no",
            HispanicEthnicity::Unknown | HispanicEthnicity::Abandoned => "unknown",
            HispanicEthnicity::Declined => "declined",
        }
    }
}

/// A yes-or-no answer to a federal element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    /// The AFCARS XML code: yes 1, no 0.
    pub fn afcars_code(&self) -> u8 {
        match self {
            YesNo::Yes => 1,
            YesNo::No => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abandoned_race_sets_only_the_abandoned_flag() {
        let flags = Race::Abandoned.afcars_flags();
        let set: Vec<_> = flags
            .iter()
            .filter(|(_, on)| *on)
            .map(|(e, _)| *e)
            .collect();
        assert_eq!(set, vec!["E19"]);
    }

    #[test]
    fn unknown_can_stand_beside_a_known_race() {
        let race = Race::Reported(BTreeSet::from([RaceCategory::White, RaceCategory::Unknown]));
        let set: Vec<_> = race
            .afcars_flags()
            .iter()
            .filter(|(_, on)| *on)
            .map(|(e, _)| *e)
            .collect();
        assert_eq!(set, vec!["E17", "E18"]);
    }

    #[test]
    fn nytd_reports_an_abandoned_youth_as_race_unknown() {
        let on: Vec<_> = Race::Abandoned
            .nytd_flags()
            .iter()
            .filter(|(_, on)| *on)
            .map(|(e, _)| *e)
            .collect();
        assert_eq!(on, vec![11]);
        assert_eq!(HispanicEthnicity::Abandoned.nytd_value(), "unknown");
        assert_eq!(HispanicEthnicity::Declined.nytd_value(), "declined");
    }
}
