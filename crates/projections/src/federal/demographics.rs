//! What the federal files say about a person, from the person's stream. Every part is
//! optional because a file leaves a field blank rather than guess it.
use chrono::NaiveDate;
use kinlog_domain::person::{HispanicEthnicity, Race, Sex};

/// A person's date of birth, sex, race and ethnicity as recorded at the report's position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demographics {
    /// Known or estimated.
    pub born_on: Option<NaiveDate>,
    pub sex: Option<Sex>,
    pub race: Option<Race>,
    pub hispanic: Option<HispanicEthnicity>,
}
