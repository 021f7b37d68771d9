//! The report facts projectors: a run that starts from their rows and folds the log
//! after them gathers exactly the facts of folding the whole log, at a position before,
//! at and after the rows' own; and the rows never hold a name.
use kinlog_domain::case::codes::{
    ExitReason, MaltreatmentDisposition, MaltreatmentType, PerpetratorRelationship, ScreenOutReason,
};
use kinlog_domain::case::{
    AllegationId, AllegedPerpetrator, CaseCommand, EpisodeId, InitiateResponse, RecordAllegation,
    RecordDisposition, RecordMaltreatmentDeath, ScreenReferral, ScreeningDecision,
};
use kinlog_domain::person::youth::IndependentLivingService;
use kinlog_domain::person::{DateOfBirth, PersonCommand, Race, RaceCategory, Sex};
use kinlog_domain::PersonId;
use kinlog_projections::federal::afcars::Header;
use kinlog_projections::federal::gather::{read_facts, LogFacts, Scope};
use kinlog_projections::federal::ncands::{agency_counts, child_file, Submission};
use kinlog_projections::federal::ReportPeriod;
use kinlog_projections::{ReportCaseFactsView, ReportPersonFactsView};
use kinlog_store::Store;
use uuid::Uuid;

use crate::support::*;

/// A stand-in for the encrypted record number: the id's last 12 hex digits.
fn record_number(id: Uuid) -> String {
    let hex = id.simple().to_string();
    hex[hex.len() - 12..].to_uppercase()
}

/// The NCANDS FY2026 Child File and agency counts from `facts`.
fn ncands_fy2026(facts: &LogFacts) -> String {
    let submission = Submission {
        fiscal_year: 2026,
        state: "OH".to_owned(),
    };
    let reports = facts.ncands_reports(2026, &record_number);
    let file = child_file(&submission, &reports).expect("child file");
    let counts = agency_counts(
        2026,
        &file,
        &reports,
        &facts.screened_out_referrals(),
        &facts.maltreatment_deaths(),
    );
    format!("{}{counts:?}", String::from_utf8_lossy(&file.bytes))
}

/// Everything a run at `position` gathers, printed: all facts, the CFSR inputs from the
/// CFSR scope, the NCANDS FY2026 files from the NCANDS scope (which must be those of
/// all facts), and both periods' AFCARS inputs from the AFCARS scope and NYTD youths
/// from the NYTD scope.
async fn gathered(store: &Store, position: u64) -> Vec<String> {
    let everything = read_facts(store, position, Scope::Everything)
        .await
        .expect("facts");
    let afcars = read_facts(store, position, Scope::Afcars)
        .await
        .expect("afcars facts");
    let nytd = read_facts(store, position, Scope::Nytd)
        .await
        .expect("nytd facts");
    let cfsr = read_facts(store, position, Scope::Cfsr)
        .await
        .expect("cfsr facts");
    let ncands = read_facts(store, position, Scope::Ncands { fiscal_year: 2026 })
        .await
        .expect("ncands facts");
    let ncands_files = ncands_fy2026(&ncands);
    assert_eq!(
        ncands_files,
        ncands_fy2026(&everything),
        "the NCANDS scope at {position}"
    );
    let mut printed = vec![
        format!("{everything:?}"),
        format!("{:?}", cfsr.cfsr_inputs()),
        ncands_files,
    ];
    for period in ["2026A", "2026B"] {
        let period: ReportPeriod = period.parse().expect("period");
        let header = Header {
            state_fips: 39,
            period,
        };
        printed.push(format!(
            "{:?}",
            afcars.afcars_inputs(&header, &record_number)
        ));
        printed.push(format!(
            "{:?} {:?}",
            nytd.nytd_youths(period, None, &record_number),
            nytd.nytd_follow_ups_due(period, &record_number)
        ));
    }
    printed
}

/// A response, then an allegation of neglect against `victim` (by `parent`, when named),
/// substantiated.
async fn substantiate(
    store: &Store,
    case: &mut CaseScript,
    victim: PersonId,
    parent: Option<PersonId>,
    allegation: u128,
) {
    let allegation = AllegationId(Uuid::from_u128(allegation));
    let commands = [
        CaseCommand::InitiateResponse(InitiateResponse {
            started_on: d("2026-03-02"),
            started_at: None,
        }),
        CaseCommand::RecordAllegation(RecordAllegation {
            allegation_id: allegation,
            victim,
            maltreatment: MaltreatmentType::Neglect,
            perpetrator: parent.map(|person| AllegedPerpetrator {
                person,
                relationship: PerpetratorRelationship::Parent,
            }),
            alleged_on: d("2026-03-01"),
            incident_on: None,
        }),
        CaseCommand::RecordDisposition(RecordDisposition {
            allegation_id: allegation,
            disposition: MaltreatmentDisposition::Substantiated,
            disposed_on: d("2026-03-20"),
        }),
    ];
    for command in commands {
        case.run(store, &worker(), command).await;
    }
}

fn service(on: &str) -> PersonCommand {
    PersonCommand::RecordIndependentLivingService {
        service: IndependentLivingService::IndependentLivingNeedsAssessment,
        occurred_on: nd(on),
    }
}

/// A girl born in 2015, family name Roe.
async fn girl(store: &Store, n: u128, given: &str) -> PersonScript {
    let mut girl = PersonScript::new(n);
    girl.register(
        store,
        (given, None, "Roe"),
        Some(DateOfBirth::Known(nd("2015-05-10"))),
        Some(Sex::Female),
    )
    .await;
    girl
}

#[tokio::test]
async fn kept_report_facts_and_the_log_after_them_gather_what_the_whole_log_does() {
    let env = Env::new().await;
    let store = &env.store;
    let mut anna = girl(store, 0xA1, "Anna").await;
    let mut ben = PersonScript::new(0xB1);
    ben.register(
        store,
        ("Ben", None, "Doe"),
        Some(DateOfBirth::Known(nd("2017-02-01"))),
        Some(Sex::Male),
    )
    .await;
    // Anna's first episode; Ben's case has no episode yet.
    let mut first = CaseScript::new(0xC1);
    first.referral(store, &[anna.id]).await;
    first.screen_in_and_open(store).await;
    let anna_first = EpisodeId(Uuid::from_u128(0xE1));
    let removed = first
        .remove(store, &worker(), anna_first, anna.id, "2026-03-03")
        .await;
    first
        .place(
            store,
            &worker(),
            foster_home(0x91, anna_first, "2026-03-03", None),
        )
        .await;
    let mut bens = CaseScript::new(0xC2);
    bens.referral(store, &[ben.id]).await;
    bens.screen_in_and_open(store).await;
    anna.run(store, service("2026-03-10")).await;
    substantiate(store, &mut first, anna.id, None, 0xA11).await;
    // Dana's case is kept with its finding against her mother and nothing after; Cleo's
    // with no finding yet; Eve's referral is screened out.
    let dana = girl(store, 0xDA, "Dana").await;
    let mut mother = PersonScript::new(0x30);
    mother
        .register(
            store,
            ("Mary", None, "Roe"),
            Some(DateOfBirth::Known(nd("1990-01-15"))),
            Some(Sex::Female),
        )
        .await;
    let mut danas = CaseScript::new(0xC5);
    danas.referral(store, &[dana.id]).await;
    danas.screen_in_and_open(store).await;
    substantiate(store, &mut danas, dana.id, Some(mother.id), 0xDA1).await;
    // Dana's foster care is on a case of its own with no finding: her Child File record
    // carries her AFCARS id all the same.
    let mut danas_care = CaseScript::new(0xC8);
    danas_care.referral(store, &[dana.id]).await;
    danas_care.screen_in_and_open(store).await;
    danas_care
        .remove(
            store,
            &worker(),
            EpisodeId(Uuid::from_u128(0xE4)),
            dana.id,
            "2026-03-05",
        )
        .await;
    let eve = girl(store, 0xE0E, "Eve").await;
    let mut eves = CaseScript::new(0xC6);
    eves.referral(store, &[eve.id]).await;
    let screen_out = CaseCommand::ScreenReferral(ScreenReferral {
        screened_on: d("2026-03-02"),
        decision: ScreeningDecision::ScreenedOut {
            reason: ScreenOutReason::DoesNotMeetCriteria,
        },
    });
    eves.run(store, &worker(), screen_out).await;
    // Fay's case is kept with her death and an allegation with no finding yet: the
    // agency counts her, the Child File does not.
    let fay = girl(store, 0xFA, "Fay").await;
    let mut fays = CaseScript::new(0xC7);
    fays.referral(store, &[fay.id]).await;
    fays.screen_in_and_open(store).await;
    let alleged = CaseCommand::RecordAllegation(RecordAllegation {
        allegation_id: AllegationId(Uuid::from_u128(0xFA1)),
        victim: fay.id,
        maltreatment: MaltreatmentType::PhysicalAbuse,
        perpetrator: None,
        alleged_on: d("2026-03-01"),
        incident_on: None,
    });
    fays.run(store, &worker(), alleged).await;
    let death = CaseCommand::RecordMaltreatmentDeath(RecordMaltreatmentDeath {
        child: fay.id,
        died_on: d("2026-02-25"),
    });
    fays.run(store, &worker(), death).await;
    let cleo = girl(store, 0xC1E0, "Cleo").await;
    let mut cleos = CaseScript::new(0xC4);
    cleos.referral(store, &[cleo.id]).await;
    cleos.screen_in_and_open(store).await;
    env.catch_up(&ReportCaseFactsView).await;
    env.catch_up(&ReportPersonFactsView).await;
    let kept = store.head().await.expect("head");
    // The NCANDS scope reads Dana's case and leaves out Ben's: no finding, no screening
    // out, no death, no episode.
    let scoped = format!(
        "{:?}",
        read_facts(store, kept, Scope::Ncands { fiscal_year: 2026 })
            .await
            .expect("ncands facts")
    );
    assert!(scoped.contains(&danas.id.0.to_string()), "{scoped}");
    assert!(!scoped.contains(&bens.id.0.to_string()), "{scoped}");

    // After the kept rows: Anna goes home and comes back on a second case, Ben's case
    // (kept without AFCARS facts) gets his removal, Ben (kept with no NYTD fact) his
    // first service, and Anna's race is recorded.
    first
        .exit(
            store,
            anna_first,
            "2026-04-20",
            ExitReason::ReunifyWithParents,
        )
        .await;
    let ben_episode = EpisodeId(Uuid::from_u128(0xE2));
    bens.remove(store, &worker(), ben_episode, ben.id, "2026-05-02")
        .await;
    ben.run(store, service("2026-05-10")).await;
    substantiate(store, &mut cleos, cleo.id, None, 0xC11).await;
    // Dana's mother's race, after the rows: the NCANDS scope reads it through the log.
    mother
        .run(
            store,
            PersonCommand::RecordRace {
                race: Race::Reported([RaceCategory::BlackOrAfricanAmerican].into()),
                occurred_on: nd("2026-05-05"),
            },
        )
        .await;
    anna.run(
        store,
        PersonCommand::RecordRace {
            race: Race::Reported([RaceCategory::White].into()),
            occurred_on: nd("2026-05-05"),
        },
    )
    .await;
    let mut second = CaseScript::new(0xC3);
    second.referral(store, &[anna.id]).await;
    second.screen_in_and_open(store).await;
    let head = second
        .remove(
            store,
            &worker(),
            EpisodeId(Uuid::from_u128(0xE3)),
            anna.id,
            "2026-06-01",
        )
        .await;

    let positions = [removed, kept, head];
    let mut from_kept = Vec::new();
    for position in positions {
        from_kept.push(gathered(store, position).await);
    }
    // Both children are in the AFCARS file of 2026B at the head: Ben's removal reached
    // the run through the log after the rows, his referral through the rows.
    let at_head = &from_kept[2][5];
    for child in [anna.id, ben.id] {
        assert!(at_head.contains(&record_number(child.0)), "{at_head}");
    }
    assert!(at_head.contains("local_agency: Some(39035)"), "{at_head}");
    // Ben is a NYTD youth of 2026B through the log after the rows, Anna of 2026A
    // through them.
    assert!(from_kept[2][6].contains(&record_number(ben.id.0)));
    assert!(from_kept[2][4].contains(&record_number(anna.id.0)));
    // The Child File holds Anna, Dana and Cleo; the agency counts Eve's screened-out
    // referral and Fay's death.
    let ncands = &from_kept[2][2];
    for child in [anna.id, cleo.id, dana.id] {
        assert!(ncands.contains(&record_number(child.0)), "{ncands}");
    }
    assert!(
        ncands.contains("screened_out_referrals: 1,")
            && ncands.contains("fatalities_not_in_child_file: 1 "),
        "{ncands}"
    );
    // Cleo is a CFSR victim through the log after the rows, Anna and Dana through them.
    for victim in [anna.id, cleo.id, dana.id] {
        assert!(
            from_kept[2][1].contains(&format!("child: {victim:?}")),
            "{}",
            from_kept[2][1]
        );
    }

    // The same runs with no kept rows to start from fold the whole log.
    env.client()
        .await
        .execute(
            "UPDATE projections.active SET name = 'hidden_' || name \
             WHERE name LIKE 'report\\_%'",
            &[],
        )
        .await
        .expect("hide the report facts");
    for (position, kept) in positions.into_iter().zip(from_kept) {
        assert_eq!(
            gathered(store, position).await,
            kept,
            "at position {position}"
        );
    }
}

#[tokio::test]
async fn kept_person_facts_never_hold_a_name() {
    let env = Env::new().await;
    let store = &env.store;
    girl(store, 0xA1, "Annabelle").await;
    env.catch_up(&ReportPersonFactsView).await;
    let row = env
        .client()
        .await
        .query_one("SELECT facts FROM rm.person_facts", &[])
        .await
        .expect("the person's row");
    let facts: &[u8] = row.get(0);
    assert!(!facts.is_empty());
    for name in ["Annabelle", "Roe"] {
        assert!(
            !facts.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} is kept"
        );
    }
}

#[tokio::test]
async fn a_kept_row_that_does_not_decode_fails_the_run_naming_its_stream() {
    let env = Env::new().await;
    let store = &env.store;
    let anna = girl(store, 0xA1, "Anna").await;
    let mut case = CaseScript::new(0xC1);
    case.referral(store, &[anna.id]).await;
    case.screen_in_and_open(store).await;
    case.remove(
        store,
        &worker(),
        EpisodeId(Uuid::from_u128(0xE1)),
        anna.id,
        "2026-03-03",
    )
    .await;
    env.catch_up(&ReportCaseFactsView).await;
    env.client()
        .await
        .execute(
            "UPDATE rm.case_facts SET facts = facts || '\\xc1'::bytea",
            &[],
        )
        .await
        .expect("spoil the row");
    let head = store.head().await.expect("head");
    for scope in [Scope::Everything, Scope::Afcars] {
        let error = read_facts(store, head, scope)
            .await
            .expect_err("spoiled row");
        let message = error.to_string();
        assert!(
            message.contains(&case.id.0.to_string()) && message.contains("do not decode"),
            "{message}"
        );
    }
}
