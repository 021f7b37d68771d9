//! The provider registry, the NYTD roster, the access log by actor and subject, and the
//! accounting of disclosures: each column checked against the events written.
use chrono::{DateTime, NaiveDate, Utc};
use kinlog_domain::person::youth::{
    IndependentLivingService, ParticipationStatus, SurveyPopulation,
};
use kinlog_domain::person::{DateOfBirth, PersonCommand};
use kinlog_domain::provider::{LicenseRevocationReason, ProviderCommand};
use kinlog_domain::{CaseId, PersonId};
use kinlog_projections::{AccessLogView, DisclosuresView, NytdRosterView, ProviderRegistryView};
use uuid::Uuid;

use crate::support::*;

#[tokio::test]
async fn the_registry_follows_a_license_from_application_to_revocation() {
    let env = Env::new().await;
    let s = &env.store;
    let mut home = ProviderScript::register(s, HOME, AGENCY).await;
    home.license(s, "2025-02-01", "2026-01-31").await;
    let mut lapsing = ProviderScript::register(s, OTHER_HOME, OTHER_AGENCY).await;
    lapsing.license(s, "2025-03-01", "2025-12-31").await;
    home.run(
        s,
        ProviderCommand::RenewLicense {
            expires_on: nd("2027-01-31"),
            occurred_on: nd("2026-01-15"),
        },
    )
    .await;
    let revoked = home
        .run(
            s,
            ProviderCommand::RevokeLicense {
                reason: LicenseRevocationReason::SafetyViolation,
                occurred_on: nd("2026-06-01"),
            },
        )
        .await;
    env.catch_up(&ProviderRegistryView).await;

    let client = env.client().await;
    let row = client
        .query_one(
            "SELECT kind, name, organization_id, license_status, license_number, licensed_on, \
             license_expires_on, status_changed_on, revocation_reason, last_position \
             FROM rm.provider_registry WHERE provider_id = $1",
            &[&HOME.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>("kind"), "foster_home");
    assert_eq!(row.get::<_, String>("name"), "Rivera Family Home");
    assert_eq!(row.get::<_, Uuid>("organization_id"), AGENCY.0);
    assert_eq!(row.get::<_, String>("license_status"), "revoked");
    assert_eq!(
        row.get::<_, String>("license_number"),
        format!("FH-{}", HOME.0.as_u128())
    );
    assert_eq!(row.get::<_, NaiveDate>("licensed_on"), nd("2025-02-01"));
    // The revocation cut short the renewed license: its expiry stays to show what was.
    assert_eq!(
        row.get::<_, NaiveDate>("license_expires_on"),
        nd("2027-01-31")
    );
    assert_eq!(
        row.get::<_, NaiveDate>("status_changed_on"),
        nd("2026-06-01")
    );
    assert_eq!(
        row.get::<_, String>("revocation_reason"),
        "safety_violation"
    );
    assert_eq!(row.get::<_, i64>("last_position"), revoked as i64);

    let steps: Vec<(String, NaiveDate, Option<NaiveDate>)> = client
        .query(
            "SELECT step, occurred_on, expires_on FROM rm.provider_license_step \
             WHERE provider_id = $1 ORDER BY position",
            &[&HOME.0],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let expected = [
        ("applied", "2025-02-01", None),
        ("studied", "2025-02-01", None),
        ("licensed", "2025-02-01", Some("2026-01-31")),
        ("renewed", "2026-01-15", Some("2027-01-31")),
        ("revoked", "2026-06-01", None),
    ]
    .map(|(step, on, expires)| (step.to_owned(), nd(on), expires.map(nd)));
    assert_eq!(steps, expected);

    // Licensed homes whose license lapsed by a day: the other one, never renewed.
    let lapsed: Vec<Uuid> = client
        .query(
            "SELECT provider_id FROM rm.provider_registry \
             WHERE license_status = 'licensed' AND license_expires_on < $1",
            &[&nd("2026-02-01")],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(lapsed, vec![OTHER_HOME.0]);
}

#[tokio::test]
async fn the_roster_holds_served_and_surveyed_youths() {
    let env = Env::new().await;
    let s = &env.store;
    let mut youth = PersonScript::new(0x717);
    // 17 on 2026-02-20, in the FY2026 baseline cohort.
    let born = Some(DateOfBirth::Known(nd("2009-02-20")));
    youth.register(s, ("Ana", None, "Diaz"), born, None).await;
    let mut not_served = PersonScript::new(0x718);
    not_served
        .register(s, ("Ben", None, "Diaz"), None, None)
        .await;
    let service = |service, on| PersonCommand::RecordIndependentLivingService {
        service,
        occurred_on: nd(on),
    };
    for command in [
        service(IndependentLivingService::AcademicSupport, "2026-02-10"),
        service(IndependentLivingService::Mentoring, "2025-11-03"),
        service(IndependentLivingService::AcademicSupport, "2026-04-01"),
    ] {
        youth.run(s, command).await;
    }
    let survey = PersonCommand::RecordOutcomeSurvey {
        population: SurveyPopulation::BaselineAt17,
        status: ParticipationStatus::YouthDeclined,
        answers: None,
        occurred_on: nd("2026-03-01"),
    };
    let last = youth.run(s, survey).await;
    env.catch_up(&NytdRosterView).await;

    let client = env.client().await;
    let rows = client
        .query(
            "SELECT person_id, first_served_on, last_served_on, services_delivered, services, \
             baseline_at_17_status, baseline_at_17_on, follow_up_at_19_status, last_position \
             FROM rm.nytd_youth",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 1, "only the served youth is on the roster");
    let r = &rows[0];
    assert_eq!(r.get::<_, Uuid>("person_id"), youth.id.0);
    assert_eq!(r.get::<_, NaiveDate>("first_served_on"), nd("2025-11-03"));
    assert_eq!(r.get::<_, NaiveDate>("last_served_on"), nd("2026-04-01"));
    assert_eq!(r.get::<_, i32>("services_delivered"), 3);
    assert_eq!(
        r.get::<_, Vec<String>>("services"),
        ["academic_support", "mentoring"]
    );
    assert_eq!(
        r.get::<_, String>("baseline_at_17_status"),
        "youth_declined"
    );
    assert_eq!(r.get::<_, NaiveDate>("baseline_at_17_on"), nd("2026-03-01"));
    assert_eq!(r.get::<_, Option<String>>("follow_up_at_19_status"), None);
    assert_eq!(r.get::<_, i64>("last_position"), last as i64);
}

#[tokio::test]
async fn the_access_log_answers_by_subject_and_by_actor() {
    let env = Env::new().await;
    let s = &env.store;
    let case = CaseId(Uuid::from_u128(0xCA5E));
    let child = PersonId(Uuid::from_u128(0xC1));
    let mother = PersonId(Uuid::from_u128(0xC2));
    record_access(
        s,
        WORKER,
        case,
        &[child, mother],
        true,
        "2026-05-01T14:00:00Z",
    )
    .await;
    let denied = record_access(
        s,
        OTHER_WORKER,
        case,
        &[child],
        false,
        "2026-05-02T23:30:00Z",
    )
    .await;
    record_access(s, WORKER, case, &[mother], true, "2026-05-03T09:00:00Z").await;
    env.catch_up(&AccessLogView).await;

    let client = env.client().await;
    let who_saw_the_child: Vec<(Uuid, bool, DateTime<Utc>)> = client
        .query(
            "SELECT a.actor, a.allowed, a.at FROM rm.access_log_subject s \
             JOIN rm.access_log a USING (position) WHERE s.person_id = $1 ORDER BY s.at",
            &[&child.0],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        who_saw_the_child,
        vec![
            (WORKER.0, true, "2026-05-01T14:00:00Z".parse().unwrap()),
            (
                OTHER_WORKER.0,
                false,
                "2026-05-02T23:30:00Z".parse().unwrap()
            ),
        ]
    );
    let refusal = client
        .query_one(
            "SELECT action, resource_kind, resource_id, case_id, purpose, deciding_policies, \
             path, organization_id FROM rm.access_log WHERE position = $1",
            &[&(denied as i64)],
        )
        .await
        .unwrap();
    // Codes are stored by their names in the events.
    assert_eq!(refusal.get::<_, String>("action"), "View");
    assert_eq!(refusal.get::<_, String>("resource_kind"), "Case");
    assert_eq!(refusal.get::<_, Uuid>("resource_id"), case.0);
    assert_eq!(refusal.get::<_, Option<Uuid>>("case_id"), Some(case.0));
    assert_eq!(refusal.get::<_, String>("purpose"), "CaseWork");
    assert_eq!(
        refusal.get::<_, Vec<String>>("deciding_policies"),
        ["forbid-self"]
    );
    assert_eq!(
        refusal.get::<_, String>("path"),
        format!("/cases/{}", case.0)
    );
    assert_eq!(refusal.get::<_, Uuid>("organization_id"), AGENCY.0);

    let by_worker: i64 = client
        .query_one(
            "SELECT count(*) FROM rm.access_log WHERE actor = $1",
            &[&WORKER.0],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(by_worker, 2);
}

#[tokio::test]
async fn the_accounting_lists_each_release_with_its_recipient_and_basis() {
    let env = Env::new().await;
    let s = &env.store;
    let child = PersonId(Uuid::from_u128(0xC1));
    let other = PersonId(Uuid::from_u128(0xC2));
    record_disclosure(s, child, "2026-03-01").await;
    let second = record_disclosure(s, child, "2026-04-15").await;
    record_disclosure(s, other, "2026-04-20").await;
    env.catch_up(&DisclosuresView).await;

    let client = env.client().await;
    let rows = client
        .query(
            "SELECT disclosed_on, recipient_name, recipient_address, purpose, legal_basis, \
             request, released, recorded_by, recorded_at, position \
             FROM rm.disclosure WHERE person_id = $1 ORDER BY disclosed_on",
            &[&child.0],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let r = &rows[1];
    assert_eq!(r.get::<_, NaiveDate>("disclosed_on"), nd("2026-04-15"));
    assert_eq!(
        r.get::<_, String>("recipient_name"),
        "Franklin County Juvenile Court"
    );
    assert_eq!(
        r.get::<_, Option<String>>("recipient_address").as_deref(),
        Some("373 S High St")
    );
    assert_eq!(r.get::<_, String>("purpose"), "dispositional hearing");
    assert_eq!(r.get::<_, String>("legal_basis"), "ORC 5153.17");
    assert_eq!(r.get::<_, String>("request"), "order 2026-JC-114");
    assert_eq!(
        r.get::<_, Vec<String>>("released"),
        ["case plan", "visit log"]
    );
    assert_eq!(r.get::<_, Uuid>("recorded_by"), SUPERVISOR.0);
    assert_eq!(r.get::<_, i64>("position"), second as i64);
    assert_eq!(
        r.get::<_, DateTime<Utc>>("recorded_at"),
        env.recorded_at(second).await
    );
}
