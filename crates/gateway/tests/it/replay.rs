//! Compliance replay against real PostgreSQL: the planted-violation scenario for
//! `monitor` and `rejudge`, exact windows for `who-accessed` and `user-activity`, a case
//! before and after a placement, and a person's accounting of disclosures.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::{Duration, Utc};
use indicatif::ProgressBar;
use kinlog_domain::access::{AccessEvent, Disclosure, Recipient, RecordDisclosure};
use kinlog_domain::case::{Case, CaseCommand};
use kinlog_domain::policy::ohio_policy_set;
use kinlog_domain::{CaseId, CommandContext, Date, Narrative, PersonId, StaffId};
use kinlog_gateway::replay::{
    case_as_of, disclosures, load_policy_dir, monitor, rejudge, user_activity, who_accessed,
    ActivityKind, MonitorRule, MonitorRules, Outcome, Subject, VolumeRule, Window,
};
use kinlog_gateway::{execute, Error};
use kinlog_projections::{encode, EventMetadata};
use kinlog_store::testing::TestDb;
use kinlog_store::{ExpectedVersion, Store, StoreOptions, Upcasters};
use uuid::Uuid;

use crate::replay_scenario::{business, day, plant};

const DEMO_CASE_ID: &str = "0190f1a0-0000-7000-8000-00000000ca5e";

async fn store(db: &TestDb) -> Store {
    Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap()
}

fn hidden() -> ProgressBar {
    ProgressBar::hidden()
}

fn deploy_policies() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/policies")
}

/// The scenario's volume rule: twelve views against a peer median of one is an outlier
/// past ten.
fn scenario_rules() -> MonitorRules {
    MonitorRules {
        volume: VolumeRule {
            factor: 3,
            min_accesses: 10,
            min_peers: 5,
        },
        ..MonitorRules::default()
    }
}

#[tokio::test]
async fn monitor_finds_each_planted_violation_by_its_rule_and_nothing_else() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let planted = plant(&store).await;

    let findings = monitor(&store, &day(), &scenario_rules(), &hidden())
        .await
        .unwrap();
    let found: BTreeSet<(u64, MonitorRule)> =
        findings.iter().map(|f| (f.position, f.rule)).collect();
    // The eleventh view is the first past the limit of ten.
    let expected = BTreeSet::from([
        (planted.self_access, MonitorRule::ConflictSelf),
        (planted.relative, MonitorRule::ConflictRelative),
        (planted.supervisor, MonitorRule::ConflictSupervisor),
        (planted.lapsed_training, MonitorRule::LapsedTraining),
        (planted.after_hours, MonitorRule::AfterHours),
        (
            planted.outside_caseload,
            MonitorRule::OutsideCaseloadOrGrant,
        ),
        (planted.volume[10], MonitorRule::VolumeOutlier),
    ]);
    assert_eq!(found, expected, "{findings:#?}");
    assert_eq!(
        findings.len(),
        expected.len(),
        "one finding per planted access"
    );

    let by_rule = |rule| findings.iter().find(|f| f.rule == rule).unwrap();
    // Conflicts were refused under the policy in force, except the supervisor's, which
    // was decided under the older set; the monitor reports attempts as well as reads.
    assert_eq!(by_rule(MonitorRule::ConflictSelf).outcome, Outcome::Denied);
    assert_eq!(
        by_rule(MonitorRule::ConflictRelative).outcome,
        Outcome::Denied
    );
    assert_eq!(
        by_rule(MonitorRule::ConflictSupervisor).outcome,
        Outcome::Recorded
    );
    assert_eq!(
        by_rule(MonitorRule::LapsedTraining).outcome,
        Outcome::Denied
    );
    assert!(by_rule(MonitorRule::ConflictRelative).subject.is_some());
    assert_eq!(
        by_rule(MonitorRule::OutsideCaseloadOrGrant).actor,
        planted.w2.staff_id
    );
    assert_eq!(by_rule(MonitorRule::AfterHours).actor, planted.w1.staff_id);
    assert!(
        by_rule(MonitorRule::AfterHours)
            .evidence
            .contains("02:00 America/New_York"),
        "{}",
        by_rule(MonitorRule::AfterHours).evidence
    );
    assert!(by_rule(MonitorRule::VolumeOutlier)
        .evidence
        .starts_with("12 accesses"));

    // The default floor of 30 accesses a day does not call twelve an outlier.
    let defaults = monitor(&store, &day(), &MonitorRules::default(), &hidden())
        .await
        .unwrap();
    assert!(defaults
        .iter()
        .all(|f| f.rule != MonitorRule::VolumeOutlier));
    assert_eq!(defaults.len(), expected.len() - 1);
    // In Tokyo (UTC+9) the scenario's 09:00 Ohio morning is 23:00, so every access is
    // after hours there except the Ohio 02:00 one, which is 16:00 in Tokyo.
    let tokyo = MonitorRules {
        zone: chrono_tz::Asia::Tokyo,
        ..scenario_rules()
    };
    let night_shift = monitor(&store, &day(), &tokyo, &hidden()).await.unwrap();
    let after_hours: BTreeSet<u64> = night_shift
        .iter()
        .filter(|f| f.rule == MonitorRule::AfterHours)
        .map(|f| f.position)
        .collect();
    let mut expected: BTreeSet<u64> = planted.in_window.iter().copied().collect();
    expected.remove(&planted.after_hours);
    assert_eq!(after_hours, expected);
}

#[tokio::test]
async fn rejudge_lists_what_a_policy_set_denies_and_accesses_decided_under_another_set() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let planted = plant(&store).await;

    // Under the set in force: the three refused accesses stay refused, and the supervisor
    // conflict let through by the older set is now denied by T3.
    let current = load_policy_dir(&deploy_policies()).unwrap();
    assert_eq!(current.hash(), ohio_policy_set().hash(), "the same set");
    let answer = rejudge(&store, &current, &day(), &hidden()).await.unwrap();
    assert_eq!(answer.accesses, planted.in_window.len());
    let denied: BTreeSet<u64> = answer.would_deny.iter().map(|d| d.position).collect();
    assert_eq!(
        denied,
        BTreeSet::from([
            planted.self_access,
            planted.relative,
            planted.supervisor,
            planted.lapsed_training
        ])
    );
    let supervisor = answer
        .would_deny
        .iter()
        .find(|d| d.position == planted.supervisor)
        .unwrap();
    assert_eq!(supervisor.recorded_outcome, Outcome::Recorded);
    assert_eq!(supervisor.deciding_policies, ["T3-forbid-supervisor"]);
    let self_access = answer
        .would_deny
        .iter()
        .find(|d| d.position == planted.self_access)
        .unwrap();
    assert_eq!(self_access.deciding_policies, ["T1-forbid-self"]);
    let mismatched: Vec<u64> = answer.hash_mismatches.iter().map(|m| m.position).collect();
    assert_eq!(mismatched, [planted.supervisor]);

    // A stricter set that also forbids caseworkers case notes denies those two as well,
    // and every access was decided under another set than it.
    let stricter = stricter_policy_dir();
    let set = load_policy_dir(&stricter).unwrap();
    let answer = rejudge(&store, &set, &day(), &hidden()).await.unwrap();
    let denied: BTreeSet<u64> = answer.would_deny.iter().map(|d| d.position).collect();
    let mut expected = BTreeSet::from([
        planted.self_access,
        planted.relative,
        planted.supervisor,
        planted.lapsed_training,
    ]);
    expected.extend(&planted.case_notes);
    assert_eq!(denied, expected);
    for note in &planted.case_notes {
        let row = answer
            .would_deny
            .iter()
            .find(|d| d.position == *note)
            .unwrap();
        assert_eq!(row.recorded_outcome, Outcome::Recorded);
        assert_eq!(row.deciding_policies, ["X-forbid-caseworker-case-notes"]);
    }
    assert_eq!(answer.hash_mismatches.len(), planted.in_window.len());
    std::fs::remove_dir_all(&stricter).unwrap();

    // A directory that does not load is an error, never a set that denies everything.
    let missing = std::env::temp_dir().join(format!("kinlog-no-policies-{}", Uuid::new_v4()));
    assert!(matches!(
        load_policy_dir(&missing),
        Err(Error::PolicyDir { .. })
    ));
}

/// deploy/policies plus one forbid.
fn stricter_policy_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kinlog-stricter-{}", Uuid::new_v4()));
    std::fs::create_dir(&dir).unwrap();
    for entry in std::fs::read_dir(deploy_policies()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.join("50-stricter.cedar"),
        "@id(\"X-forbid-caseworker-case-notes\")\n\
         forbid (principal is Staff, action, resource)\n\
         when { principal.roles.contains(Role::\"caseworker\") && resource.kind == Kind::\"case_note\" };\n",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn who_accessed_filters_by_case_or_person_and_by_a_half_open_window() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let planted = plant(&store).await;

    let rows = who_accessed(&store, Subject::Case(planted.case_a), &day(), &hidden())
        .await
        .unwrap();
    let positions: Vec<u64> = rows.iter().map(|r| r.position).collect();
    assert_eq!(positions, planted.case_a_accesses);
    assert!(rows.iter().all(|r| r.case == Some(planted.case_a)));
    let outside = rows
        .iter()
        .find(|r| r.position == planted.outside_caseload)
        .unwrap();
    assert_eq!(outside.actor, planted.w2.staff_id);
    assert_eq!(outside.outcome, Outcome::Recorded);
    assert_eq!(
        outside.deciding_policies,
        ["G-permit-caseworker-view-own-organization"]
    );
    assert_eq!(outside.organization, planted.organization);

    let rows = who_accessed(&store, Subject::Person(planted.child_b), &day(), &hidden())
        .await
        .unwrap();
    let positions: Vec<u64> = rows.iter().map(|r| r.position).collect();
    assert_eq!(positions, planted.child_b_accesses);

    // A window from the second of w1's business-hours views of case A to the fourth
    // holds the second and the third: the start is inside, the end is not.
    let w1_views: Vec<_> = who_accessed(&store, Subject::Case(planted.case_a), &day(), &hidden())
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.actor == planted.w1.staff_id && r.at >= business(0))
        .collect();
    let window = Window::new(w1_views[1].at, w1_views[3].at).unwrap();
    let rows = who_accessed(&store, Subject::Case(planted.case_a), &window, &hidden())
        .await
        .unwrap();
    let positions: Vec<u64> = rows.iter().map(|r| r.position).collect();
    assert_eq!(positions, [w1_views[1].position, w1_views[2].position]);
}

#[tokio::test]
async fn user_activity_lists_what_the_user_saw_and_changed_in_the_window() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let planted = plant(&store).await;
    // w2 records a referral; someone else records another.
    let referral = |case: CaseId| -> CaseCommand {
        let line = &crate::demo_case_commands()[0];
        serde_json::from_str(&line.replace(DEMO_CASE_ID, &case.0.to_string())).unwrap()
    };
    let mut changes = Vec::new();
    for actor in [planted.w2.staff_id, StaffId(Uuid::now_v7())] {
        let case = CaseId(Uuid::now_v7());
        let context = CommandContext {
            actor,
            actor_is_intern: false,
            now: Utc::now(),
        };
        let metadata = EventMetadata {
            actor: Some(actor.0),
            ..Default::default()
        };
        let outcome = execute::<Case>(
            &store,
            &case.stream_id(),
            referral(case),
            &context,
            &metadata,
        )
        .await
        .unwrap()
        .unwrap();
        changes.push(outcome.first_position);
    }

    let through_now = Window::new(day().from, Utc::now() + Duration::hours(1)).unwrap();
    let rows = user_activity(&store, planted.w2.staff_id, &through_now, &hidden())
        .await
        .unwrap();
    let saw: Vec<u64> = rows
        .iter()
        .filter(|r| r.kind == ActivityKind::Saw)
        .map(|r| r.position)
        .collect();
    let mut expected_saw = planted.child_b_accesses.clone();
    expected_saw.push(planted.outside_caseload);
    expected_saw.sort_unstable();
    assert_eq!(saw, expected_saw);
    let changed: Vec<(u64, &str)> = rows
        .iter()
        .filter(|r| r.kind == ActivityKind::Changed)
        .map(|r| (r.position, r.what.as_str()))
        .collect();
    assert_eq!(changed, [(changes[0], "ReferralReceived")]);
    assert_eq!(rows.len(), saw.len() + changed.len());

    // The day alone has w2's views but not today's referral; w1's day has the
    // after-hours view, and a window starting at 09:00 Ohio time does not.
    let rows = user_activity(&store, planted.w2.staff_id, &day(), &hidden())
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.kind == ActivityKind::Saw));
    assert_eq!(rows.len(), expected_saw.len());
    let w1_day = user_activity(&store, planted.w1.staff_id, &day(), &hidden())
        .await
        .unwrap();
    assert!(w1_day.iter().any(|r| r.position == planted.after_hours));
    let from_nine = Window::new(business(0), day().to).unwrap();
    let w1_working = user_activity(&store, planted.w1.staff_id, &from_nine, &hidden())
        .await
        .unwrap();
    assert_eq!(w1_working.len(), w1_day.len() - 1);
    assert!(w1_working.iter().all(|r| r.position != planted.after_hours));
}

#[tokio::test]
async fn case_as_of_shows_the_case_before_and_after_a_placement() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let case: CaseId = DEMO_CASE_ID.parse().unwrap();
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    // The demo up to the removal, then its first placement.
    let lines = crate::demo_case_commands();
    let place_line = lines
        .iter()
        .position(|line| line.starts_with("{\"PlaceChild\""))
        .unwrap();
    let run = |line: &str| {
        let command: CaseCommand = serde_json::from_str(line).unwrap();
        let store = store.clone();
        let context = context.clone();
        async move {
            execute::<Case>(
                &store,
                &case.stream_id(),
                command,
                &context,
                &EventMetadata::default(),
            )
            .await
            .unwrap()
        }
    };
    for line in &lines[..place_line] {
        run(line).await;
    }
    let before_placement = store
        .read_stream(&case.stream_id(), 1, 1000)
        .await
        .unwrap()
        .last()
        .unwrap()
        .recorded_at;
    run(&lines[place_line]).await;

    let before = case_as_of(&store, case, before_placement).await.unwrap();
    let after = case_as_of(&store, case, Utc::now()).await.unwrap();
    let episodes = |answer: &kinlog_gateway::replay::CaseAsOf| {
        answer.record.as_ref().unwrap().episodes.clone()
    };
    assert_eq!(episodes(&before).len(), 1);
    assert!(episodes(&before)[0].placements.is_empty());
    assert_eq!(episodes(&after)[0].placements.len(), 1);
    assert_eq!(
        episodes(&after)[0].placements[0].started_on,
        Date::parse("2026-09-02").unwrap()
    );
    assert_eq!(after.events_applied, before.events_applied + 1);
    assert!(before.render().contains("episode"));
    assert!(!before.render().contains("placement"));
    assert!(after.render().contains("placement"));

    let too_early = before_placement - Duration::days(1);
    assert!(matches!(
        case_as_of(&store, case, too_early).await,
        Err(Error::CaseNotRecorded { at, .. }) if at == too_early
    ));
}

#[tokio::test]
async fn disclosures_lists_a_persons_last_six_years_and_no_one_elses() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let person = PersonId(Uuid::now_v7());
    let other = PersonId(Uuid::now_v7());
    let today = Date::parse("2026-11-23").unwrap();
    let mut positions = Vec::new();
    for (whose, day) in [
        (person, "2020-11-22"),
        (person, "2020-11-23"),
        (person, "2025-06-01"),
        (other, "2025-06-02"),
    ] {
        positions.push(disclose(&store, whose, Date::parse(day).unwrap()).await);
    }
    let rows = disclosures(&store, person, today).await.unwrap();
    let listed: Vec<(u64, String)> = rows
        .iter()
        .map(|r| (r.position, r.disclosed_on.to_string()))
        .collect();
    assert_eq!(
        listed,
        [
            (positions[1], "2020-11-23".to_owned()),
            (positions[2], "2025-06-01".to_owned())
        ]
    );
    assert_eq!(rows[0].recipient, "Franklin County Juvenile Court");
    assert_eq!(rows[0].legal_basis, "ORC 5153.17");
    assert_eq!(rows[0].released, ["case plan"]);
}

async fn disclose(store: &Store, person: PersonId, on: Date) -> u64 {
    let command = RecordDisclosure {
        person,
        case: None,
        disclosed_on: on,
        recipient: Recipient {
            name: Narrative::new("Franklin County Juvenile Court"),
            address: Some(Narrative::new("373 S High St, Columbus OH")),
        },
        purpose: Narrative::new("permanency hearing"),
        legal_basis: Narrative::new("ORC 5153.17"),
        request: Narrative::new("subpoena 2026-114"),
        released: vec![Narrative::new("case plan")],
    };
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    let disclosure = Disclosure::record(command, &context).unwrap();
    let event_id = Uuid::now_v7();
    store
        .append(
            &Disclosure::stream_id(person),
            ExpectedVersion::Any,
            vec![encode(
                event_id,
                &AccessEvent::DisclosureRecorded(disclosure),
                &EventMetadata::default(),
            )
            .unwrap()],
        )
        .await
        .unwrap()
        .first_position
}
