//! Every replay is itself an access: one `AccessRecorded` for an allowed replay, one
//! `AccessDenied` for a refused one, decided by the policies for the requester.
use chrono::Utc;
use clap::Parser;
use futures_util::TryStreamExt;
use kinlog_domain::access::{AccessEvent, ACCESS_CATEGORY};
use kinlog_domain::person::Person;
use kinlog_domain::policy::{Action, Purpose, ResourceKind};
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::Staff;
use kinlog_domain::{Aggregate, CommandContext, OrganizationId, PersonId, StaffId};
use kinlog_gateway::replay::cli::{run, ReplayArgs};
use kinlog_gateway::{execute, Error};
use kinlog_projections::{decode, EventMetadata};
use kinlog_store::testing::TestDb;
use kinlog_store::{Filter, Store, StoreOptions, Upcasters};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use uuid::Uuid;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    replay: ReplayArgs,
}

async fn command<A>(store: &Store, stream: &str, command: Value)
where
    A: Aggregate,
    A::Command: DeserializeOwned + Clone,
{
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    execute::<A>(
        store,
        stream,
        serde_json::from_value(command).unwrap(),
        &context,
        &EventMetadata::default(),
    )
    .await
    .unwrap()
    .expect("the command changed something");
}

/// A trained staff member with a signed Code of Responsibility and one role.
async fn staff(store: &Store, organization: OrganizationId, role: &str) -> (StaffId, PersonId) {
    let person = PersonId(Uuid::now_v7());
    command::<Person>(
        store,
        &person.stream_id(),
        json!({"register_person": {"person_id": person,
            "name": {"given": "Lee", "middle": null, "family": "Park"},
            "date_of_birth": {"known": "1985-03-02"}, "sex": null, "occurred_on": "2026-01-03"}}),
    )
    .await;
    let id = StaffId(Uuid::now_v7());
    let stream = id.stream_id();
    let steps = [
        json!({"register_staff_member": {"staff_id": id, "organization_id": organization,
            "person_id": person, "name": {"given": "Lee", "middle": null, "family": "Park"},
            "occurred_on": "2026-01-05"}}),
        json!({"assign_role": {"role": role, "occurred_on": "2026-01-05"}}),
        json!({"record_training_completion": {"training": "confidentiality", "occurred_on": "2026-01-06"}}),
        json!({"record_training_completion": {"training": "penalties", "occurred_on": "2026-01-06"}}),
        json!({"record_training_completion": {"training": "security_procedures", "occurred_on": "2026-01-06"}}),
        json!({"sign_code_of_responsibility": {"form_version": "JFS 07078 (Rev. 9/2022)",
            "occurred_on": "2026-01-06"}}),
    ];
    for step in steps {
        command::<Staff>(store, &stream, step).await;
    }
    (id, person)
}

async fn agency(store: &Store) -> OrganizationId {
    let id = OrganizationId(Uuid::now_v7());
    command::<Organization>(
        store,
        &id.stream_id(),
        json!({"register_organization": {"organization_id": id, "kind": "pcsa",
            "name": "Franklin County Children Services", "county": 39049,
            "occurred_on": "2026-01-02"}}),
    )
    .await;
    id
}

fn args(words: &[&str]) -> ReplayArgs {
    Cli::try_parse_from(std::iter::once("kinlog").chain(words.iter().copied()))
        .unwrap()
        .replay
}

/// The access events after `after`, decoded.
async fn accesses_after(store: &Store, after: u64) -> Vec<AccessEvent> {
    store
        .read_filtered(
            &Filter::Category(ACCESS_CATEGORY.to_owned()),
            None,
            after,
            None,
        )
        .await
        .unwrap()
        .map_ok(|event| decode::<AccessEvent>(&event).unwrap().0)
        .try_collect()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_replay_is_recorded_once_and_a_caseworker_is_refused_on_the_record() {
    let db = TestDb::create().await.unwrap();
    let store = Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap();
    let organization = agency(&store).await;
    let (auditor, auditor_person) = staff(&store, organization, "auditor").await;
    let (caseworker, _) = staff(&store, organization, "caseworker").await;
    let window = [
        "--from",
        "2026-11-17T00:00:00Z",
        "--to",
        "2026-11-18T00:00:00Z",
    ];

    // The auditor's monitor run: exactly one event, an allowed replayAudit.
    let head = store.head().await.unwrap();
    let auditor_id = auditor.to_string();
    let mut words = vec!["--as", auditor_id.as_str(), "monitor"];
    words.extend(window);
    run(&store, args(&words)).await.unwrap();
    assert_eq!(store.head().await.unwrap(), head + 1);
    let [AccessEvent::AccessRecorded(record)] = &accesses_after(&store, head).await[..] else {
        panic!("expected one AccessRecorded");
    };
    assert_eq!(record.actor(), auditor);
    assert_eq!(record.action, Action::ReplayAudit);
    assert_eq!(record.resource_kind(), ResourceKind::AuditLog);
    assert_eq!(record.facts.resource.owning_organization, organization);
    assert_eq!(record.purpose(), Purpose::Audit);
    assert_eq!(
        record.decision.deciding_policies,
        ["S-permit-auditor-replay-audit"]
    );
    assert!(record
        .client
        .path
        .starts_with("kinlog replay monitor --from 2026-11-17"));
    assert_eq!(record.returned, ["monitor", "rows:0"]);
    assert!(record.response_bytes > 0);

    // A caseworker is refused; the refusal is the one event the attempt leaves.
    let head = store.head().await.unwrap();
    let caseworker_id = caseworker.to_string();
    let mut words = vec!["--as", caseworker_id.as_str(), "rejudge"];
    words.extend(window);
    let refused = run(&store, args(&words)).await;
    let Err(Error::AccessRefused {
        staff, position, ..
    }) = refused
    else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert_eq!(staff, caseworker);
    assert_eq!(store.head().await.unwrap(), head + 1);
    assert_eq!(position, head + 1);
    let [AccessEvent::AccessDenied(denied)] = &accesses_after(&store, head).await[..] else {
        panic!("expected one AccessDenied");
    };
    assert_eq!(denied.actor(), caseworker);
    assert_eq!(denied.action, Action::ReplayAudit);
    assert!(denied.returned.is_empty());
    assert_eq!(denied.response_bytes, 0);

    // Paragraph T binds the auditor too: replaying who saw their own record is refused
    // by the self forbid, and recorded.
    let head = store.head().await.unwrap();
    let own = auditor_person.to_string();
    let mut words = vec![
        "--as",
        auditor_id.as_str(),
        "who-accessed",
        "--person",
        own.as_str(),
    ];
    words.extend(window);
    let refused = run(&store, args(&words)).await;
    let Err(Error::AccessRefused { policies, .. }) = refused else {
        panic!("expected a refusal, got {refused:?}");
    };
    assert_eq!(policies, ["T1-forbid-self"]);
    assert_eq!(store.head().await.unwrap(), head + 1);

    // Without a requester nothing runs and nothing is recorded.
    let head = store.head().await.unwrap();
    let mut words = vec!["monitor"];
    words.extend(window);
    std::env::remove_var("KINLOG_STAFF");
    assert!(matches!(
        run(&store, args(&words)).await,
        Err(Error::ReplayInput { field: "as", .. })
    ));
    assert_eq!(store.head().await.unwrap(), head);
}
