//! Value types shared by every aggregate: calendar dates, money, digests and free text.
//!
//! Each has one way in (`parse` or serde) and keeps its invariant from then on, so the
//! aggregates never re-check a date's format or a digest's length.
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date with no time zone: the day something happened, as the worker or the
/// court states it (`2024-03-01`). Stored and sent as ISO 8601 `YYYY-MM-DD`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Date(NaiveDate);

impl Date {
    /// The date for a year, month and day, or `None` if there is no such day.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(year, month, day).map(Date)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, chrono::ParseError> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map(Date)
    }

    /// The underlying chrono date, for arithmetic in projections and reports.
    pub fn naive(self) -> NaiveDate {
        self.0
    }

    /// Whether this date lies after the UTC day of `now`.
    ///
    /// Dates are local to the agency, which is west of Greenwich in every US state and
    /// territory that uses this system except Guam and the Northern Mariana Islands;
    /// comparing with the UTC day therefore never rejects a local "today".
    pub fn is_after_day_of(self, now: DateTime<Utc>) -> bool {
        self.0 > now.date_naive()
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Date(date)
    }
}

impl FromStr for Date {
    type Err = chrono::ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Date({self})")
    }
}

/// A local time of day (`14:05` or `14:05:30`), for federal fields that carry a time
/// beside a date (NCANDS RptTm, InvStrTm). Stored as `HH:MM:SS`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeOfDay(chrono::NaiveTime);

impl TimeOfDay {
    /// The time for an hour, minute and second, or `None` if out of range.
    pub fn from_hms(hour: u32, minute: u32, second: u32) -> Option<TimeOfDay> {
        chrono::NaiveTime::from_hms_opt(hour, minute, second).map(TimeOfDay)
    }

    /// The underlying chrono time.
    pub fn naive(self) -> chrono::NaiveTime {
        self.0
    }
}

/// A SHA-256 digest, stored and sent as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha256Digest([u8; 32]);

/// Why a text is not a SHA-256 digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a SHA-256 digest is 64 hex digits")]
pub struct DigestParseError;

impl Sha256Digest {
    /// Wraps raw digest bytes.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Sha256Digest(bytes)
    }

    /// Parses 64 hex digits (either case).
    pub fn parse(text: &str) -> Result<Self, DigestParseError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| DigestParseError)?;
        Ok(Sha256Digest(bytes))
    }

    /// The digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Display for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Sha256Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256Digest({self})")
    }
}

impl Serialize for Sha256Digest {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&hex::encode(self.0))
    }
}

impl<'de> Deserialize<'de> for Sha256Digest {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Sha256Digest::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Free text written about people: note segments, reasons, summaries. It is personal
/// data, so `Debug` shows only its length; read it with [`Narrative::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Narrative(String);

impl Narrative {
    /// Wraps a text.
    pub fn new(text: impl Into<String>) -> Self {
        Narrative(text.into())
    }

    /// The text itself.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text holds nothing but whitespace. Commands reject blank required
    /// texts with [`crate::Rule::Required`].
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Narrative {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Narrative(<redacted, {} bytes>)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parses_iso_and_rejects_impossible_days() {
        assert_eq!(Date::parse("2024-02-29").ok(), Date::from_ymd(2024, 2, 29));
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("02/01/2024").is_err());
    }

    #[test]
    fn date_in_future_compares_with_the_utc_day() {
        let now = DateTime::parse_from_rfc3339("2024-05-10T03:00:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        assert!(!Date::from_ymd(2024, 5, 10).unwrap().is_after_day_of(now));
        assert!(Date::from_ymd(2024, 5, 11).unwrap().is_after_day_of(now));
    }

    #[test]
    fn digest_round_trips_through_hex_and_rejects_short_text() {
        let text = "ab".repeat(32);
        let digest = Sha256Digest::parse(&text).unwrap();
        assert_eq!(digest.to_string(), text);
        assert_eq!(Sha256Digest::parse("abcd"), Err(DigestParseError));
    }

    #[test]
    fn narrative_debug_hides_the_text() {
        let shown = format!("{:?}", Narrative::new("mother said the child fell"));
        assert!(!shown.contains("mother"), "{shown}");
        assert!(Narrative::new("  \n").is_blank());
    }

    #[test]
    fn time_of_day_reads_with_or_without_seconds() {
        let short: TimeOfDay = serde_json::from_str("\"14:05\"").unwrap();
        let long: TimeOfDay = serde_json::from_str("\"14:05:30\"").unwrap();
        assert_eq!(short, TimeOfDay::from_hms(14, 5, 0).unwrap());
        assert_eq!(long, TimeOfDay::from_hms(14, 5, 30).unwrap());
        assert!(serde_json::from_str::<TimeOfDay>("\"25:00\"").is_err());
    }
}
