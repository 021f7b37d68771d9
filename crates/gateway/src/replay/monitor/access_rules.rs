//! The rules judged on one access alone.
use chrono::{DateTime, Datelike, Utc, Weekday};
use chrono_tz::Tz;
use kinlog_domain::policy::{Role, Training};

use super::{AccessRef, Finding, MonitorRule, MonitorRules};
use crate::replay::{LoggedAccess, Outcome};

/// Roles whose work reaches past a caseload: they look at cases they are not assigned.
const OVERSIGHT_ROLES: [Role; 4] = [
    Role::Supervisor,
    Role::Director,
    Role::Auditor,
    Role::PrivacyOfficer,
];

pub(super) fn findings(access: &LoggedAccess, rules: &MonitorRules) -> Vec<Finding> {
    let here = AccessRef::of(access);
    let mut found = Vec::new();
    // The conflict, training and caseload rules bind SACWIS personnel; portal users
    // (parents, providers) reach their own family's records by design.
    if is_personnel(access) {
        conflicts(access, &here, &mut found);
        training(access, &here, &mut found);
        outside_caseload(access, &here, &mut found);
    }
    after_hours(&here, rules, &mut found);
    found
}

fn is_personnel(access: &LoggedAccess) -> bool {
    let roles = access.record.roles();
    !roles.is_empty() && !roles.iter().any(|role| role.is_portal())
}

fn conflicts(access: &LoggedAccess, here: &AccessRef, found: &mut Vec<Finding>) {
    let principal = &access.record.facts.principal;
    for subject in access.record.subjects() {
        if *subject == principal.person_id {
            found.push(Finding::new(
                here,
                MonitorRule::ConflictSelf,
                Some(*subject),
                format!("subject {subject} is the actor's own person record"),
            ));
        }
        if principal.relatives.contains(subject) {
            found.push(Finding::new(
                here,
                MonitorRule::ConflictRelative,
                Some(*subject),
                format!("subject {subject} is among the actor's relatives"),
            ));
        }
        if principal.supervisors.contains(subject) {
            found.push(Finding::new(
                here,
                MonitorRule::ConflictSupervisor,
                Some(*subject),
                format!("subject {subject} has supervisory responsibility for the actor"),
            ));
        }
    }
}

fn training(access: &LoggedAccess, here: &AccessRef, found: &mut Vec<Finding>) {
    let principal = &access.record.facts.principal;
    let missing: Vec<Training> = [Training::Confidentiality, Training::Security]
        .into_iter()
        .filter(|training| !principal.trainings.contains(training))
        .collect();
    if !missing.is_empty() {
        found.push(Finding::new(
            here,
            MonitorRule::LapsedTraining,
            None,
            format!("paragraph D training missing: {missing:?}"),
        ));
    }
    if !principal.code_of_responsibility_signed {
        found.push(Finding::new(
            here,
            MonitorRule::NoCodeOfResponsibility,
            None,
            "no signed JFS 07078 Code of Responsibility".to_owned(),
        ));
    }
}

/// Only allowed accesses: a refused one reached nothing.
fn outside_caseload(access: &LoggedAccess, here: &AccessRef, found: &mut Vec<Finding>) {
    let record = &access.record;
    let Some(case) = record.case() else { return };
    let principal = &record.facts.principal;
    let exempt = principal
        .roles
        .iter()
        .any(|role| OVERSIGHT_ROLES.contains(role));
    if access.outcome == Outcome::Denied
        || exempt
        || record.grant_used().is_some()
        || principal.caseload.contains(&case)
    {
        return;
    }
    found.push(Finding::new(
        here,
        MonitorRule::OutsideCaseloadOrGrant,
        None,
        format!(
            "case {case} is not among the actor's {} assigned cases and no grant was used",
            principal.caseload.len()
        ),
    ));
}

fn after_hours(here: &AccessRef, rules: &MonitorRules, found: &mut Vec<Finding>) {
    let Some(local) = outside_business_hours(here.at, rules) else {
        return;
    };
    found.push(Finding::new(
        here,
        MonitorRule::AfterHours,
        None,
        format!(
            "{} {} ({}), outside {}-{} Monday to Friday",
            local.format("%Y-%m-%d %H:%M"),
            rules.zone.name(),
            local.weekday(),
            rules.business_start.format("%H:%M"),
            rules.business_end.format("%H:%M"),
        ),
    ));
}

/// The local time of `at`, if it falls outside business hours.
fn outside_business_hours(at: DateTime<Utc>, rules: &MonitorRules) -> Option<DateTime<Tz>> {
    let local = at.with_timezone(&rules.zone);
    let weekend = matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
    let time = local.time();
    (weekend || time < rules.business_start || time >= rules.business_end).then_some(local)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn business_hours_are_local_weekdays_from_start_up_to_but_not_including_end() {
        let rules = MonitorRules::default();
        // Tuesday 17 November 2026; Ohio is UTC-5 in November.
        let utc = |day, hour, minute| {
            Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
                .unwrap()
        };
        assert!(
            outside_business_hours(utc(17, 12, 0), &rules).is_none(),
            "07:00"
        );
        assert!(
            outside_business_hours(utc(17, 11, 59), &rules).is_some(),
            "06:59"
        );
        assert!(
            outside_business_hours(utc(17, 23, 59), &rules).is_none(),
            "18:59"
        );
        assert!(
            outside_business_hours(utc(18, 0, 0), &rules).is_some(),
            "19:00"
        );
        // Saturday 21 November at 10:00 local.
        assert!(
            outside_business_hours(utc(21, 15, 0), &rules).is_some(),
            "weekend"
        );
        // In July Ohio is UTC-4: 11:00 UTC is 07:00 local.
        let july = Utc.with_ymd_and_hms(2026, 7, 14, 11, 0, 0).unwrap();
        assert!(
            outside_business_hours(july, &rules).is_none(),
            "daylight time"
        );
    }
}
