//! The protected routes, one module per resource. Each handler authorizes through
//! [`super::audit::authorize`] before reading, and answers through its permit.
pub(crate) mod administration;
pub(crate) mod case_records;
pub(crate) mod caseload;
pub(crate) mod cases;
pub(crate) mod command;
pub(crate) mod disclosures;
pub(crate) mod persons;
pub(crate) mod providers;
pub(crate) mod replay;
pub(crate) mod reports;
pub(crate) mod subject_rights;
