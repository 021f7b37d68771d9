//! Values that identify a person or where they live. Their `Debug` output is redacted so
//! that names and addresses never reach logs, panics or test failure messages.
//!
//! A value that must be erasable on a subject's request is held in a [`Personal`]: the
//! store seals it under the subject's own key, and erasing the subject destroys that key.
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

use crate::{DomainError, Rule};

/// The longest free-text value accepted in a name or address line. Longer input is almost
/// always a paste error, and bounded fields keep projections' column sizes predictable.
pub(crate) const MAX_TEXT_CHARS: usize = 200;

fn check_text(value: &str, field: &'static str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        return Err(DomainError::new(Rule::Required, field));
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(DomainError::new(Rule::TextTooLong, field));
    }
    Ok(())
}

fn check_optional_text(value: Option<&str>, field: &'static str) -> Result<(), DomainError> {
    value.map_or(Ok(()), |text| check_text(text, field))
}

/// A person's legal name.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonName {
    /// Given (first) name.
    pub given: String,
    /// Middle name or names, if any.
    #[serde(default)]
    pub middle: Option<String>,
    /// Family (last) name.
    pub family: String,
}

impl PersonName {
    /// Checks that the given and family names are present and of sane length. `field` is
    /// the JSON path of the name in the command, e.g. `name`.
    pub(crate) fn validate(&self, field: NameFields) -> Result<(), DomainError> {
        check_text(&self.given, field.given)?;
        check_optional_text(self.middle.as_deref(), field.middle)?;
        check_text(&self.family, field.family)
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonName(<redacted>)")
    }
}

/// The JSON paths of a name's parts in one command, so errors name the exact part.
#[derive(Clone, Copy)]
pub(crate) struct NameFields {
    pub(crate) given: &'static str,
    pub(crate) middle: &'static str,
    pub(crate) family: &'static str,
}

/// `name.given`, `name.middle`, `name.family`: the usual place of a name in a command.
pub(crate) const NAME_FIELDS: NameFields = NameFields {
    given: "name.given",
    middle: "name.middle",
    family: "name.family",
};

/// A postal address in the United States.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street lines, at least one.
    pub lines: Vec<String>,
    /// City or township.
    pub city: String,
    /// Two-letter USPS state code, e.g. `OH`.
    pub state: String,
    /// Five-digit ZIP code, or ZIP+4 as `12345-6789`.
    pub postal_code: String,
}

impl Address {
    /// Checks every part of the address; errors name `address.<part>`.
    pub(crate) fn validate(&self) -> Result<(), DomainError> {
        if self.lines.is_empty() {
            return Err(DomainError::new(Rule::Required, "address.lines"));
        }
        for line in &self.lines {
            check_text(line, "address.lines")?;
        }
        check_text(&self.city, "address.city")?;
        let state_ok = self.state.len() == 2 && self.state.chars().all(|c| c.is_ascii_uppercase());
        if !state_ok {
            return Err(DomainError::new(Rule::InvalidCode, "address.state"));
        }
        if !is_zip_code(&self.postal_code) {
            return Err(DomainError::new(Rule::InvalidCode, "address.postal_code"));
        }
        Ok(())
    }
}

fn is_zip_code(value: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    match value.split_once('-') {
        None => digits(value, 5),
        Some((zip, plus4)) => digits(zip, 5) && digits(plus4, 4),
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Address(<redacted>)")
    }
}

/// A value about one subject (a person) that is erased when that subject is.
///
/// It is stored in the store's personal-field form: a map `{"$pii": "<subject uuid>",
/// "v": value}` that the store seals under the subject's data key, and that reads back as
/// `{"$pii": "<subject uuid>", "erased": true}` once the key is destroyed. See
/// `kinlog_store`'s `shred` module for the wire convention.
#[derive(Clone, PartialEq, Eq)]
pub struct Personal<T> {
    subject: Uuid,
    /// `None` once the subject was erased.
    value: Option<T>,
}

impl<T> Personal<T> {
    pub fn new(subject: impl Into<Uuid>, value: T) -> Self {
        Personal {
            subject: subject.into(),
            value: Some(value),
        }
    }

    /// The value as it reads after the subject's erasure.
    pub fn erased(subject: impl Into<Uuid>) -> Self {
        Personal {
            subject: subject.into(),
            value: None,
        }
    }

    /// Whose data this is.
    pub fn subject(&self) -> Uuid {
        self.subject
    }

    /// The value, or `None` when the subject was erased.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }
}

impl<T> fmt::Debug for Personal<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.value.is_some() {
            "<redacted>"
        } else {
            "<erased>"
        };
        write!(f, "Personal({}, {state})", self.subject)
    }
}

const MARKER_KEY: &str = "$pii";
const VALUE_KEY: &str = "v";
const ERASED_KEY: &str = "erased";

impl<T: Serialize> Serialize for Personal<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        // As text: the store finds subjects by their canonical hyphenated form, and uuid's
        // own impl would write 16 bytes under MessagePack.
        map.serialize_entry(MARKER_KEY, &self.subject.hyphenated().to_string())?;
        match &self.value {
            Some(value) => map.serialize_entry(VALUE_KEY, value)?,
            None => map.serialize_entry(ERASED_KEY, &true)?,
        }
        map.end()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Personal<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PersonalVisitor(PhantomData))
    }
}

struct PersonalVisitor<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for PersonalVisitor<T> {
    type Value = Personal<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a personal field: {\"$pii\": subject, \"v\": value} or {\"$pii\": subject, \"erased\": true}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut subject: Option<Uuid> = None;
        let mut value: Option<T> = None;
        let mut erased = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                MARKER_KEY if subject.is_none() => {
                    let text = map.next_value::<String>()?;
                    let parsed = Uuid::try_parse(&text)
                        .map_err(|_| de::Error::custom("$pii is not a subject uuid"))?;
                    subject = Some(parsed);
                }
                VALUE_KEY if value.is_none() && !erased => value = Some(map.next_value()?),
                ERASED_KEY if value.is_none() && !erased => {
                    if !map.next_value::<bool>()? {
                        return Err(de::Error::custom("erased must be true when present"));
                    }
                    erased = true;
                }
                other => {
                    return Err(de::Error::unknown_field(
                        other,
                        &[MARKER_KEY, VALUE_KEY, ERASED_KEY],
                    ))
                }
            }
        }
        let subject = subject.ok_or_else(|| de::Error::missing_field(MARKER_KEY))?;
        match (value, erased) {
            (Some(value), false) => Ok(Personal::new(subject, value)),
            (None, true) => Ok(Personal::erased(subject)),
            _ => Err(de::Error::missing_field(VALUE_KEY)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name() -> PersonName {
        PersonName {
            given: "Ada".into(),
            middle: None,
            family: "Lovelace".into(),
        }
    }

    #[test]
    fn debug_output_never_shows_a_name_or_an_address() {
        let address = Address {
            lines: vec!["12 Elm Street".into()],
            city: "Columbus".into(),
            state: "OH".into(),
            postal_code: "43215".into(),
        };
        let shown = format!("{:?} {:?}", name(), address);
        for secret in ["Ada", "Lovelace", "Elm", "Columbus", "43215"] {
            assert!(!shown.contains(secret), "{secret} leaked into {shown}");
        }
    }

    #[test]
    fn a_blank_family_name_is_named_in_the_error() {
        let mut blank = name();
        blank.family = "  ".into();
        assert_eq!(
            blank.validate(NAME_FIELDS),
            Err(DomainError::new(Rule::Required, "name.family"))
        );
    }

    #[test]
    fn zip_codes_accept_five_digits_or_zip_plus_four_only() {
        assert!(is_zip_code("43215"));
        assert!(is_zip_code("43215-1234"));
        assert!(!is_zip_code("4321"));
        assert!(!is_zip_code("43215-12"));
        assert!(!is_zip_code("ABCDE"));
    }

    #[test]
    fn a_personal_value_round_trips_in_both_forms_and_hides_its_value() {
        let subject = Uuid::from_u128(42);
        for original in [Personal::new(subject, name()), Personal::erased(subject)] {
            let bytes = rmp_serde::to_vec_named(&original).unwrap();
            let back: Personal<PersonName> = rmp_serde::from_slice(&bytes).unwrap();
            assert_eq!(back, original);
        }
        let shown = format!("{:?}", Personal::new(subject, "Ada".to_owned()));
        assert!(!shown.contains("Ada"), "{shown}");
    }

    #[test]
    fn the_subject_is_written_as_its_canonical_text() {
        let subject = Uuid::from_u128(42);
        let json = serde_json::to_value(Personal::new(subject, 7)).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a", "v": 7})
        );
        let erased = serde_json::to_value(Personal::<u8>::erased(subject)).unwrap();
        assert_eq!(
            erased,
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a", "erased": true})
        );
    }

    #[test]
    fn a_marker_that_is_neither_form_is_refused() {
        for bad in [
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a"}),
            serde_json::json!({"$pii": "not a uuid", "v": 1}),
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a", "erased": false}),
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a", "v": 1, "erased": true}),
            serde_json::json!({"$pii": "00000000-0000-0000-0000-00000000002a", "v": 1, "x": 2}),
        ] {
            assert!(
                serde_json::from_value::<Personal<u8>>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }
}
