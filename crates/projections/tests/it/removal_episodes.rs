//! Removal episodes, placements and exits, field by field, with transaction dates.
use chrono::{DateTime, NaiveDate, Utc};
use kinlog_domain::case::codes::{ExitReason, OtherPlacementSetting};
use kinlog_domain::case::{EpisodeId, PlaceChild, PlacementLocation, PlacementSetting};
use kinlog_domain::PersonId;
use kinlog_projections::RemovalEpisodesView;
use serde_json::json;
use uuid::Uuid;

use crate::support::*;

const CHILD: PersonId = PersonId(Uuid::from_u128(0xC1));
const FIRST: EpisodeId = EpisodeId(Uuid::from_u128(0xE1));
const REENTRY: EpisodeId = EpisodeId(Uuid::from_u128(0xE2));

#[tokio::test]
async fn episodes_placements_and_exits_carry_their_dates_and_transaction_dates() {
    let env = Env::new().await;
    let s = &env.store;
    let mut case = CaseScript::new(0xCA5E);
    case.referral(s, &[CHILD]).await;
    case.screen_in_and_open(s).await;
    let removal = case.remove(s, &worker(), FIRST, CHILD, "2026-03-04").await;
    let first = case
        .place(
            s,
            &worker(),
            foster_home(0xB1, FIRST, "2026-03-04", Some("2026-03-20")),
        )
        .await;
    let runaway = PlaceChild {
        setting: PlacementSetting::Other {
            setting: OtherPlacementSetting::Runaway,
        },
        provider: None,
        location: PlacementLocation::RunawayOrWhereaboutsUnknown,
        ..foster_home(0xB2, FIRST, "2026-03-20", None)
    };
    let second = case.place(s, &worker(), runaway).await;
    // Ending the open runaway placement is part of recording the exit.
    let exit = case
        .exit(s, FIRST, "2026-04-10", ExitReason::ReunifyWithParents)
        .await;
    let reentry = case
        .remove(s, &worker(), REENTRY, CHILD, "2026-05-01")
        .await;
    let third = case
        .place(
            s,
            &worker(),
            PlaceChild {
                provider: Some(OTHER_HOME),
                ..foster_home(0xB3, REENTRY, "2026-05-01", None)
            },
        )
        .await;
    env.catch_up(&RemovalEpisodesView).await;

    let client = env.client().await;
    let episodes = client
        .query(
            "SELECT episode_id, case_id, child, removed_on, removal_recorded_at, removal_manner, \
             removal_environment, removal_circumstances, exited_on, exit_reason, \
             exit_reason_code, exit_receiving_agency, exit_recorded_at \
             FROM rm.removal_episode ORDER BY removed_on",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(episodes.len(), 2);
    let e = &episodes[0];
    assert_eq!(e.get::<_, Uuid>("episode_id"), FIRST.0);
    assert_eq!(e.get::<_, Uuid>("case_id"), case.id.0);
    assert_eq!(e.get::<_, Uuid>("child"), CHILD.0);
    assert_eq!(e.get::<_, NaiveDate>("removed_on"), nd("2026-03-04"));
    assert_eq!(
        e.get::<_, DateTime<Utc>>("removal_recorded_at"),
        env.recorded_at(removal).await
    );
    assert_eq!(e.get::<_, String>("removal_manner"), "court_ordered");
    assert_eq!(
        e.get::<_, String>("removal_environment"),
        "parent_household"
    );
    assert_eq!(
        e.get::<_, Vec<String>>("removal_circumstances"),
        vec!["physical_abuse", "neglect"]
    );
    assert_eq!(
        e.get::<_, Option<NaiveDate>>("exited_on"),
        Some(nd("2026-04-10"))
    );
    assert_eq!(
        e.get::<_, Option<String>>("exit_reason").as_deref(),
        Some("reunify_with_parents")
    );
    // AFCARS E155 1 = reunified with parents or primary caretakers.
    assert_eq!(e.get::<_, Option<i16>>("exit_reason_code"), Some(1));
    assert_eq!(e.get::<_, Option<String>>("exit_receiving_agency"), None);
    assert_eq!(
        e.get::<_, Option<DateTime<Utc>>>("exit_recorded_at"),
        Some(env.recorded_at(exit).await)
    );

    let e = &episodes[1];
    assert_eq!(e.get::<_, Uuid>("episode_id"), REENTRY.0);
    assert_eq!(e.get::<_, NaiveDate>("removed_on"), nd("2026-05-01"));
    assert_eq!(
        e.get::<_, DateTime<Utc>>("removal_recorded_at"),
        env.recorded_at(reentry).await
    );
    assert_eq!(e.get::<_, Option<NaiveDate>>("exited_on"), None);
    assert_eq!(e.get::<_, Option<String>>("exit_reason"), None);
    assert_eq!(e.get::<_, Option<i16>>("exit_reason_code"), None);
    assert_eq!(e.get::<_, Option<DateTime<Utc>>>("exit_recorded_at"), None);

    let placements = client
        .query(
            "SELECT placement_id, episode_id, child, started_on, ended_on, setting, provider, \
             location, placed_recorded_at, ended_recorded_at FROM rm.placement ORDER BY started_on",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(placements.len(), 3);
    let p = &placements[0];
    assert_eq!(p.get::<_, Uuid>("placement_id"), Uuid::from_u128(0xB1));
    assert_eq!(p.get::<_, Uuid>("episode_id"), FIRST.0);
    assert_eq!(p.get::<_, Uuid>("child"), CHILD.0);
    assert_eq!(p.get::<_, NaiveDate>("started_on"), nd("2026-03-04"));
    assert_eq!(
        p.get::<_, Option<NaiveDate>>("ended_on"),
        Some(nd("2026-03-20"))
    );
    assert_eq!(
        p.get::<_, serde_json::Value>("setting"),
        json!({"foster_family_home": {"home_types": ["licensed"]}})
    );
    assert_eq!(p.get::<_, Option<Uuid>>("provider"), Some(HOME.0));
    assert_eq!(p.get::<_, serde_json::Value>("location"), json!("in_state"));
    let first_at = env.recorded_at(first).await;
    assert_eq!(p.get::<_, DateTime<Utc>>("placed_recorded_at"), first_at);
    // Entered with its end date: the end was recorded with the placement.
    assert_eq!(
        p.get::<_, Option<DateTime<Utc>>>("ended_recorded_at"),
        Some(first_at)
    );

    let p = &placements[1];
    assert_eq!(p.get::<_, Uuid>("placement_id"), Uuid::from_u128(0xB2));
    assert_eq!(
        p.get::<_, Option<NaiveDate>>("ended_on"),
        Some(nd("2026-04-10"))
    );
    assert_eq!(
        p.get::<_, serde_json::Value>("setting"),
        json!({"other": {"setting": "runaway"}})
    );
    assert_eq!(p.get::<_, Option<Uuid>>("provider"), None);
    assert_eq!(
        p.get::<_, serde_json::Value>("location"),
        json!("runaway_or_whereabouts_unknown")
    );
    assert_eq!(
        p.get::<_, DateTime<Utc>>("placed_recorded_at"),
        env.recorded_at(second).await
    );
    assert_eq!(
        p.get::<_, Option<DateTime<Utc>>>("ended_recorded_at"),
        Some(env.recorded_at(exit).await)
    );

    let p = &placements[2];
    assert_eq!(p.get::<_, Uuid>("episode_id"), REENTRY.0);
    assert_eq!(p.get::<_, Option<Uuid>>("provider"), Some(OTHER_HOME.0));
    assert_eq!(p.get::<_, Option<NaiveDate>>("ended_on"), None);
    assert_eq!(p.get::<_, Option<DateTime<Utc>>>("ended_recorded_at"), None);
    assert_eq!(
        p.get::<_, DateTime<Utc>>("placed_recorded_at"),
        env.recorded_at(third).await
    );
}

#[tokio::test]
async fn an_interns_placement_appears_only_when_approved_with_the_approval_date() {
    let env = Env::new().await;
    let s = &env.store;
    let mut case = CaseScript::new(0xCA5E);
    case.referral(s, &[CHILD]).await;
    case.screen_in_and_open(s).await;
    case.remove(s, &worker(), FIRST, CHILD, "2026-03-04").await;
    case.place(s, &intern(), foster_home(0xB1, FIRST, "2026-03-04", None))
        .await;
    env.catch_up(&RemovalEpisodesView).await;
    let client = env.client().await;
    let count = |sql: &'static str| {
        let client = &client;
        async move { client.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(count("SELECT count(*) FROM rm.placement").await, 0);

    let approval = case.approve(s, 1).await;
    env.catch_up(&RemovalEpisodesView).await;
    assert_eq!(count("SELECT count(*) FROM rm.placement").await, 1);
    let recorded: DateTime<Utc> = client
        .query_one("SELECT placed_recorded_at FROM rm.placement", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(recorded, env.recorded_at(approval).await);
}
