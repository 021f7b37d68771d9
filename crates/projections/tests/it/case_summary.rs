//! The case summary and caseload, field by field.
use kinlog_domain::case::codes::ExitReason;
use kinlog_domain::case::{CaseCommand, CloseCase, ClosureReason, EpisodeId, TransferCase};
use kinlog_domain::PersonId;
use kinlog_projections::CaseSummaryView;
use uuid::Uuid;

use crate::support::*;

const CHILD: PersonId = PersonId(Uuid::from_u128(0xC1));
const SIBLING: PersonId = PersonId(Uuid::from_u128(0xC2));
const EPISODE: EpisodeId = EpisodeId(Uuid::from_u128(0xE1));

#[tokio::test]
async fn a_case_is_summarized_from_referral_to_closure() {
    let env = Env::new().await;
    let mut case = CaseScript::new(0xCA5E);
    case.referral(&env.store, &[CHILD, SIBLING]).await;
    case.screen_in_and_open(&env.store).await;
    case.assign(
        &env.store,
        &worker(),
        WORKER,
        Some(SUPERVISOR),
        "2026-03-03",
    )
    .await;
    let removal = case
        .remove(&env.store, &worker(), EPISODE, CHILD, "2026-03-04")
        .await;
    env.catch_up(&CaseSummaryView).await;

    let client = env.client().await;
    let row = client
        .query_one(
            "SELECT status, agency, county, reported_on, screened_on, opened_on, closed_on, \
             closure_reason, caseworker, supervisor, assigned_on, last_position \
             FROM rm.case_summary WHERE case_id = $1",
            &[&case.id.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>("status"), "open");
    assert_eq!(row.get::<_, Uuid>("agency"), AGENCY.0);
    assert_eq!(row.get::<_, i32>("county"), 35);
    assert_eq!(
        row.get::<_, chrono::NaiveDate>("reported_on"),
        nd("2026-03-01")
    );
    assert_eq!(
        row.get::<_, Option<chrono::NaiveDate>>("screened_on"),
        Some(nd("2026-03-01"))
    );
    assert_eq!(
        row.get::<_, Option<chrono::NaiveDate>>("opened_on"),
        Some(nd("2026-03-02"))
    );
    assert_eq!(row.get::<_, Option<chrono::NaiveDate>>("closed_on"), None);
    assert_eq!(row.get::<_, Option<String>>("closure_reason"), None);
    assert_eq!(row.get::<_, Option<Uuid>>("caseworker"), Some(WORKER.0));
    assert_eq!(row.get::<_, Option<Uuid>>("supervisor"), Some(SUPERVISOR.0));
    assert_eq!(
        row.get::<_, Option<chrono::NaiveDate>>("assigned_on"),
        Some(nd("2026-03-03"))
    );
    assert_eq!(row.get::<_, i64>("last_position"), removal as i64);

    assert_eq!(
        children(&client, case.id.0).await,
        vec![
            (CHILD.0, Some(EPISODE.0), Some(nd("2026-03-04"))),
            (SIBLING.0, None, None),
        ]
    );
    assert_eq!(
        caseload(&client).await,
        vec![
            (
                WORKER.0,
                case.id.0,
                "caseworker".to_owned(),
                nd("2026-03-03")
            ),
            (
                SUPERVISOR.0,
                case.id.0,
                "supervisor".to_owned(),
                nd("2026-03-03")
            ),
        ]
    );

    // A new assignment replaces the old one; a transfer moves the agency; the exit
    // closes the child's episode; closure empties the caseload.
    case.assign(&env.store, &worker(), OTHER_WORKER, None, "2026-04-01")
        .await;
    case.run(
        &env.store,
        &worker(),
        CaseCommand::TransferCase(TransferCase {
            to_organization: OTHER_AGENCY,
            transferred_on: d("2026-04-02"),
        }),
    )
    .await;
    env.catch_up(&CaseSummaryView).await;
    assert_eq!(
        caseload(&client).await,
        vec![(
            OTHER_WORKER.0,
            case.id.0,
            "caseworker".to_owned(),
            nd("2026-04-01")
        )]
    );
    case.exit(
        &env.store,
        EPISODE,
        "2026-05-01",
        ExitReason::ReunifyWithParents,
    )
    .await;
    let closure = case
        .run(
            &env.store,
            &worker(),
            CaseCommand::CloseCase(CloseCase {
                closed_on: d("2026-05-02"),
                reason: ClosureReason::GoalsAchieved,
            }),
        )
        .await;
    env.catch_up(&CaseSummaryView).await;

    let row = client
        .query_one(
            "SELECT status, agency, closed_on, closure_reason, caseworker, supervisor, \
             last_position, last_recorded_at FROM rm.case_summary WHERE case_id = $1",
            &[&case.id.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>("status"), "closed");
    assert_eq!(row.get::<_, Uuid>("agency"), OTHER_AGENCY.0);
    assert_eq!(
        row.get::<_, Option<chrono::NaiveDate>>("closed_on"),
        Some(nd("2026-05-02"))
    );
    assert_eq!(
        row.get::<_, Option<String>>("closure_reason").as_deref(),
        Some("goals_achieved")
    );
    assert_eq!(
        row.get::<_, Option<Uuid>>("caseworker"),
        Some(OTHER_WORKER.0)
    );
    assert_eq!(row.get::<_, Option<Uuid>>("supervisor"), None);
    assert_eq!(row.get::<_, i64>("last_position"), closure as i64);
    assert_eq!(
        row.get::<_, chrono::DateTime<chrono::Utc>>("last_recorded_at"),
        env.recorded_at(closure).await
    );
    assert_eq!(
        children(&client, case.id.0).await,
        vec![(CHILD.0, None, None), (SIBLING.0, None, None)]
    );
    assert!(caseload(&client).await.is_empty());
}

#[tokio::test]
async fn an_interns_assignment_shows_only_once_approved() {
    let env = Env::new().await;
    let mut case = CaseScript::new(0xCA5F);
    case.referral(&env.store, &[CHILD]).await;
    case.screen_in_and_open(&env.store).await;
    let proposal = case
        .assign(
            &env.store,
            &intern(),
            OTHER_WORKER,
            Some(SUPERVISOR),
            "2026-03-05",
        )
        .await;
    env.catch_up(&CaseSummaryView).await;

    let client = env.client().await;
    let row = client
        .query_one(
            "SELECT caseworker, last_position FROM rm.case_summary WHERE case_id = $1",
            &[&case.id.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, Option<Uuid>>(0), None);
    assert!(
        row.get::<_, i64>(1) < proposal as i64,
        "the proposal touched the summary"
    );
    assert!(caseload(&client).await.is_empty());

    let approval = case.approve(&env.store, 1).await;
    env.catch_up(&CaseSummaryView).await;
    let row = client
        .query_one(
            "SELECT caseworker, supervisor, last_position FROM rm.case_summary WHERE case_id = $1",
            &[&case.id.0],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, Option<Uuid>>(0), Some(OTHER_WORKER.0));
    assert_eq!(row.get::<_, Option<Uuid>>(1), Some(SUPERVISOR.0));
    assert_eq!(row.get::<_, i64>(2), approval as i64);
    assert_eq!(caseload(&client).await.len(), 2);
}

async fn children(
    client: &tokio_postgres::Client,
    case_id: Uuid,
) -> Vec<(Uuid, Option<Uuid>, Option<chrono::NaiveDate>)> {
    client
        .query(
            "SELECT child, open_episode_id, removed_on FROM rm.case_child WHERE case_id = $1 \
             ORDER BY child",
            &[&case_id],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect()
}

async fn caseload(client: &tokio_postgres::Client) -> Vec<(Uuid, Uuid, String, chrono::NaiveDate)> {
    client
        .query(
            "SELECT staff_id, case_id, role, assigned_on FROM rm.caseload ORDER BY staff_id, role",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
        .collect()
}
