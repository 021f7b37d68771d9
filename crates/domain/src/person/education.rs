//! School enrollment, highest grade and special education: AFCARS 2020 E35–E37
//! (45 CFR 1355.44(b)(11)–(13)); NYTD elements 18–19 draw on the same facts.
use serde::{Deserialize, Serialize};

/// E35: what kind of school the child is enrolled in, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolEnrollment {
    Elementary,
    Secondary,
    PostSecondary,
    College,
    NotSchoolAge,
    NotEnrolled,
}

impl SchoolEnrollment {
    /// Code in CFR option order, 1 to 6 (unverified numeric assignment).
    pub fn afcars_code(&self) -> u8 {
        match self {
            SchoolEnrollment::Elementary => 1,
            SchoolEnrollment::Secondary => 2,
            SchoolEnrollment::PostSecondary => 3,
            SchoolEnrollment::College => 4,
            SchoolEnrollment::NotSchoolAge => 5,
            SchoolEnrollment::NotEnrolled => 6,
        }
    }
}

/// E36: the highest grade or level completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GradeLevel {
    NotSchoolAge,
    Kindergarten,
    /// Grade 1 to 12; `decide` rejects anything else.
    Grade(u8),
    Ged,
    PostSecondary,
    College,
}

impl GradeLevel {
    /// Whether the value is one AFCARS can represent (grades 1–12 only).
    pub fn is_valid(&self) -> bool {
        !matches!(self, GradeLevel::Grade(g) if !(1..=12).contains(g))
    }

    /// NYTD element 18 (highest education level) as the NYTD XML writes it. Levels below
    /// sixth grade are `under`, per the NYTD value list.
    pub fn nytd_value(&self) -> &'static str {
        const GRADES: [&str; 7] = ["6", "7", "8", "9", "10", "11", "12"];
        match self {
            GradeLevel::NotSchoolAge | GradeLevel::Kindergarten => "under",
            GradeLevel::Grade(g) if *g < 6 => "under",
            GradeLevel::Grade(g) => GRADES[usize::from(g.min(&12) - 6)],
            GradeLevel::Ged => "12",
            GradeLevel::PostSecondary => "post",
            GradeLevel::College => "college",
        }
    }
}
