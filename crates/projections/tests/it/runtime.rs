//! The runtime: rebuilds equal live builds, crashes lose nothing and apply nothing twice,
//! live following, version switches.
use std::time::Duration;

use kinlog_domain::case::codes::ExitReason;
use kinlog_domain::case::EpisodeId;
use kinlog_domain::person::youth::IndependentLivingService;
use kinlog_domain::person::{PersonCommand, RelationshipKind, Sex};
use kinlog_domain::{PersonId, ProviderId};
use kinlog_projections::{
    catch_up, projectors, rebuild, run, status, table_digests, CaseSummaryView, Error, Projector,
    ProjectorStatus, TableDigest, Writes,
};
use kinlog_store::RecordedEvent;
use uuid::Uuid;

use crate::support::*;

/// Cases with removals, placements, exits and an intern's pending entry; with persons,
/// also the children's person records, a grant, a licensed home, a youth served, a
/// disclosure and a read of the case, so every read model has rows. Returns the log head.
async fn history(env: &Env, cases: u128, with_persons: bool) -> u64 {
    let s = &env.store;
    let mut head = 0;
    for n in 1..=cases {
        let child = PersonId(Uuid::from_u128(0xC000 + n));
        let sibling = PersonId(Uuid::from_u128(0xD000 + n));
        if with_persons {
            for (id, given) in [(child, "Ann"), (sibling, "Bo")] {
                let mut person = PersonScript::new(id.0.as_u128());
                person
                    .register(s, (given, None, "Smith"), None, Some(Sex::Female))
                    .await;
                let other = if id == child { sibling } else { child };
                person
                    .run(
                        s,
                        PersonCommand::RecordRelationship {
                            other,
                            kind: RelationshipKind::Sibling,
                            occurred_on: nd("2026-03-01"),
                        },
                    )
                    .await;
            }
            issue_grant(s, 0x6000 + n, OTHER_WORKER, &[child, sibling]).await;
            let mut home =
                ProviderScript::register(s, ProviderId(Uuid::from_u128(0xF000 + n)), AGENCY).await;
            home.license(s, "2026-02-01", "2027-01-31").await;
            let mut youth = PersonScript::new(0x7000 + n);
            youth.register(s, ("Cy", None, "Smith"), None, None).await;
            youth
                .run(
                    s,
                    PersonCommand::RecordIndependentLivingService {
                        service: IndependentLivingService::Mentoring,
                        occurred_on: nd("2026-03-02"),
                    },
                )
                .await;
            record_disclosure(s, child, "2026-03-05").await;
        }
        let mut case = CaseScript::new(0xCA00 + n);
        let episode = EpisodeId(Uuid::from_u128(0xE000 + n));
        case.referral(s, &[child, sibling]).await;
        case.screen_in_and_open(s).await;
        case.assign(s, &worker(), WORKER, Some(SUPERVISOR), "2026-03-03")
            .await;
        case.remove(s, &worker(), episode, child, "2026-03-04")
            .await;
        case.place(
            s,
            &worker(),
            foster_home(0xB000 + n, episode, "2026-03-04", None),
        )
        .await;
        if n % 2 == 0 {
            case.exit(s, episode, "2026-04-01", ExitReason::ReunifyWithParents)
                .await;
        }
        if with_persons {
            record_access(
                s,
                WORKER,
                case.id,
                &[child, sibling],
                true,
                "2026-04-01T10:00:00Z",
            )
            .await;
        }
        head = case
            .assign(s, &intern(), OTHER_WORKER, None, "2026-04-02")
            .await;
    }
    head
}

async fn digests(env: &Env, name: &str) -> Vec<TableDigest> {
    table_digests(&env.client().await, name)
        .await
        .expect("digests")
}

async fn build_of(env: &Env, name: &str) -> Vec<ProjectorStatus> {
    status(&env.client().await)
        .await
        .expect("status")
        .into_iter()
        .filter(|s| s.name == name)
        .collect()
}

/// Polls `done` until it holds, for at most ten seconds.
async fn eventually<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..200 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn caught_up(env: &Env, name: &str) -> bool {
    build_of(env, name)
        .await
        .iter()
        .any(|s| s.active && s.lag == 0 && s.position > 0)
}

#[tokio::test]
async fn rebuilding_from_position_zero_gives_tables_identical_to_the_live_ones() {
    let env = Env::new().await;
    // Live runners follow the log while it is written, batch by batch.
    let runners: Vec<_> = projectors()
        .into_iter()
        .map(|projector| {
            let store = env.store.clone();
            tokio::spawn(async move { run(&store, &*projector, &small_batches()).await })
        })
        .collect();
    history(&env, 4, true).await;
    for projector in projectors() {
        eventually("the live build caught up", || {
            caught_up(&env, projector.name())
        })
        .await;
    }

    for projector in projectors() {
        let live = digests(&env, projector.name()).await;
        assert!(
            live.iter().all(|t| t.rows > 0),
            "every table of {} should hold rows: {live:?}",
            projector.name()
        );
        let before = build_of(&env, projector.name()).await;
        let rebuilt = rebuild(&env.store, &*projector, &small_batches(), &mut |_| {})
            .await
            .expect("rebuild");
        assert_ne!(Some(rebuilt.build), before.first().map(|b| b.build));
        let after = build_of(&env, projector.name()).await;
        assert_eq!(after.len(), 1, "the old build is retired: {after:?}");
        assert!(after[0].active && after[0].build == rebuilt.build);
        assert_eq!(
            digests(&env, projector.name()).await,
            live,
            "{}",
            projector.name()
        );
    }
    for runner in runners {
        assert!(!runner.is_finished(), "a live runner stopped");
        runner.abort();
    }
}

/// A projector under test: another version of the case summary, or one whose batch
/// stalls in the server at a given position, after the writes of the events before it, as
/// a process killed there would leave it.
struct Wrapped {
    version: u32,
    hang_at: Option<u64>,
}

impl Wrapped {
    fn new(version: u32, hang_at: Option<u64>) -> Wrapped {
        Wrapped { version, hang_at }
    }
}

impl Projector for Wrapped {
    fn name(&self) -> &'static str {
        CaseSummaryView.name()
    }
    fn version(&self) -> u32 {
        self.version
    }
    fn category(&self) -> &'static str {
        CaseSummaryView.category()
    }
    fn tables(&self) -> &'static str {
        CaseSummaryView.tables()
    }
    fn handle(&self, event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
        if Some(event.position) == self.hang_at {
            writes.push("SELECT pg_sleep(3600)", Vec::new(), "stalling the batch");
        }
        CaseSummaryView.handle(event, writes)
    }
}

/// Runs `projector` until its batch stalls, then kills its session, which ends the run.
async fn crash_mid_batch(env: &Env, projector: Wrapped) {
    let store = env.store.clone();
    let task = tokio::spawn(async move { catch_up(&store, &projector, &small_batches()).await });
    let client = env.client().await;
    let stalled = "SELECT pid FROM pg_stat_activity \
                   WHERE datname = current_database() AND wait_event = 'PgSleep'";
    eventually("the runner's batch stalls", || async {
        !client.query(stalled, &[]).await.unwrap().is_empty()
    })
    .await;
    let killed = client
        .query(
            &format!("SELECT pg_terminate_backend(pid) FROM ({stalled}) s"),
            &[],
        )
        .await
        .unwrap();
    assert_eq!(killed.len(), 1, "one batch was in flight");
    let ended = tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the run ends with its session")
        .unwrap();
    assert!(
        matches!(
            ended,
            Err(Error::Db {
                context: "stalling the batch",
                ..
            })
        ),
        "{ended:?}"
    );
}

#[tokio::test]
async fn a_crash_mid_batch_leaves_neither_rows_nor_checkpoint_and_a_restart_equals_a_clean_build() {
    let env = Env::new().await;
    let head = history(&env, 3, false).await;
    // Batches of three case events from position 0: (0,3], (3,6], ... Hang inside one.
    let hang_at = 3 * 4 + 2;
    assert!(head > hang_at + 3);
    crash_mid_batch(&env, Wrapped::new(1, Some(hang_at))).await;

    let builds = build_of(&env, "case_summary").await;
    assert_eq!(builds.len(), 1);
    let crashed = &builds[0];
    assert!(
        !crashed.active,
        "a build that never caught up is not served"
    );
    assert_eq!(
        crashed.position,
        3 * 4,
        "the checkpoint is the last committed batch"
    );
    // Every case event stamps its case's row, so the newest stamp is the last event whose
    // rows committed: exactly the checkpoint, nothing of the killed batch.
    let newest: i64 = env
        .client()
        .await
        .query_one(
            &format!(
                "SELECT max(last_position) FROM \"{}\".case_summary",
                crashed.schema
            ),
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(newest as u64, crashed.position);

    // The restart resumes the same build from its checkpoint.
    let resumed = catch_up(&env.store, &CaseSummaryView, &small_batches())
        .await
        .unwrap();
    assert_eq!(resumed.build, crashed.build);
    assert_eq!(resumed.position, head);
    let restarted = digests(&env, "case_summary").await;
    assert!(restarted.iter().all(|t| t.rows > 0), "{restarted:?}");
    rebuild(&env.store, &CaseSummaryView, &small_batches(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(digests(&env, "case_summary").await, restarted);
}

#[tokio::test]
async fn a_live_runner_shows_an_event_appended_after_it_caught_up() {
    let env = Env::new().await;
    let store = env.store.clone();
    let runner = tokio::spawn(async move { run(&store, &CaseSummaryView, &small_batches()).await });
    eventually("the first build is active", || async {
        build_of(&env, "case_summary")
            .await
            .iter()
            .any(|s| s.active)
    })
    .await;

    let mut case = CaseScript::new(0xCA5E);
    let position = case
        .referral(&env.store, &[PersonId(Uuid::from_u128(0xC1))])
        .await;
    let client = env.client().await;
    eventually("the referral shows", || async {
        client
            .query_opt(
                "SELECT 1 FROM rm.case_summary WHERE case_id = $1 AND status = 'referred' \
                 AND last_position = $2",
                &[&case.id.0, &(position as i64)],
            )
            .await
            .unwrap()
            .is_some()
    })
    .await;
    let opened = case.screen_in_and_open(&env.store).await;
    eventually("the opening shows", || async {
        client
            .query_opt(
                "SELECT 1 FROM rm.case_summary WHERE case_id = $1 AND status = 'open' \
                 AND last_position = $2",
                &[&case.id.0, &(opened as i64)],
            )
            .await
            .unwrap()
            .is_some()
    })
    .await;
    assert!(!runner.is_finished());
    runner.abort();
}

#[tokio::test]
async fn a_new_version_builds_beside_the_old_one_which_serves_until_the_switch() {
    let env = Env::new().await;
    let head = history(&env, 3, false).await;
    catch_up(&env.store, &CaseSummaryView, &small_batches())
        .await
        .unwrap();
    let v1 = build_of(&env, "case_summary").await;
    assert_eq!(v1.len(), 1);
    assert!(v1[0].positions_per_second > 0, "{v1:?}");
    let served = digests(&env, "case_summary").await;

    // Version 2 is killed halfway; version 1 still serves the same rows meanwhile.
    crash_mid_batch(&env, Wrapped::new(2, Some(head / 2))).await;
    let both = build_of(&env, "case_summary").await;
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(both[0].active && both[0].version == 1);
    assert!(!both[1].active && both[1].version == 2 && both[1].position < head);
    assert_eq!(both[1].lag, head - both[1].position);
    assert_eq!(digests(&env, "case_summary").await, served);

    // Version 2 resumes, catches up and replaces version 1 in one switch.
    catch_up(&env.store, &Wrapped::new(2, None), &small_batches())
        .await
        .unwrap();
    let v2 = build_of(&env, "case_summary").await;
    assert_eq!(v2.len(), 1, "{v2:?}");
    assert_eq!((v2[0].version, v2[0].active, v2[0].lag), (2, true, 0));
    assert_eq!(v2[0].build, both[1].build);
    assert_eq!(digests(&env, "case_summary").await, served);
    let old_schema_left: bool = env
        .client()
        .await
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&v1[0].schema],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!old_schema_left);

    // Old code meets a newer version and steps aside.
    let refused = catch_up(&env.store, &CaseSummaryView, &small_batches()).await;
    assert!(
        matches!(
            refused,
            Err(Error::Superseded {
                version: 1,
                active_version: 2,
                ..
            })
        ),
        "{refused:?}"
    );

    // Lag counts what the log holds beyond the checkpoint.
    let mut case = CaseScript::new(0xCAFE);
    case.referral(&env.store, &[PersonId(Uuid::from_u128(0xC9))])
        .await;
    case.screen_in_and_open(&env.store).await;
    assert_eq!(build_of(&env, "case_summary").await[0].lag, 3);
}

#[tokio::test]
async fn two_runners_on_one_build_take_turns_and_apply_each_event_once() {
    let env = Env::new().await;
    let runners: Vec<_> = (0..2)
        .map(|_| {
            let store = env.store.clone();
            tokio::spawn(async move { run(&store, &CaseSummaryView, &small_batches()).await })
        })
        .collect();
    history(&env, 4, false).await;
    eventually("the build caught up", || caught_up(&env, "case_summary")).await;
    // Applying a referral twice would violate case_summary's primary key and stop a
    // runner with an error.
    for runner in &runners {
        assert!(!runner.is_finished(), "a runner stopped");
    }
    let builds = build_of(&env, "case_summary").await;
    assert_eq!(builds.len(), 1, "both runners share one build: {builds:?}");
    let live = digests(&env, "case_summary").await;
    rebuild(&env.store, &CaseSummaryView, &small_batches(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(digests(&env, "case_summary").await, live);
    for runner in runners {
        runner.abort();
    }
}
