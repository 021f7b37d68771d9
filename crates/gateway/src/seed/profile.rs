//! The sizes of a synthetic population, from published national magnitudes.
//!
//! National yearly magnitudes (Child Maltreatment 2022, AFCARS FY2022 report #30): about
//! 4.4M referrals, 48% screened in, 3.1M children in investigated reports, 550k–600k
//! victims, about 200k entries to foster care and 190k–200k exits, 370k–400k children in
//! care on a day, about 50k adoptions. A profile is that nation scaled down and split
//! over counties of unequal size.
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

/// Which population to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// A demo: two counties, a few thousand commands, seconds to load.
    Small,
    /// An Ohio-sized state: 88 counties, about 15–16k children in care.
    State,
    /// The nation: about 3,100 counties.
    National,
}

impl Profile {
    pub fn name(self) -> &'static str {
        match self {
            Profile::Small => "small",
            Profile::State => "state",
            Profile::National => "national",
        }
    }

    /// Counties (each a PCSA with its staff and foster homes).
    pub fn counties(self) -> u32 {
        match self {
            Profile::Small => 2,
            Profile::State => 88,
            Profile::National => 3_143,
        }
    }

    /// The share of the nation, in millionths: Ohio holds about 15.5k of the nation's
    /// 390k children in care.
    fn scale_millionths(self) -> u64 {
        match self {
            Profile::Small => 100,
            Profile::State => 39_700,
            Profile::National => 1_000_000,
        }
    }

    /// Yearly magnitudes of the whole profile.
    pub fn magnitudes(self) -> Magnitudes {
        let scale = |national: u64| national * self.scale_millionths() / 1_000_000;
        Magnitudes {
            referrals_per_year: scale(NATIONAL_REFERRALS_PER_YEAR),
            entries_per_year: scale(NATIONAL_ENTRIES_PER_YEAR),
        }
    }

    /// County `index`'s share of the profile, between 0 and 1. County sizes follow a
    /// Zipf-like law (weight 1/(rank+1)^0.8): a few urban counties hold most cases, as
    /// in Ohio, where Cuyahoga and Franklin carry about a quarter of the children in care.
    pub fn county_share(self, index: u32) -> f64 {
        let weight = |rank: u32| 1.0 / f64::from(rank + 1).powf(0.8);
        let total: f64 = (0..self.counties()).map(weight).sum();
        weight(index) / total
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "small" => Ok(Profile::Small),
            "state" => Ok(Profile::State),
            "national" => Ok(Profile::National),
            other => Err(format!(
                "unknown profile {other:?}: expected small, state or national"
            )),
        }
    }
}

/// The yearly flows a profile is generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Magnitudes {
    pub referrals_per_year: u64,
    pub entries_per_year: u64,
}

pub(crate) const NATIONAL_REFERRALS_PER_YEAR: u64 = 4_400_000;
pub(crate) const NATIONAL_ENTRIES_PER_YEAR: u64 = 200_000;
/// Screened-in referrals per thousand (about 2.1M of 4.4M).
pub(crate) const SCREENED_IN_PER_MILLE: u64 = 480;
/// Children named in a screened-in report: 1 (60%), 2 (32%), 3 (8%): 1.48 on average, so
/// 2.1M reports name about 3.1M children.
pub(crate) const CHILDREN_PER_REPORT: [(u64, usize); 3] = [(60, 1), (32, 2), (8, 3)];
/// Investigated children found victims, per thousand (about 600k of 3.1M).
pub(crate) const VICTIM_PER_MILLE: u64 = 194;
/// The mean stay in care in days. By Little's law the children in care on a day are the
/// yearly entries times the mean stay in years: 200k × 1.95 = 390k.
pub(crate) const MEAN_STAY_DAYS: f64 = 712.0;

/// The synthetic history is the three federal fiscal years FFY2024–FFY2026, ending on this
/// day whatever the seed or the wall clock, so the same seed always gives the same events.
/// Children already in care when it starts are generated too (removed before it), so the
/// number in care is at its steady state throughout.
pub const REFERENCE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 9, 30) {
    Some(date) => date,
    None => panic!("the reference date is a valid date"),
};
/// The first day of the synthetic history.
pub const HISTORY_START: NaiveDate = match NaiveDate::from_ymd_opt(2023, 10, 1) {
    Some(date) => date,
    None => panic!("the history start is a valid date"),
};
/// Years in the synthetic history.
pub(crate) const HISTORY_YEARS: u64 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn county_shares_add_up_to_the_whole_and_shrink_with_rank() {
        for profile in [Profile::Small, Profile::State, Profile::National] {
            let total: f64 = (0..profile.counties())
                .map(|i| profile.county_share(i))
                .sum();
            assert!((total - 1.0).abs() < 1e-9, "{profile}: {total}");
            assert!(profile.county_share(0) > profile.county_share(1));
        }
    }

    #[test]
    fn the_state_is_ohio_sized() {
        let state = Profile::State.magnitudes();
        let in_care = state.entries_per_year as f64 * MEAN_STAY_DAYS / 365.25;
        assert!((15_000.0..16_000.0).contains(&in_care), "{in_care}");
    }
}
