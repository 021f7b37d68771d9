//! Converting a legacy system's history: records named by legacy id across lines, the
//! legacy recording time as the federal transaction date, and the record-number
//! crosswalk, through `kinlog import` against a real log.

use indicatif::ProgressBar;
use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::ohio_policy_set;
use kinlog_domain::{CaseId, StaffId};
use kinlog_gateway::import::{
    import_file, lookup, parse_external_id, ImportSummary, LineRejection,
};
use kinlog_gateway::report::{run_report, RecordNumberKey, ReportKind, ReportRequest, State};
use kinlog_projections::federal::afcars::{ooh_file, ErrorKind, Header};
use kinlog_projections::federal::gather::{read_facts, Scope};
use kinlog_projections::{decode_metadata, ExternalId};
use kinlog_store::testing::TestDb;
use kinlog_store::{Store, StoreOptions, Upcasters};
use serde_json::{json, Value};
use uuid::Uuid;

const STATE_OFFICE: &str = "0190f1a0-0000-7000-8000-0000000005a0";
const AUDITOR: &str = "0190f1a0-0000-7000-8000-0000000005a1";
const CASE: &str = "0190f1a0-0000-7000-8000-0000000005ca";
const KEY: [u8; 32] = [3; 32];

fn person_ref(id: &str) -> Value {
    json!({"external_id": {"system": "FACSIS:person", "id": id}})
}

fn external(id: &str) -> ExternalId {
    ExternalId {
        system: "FACSIS:person".to_owned(),
        id: id.to_owned(),
    }
}

/// A file's lines, numbered from 1, each with its own command id.
struct File {
    lines: Vec<String>,
}

impl File {
    fn new() -> File {
        File { lines: Vec::new() }
    }

    fn line(
        &mut self,
        aggregate: &str,
        id: Value,
        command: Value,
        source_recorded_at: Option<&str>,
    ) -> u64 {
        let mut line = json!({
            "command_id": Uuid::from_u128(0x1e6a_c000 + self.lines.len() as u128),
            "actor": AUDITOR, "occurred_at": "2026-10-01T12:00:00Z",
            "aggregate": aggregate, "id": id, "command": command,
        });
        if let Some(at) = source_recorded_at {
            line["source_recorded_at"] = json!(at);
        }
        self.lines.push(line.to_string());
        self.lines.len() as u64
    }

    /// The lines as an NDJSON file, removed when the returned handle is dropped.
    fn write(&self) -> tempfile::TempPath {
        let file = tempfile::Builder::new()
            .prefix("kinlog-legacy-")
            .suffix(".ndjson")
            .tempfile()
            .unwrap();
        std::fs::write(file.path(), self.lines.join("\n") + "\n").unwrap();
        file.into_temp_path()
    }
}

fn child(file: &mut File, legacy_id: &str) {
    file.line(
        "person",
        person_ref(legacy_id),
        json!({"register_person": {"person_id": person_ref(legacy_id),
            "name": {"given": "Jo", "middle": null, "family": legacy_id},
            "date_of_birth": {"known": "2016-06-06"}, "sex": "male", "occurred_on": "2026-01-02"}}),
        None,
    );
}

/// The state office with a trained auditor, two children converted by legacy id, and a
/// case whose removals the legacy system recorded 5 and 45 days after they happened.
fn history() -> File {
    let mut file = File::new();
    file.line(
        "organization",
        json!(STATE_OFFICE),
        json!({"register_organization": {"organization_id": STATE_OFFICE,
        "kind": "state", "name": "Ohio DCY", "occurred_on": "2025-01-01"}}),
        None,
    );
    file.line(
        "staff",
        json!(AUDITOR),
        json!({"register_staff_member": {"staff_id": AUDITOR,
        "organization_id": STATE_OFFICE, "person_id": Uuid::from_u128(0x5a2),
        "name": {"given": "Ari", "middle": null, "family": "Stone"}, "occurred_on": "2025-01-02"}}),
        None,
    );
    for command in [
        json!({"assign_role": {"role": "auditor", "occurred_on": "2025-01-02"}}),
        json!({"record_training_completion": {"training": "confidentiality", "occurred_on": "2025-01-03"}}),
        json!({"record_training_completion": {"training": "penalties", "occurred_on": "2025-01-03"}}),
        json!({"record_training_completion": {"training": "security_procedures", "occurred_on": "2025-01-03"}}),
        json!({"sign_code_of_responsibility": {"form_version": "JFS 07078", "occurred_on": "2025-01-04"}}),
    ] {
        file.line("staff", json!(AUDITOR), command, None);
    }
    child(&mut file, "P-5");
    child(&mut file, "P-45");
    file.line(
        "case",
        json!(CASE),
        json!({"ReceiveReferral": {"case_id": CASE, "reported_on": "2026-04-01",
        "source": "medical_personnel", "county": 49, "agency": STATE_OFFICE,
        "children": [person_ref("P-5"), person_ref("P-45")], "summary": "converted"}}),
        None,
    );
    file.line(
        "case",
        json!(CASE),
        json!({"ScreenReferral": {"screened_on": "2026-04-01",
        "decision": {"screened_in": {"response": "investigation"}}}}),
        None,
    );
    for (legacy_id, episode, recorded) in [
        ("P-5", 0xe5, "2026-04-07T15:00:00Z"),
        ("P-45", 0xe45, "2026-05-17T15:00:00Z"),
    ] {
        file.line("case", json!(CASE), json!({"RecordRemoval": {"episode_id": Uuid::from_u128(episode),
            "child": person_ref(legacy_id), "removed_on": "2026-04-02", "removed_at": null,
            "manner": "court_ordered", "environment": "parent_household", "circumstances": ["neglect"]}}),
            Some(recorded));
        file.line(
            "case",
            json!(CASE),
            json!({"PlaceChild": {"placement_id": Uuid::from_u128(episode + 1),
            "episode_id": Uuid::from_u128(episode), "started_on": "2026-04-02", "ended_on": null,
            "setting": {"foster_family_home": {"home_types": ["licensed"]}}, "provider": Uuid::from_u128(0xf05),
            "location": "in_state"}}),
            Some(recorded),
        );
    }
    file
}

async fn store(db: &TestDb) -> Store {
    Store::connect(db.url(), StoreOptions::default(), Upcasters::new())
        .await
        .unwrap()
}

async fn import(store: &Store, file: &File) -> (ImportSummary, Vec<LineRejection>) {
    let mut rejections = Vec::new();
    let summary = import_file(store, &file.write(), &ProgressBar::hidden(), |r| {
        rejections.push(r)
    })
    .await
    .unwrap();
    rejections.sort_by_key(|r| r.line);
    (summary, rejections)
}

#[tokio::test]
async fn afcars_transaction_dates_and_tardiness_follow_the_legacy_recording_time() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let file = history();
    let (summary, rejections) = import(&store, &file).await;
    assert!(rejections.is_empty(), "{rejections:?}");
    assert_eq!(summary.accepted as usize, file.lines.len());

    let facts = read_facts(&store, store.head().await.unwrap(), Scope::Everything)
        .await
        .unwrap();
    let header = Header {
        state_fips: 39,
        period: "2026B".parse().unwrap(),
    };
    let number = |id: Uuid| format!("N{}", &id.simple().to_string()[..11]);
    let inputs = facts.afcars_inputs(&header, &number);
    let ooh = ooh_file(&header, &inputs.ooh).unwrap();
    let xml = String::from_utf8(ooh.xml).unwrap();
    // The imports ran today; E70 is the day the legacy system recorded each removal.
    assert!(xml.contains("<E70_removal_transaction_date>2026-04-07</E70_removal_transaction_date>"));
    assert!(xml.contains("<E70_removal_transaction_date>2026-05-17</E70_removal_transaction_date>"));
    let tardy: Vec<_> = ooh
        .compliance
        .findings
        .iter()
        .filter(|f| f.element == "E70")
        .map(|f| (f.record_number.clone(), f.error))
        .collect();
    assert_eq!(
        tardy,
        [(number(external("P-45").kinlog_id()), ErrorKind::Tardy)]
    );

    // The legacy time is in each event's metadata, beside the store's own recording time.
    let case = store
        .read_stream(&CaseId(CASE.parse().unwrap()).stream_id(), 1, 100)
        .await
        .unwrap();
    let removal = case
        .iter()
        .find(|e| e.event_type == "ChildRemoved")
        .unwrap();
    let metadata = decode_metadata(removal).unwrap();
    assert_eq!(
        metadata.source_recorded_at.unwrap().to_rfc3339(),
        "2026-04-07T15:00:00+00:00"
    );
    assert!(removal.recorded_at > metadata.source_recorded_at.unwrap());

    // Importing the same file again adds nothing.
    let head = store.head().await.unwrap();
    let (again, _) = import(&store, &file).await;
    assert_eq!(
        (again.accepted, again.already_present),
        (0, file.lines.len() as u64)
    );
    assert_eq!(store.head().await.unwrap(), head);
}

#[tokio::test]
async fn legacy_ids_resolve_across_lines_and_bad_references_and_times_are_refused_whole() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let mut file = history();
    let unknown = file.line("case", json!(Uuid::from_u128(0xbad1)), json!({"ReceiveReferral": {
        "case_id": Uuid::from_u128(0xbad1), "reported_on": "2026-04-01", "source": "medical_personnel",
        "county": 49, "agency": STATE_OFFICE, "children": [person_ref("P-404")], "summary": "x"}}), None);
    let future = file.line("case", json!(CASE), json!({"RecordRemoval": {"episode_id": Uuid::from_u128(0xf1),
        "child": person_ref("P-5"), "removed_on": "2026-06-01", "removed_at": null, "manner": "court_ordered",
        "environment": "parent_household", "circumstances": ["neglect"]}}), Some("2999-01-01T00:00:00Z"));
    let too_early = file.line("case", json!(CASE), json!({"RecordRemoval": {"episode_id": Uuid::from_u128(0xf2),
        "child": person_ref("P-5"), "removed_on": "2026-06-01", "removed_at": null, "manner": "court_ordered",
        "environment": "parent_household", "circumstances": ["neglect"]}}), Some("2026-05-30T00:00:00Z"));
    let (summary, rejections) = import(&store, &file).await;
    let fields: Vec<(u64, &str)> = rejections
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            (unknown, "command.ReceiveReferral.children[0]"),
            (future, "source_recorded_at"),
            (too_early, "source_recorded_at"),
        ],
        "{rejections:?}"
    );
    assert_eq!(summary.rejected, 3);
    // Nothing of a refused line is applied.
    assert!(store
        .read_stream(&CaseId(Uuid::from_u128(0xbad1)).stream_id(), 1, 1)
        .await
        .unwrap()
        .is_empty());
    let case = store
        .read_stream(&CaseId(CASE.parse().unwrap()).stream_id(), 1, 100)
        .await
        .unwrap();
    assert_eq!(
        case.iter()
            .filter(|e| e.event_type == "ChildRemoved")
            .count(),
        2
    );

    // The referral's children are the persons registered under those legacy ids.
    let p5 = lookup(&store, &external("P-5")).await.unwrap().unwrap();
    assert_eq!((p5.kind, p5.id), ("person", external("P-5").kinlog_id()));
    assert!(lookup(&store, &external("P-404")).await.unwrap().is_none());
    assert_eq!(
        parse_external_id("FACSIS:person:P-5").unwrap(),
        external("P-5")
    );
}

#[tokio::test]
async fn the_crosswalk_round_trips_and_its_numbers_are_the_files_numbers() {
    let db = TestDb::create().await.unwrap();
    let store = store(&db).await;
    let (_, rejections) = import(&store, &history()).await;
    assert!(rejections.is_empty(), "{rejections:?}");
    let key = RecordNumberKey::from_bytes(KEY);
    let run = |kind, period: &str| ReportRequest {
        kind,
        period: period.to_owned(),
        at: None,
        state: State::default(),
        requested_by: StaffId(AUDITOR.parse().unwrap()),
    };
    let client = || ClientInfo {
        ip: None,
        user_agent: None,
        path: "test".to_owned(),
        referrer: None,
    };
    let dir = tempfile::Builder::new()
        .prefix("kinlog-crosswalk-")
        .tempdir()
        .unwrap();
    let outcome = run_report(
        &store,
        &ohio_policy_set(),
        &key,
        &run(ReportKind::Crosswalk, ""),
        dir.path(),
        client(),
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(outcome.files[0].name, "crosswalk.csv");
    let afcars_dir = dir.path().join("afcars");
    run_report(
        &store,
        &ohio_policy_set(),
        &key,
        &run(ReportKind::Afcars, "2026B"),
        &afcars_dir,
        client(),
        &mut |_| {},
    )
    .await
    .unwrap();
    let ooh = std::fs::read_to_string(afcars_dir.join("afcars-2026B-ooh.xml")).unwrap();

    let csv = std::fs::read_to_string(dir.path().join("crosswalk.csv")).unwrap();
    let mut rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows.remove(0),
        "system,external_id,kinlog_id,record_number,ever_in_foster_care"
    );
    assert_eq!(rows.len(), 2);
    for row in rows {
        let cells: Vec<&str> = row.split(',').collect();
        let legacy = ExternalId {
            system: cells[0].to_owned(),
            id: cells[1].to_owned(),
        };
        // Legacy id → kinlog id, both ways, and the number AFCARS used for the child.
        let found = lookup(&store, &legacy).await.unwrap().unwrap();
        assert_eq!(found.id.to_string(), cells[2]);
        assert_eq!(key.number(found.id), cells[3]);
        assert_eq!(cells[4], "true");
        assert!(ooh.contains(&format!(
            "<E4_child_record_number>{}</E4_child_record_number>",
            cells[3]
        )));
    }
}
