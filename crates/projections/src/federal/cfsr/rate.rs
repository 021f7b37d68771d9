//! Indicator values as integer counts; the observed value is computed in integer
//! hundredths so no count ever passes through floating point.
use std::collections::BTreeMap;
use std::fmt;

use super::Exclusion;

/// The seven Round 4 statewide data indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Indicator {
    P1PermanencyIn12MonthsForEntries,
    P2PermanencyIn12To23Months,
    P3PermanencyIn24MonthsOrMore,
    P4ReentryIn12Months,
    P5PlacementStability,
    S1MaltreatmentInCare,
    S2RecurrenceOfMaltreatment,
}

impl Indicator {
    /// The short code the Children's Bureau data profiles use.
    pub fn code(self) -> &'static str {
        match self {
            Indicator::P1PermanencyIn12MonthsForEntries => "P1",
            Indicator::P2PermanencyIn12To23Months => "P2",
            Indicator::P3PermanencyIn24MonthsOrMore => "P3",
            Indicator::P4ReentryIn12Months => "P4",
            Indicator::P5PlacementStability => "P5",
            Indicator::S1MaltreatmentInCare => "S1",
            Indicator::S2RecurrenceOfMaltreatment => "S2",
        }
    }

    /// What the observed value is counted per: a percentage, or moves per 1,000 days
    /// and victimizations per 100,000 days in care.
    pub fn per(self) -> u64 {
        match self {
            Indicator::P5PlacementStability => 1_000,
            Indicator::S1MaltreatmentInCare => 100_000,
            _ => 100,
        }
    }
}

/// One indicator's counts.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IndicatorValue {
    /// Which indicator.
    pub indicator: Indicator,
    /// Children (P1–P4, S2), moves (P5) or victimizations (S1).
    pub numerator: u64,
    /// Children (P1–P4, S2) or days in care (P5, S1).
    pub denominator: u64,
    /// How many children or episodes each exclusion removed.
    pub excluded: BTreeMap<Exclusion, u64>,
}

impl IndicatorValue {
    pub(crate) fn new(indicator: Indicator) -> Self {
        IndicatorValue {
            indicator,
            numerator: 0,
            denominator: 0,
            excluded: BTreeMap::new(),
        }
    }

    pub(crate) fn exclude(&mut self, exclusion: Exclusion) {
        *self.excluded.entry(exclusion).or_insert(0) += 1;
    }

    /// How many the exclusion removed.
    pub fn excluded_by(&self, exclusion: Exclusion) -> u64 {
        self.excluded.get(&exclusion).copied().unwrap_or(0)
    }

    /// The observed value, or `None` for an empty denominator.
    pub fn observed(&self) -> Option<Rate> {
        if self.denominator == 0 {
            return None;
        }
        let scaled = u128::from(self.numerator) * u128::from(self.indicator.per()) * 100;
        let denominator = u128::from(self.denominator);
        // Round half up to hundredths.
        let hundredths = (scaled * 2 + denominator) / (denominator * 2);
        Some(Rate {
            hundredths,
            per: self.indicator.per(),
        })
    }
}

/// An observed value in hundredths of its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The value times 100: 3520 is 35.20.
    pub hundredths: u128,
    /// 100 for a percentage, else the number of days the rate is per.
    pub per: u64,
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.hundredths / 100;
        let fraction = self.hundredths % 100;
        match self.per {
            100 => write!(f, "{whole}.{fraction:02}%"),
            per => write!(f, "{whole}.{fraction:02} per {per} days"),
        }
    }
}
