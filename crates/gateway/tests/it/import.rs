//! `kinlog import` against real PostgreSQL: good lines land, bad lines are reported with
//! their line and field and leave nothing behind, and a second run adds nothing.
use std::path::{Path, PathBuf};
use std::process::Command;

use indicatif::ProgressBar;
use kinlog_gateway::derived_event_id;
use kinlog_gateway::import::{import_file, parse_line, ImportSummary, LineRejection};
use kinlog_store::testing::TestDb;
use kinlog_store::{Store, StoreOptions, Upcasters};
use uuid::Uuid;

const CASE: &str = "0190f1a0-0000-7000-8000-00000000ca5e";
const OTHER_CASE: &str = "0190f1a0-0000-7000-8000-00000000ca5f";
const WORKER: &str = "0190f1a0-0000-7000-8000-000000000051";
const AFTER_THE_DEMO: &str = "2026-11-01T12:00:00Z";

fn command_id(n: u32) -> Uuid {
    Uuid::parse_str(&format!("0190f1a0-1111-7000-8000-{n:012}")).unwrap()
}

fn line(n: u32, aggregate: &str, id: &str, occurred_at: &str, command: &str) -> String {
    format!(
        r#"{{"command_id":"{}","actor":"{WORKER}","occurred_at":"{occurred_at}","aggregate":"{aggregate}","id":"{id}","command":{command}}}"#,
        command_id(n)
    )
}

fn demo_lines() -> Vec<String> {
    crate::demo_case_commands()
        .iter()
        .zip(1..)
        .map(|(command, n)| line(n, "case", CASE, AFTER_THE_DEMO, command))
        .collect()
}

fn write_file(lines: &[String]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("kinlog-import-{}.ndjson", Uuid::new_v4()));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

async fn store(db: &TestDb) -> Store {
    Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap()
}

async fn import(store: &Store, path: &Path) -> (ImportSummary, Vec<LineRejection>) {
    let mut rejections = Vec::new();
    let summary = import_file(store, path, &ProgressBar::hidden(), |r| rejections.push(r))
        .await
        .unwrap();
    (summary, rejections)
}

/// The demo case's 13 commands with five bad lines among them, and where each bad line is.
fn mixed_file() -> (Vec<String>, Vec<(u64, &'static str)>) {
    let mut lines = demo_lines();
    let screen = r#"{"ScreenReferral":{"screened_on":"2026-09-01","decision":{"screened_in":{"response":"investigation"}}}}"#;
    let referral = crate::demo_case_commands()[0].replace(CASE, OTHER_CASE);
    let bad = [
        (
            2,
            r#"{"command_id":"0190f1a0-1111-7000-8000-"#.to_owned(),
            "(line)",
        ),
        (
            4,
            line(101, "case", CASE, AFTER_THE_DEMO, screen).replacen(
                '{',
                r#"{"legacy_code":"X17","#,
                1,
            ),
            "legacy_code",
        ),
        (
            6,
            line(102, "household", CASE, AFTER_THE_DEMO, screen),
            "aggregate",
        ),
        // Screening a case that was never referred: the domain refuses it.
        (
            8,
            line(103, "case", OTHER_CASE, AFTER_THE_DEMO, screen),
            "command.ScreenReferral.",
        ),
        // Entered in the legacy system before the date it reports: judged as of
        // `occurred_at`, the referral date is in the future.
        (
            10,
            line(104, "case", OTHER_CASE, "2026-08-01T00:00:00Z", &referral),
            "command.ReceiveReferral.",
        ),
    ];
    let mut expected = Vec::new();
    for (at, text, field) in bad {
        lines.insert(at - 1, text);
        expected.push((at as u64, field));
    }
    (lines, expected)
}

#[tokio::test]
async fn good_lines_land_and_bad_lines_are_reported_with_line_and_field() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let (lines, expected) = mixed_file();
    let path = write_file(&lines);

    let (summary, rejections) = import(&store, &path).await;

    assert_eq!(summary.accepted, 13);
    assert_eq!(summary.rejected, 5);
    assert_eq!(summary.already_present, 0);
    assert_eq!(summary.events_written, store.head().await.unwrap());
    let reported: Vec<u64> = rejections.iter().map(|r| r.line).collect();
    assert_eq!(
        reported,
        expected.iter().map(|(line, _)| *line).collect::<Vec<_>>()
    );
    for (rejection, (_, field)) in rejections.iter().zip(&expected) {
        assert!(
            rejection.field.starts_with(field),
            "line {}: field {:?}, expected {field:?} ({})",
            rejection.line,
            rejection.field,
            rejection.reason
        );
    }
    assert!(
        rejections[3].reason.contains("NotFound"),
        "{}",
        rejections[3]
    );
    assert!(
        rejections[4].reason.contains("DateInFuture"),
        "{}",
        rejections[4]
    );

    let other = store
        .read_stream(&format!("case-{OTHER_CASE}"), 1, 100)
        .await
        .unwrap();
    assert!(other.is_empty(), "nothing of a rejected line is stored");
    let case = store
        .read_stream(&format!("case-{CASE}"), 1, 100)
        .await
        .unwrap();
    assert_eq!(case.len() as u64, summary.events_written);
    assert_eq!(case[0].event_type, "ReferralReceived");
    assert_eq!(case[0].event_id, derived_event_id(command_id(1), 0));
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn importing_the_same_file_again_adds_nothing() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let (lines, _) = mixed_file();
    let path = write_file(&lines);
    let (first, _) = import(&store, &path).await;
    let head = store.head().await.unwrap();

    let (again, rejections) = import(&store, &path).await;

    assert_eq!(store.head().await.unwrap(), head);
    assert_eq!(
        again,
        ImportSummary {
            accepted: 0,
            rejected: 5,
            already_present: first.accepted,
            events_written: 0,
        }
    );
    assert_eq!(rejections.len(), 5);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn the_binary_prints_the_summary_and_fails_when_a_line_was_rejected() {
    let db = TestDb::create().await.unwrap();
    let mut lines: Vec<String> = demo_lines().into_iter().take(3).collect();
    lines.push(line(200, "case", CASE, "not a time", "{}"));
    let path = write_file(&lines);
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_kinlog"))
            .arg("import")
            .arg(&path)
            .env("DATABASE_URL", db.url())
            .env("RUST_LOG", "warn")
            .output()
            .expect("kinlog runs")
    };

    let first = run();
    let stdout = String::from_utf8_lossy(&first.stdout);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(1), "{stdout}{stderr}");
    let written = store(&db).await.head().await.unwrap();
    assert!(
        written >= 3,
        "three commands write at least three events: {stdout}{stderr}"
    );
    assert!(
        stdout.contains(&format!(
            "accepted 3 lines, rejected 1, already present 0; {written} events written"
        )),
        "{stdout}"
    );
    assert!(
        stderr.contains("line 4") && stderr.contains("field occurred_at"),
        "{stderr}"
    );

    let second = run();
    let stdout = String::from_utf8_lossy(&second.stdout);
    assert!(
        stdout.contains("accepted 0 lines, rejected 1, already present 3; 0 events written"),
        "{stdout}"
    );
    let _ = std::fs::remove_file(path);
}

const IMPORT_DOC: &str = include_str!("../../../../docs/import.md");

/// The lines inside the doc's ```ndjson blocks.
fn documented_examples() -> Vec<&'static str> {
    let mut inside = false;
    let mut lines = Vec::new();
    for text in IMPORT_DOC.lines() {
        match text.trim() {
            "```ndjson" => inside = true,
            "```" => inside = false,
            example if inside && !example.is_empty() => lines.push(example),
            _ => {}
        }
    }
    lines
}

/// Every command type of `aggregate`, as serde names them in its unknown-variant error.
fn command_types(aggregate: &str) -> Vec<String> {
    let probe = line(
        1,
        aggregate,
        CASE,
        AFTER_THE_DEMO,
        r#"{"NoSuchCommand":{}}"#,
    );
    let rejection = parse_line(1, &probe).unwrap_err();
    assert!(
        rejection.reason.starts_with("unknown variant"),
        "{}",
        rejection.reason
    );
    // "unknown variant `NoSuchCommand`, expected one of `A`, `B`": every other quoted name.
    rejection
        .reason
        .split('`')
        .skip(3)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_documented_example_parses_and_every_command_has_one() {
    let mut documented = std::collections::BTreeSet::new();
    for (n, example) in documented_examples().into_iter().enumerate() {
        let parsed = parse_line(n as u64 + 1, example)
            .unwrap_or_else(|r| panic!("documented example {example}: {r}"));
        let json: serde_json::Value = serde_json::from_str(example).unwrap();
        let command_type = match &json["command"] {
            serde_json::Value::Object(body) => body.keys().next().cloned(),
            serde_json::Value::String(unit) => Some(unit.clone()),
            _ => None,
        }
        .unwrap();
        let aggregate = json["aggregate"].as_str().unwrap().to_owned();
        assert_eq!(
            format!("{:?}", parsed.command.aggregate()).to_lowercase(),
            aggregate,
            "{example}"
        );
        // The legacy-id section repeats command types of the reference; each still parses.
        documented.insert((aggregate, command_type));
    }
    let aggregates = [
        "case",
        "person",
        "staff",
        "organization",
        "portal",
        "grant",
        "provider",
        "eligibility",
        "payments",
    ];
    let mut missing = Vec::new();
    for aggregate in aggregates {
        let types = command_types(aggregate);
        assert!(!types.is_empty(), "{aggregate} has command types");
        for command_type in types {
            let refused = matches!(
                (aggregate, command_type.as_str()),
                ("person", "erase_personal_data") | ("case", "PurgePracticeCase")
            );
            if !refused && !documented.contains(&(aggregate.to_owned(), command_type.clone())) {
                missing.push(format!("{aggregate} {command_type}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "docs/import.md lacks examples for {missing:?}"
    );
}

#[test]
fn an_erasure_is_refused_naming_the_route_that_does_it() {
    let erasure = line(
        1,
        "person",
        CASE,
        AFTER_THE_DEMO,
        r#"{"erase_personal_data":{"legal_basis":"order","request_reference":"letter","occurred_on":"2026-09-01"}}"#,
    );
    let rejection = parse_line(1, &erasure).unwrap_err();
    assert_eq!(rejection.field, "command.erase_personal_data");
    assert!(
        rejection.reason.contains("/persons/{id}/erasure"),
        "{}",
        rejection.reason
    );
}
