//! Money as integer cents. Never floating point: a payment file that is off by a cent
//! fails reconciliation with the state's accounting system.
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{DomainError, Rule};

/// An amount of US money in cents. Signed so that adjustments and totals can be
/// expressed; commands that move money require it positive.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// Rejects zero and negative amounts, naming `field`.
    pub(crate) fn ensure_positive(self, field: &'static str) -> Result<Cents, DomainError> {
        if self.0 <= 0 {
            return Err(DomainError::new(Rule::AmountNotPositive, field));
        }
        Ok(self)
    }

    /// The sum, or `None` on overflow (which no real payment reaches).
    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }
}

impl fmt::Display for Cents {
    /// `$12.05`, `-$0.30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let magnitude = self.0.unsigned_abs();
        write!(f, "{sign}${}.{:02}", magnitude / 100, magnitude % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_and_negative_amounts_are_rejected() {
        assert_eq!(
            Cents(0).ensure_positive("amount"),
            Err(DomainError::new(Rule::AmountNotPositive, "amount"))
        );
        assert_eq!(
            Cents(-1).ensure_positive("amount"),
            Err(DomainError::new(Rule::AmountNotPositive, "amount"))
        );
        assert_eq!(Cents(1).ensure_positive("amount"), Ok(Cents(1)));
    }

    #[test]
    fn cents_display_as_dollars() {
        assert_eq!(Cents(1205).to_string(), "$12.05");
        assert_eq!(Cents(-30).to_string(), "-$0.30");
        assert_eq!(Cents(i64::MIN).to_string(), "-$92233720368547758.08");
    }

    #[test]
    fn json_amounts_must_be_integers() {
        assert!(serde_json::from_str::<Cents>("12.5").is_err());
        assert_eq!(
            serde_json::from_str::<Cents>("1250").ok(),
            Some(Cents(1250))
        );
    }
}
