//! Values that identify a person or where they live. Their `Debug` output is redacted so
//! that names and addresses never reach logs, panics or test failure messages.
use std::fmt;

use serde::{Deserialize, Serialize};

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
}
