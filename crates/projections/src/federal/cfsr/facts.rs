//! The facts the indicators read: children with their custody episodes (from the
//! removal-episode read model) and victimizations (from dispositions).
use chrono::NaiveDate;
use kinlog_domain::case::codes::ExitReason;
use kinlog_domain::PersonId;

use crate::Error;

/// The 12-month period of an indicator, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
}

impl Window {
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.to < self.from {
            return Err(Error::ReportInput {
                field: "to",
                reason: "the window ends before it starts",
            });
        }
        Ok(())
    }

    pub(crate) fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// The day after the last day, for half-open spans.
    pub(crate) fn end_exclusive(&self) -> NaiveDate {
        super::super::dates::add_days(self.to, 1)
    }
}

/// A child with every custody episode on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildInCare {
    /// The child.
    pub child: PersonId,
    /// Date of birth, for the age exclusions.
    pub born_on: NaiveDate,
    /// Episodes in any order.
    pub episodes: Vec<Episode>,
}

/// One removal episode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    /// AFCARS E69, the removal date.
    pub removed_on: NaiveDate,
    /// The exit, when the child has left care.
    pub exit: Option<Exit>,
    /// Each living arrangement's start, in any order.
    pub placements: Vec<PlacementStart>,
}

/// An exit from care (AFCARS E153, E155).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exit {
    /// The exit date.
    pub on: NaiveDate,
    /// Why the child left.
    pub reason: ExitReason,
}

/// The start of one living arrangement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementStart {
    /// When it started.
    pub started_on: NaiveDate,
    /// Runaway or whereabouts unknown (AFCARS E120 12/13): an absence, not a placement.
    pub is_absence: bool,
}

/// A report on which the child was found a victim (substantiated or indicated; NCANDS
/// MalNLev 1 or 2), counted once however many maltreatments it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Victimization {
    /// The victim.
    pub child: PersonId,
    /// The child's date of birth.
    pub born_on: NaiveDate,
    /// The report (NCANDS RptID), so two findings on one report count once.
    pub report: String,
    /// NCANDS RptDt.
    pub reported_on: NaiveDate,
}

impl Episode {
    /// The day after the last day in care, or `None` while the child is still in care.
    pub(crate) fn exited_on(&self) -> Option<NaiveDate> {
        self.exit.map(|exit| exit.on)
    }

    /// Fewer than 8 days in care: an exit within 7 days of removal.
    pub(crate) fn lasted_under_8_days(&self) -> bool {
        self.exited_on()
            .is_some_and(|exit| super::super::dates::days_between(self.removed_on, exit) < 8)
    }
}

/// Permanency is reunification, living with relatives, guardianship or adoption.
pub(crate) fn is_permanency(reason: ExitReason) -> bool {
    matches!(
        reason,
        ExitReason::ReunifyWithParents
            | ExitReason::LiveWithOtherRelatives
            | ExitReason::Guardianship
            | ExitReason::Adoption
    )
}
