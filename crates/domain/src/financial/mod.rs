//! Financial records: Title IV-E eligibility determinations and re-determinations for a
//! child, and payments to providers in integer cents.
mod cents;
pub mod eligibility;
pub mod payments;

pub use cents::Cents;
