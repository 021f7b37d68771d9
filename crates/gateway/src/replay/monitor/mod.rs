//! The unusual-activity report that Ohio rule paragraphs E and S ask agencies to run
//! (NIST AU-6). Each rule is a question about one access, answered from the facts in its
//! event, except the volume rule, which compares users with their peers. The thresholds
//! are explicit in [`MonitorRules`] and documented in `docs/replay.md`.
mod access_rules;
mod volume;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use indicatif::ProgressBar;
use kinlog_domain::policy::ResourceKind;
use kinlog_domain::{CaseId, PersonId, StaffId};
use kinlog_store::Store;
use serde::Serialize;
use uuid::Uuid;

use super::table::cell;
use super::{scan_access_log, LoggedAccess, Outcome, Tabular, Window};
use crate::Error;

pub use volume::VolumeRule;

/// The rule a finding breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MonitorRule {
    /// Paragraph T(1): a record about the user themself.
    ConflictSelf,
    /// Paragraph T(2): a record about a relative of the user.
    ConflictRelative,
    /// Paragraph T(3): a record about someone with supervisory responsibility for them.
    ConflictSupervisor,
    /// Paragraph D: a confidentiality or security training missing.
    LapsedTraining,
    /// Paragraphs D and U: no signed JFS 07078 Code of Responsibility.
    NoCodeOfResponsibility,
    /// A case record outside the user's caseload, reached without a grant.
    OutsideCaseloadOrGrant,
    /// Outside the agency's business hours, in its local time.
    AfterHours,
    /// Far more accesses than peers with the same roles.
    VolumeOutlier,
}

impl MonitorRule {
    pub fn as_str(self) -> &'static str {
        match self {
            MonitorRule::ConflictSelf => "conflict-self",
            MonitorRule::ConflictRelative => "conflict-relative",
            MonitorRule::ConflictSupervisor => "conflict-supervisor",
            MonitorRule::LapsedTraining => "lapsed-training",
            MonitorRule::NoCodeOfResponsibility => "no-code-of-responsibility",
            MonitorRule::OutsideCaseloadOrGrant => "outside-caseload-or-grant",
            MonitorRule::AfterHours => "after-hours",
            MonitorRule::VolumeOutlier => "volume-outlier",
        }
    }
}

/// The monitor's thresholds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonitorRules {
    /// The agency's time zone: business hours are local.
    pub zone: Tz,
    /// Business hours on weekdays, `[start, end)` local time. Every weekend hour is
    /// after hours. Holidays are not known to the log and count as weekdays.
    pub business_start: NaiveTime,
    pub business_end: NaiveTime,
    pub volume: VolumeRule,
}

impl Default for MonitorRules {
    /// Ohio: `America/New_York`, 07:00 to 19:00 Monday to Friday. The span covers
    /// staggered shifts and early court days; an hour inside it never needs explaining.
    fn default() -> Self {
        MonitorRules {
            zone: chrono_tz::America::New_York,
            business_start: NaiveTime::from_hms_opt(7, 0, 0).expect("07:00 exists"),
            business_end: NaiveTime::from_hms_opt(19, 0, 0).expect("19:00 exists"),
            volume: VolumeRule::default(),
        }
    }
}

/// One unusual access.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub position: u64,
    pub event_id: Uuid,
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    pub actor: StaffId,
    pub rule: MonitorRule,
    /// The person the rule is about, for the conflict rules.
    pub subject: Option<PersonId>,
    pub case: Option<CaseId>,
    pub resource_kind: ResourceKind,
    pub resource_id: Uuid,
    /// What in the event shows it: ids and counts, never personal data.
    pub evidence: String,
}

/// What a finding names about an access. The volume rule keeps one per access of the
/// window instead of the whole event.
#[derive(Debug, Clone)]
struct AccessRef {
    position: u64,
    event_id: Uuid,
    at: DateTime<Utc>,
    outcome: Outcome,
    actor: StaffId,
    case: Option<CaseId>,
    resource_kind: ResourceKind,
    resource_id: Uuid,
}

impl AccessRef {
    fn of(access: &LoggedAccess) -> AccessRef {
        let record = &access.record;
        AccessRef {
            position: access.position,
            event_id: access.event_id,
            at: record.at(),
            outcome: access.outcome,
            actor: record.actor(),
            case: record.case(),
            resource_kind: record.resource_kind(),
            resource_id: record.resource_id(),
        }
    }
}

impl Finding {
    fn new(
        access: &AccessRef,
        rule: MonitorRule,
        subject: Option<PersonId>,
        evidence: String,
    ) -> Finding {
        Finding {
            position: access.position,
            event_id: access.event_id,
            at: access.at,
            outcome: access.outcome,
            actor: access.actor,
            rule,
            subject,
            case: access.case,
            resource_kind: access.resource_kind,
            resource_id: access.resource_id,
            evidence,
        }
    }
}

impl Tabular for Finding {
    fn headers() -> &'static [&'static str] {
        &[
            "position", "at (UTC)", "rule", "actor", "outcome", "subject", "case", "evidence",
        ]
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.position.to_string(),
            self.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            self.rule.as_str().to_owned(),
            self.actor.to_string(),
            self.outcome.as_str().to_owned(),
            cell(self.subject),
            cell(self.case),
            self.evidence.clone(),
        ]
    }
}

/// Every finding in `window`, by position, then rule.
pub async fn monitor(
    store: &Store,
    window: &Window,
    rules: &MonitorRules,
    progress: &ProgressBar,
) -> Result<Vec<Finding>, Error> {
    let mut findings = Vec::new();
    let mut volume = volume::Tally::default();
    scan_access_log(store, window, progress, |access| {
        findings.extend(access_rules::findings(&access, rules));
        volume.count(&access);
    })
    .await?;
    findings.extend(volume.findings(&rules.volume));
    findings.sort_by_key(|f| (f.position, f.rule, f.subject));
    Ok(findings)
}
