//! Authorization and the access log through real HTTP: every protected route in the
//! OpenAPI document writes exactly one access event per request, and none of them
//! returns data or stores anything when the access log cannot record.
use chrono::Utc;
use futures_util::TryStreamExt;
use kinlog_domain::access::AccessEvent;
use kinlog_domain::case::Case;
use kinlog_domain::person::Person;
use kinlog_domain::provider::Provider;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::Staff;
use kinlog_domain::{
    Aggregate, CaseId, CommandContext, OrganizationId, PersonId, ProviderId, StaffId,
};
use kinlog_gateway::execute;
use kinlog_projections::{decode, EventMetadata, ExternalId};
use kinlog_store::Filter;
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::http::{problem, Server};

/// An agency with a trained caseworker assigned to a case about one child, a director
/// and an auditor; the state office with an auditor and one report run; and a trained
/// caseworker of another agency.
struct World {
    server: Server,
    agency: OrganizationId,
    /// A grant the director may issue to the worker (not issued yet).
    grant: Uuid,
    worker: StaffId,
    director: StaffId,
    auditor: StaffId,
    privacy_officer: StaffId,
    state_auditor: StaffId,
    report_run: Uuid,
    stranger: StaffId,
    case: CaseId,
    child: PersonId,
    provider: ProviderId,
    note: Uuid,
    visit: Uuid,
}

async fn run<A>(server: &Server, stream: &str, command: Value)
where
    A: Aggregate,
    A::Command: DeserializeOwned + Clone,
{
    run_with::<A>(server, stream, command, &EventMetadata::default()).await
}

async fn run_with<A>(server: &Server, stream: &str, command: Value, metadata: &EventMetadata)
where
    A: Aggregate,
    A::Command: DeserializeOwned + Clone,
{
    let command: A::Command = serde_json::from_value(command).unwrap();
    let context = CommandContext {
        actor: StaffId(Uuid::now_v7()),
        actor_is_intern: false,
        now: Utc::now(),
    };
    execute::<A>(&server.store, stream, command, &context, metadata)
        .await
        .unwrap()
        .expect("the command changed something");
}

async fn person(server: &Server) -> PersonId {
    let id = PersonId(Uuid::now_v7());
    run::<Person>(
        server,
        &id.stream_id(),
        json!({"register_person": {"person_id": id,
            "name": {"given": "Sam", "middle": null, "family": "Roe"},
            "date_of_birth": {"known": "2015-11-02"}, "sex": null,
            "occurred_on": "2026-01-03"}}),
    )
    .await;
    id
}

/// The legacy id of the world's child.
fn child_external_id() -> ExternalId {
    ExternalId {
        system: "SACWIS:person".to_owned(),
        id: "C-1001".to_owned(),
    }
}

/// A person converted from a legacy system, under the id its legacy id derives.
async fn converted_person(server: &Server, external: &ExternalId) -> PersonId {
    let id = PersonId(external.kinlog_id());
    let metadata = EventMetadata {
        external_id: Some(external.clone()),
        ..EventMetadata::default()
    };
    run_with::<Person>(
        server,
        &id.stream_id(),
        json!({"register_person": {"person_id": id,
            "name": {"given": "Sam", "middle": null, "family": "Roe"},
            "date_of_birth": {"known": "2015-11-02"}, "sex": null,
            "occurred_on": "2026-01-03"}}),
        &metadata,
    )
    .await;
    id
}

async fn staff(server: &Server, organization: OrganizationId, role: &str) -> StaffId {
    let person = person(server).await;
    let id = StaffId(Uuid::now_v7());
    let commands = [
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
    for command in commands {
        run::<Staff>(server, &id.stream_id(), command).await;
    }
    id
}

async fn organization(server: &Server) -> OrganizationId {
    organization_of_kind(server, "pcsa").await
}

async fn organization_of_kind(server: &Server, kind: &str) -> OrganizationId {
    let id = OrganizationId(Uuid::now_v7());
    run::<Organization>(
        server,
        &id.stream_id(),
        json!({"register_organization": {"organization_id": id, "kind": kind,
            "name": "Franklin County Children Services", "county": 39049,
            "occurred_on": "2026-01-02"}}),
    )
    .await;
    id
}

async fn world() -> World {
    world_on(Server::start().await).await
}

async fn world_on(server: Server) -> World {
    let agency = organization(&server).await;
    let elsewhere = organization(&server).await;
    let worker = staff(&server, agency, "caseworker").await;
    let director = staff(&server, agency, "director").await;
    let stranger = staff(&server, elsewhere, "caseworker").await;
    let auditor = staff(&server, agency, "auditor").await;
    let privacy_officer = staff(&server, agency, "privacy_officer").await;
    let state = organization_of_kind(&server, "state").await;
    let state_auditor = staff(&server, state, "auditor").await;
    let child = converted_person(&server, &child_external_id()).await;
    let case = CaseId(Uuid::now_v7());
    let (note, amendment, visit) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let grandmother = person(&server).await;
    for command in [
        json!({"ReceiveReferral": {"case_id": case, "reported_on": "2026-02-01",
            "source": "social_services_personnel", "county": 1, "agency": agency,
            "children": [child], "summary": "referral"}}),
        json!({"ScreenReferral": {"screened_on": "2026-02-01",
            "decision": {"screened_in": {"response": "investigation"}}}}),
        json!({"AssignCaseworker": {"worker": worker, "supervisor": null,
            "assigned_on": "2026-02-02"}}),
        json!({"RecordCaseNote": {"note_id": note, "author": worker, "persons_involved": [child],
            "occurred_on": "2026-02-03", "occurred_at": null,
            "segments": [{"kind": "fact", "text": "home visit"}]}}),
        json!({"AmendCaseNote": {"note_id": amendment, "amends": note, "author": worker,
            "reason": "correction", "persons_involved": [child], "occurred_on": "2026-02-04",
            "occurred_at": null, "segments": [{"kind": "fact", "text": "home visit at noon"}]}}),
        json!({"ScheduleFamilyVisit": {"visit_id": visit, "child": child,
            "visitors": [grandmother], "supervisor": null, "scheduled_for": "2026-03-01",
            "scheduled_at": null}}),
    ] {
        run::<Case>(&server, &case.stream_id(), command).await;
    }
    let provider = licensed_home(&server, agency, worker).await;
    catch_up(&server).await;
    let report: Value = server
        .client
        .post(server.url("/reports/cfsr?period=2026"))
        .bearer_auth(server.token(state_auditor))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let report_run = report["run_id"].as_str().unwrap().parse().unwrap();
    World {
        server,
        agency,
        grant: Uuid::now_v7(),
        worker,
        director,
        auditor,
        privacy_officer,
        state_auditor,
        report_run,
        stranger,
        case,
        child,
        provider,
        note,
        visit,
    }
}

/// A foster home of `organization` with one caregiver, licensed until 2030 after a home
/// study by `assessor`.
async fn licensed_home(
    server: &Server,
    organization: OrganizationId,
    assessor: StaffId,
) -> ProviderId {
    let id = ProviderId(Uuid::now_v7());
    let caregiver = person(server).await;
    for command in [
        json!({"register_provider": {"provider_id": id, "kind": "foster_home",
            "name": "Rivera Family Home", "address": {"lines": ["12 Elm St"], "city": "Columbus",
            "state": "OH", "postal_code": "43215"}, "organization_id": organization,
            "occurred_on": "2026-01-02"}}),
        json!({"record_caregivers": {"caregivers": {"single": {"caregiver": caregiver}},
            "occurred_on": "2026-01-02"}}),
        json!({"apply_for_license": {"occurred_on": "2026-01-03"}}),
        json!({"record_home_study": {"assessor": assessor, "recommendation": "approve",
            "occurred_on": "2026-01-20"}}),
        json!({"approve_license": {"license_number": "FH-1", "expires_on": "2030-01-31",
            "occurred_on": "2026-02-01"}}),
    ] {
        run::<Provider>(server, &id.stream_id(), command).await;
    }
    id
}

/// A request that exercises one protected route, and a staff member allowed to send it.
struct Call {
    allowed: StaffId,
    method: Method,
    path: String,
    body: Option<Value>,
    /// The `X-Purpose` declared, when not ordinary case work.
    purpose: Option<&'static str>,
}

/// One allowed call per protected route of the OpenAPI document, by its template. A
/// protected route missing here fails the enumeration test.
fn call_for(w: &World, method: &str, template: &str) -> Option<Call> {
    let case = w.case.0;
    let child = w.child.0;
    let call = |method, path: String, body| {
        Some(Call {
            allowed: w.worker,
            method,
            path,
            body,
            purpose: None,
        })
    };
    match (method, template) {
        ("get", "/cases/{case_id}") => call(Method::GET, format!("/cases/{case}"), None),
        ("post", "/cases/{case_id}/commands") => call(
            Method::POST,
            format!("/cases/{case}/commands"),
            Some(
                json!({"RecordCaseNote": {"note_id": Uuid::now_v7(), "author": w.worker,
                "persons_involved": [child], "occurred_on": "2026-02-03", "occurred_at": null,
                "segments": [{"kind": "fact", "text": "home visit"}]}}),
            ),
        ),
        ("get", "/persons/{person_id}/disclosures") => call(
            Method::GET,
            format!("/persons/{child}/disclosures?case={case}"),
            None,
        ),
        // Releases are the director's decision (paragraph C).
        ("post", "/persons/{person_id}/disclosures") => Some(Call {
            allowed: w.director,
            method: Method::POST,
            path: format!("/persons/{child}/disclosures"),
            body: Some(
                json!({"person": child, "case": case, "disclosed_on": "2026-03-01",
                "recipient": {"name": "Juvenile Court", "address": "373 S High St"},
                "purpose": "court review", "legal_basis": "ORC 5153.17 court order",
                "request": "order 2026-JC-114", "released": ["case summary"]}),
            ),
            purpose: None,
        }),
        ("get", "/cases/{case_id}/notes/{note_id}") => {
            call(Method::GET, format!("/cases/{case}/notes/{}", w.note), None)
        }
        ("get", "/cases/{case_id}/visits/{visit_id}") => call(
            Method::GET,
            format!("/cases/{case}/visits/{}", w.visit),
            None,
        ),
        ("get", "/persons/{person_id}") => call(Method::GET, format!("/persons/{child}"), None),
        // The director administers the agency's accounts and grants.
        ("post", "/staff/{staff_id}/commands") => Some(Call {
            allowed: w.director,
            method: Method::POST,
            path: format!("/staff/{}/commands", w.worker.0),
            body: Some(
                json!({"record_training_completion": {"training": "security_procedures",
                "occurred_on": "2026-03-02"}}),
            ),
            purpose: None,
        }),
        ("post", "/grants/{grant_id}/commands") => Some(Call {
            allowed: w.director,
            method: Method::POST,
            path: format!("/grants/{}/commands", w.grant),
            body: Some(
                json!({"issue_grant": {"grant_id": w.grant, "grantee": w.worker,
                "issuing_organization": w.agency, "program": "peer_mentor",
                "scope": {"child_or_sibling_group": {"children": [child]}}, "purpose": "Services",
                "expires_at": "2099-01-01T00:00:00Z", "occurred_on": "2026-03-02"}}),
            ),
            purpose: None,
        }),
        ("get", "/staff/{staff_id}/caseload") => {
            call(Method::GET, format!("/staff/{}/caseload", w.worker.0), None)
        }
        ("get", "/providers/{provider_id}") => {
            call(Method::GET, format!("/providers/{}", w.provider.0), None)
        }
        // A person's copy is the privacy officer's to release, on the person's request.
        ("get", "/persons/{person_id}/export") => Some(Call {
            allowed: w.privacy_officer,
            method: Method::GET,
            path: format!("/persons/{child}/export"),
            body: None,
            purpose: Some("PrivacyRequest"),
        }),
        ("post", "/persons/{person_id}/correction-requests") => Some(Call {
            allowed: w.privacy_officer,
            method: Method::POST,
            path: format!("/persons/{child}/correction-requests"),
            body: Some(json!({"requested_by": "the youth's guardian ad litem",
                "disputed": ["the 2026-02-01 referral summary"],
                "statement": "the referral names the wrong school", "occurred_on": "2026-03-02"})),
            purpose: Some("PrivacyRequest"),
        }),
        ("post", "/persons/{person_id}/commands") => call(
            Method::POST,
            format!("/persons/{child}/commands"),
            Some(
                json!({"record_race": {"race": {"reported": ["white"]}, "occurred_on": "2026-03-02"}}),
            ),
        ),
        ("post", "/persons/{person_id}/erasure") => Some(Call {
            allowed: w.privacy_officer,
            method: Method::POST,
            path: format!("/persons/{child}/erasure"),
            body: Some(
                json!({"legal_basis": "juvenile record expungement, ORC 2151.358",
                "request_reference": "court order 2026-JX-114", "occurred_on": "2026-03-02"}),
            ),
            purpose: Some("PrivacyRequest"),
        }),
        ("post", "/providers/{provider_id}/commands") => call(
            Method::POST,
            format!("/providers/{}/commands", w.provider.0),
            Some(
                json!({"record_provider_visit": {"rule": "5101:2-5-36", "visitor": w.worker,
                "occurred_on": "2026-03-02"}}),
            ),
        ),
        ("get", "/persons") => call(
            Method::GET,
            format!("/persons?external_id={}", child_external_id()),
            None,
        ),
        ("get", "/replay/who-accessed") => Some(Call {
            allowed: w.auditor,
            method: Method::GET,
            path: format!("/replay/who-accessed?case={case}"),
            body: None,
            purpose: None,
        }),
        ("get", "/replay/user-activity") => Some(Call {
            allowed: w.auditor,
            method: Method::GET,
            path: format!("/replay/user-activity?staff={}", w.worker.0),
            body: None,
            purpose: None,
        }),
        ("get", "/replay/monitor") => Some(Call {
            allowed: w.auditor,
            method: Method::GET,
            path: "/replay/monitor".to_owned(),
            body: None,
            purpose: None,
        }),
        ("get", "/replay/rejudge") => Some(Call {
            allowed: w.auditor,
            method: Method::GET,
            path: "/replay/rejudge".to_owned(),
            body: None,
            purpose: None,
        }),
        ("get", "/replay/case-as-of") => Some(Call {
            allowed: w.auditor,
            method: Method::GET,
            path: format!(
                "/replay/case-as-of?case={case}&at={}",
                Utc::now().to_rfc3339()
            )
            .replace('+', "%2B"),
            body: None,
            purpose: None,
        }),
        ("post", "/reports/{kind}") => Some(Call {
            allowed: w.state_auditor,
            method: Method::POST,
            path: "/reports/afcars?period=2026A".to_owned(),
            body: None,
            purpose: None,
        }),
        ("get", "/reports/{run_id}/files/{name}") => Some(Call {
            allowed: w.state_auditor,
            method: Method::GET,
            path: format!("/reports/{}/files/indicators.json", w.report_run),
            body: None,
            purpose: None,
        }),
        _ => None,
    }
}

/// Every operation the OpenAPI document marks as needing a bearer token.
async fn protected_operations(server: &Server) -> Vec<(String, String)> {
    let doc: Value = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if operation.get("security").is_some() {
                operations.push((method.clone(), path.clone()));
            } else {
                // Only the operations endpoints go without a token; they carry no record.
                assert!(
                    ["/healthz", "/readyz", "/metrics", "/openapi.json"].contains(&path.as_str()),
                    "{method} {path} is not marked as needing a bearer token"
                );
            }
        }
    }
    operations
}

async fn access_events(server: &Server) -> Vec<(String, String)> {
    let client = server.db.connect().await.unwrap();
    client
        .query(
            "SELECT stream_id, event_type FROM es.events WHERE stream_id LIKE 'access-%' ORDER BY position",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| (row.get(0), row.get(1)))
        .collect()
}

async fn send(w: &World, call: &Call, staff: StaffId) -> reqwest::Response {
    let mut request = w
        .server
        .client
        .request(call.method.clone(), w.server.url(&call.path))
        .bearer_auth(w.server.token(staff));
    if let Some(body) = &call.body {
        request = request.json(body);
    }
    if let Some(purpose) = call.purpose {
        request = request.header("X-Purpose", purpose);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn every_protected_route_writes_exactly_one_access_event_per_request() {
    let w = world().await;
    let operations = protected_operations(&w.server).await;
    assert!(operations.len() >= 4, "{operations:?}");
    for (method, template) in &operations {
        let call = call_for(&w, method, template)
            .unwrap_or_else(|| panic!("no audit test call for {method} {template}"));
        let before = access_events(&w.server).await.len();
        let allowed = send(&w, &call, call.allowed).await;
        assert_eq!(allowed.status(), StatusCode::OK, "{method} {template}");
        let after = access_events(&w.server).await;
        assert_eq!(after.len(), before + 1, "{method} {template}: allowed");
        assert_eq!(after.last().unwrap().1, "AccessRecorded");

        let denied = send(&w, &call, w.stranger).await;
        let (status, body) = problem(denied).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{method} {template}");
        assert_eq!(body["type"], "urn:kinlog:problem:access-denied");
        let after_denial = access_events(&w.server).await;
        assert_eq!(
            after_denial.len(),
            before + 2,
            "{method} {template}: denied"
        );
        assert_eq!(after_denial.last().unwrap().1, "AccessDenied");
    }
}

#[tokio::test]
async fn the_access_event_records_who_what_and_how_without_personal_data() {
    let w = world().await;
    let response = w
        .server
        .client
        .get(w.server.url(&format!("/cases/{}", w.case.0)))
        .bearer_auth(w.server.token(w.worker))
        .header("user-agent", "caseworker-tablet/2.1")
        .header("referer", "https://kinlog.example/caseload")
        .header("x-purpose", "Investigation")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.bytes().await.unwrap();
    let summary: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(summary["case_id"], json!(w.case.0));
    assert_eq!(summary["caseworker"], json!(w.worker.0));
    assert_eq!(summary["children"][0]["child"], json!(w.child.0));

    let events = access_events(&w.server).await;
    let stream = &events.last().unwrap().0;
    let recorded = w.server.store.read_stream(stream, 1, 10).await.unwrap();
    let (event, metadata) =
        kinlog_projections::decode::<kinlog_domain::access::AccessEvent>(&recorded[0]).unwrap();
    let kinlog_domain::access::AccessEvent::AccessRecorded(record) = event else {
        panic!("expected AccessRecorded");
    };
    assert_eq!(record.actor(), w.worker);
    assert_eq!(record.case(), Some(w.case));
    assert!(record.subjects().contains(&w.child));
    assert_eq!(
        record.purpose(),
        kinlog_domain::policy::Purpose::Investigation
    );
    assert_eq!(record.response_bytes, body.len() as u64);
    assert!(record.returned.contains(&"children".to_owned()));
    assert_eq!(
        record.client.user_agent.as_deref(),
        Some("caseworker-tablet/2.1")
    );
    assert_eq!(
        record.client.referrer.as_deref(),
        Some("https://kinlog.example/caseload")
    );
    assert_eq!(record.client.ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(record.client.path, format!("/cases/{}", w.case.0));
    assert!(record.decision.allowed);
    assert!(!record.decision.deciding_policies.is_empty());
    assert!(!record.decision.policy_set_hash.is_empty());
    assert_eq!(metadata.actor, Some(w.worker.0));
}

/// Makes every append to an access stream fail, as a full disk or a revoked grant would.
async fn break_the_access_log(server: &Server) {
    let client = server.db.connect().await.unwrap();
    client
        .batch_execute(
            "CREATE FUNCTION test_refuse_access() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
               IF NEW.stream_id LIKE 'access-%' THEN
                 RAISE EXCEPTION 'the access log is down (test)';
               END IF;
               RETURN NEW;
             END $$;
             CREATE TRIGGER test_refuse_access BEFORE INSERT ON es.events
               FOR EACH ROW EXECUTE FUNCTION test_refuse_access();",
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn when_the_access_log_fails_every_protected_route_answers_503_with_no_data() {
    let w = world().await;
    let head_before = w.server.store.head().await.unwrap();
    break_the_access_log(&w.server).await;
    for (method, template) in protected_operations(&w.server).await {
        let call = call_for(&w, &method, &template)
            .unwrap_or_else(|| panic!("no audit test call for {method} {template}"));
        for staff in [call.allowed, w.stranger] {
            let response = send(&w, &call, staff).await;
            let (status, body) = problem(response).await;
            assert_eq!(
                status,
                StatusCode::SERVICE_UNAVAILABLE,
                "{method} {template}"
            );
            assert_eq!(body["type"], "urn:kinlog:problem:audit-unavailable");
            let text = body.to_string();
            assert!(
                !text.contains(&w.child.0.to_string()),
                "{method} {template} leaked"
            );
            assert!(
                !text.contains(&w.worker.0.to_string()),
                "{method} {template} leaked"
            );
        }
    }
    assert_eq!(
        w.server.store.head().await.unwrap(),
        head_before,
        "nothing was stored by a request whose access was not recorded"
    );
}

#[tokio::test]
async fn authentication_failures_are_401_and_record_nothing() {
    let w = world().await;
    let url = w.server.url(&format!("/cases/{}", w.case.0));
    let now = Utc::now().timestamp() as u64;
    let wrong_audience = w
        .server
        .key
        .mint(
            w.worker,
            "kinlog-local",
            "other-api",
            now,
            std::time::Duration::from_secs(60),
        )
        .unwrap();
    let expired = w
        .server
        .key
        .mint(
            w.worker,
            "kinlog-local",
            "kinlog-api",
            now - 7200,
            std::time::Duration::from_secs(60),
        )
        .unwrap();
    let unknown_staff = w.server.token(StaffId(Uuid::now_v7()));
    let recorded_before = access_events(&w.server).await.len();
    let cases: [(Option<String>, &str); 5] = [
        (None, "no Authorization"),
        (Some("Bearer not.a.jwt".to_owned()), "not a JWT"),
        (Some(format!("Bearer {wrong_audience}")), "audience"),
        (Some(format!("Bearer {expired}")), "expired"),
        (
            Some(format!("Bearer {unknown_staff}")),
            "not a staff member",
        ),
    ];
    for (authorization, expected) in cases {
        let mut request = w.server.client.get(&url);
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer error=\"invalid_token\""
        );
        let (status, body) = problem(response).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{expected}");
        assert!(
            body["detail"].as_str().unwrap().contains(expected),
            "{body}"
        );
    }
    assert_eq!(access_events(&w.server).await.len(), recorded_before);
}

#[tokio::test]
async fn a_suspended_account_is_refused_from_the_moment_the_suspension_commits() {
    let w = world().await;
    let url = w.server.url(&format!("/cases/{}", w.case.0));
    let token = w.server.token(w.worker);
    let ok = w
        .server
        .client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    run::<Staff>(
        &w.server,
        &w.worker.stream_id(),
        json!({"suspend_account": {"reason": "under_investigation", "occurred_on": "2026-02-10"}}),
    )
    .await;
    let refused = w
        .server
        .client
        .get(&url)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(refused).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        body["rule"]
            .as_str()
            .unwrap()
            .contains("account-not-active"),
        "{body}"
    );
    let events = access_events(&w.server).await;
    assert_eq!(events.last().unwrap().1, "AccessDenied");
}

#[tokio::test]
async fn bad_command_input_is_a_4xx_naming_the_field_and_stores_nothing() {
    let w = world().await;
    let url = w.server.url(&format!("/cases/{}/commands", w.case.0));
    let token = w.server.token(w.worker);
    let case_events = |w: &World| {
        let store = w.server.store.clone();
        let stream = w.case.stream_id();
        async move { store.read_stream(&stream, 1, 1000).await.unwrap().len() }
    };
    let before = case_events(&w).await;
    let post = |body: String, media: &'static str| {
        w.server
            .client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", media)
            .body(body)
            .send()
    };
    let (status, body) = problem(
        post("{not json".to_owned(), "application/json")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, body) = problem(
        post(
            r#"{"ScreenReferral":{"screened_at":"2026-02-01"}}"#.to_owned(),
            "application/json",
        )
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], "command.ScreenReferral.screened_at");
    assert!(
        body["detail"].as_str().unwrap().contains("screened_at"),
        "{body}"
    );

    let (status, _) = problem(post("{}".to_owned(), "text/plain").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let huge = format!(r#"{{"x":"{}"}}"#, "a".repeat(100 * 1024));
    let (status, body) = problem(post(huge, "application/json").await.unwrap()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");

    // A domain rule: a note dated in the future.
    let future = json!({"RecordCaseNote": {"note_id": Uuid::now_v7(), "author": w.worker,
        "persons_involved": [w.child], "occurred_on": "2999-01-01", "occurred_at": null,
        "segments": [{"kind": "fact", "text": "x"}]}});
    let (status, body) = problem(post(future.to_string(), "application/json").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["field"], "occurred_on");
    assert!(body["rule"].is_string());

    let unknown_case = w
        .server
        .client
        .get(w.server.url(&format!("/cases/{}", Uuid::now_v7())))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let (status, _) = problem(unknown_case).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    assert_eq!(
        case_events(&w).await,
        before,
        "no rejected request stored anything"
    );
}

#[tokio::test]
async fn a_recorded_disclosure_appears_in_the_accounting() {
    let w = world().await;
    let call = call_for(&w, "post", "/persons/{person_id}/disclosures").unwrap();
    let recorded = send(&w, &call, call.allowed).await;
    assert_eq!(recorded.status(), StatusCode::OK);
    let accounting: Value = w
        .server
        .client
        .get(w.server.url(&format!(
            "/persons/{}/disclosures?case={}",
            w.child.0, w.case.0
        )))
        .bearer_auth(w.server.token(w.worker))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let entries = accounting["disclosures"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{accounting}");
    assert_eq!(entries[0]["recipient_name"], "Juvenile Court");
    assert_eq!(entries[0]["legal_basis"], "ORC 5153.17 court order");
    assert_eq!(entries[0]["recorded_by"], json!(w.director.0));
}

#[tokio::test]
async fn a_person_record_shows_the_legacy_id_and_the_crosswalk_record_number() {
    let w = world().await;
    let get = |path: String, staff: StaffId| {
        let request = w.server.client.get(w.server.url(&path));
        request.bearer_auth(w.server.token(staff)).send()
    };
    let person: Value = get(format!("/persons/{}", w.child.0), w.worker)
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(person["name"]["family"], "Roe", "{person}");
    assert_eq!(person["date_of_birth"], "2015-11-02");
    assert_eq!(person["external_id"], "SACWIS:person:C-1001");
    let number = person["federal_record_number"].as_str().unwrap();
    assert_eq!(number.len(), 12);
    let internal = w.child.0.simple().to_string().to_uppercase();
    assert!(
        !internal.contains(number),
        "the number is not the internal id"
    );

    let crosswalk: Value = w
        .server
        .client
        .post(w.server.url("/reports/crosswalk"))
        .bearer_auth(w.server.token(w.state_auditor))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let href = crosswalk["files"][0]["href"].as_str().unwrap().to_owned();
    let csv = get(href, w.state_auditor)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = format!("SACWIS:person,C-1001,{},{number},", w.child.0);
    assert!(csv.contains(&row), "{row} not in\n{csv}");

    let (status, problem) = problem(
        get(format!("/persons/{}", Uuid::now_v7()), w.worker)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{problem}");
}

#[tokio::test]
async fn a_provider_entry_shows_its_license_and_licensing_history() {
    let w = world().await;
    let call = call_for(&w, "get", "/providers/{provider_id}").unwrap();
    let entry: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    assert_eq!(entry["kind"], "foster_home", "{entry}");
    assert_eq!(entry["license_status"], "licensed");
    assert_eq!(entry["license_number"], "FH-1");
    assert_eq!(entry["license_expires_on"], "2030-01-31");
    assert_eq!(entry["license_lapsed"], false);
    let steps: Vec<&str> = entry["licensing_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["step"].as_str().unwrap())
        .collect();
    assert_eq!(steps, ["applied", "studied", "licensed"]);
    // Another agency's caseworker may not see it, and the refusal is recorded.
    let refused = send(&w, &call, w.stranger).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);

    // A renewal through the provider's commands moves the registry once caught up.
    let renew = Call {
        body: Some(json!({"renew_license": {"expires_on": "2032-01-31",
            "occurred_on": "2026-03-01"}})),
        ..call_for(&w, "post", "/providers/{provider_id}/commands").unwrap()
    };
    let outcome: Value = send(&w, &renew, renew.allowed).await.json().await.unwrap();
    assert_eq!(outcome["outcome"], "appended", "{outcome}");
    let (status, refusal) = problem(send(&w, &renew, w.stranger).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{refusal}");
    let options = kinlog_projections::RunOptions::default();
    let registry = kinlog_projections::ProviderRegistryView;
    kinlog_projections::catch_up(&w.server.store, &registry, &options)
        .await
        .unwrap();
    let entry: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    assert_eq!(entry["license_expires_on"], "2032-01-31", "{entry}");
    let wrong_body = Call {
        body: Some(json!({"renew_license": {"expires_on": "soon", "occurred_on": "2026-03-01"}})),
        ..call_for(&w, "post", "/providers/{provider_id}/commands").unwrap()
    };
    let (status, bad) = problem(send(&w, &wrong_body, wrong_body.allowed).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    assert_eq!(bad["field"], "command.renew_license.expires_on", "{bad}");
}

#[tokio::test]
async fn replay_over_http_answers_who_saw_a_child_and_what_a_worker_did() {
    let w = world().await;
    let get = |path: String, staff: StaffId| {
        let request = w.server.client.get(w.server.url(&path));
        request.bearer_auth(w.server.token(staff)).send()
    };
    let read = get(format!("/cases/{}", w.case.0), w.worker).await.unwrap();
    assert_eq!(read.status(), StatusCode::OK);

    let accesses: Value = get(
        format!("/replay/who-accessed?person={}", w.child.0),
        w.auditor,
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let case_reads: Vec<&Value> = accesses["accesses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["resource_kind"] == "Case")
        .collect();
    assert_eq!(case_reads.len(), 1, "{accesses}");
    assert_eq!(case_reads[0]["actor"], json!(w.worker.0));
    assert_eq!(case_reads[0]["case"], json!(w.case.0));

    let activity: Value = get(
        format!("/replay/user-activity?staff={}", w.worker.0),
        w.auditor,
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let records: Vec<&str> = activity["activity"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["record"].as_str().unwrap())
        .collect();
    assert!(
        records.iter().any(|r| r.contains(&w.case.0.to_string())),
        "{activity}"
    );

    // A caseworker may not run the monitor: refused, and the refusal is recorded.
    let before = access_events(&w.server).await.len();
    let refused = get("/replay/monitor".to_owned(), w.worker).await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let after = access_events(&w.server).await;
    assert_eq!(after.len(), before + 1);
    assert_eq!(after.last().unwrap().1, "AccessDenied");

    let (status, problem) = problem(
        get("/replay/who-accessed".to_owned(), w.auditor)
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
}

#[tokio::test]
async fn a_persons_export_holds_their_record_the_case_facts_naming_them_and_disclosures() {
    let w = world().await;
    for (method, template) in [
        ("post", "/cases/{case_id}/commands"),
        ("post", "/persons/{person_id}/disclosures"),
    ] {
        let call = call_for(&w, method, template).unwrap();
        assert_eq!(send(&w, &call, call.allowed).await.status(), StatusCode::OK);
    }
    let call = call_for(&w, "get", "/persons/{person_id}/export").unwrap();
    // The caseworker may read the child's record, but releasing a copy is not theirs.
    assert_eq!(
        send(&w, &call, w.worker).await.status(),
        StatusCode::FORBIDDEN
    );
    let export: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    let types = |part: &str| -> Vec<String> {
        export[part]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event_type"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(types("person_events"), ["PersonRegistered"], "{export}");
    let case_types = types("case_events");
    assert!(
        case_types.contains(&"ReferralReceived".to_owned()),
        "{case_types:?}"
    );
    assert!(
        case_types.contains(&"CaseNoteRecorded".to_owned()),
        "{case_types:?}"
    );
    // The caseworker's assignment names no one: it is the agency's fact, not the child's.
    assert!(
        !case_types.contains(&"CaseworkerAssigned".to_owned()),
        "{case_types:?}"
    );
    let child = w.child.0.to_string();
    for event in export["case_events"].as_array().unwrap() {
        assert!(event["fact"].to_string().contains(&child), "{event}");
    }
    let disclosures = export["disclosures"].as_array().unwrap();
    assert_eq!(disclosures.len(), 1);
    assert_eq!(disclosures[0]["recipient"], "Juvenile Court");

    // The export is recorded as an access naming the parts it returned.
    let accesses: Vec<_> = w
        .server
        .store
        .read_filtered(&Filter::Category("access".to_owned()), None, 0, None)
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let (AccessEvent::AccessRecorded(record), _) =
        decode::<AccessEvent>(accesses.last().unwrap()).unwrap()
    else {
        panic!("the last access is not a recorded one");
    };
    assert_eq!(record.client.path, format!("/persons/{}/export", w.child.0));
    for part in ["person_events", "case_events", "disclosures"] {
        assert!(
            record.returned.contains(&part.to_owned()),
            "{:?}",
            record.returned
        );
    }
}

#[tokio::test]
async fn a_correction_request_is_recorded_on_the_persons_record_and_named_rules_refuse_bad_ones() {
    let w = world().await;
    let call = call_for(&w, "post", "/persons/{person_id}/correction-requests").unwrap();
    assert_eq!(
        send(&w, &call, w.worker).await.status(),
        StatusCode::FORBIDDEN,
        "a caseworker does not take privacy requests"
    );
    let recorded: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    assert_eq!(recorded["outcome"], "appended", "{recorded}");
    let as_case_work = Call {
        purpose: None,
        ..call_for(&w, "post", "/persons/{person_id}/correction-requests").unwrap()
    };
    let (status, problem_body) = problem(send(&w, &as_case_work, w.worker).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{problem_body}");
    assert_eq!(problem_body["field"], "X-Purpose", "{problem_body}");

    let blank = Call {
        body: Some(json!({"requested_by": "the youth", "disputed": ["a note"],
            "statement": " ", "occurred_on": "2026-03-02"})),
        ..call_for(&w, "post", "/persons/{person_id}/correction-requests").unwrap()
    };
    let (status, problem) = problem(send(&w, &blank, blank.allowed).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "statement", "{problem}");

    let export = call_for(&w, "get", "/persons/{person_id}/export").unwrap();
    let export: Value = send(&w, &export, export.allowed)
        .await
        .json()
        .await
        .unwrap();
    let request = export["person_events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["event_type"] == "CorrectionRequested")
        .expect("the request is on the person's record");
    assert_eq!(
        request["fact"]["CorrectionRequested"]["statement"]["v"],
        "the referral names the wrong school"
    );
}

#[tokio::test]
async fn a_note_shows_its_amendments_and_a_visit_its_schedule() {
    let w = world().await;
    let w = &w;
    let get = |template: &'static str| async move {
        let call = call_for(w, "get", template).unwrap();
        send(w, &call, call.allowed)
            .await
            .json::<Value>()
            .await
            .unwrap()
    };
    let note = get("/cases/{case_id}/notes/{note_id}").await;
    assert_eq!(note["note"]["segments"][0]["text"], "home visit", "{note}");
    assert_eq!(note["amended_by"][0]["reason"], "correction");
    assert_eq!(
        note["amended_by"][0]["segments"][0]["text"],
        "home visit at noon"
    );
    let visit = get("/cases/{case_id}/visits/{visit_id}").await;
    assert_eq!(visit["scheduled"]["scheduled_for"], "2026-03-01", "{visit}");
    assert_eq!(visit["concluded"], Value::Null);

    let unknown = w
        .server
        .client
        .get(
            w.server
                .url(&format!("/cases/{}/notes/{}", w.case.0, Uuid::now_v7())),
        )
        .bearer_auth(w.server.token(w.worker))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn metrics_expose_request_and_audit_latency_and_projection_lag() {
    let w = world().await;
    let read = w
        .server
        .client
        .get(w.server.url(&format!("/cases/{}", w.case.0)))
        .bearer_auth(w.server.token(w.worker))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let text = w
        .server
        .client
        .get(w.server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            "kinlog_http_request_duration_seconds_count{method=\"GET\",route=\"/cases/{case_id}\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains("kinlog_audit_append_duration_seconds_count{} 1"),
        "{text}"
    );
    // The read itself appended an access event no read model has applied yet.
    let lag_line = text
        .lines()
        .find(|line| line.starts_with("kinlog_projection_lag_events{projector=\"case_summary\"}"))
        .unwrap_or_else(|| panic!("no case_summary lag in {text}"));
    let lag: u64 = lag_line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(lag >= 1, "{lag_line}");
    assert!(
        !text.contains(&w.case.0.to_string()),
        "no ids in metric labels"
    );
}

/// Security E1: after a person's erasure no plaintext canary of their name is left in a
/// dump of the whole database (events, read models, keys), and the log still verifies.
#[tokio::test]
async fn erasure_leaves_no_canary_in_the_database_and_the_log_verifying() {
    const CANARY: &str = "Zqxcanaryvelt";
    let w = world().await;
    run::<Person>(
        &w.server,
        &w.child.stream_id(),
        json!({"correct_identity": {"name": {"given": CANARY, "middle": null, "family": CANARY},
            "date_of_birth": null, "sex": null, "occurred_on": "2026-03-01"}}),
    )
    .await;
    // The person's own words in a correction request are theirs too.
    let request = Call {
        body: Some(json!({"requested_by": "the youth", "disputed": ["a note"],
            "statement": format!("my name is {CANARY}"), "occurred_on": "2026-03-02"})),
        ..call_for(&w, "post", "/persons/{person_id}/correction-requests").unwrap()
    };
    assert_eq!(
        send(&w, &request, request.allowed).await.status(),
        StatusCode::OK
    );
    catch_up(&w.server).await;
    let record = call_for(&w, "get", "/persons/{person_id}").unwrap();
    let before: Value = send(&w, &record, record.allowed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["name"]["given"], CANARY, "{before}");
    // The canary is in the database before, folded or not: the dump can find it.
    assert!(dump_mentions(&w.server, CANARY));

    let erasure = call_for(&w, "post", "/persons/{person_id}/erasure").unwrap();
    assert_eq!(
        send(&w, &erasure, w.worker).await.status(),
        StatusCode::FORBIDDEN,
        "a caseworker cannot erase"
    );
    let erased: Value = send(&w, &erasure, erasure.allowed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(erased["outcome"], "appended", "{erased}");
    catch_up(&w.server).await;

    let after: Value = send(&w, &record, record.allowed)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["name"], Value::Null, "{after}");
    assert_eq!(after["personal_data_erased"], true, "{after}");
    assert_eq!(after["date_of_birth"], "2015-11-02", "demographics stay");
    assert!(!dump_mentions(&w.server, CANARY));

    let mut client = w.server.db.connect().await.unwrap();
    let key = kinlog_store::SealingKey::generate().unwrap();
    kinlog_store::seal(&mut client, &key).await.unwrap();
    let report = kinlog_store::verify(&mut client, &key.public_key())
        .await
        .unwrap();
    assert_eq!(report.problem, None);

    let (status, again) = problem(send(&w, &erasure, erasure.allowed).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert_eq!(
        again["field"], "person_id",
        "a second erasure is refused: {again}"
    );
}

async fn catch_up(server: &Server) {
    kinlog_projections::catch_up_all(&server.store, &kinlog_projections::RunOptions::default())
        .await
        .unwrap();
}

/// Whether a plain-SQL dump of the whole database holds `text`, in any letter case (the
/// person index keeps folded, lowercase names).
fn dump_mentions(server: &Server, text: &str) -> bool {
    let output = std::process::Command::new(pg_dump())
        .arg("--dbname")
        .arg(server.db.url())
        .output()
        .expect("running pg_dump");
    assert!(
        output.status.success(),
        "pg_dump: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .to_lowercase()
        .contains(&text.to_lowercase())
}

/// `pg_dump` on PATH, or from the system's PostgreSQL installation.
fn pg_dump() -> std::path::PathBuf {
    let on_path = std::process::Command::new("pg_dump")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return "pg_dump".into();
    }
    std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL's binaries")
        .filter_map(|entry| Some(entry.ok()?.path().join("bin").join("pg_dump")))
        .find(|path| path.exists())
        .expect("pg_dump in /usr/lib/postgresql/*/bin")
}

#[tokio::test]
async fn the_caseworker_of_the_case_records_on_a_person_and_bad_commands_are_named() {
    let w = world().await;
    let call = call_for(&w, "post", "/persons/{person_id}/commands").unwrap();
    let recorded: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    assert_eq!(recorded["outcome"], "appended", "{recorded}");
    let events = w
        .server
        .store
        .read_stream(&w.child.stream_id(), 1, 100)
        .await
        .unwrap();
    assert_eq!(events.last().unwrap().event_type, "RaceRecorded");

    let refused = |body: Value| Call {
        body: Some(body),
        ..call_for(&w, "post", "/persons/{person_id}/commands").unwrap()
    };
    for (body, field) in [
        (
            json!({"record_race": {"race": {"reported": ["purple"]}, "occurred_on": "2026-03-02"}}),
            "command.record_race.race.reported[0]",
        ),
        (
            json!({"erase_personal_data": {"legal_basis": "x", "request_reference": "y",
                "occurred_on": "2026-03-02"}}),
            "command.erase_personal_data",
        ),
    ] {
        let call = refused(body);
        let (status, problem) = problem(send(&w, &call, call.allowed).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{problem}");
        assert_eq!(problem["field"], field, "{problem}");
    }
    let future = refused(json!({"record_race": {"race": {"reported": ["white"]},
        "occurred_on": "2999-01-01"}}));
    let (status, problem) = problem(send(&w, &future, future.allowed).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["field"], "occurred_on", "{problem}");
}

#[tokio::test]
async fn a_caseload_lists_the_open_cases_with_their_children() {
    let w = world().await;
    let call = call_for(&w, "get", "/staff/{staff_id}/caseload").unwrap();
    let caseload: Value = send(&w, &call, call.allowed).await.json().await.unwrap();
    assert_eq!(caseload["staff_id"], json!(w.worker.0));
    let cases = caseload["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "{caseload}");
    assert_eq!(cases[0]["case_id"], json!(w.case.0));
    assert_eq!(cases[0]["role"], "caseworker");
    assert_eq!(cases[0]["children"], json!([w.child.0]));
    let (_, access) = access_events(&w.server).await.pop().unwrap();
    assert_eq!(access, "AccessRecorded");

    // The agency's director may look at a worker's caseload; an unknown staff member is
    // not found.
    let director = send(&w, &call, w.director).await;
    assert_eq!(director.status(), StatusCode::OK);
    let unknown = Call {
        path: format!("/staff/{}/caseload", Uuid::now_v7()),
        ..call_for(&w, "get", "/staff/{staff_id}/caseload").unwrap()
    };
    let (status, _) = problem(send(&w, &unknown, unknown.allowed).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_production_deployment_refuses_the_practice_purge() {
    let w = world().await;
    let head = w.server.store.head().await.unwrap();
    let refused = kinlog_gateway::practice::purge(&w.server.store, Utc::now()).await;
    assert!(
        matches!(refused, Err(kinlog_gateway::Error::NotPractice)),
        "{refused:?}"
    );
    assert_eq!(w.server.store.head().await.unwrap(), head);
    // Nor can a deployment holding records be turned into a practice one.
    assert!(w.server.store.mark_practice().await.is_err());
    assert!(!w.server.store.is_practice().await.unwrap());
}

#[tokio::test]
async fn a_practice_purge_removes_old_cases_but_those_kept_for_training_review() {
    let server = Server::start().await;
    server.store.mark_practice().await.unwrap();
    let w = world_on(server).await;
    // A second case, kept for training review.
    let kept = CaseId(Uuid::now_v7());
    let other_child = person(&w.server).await;
    for command in [
        json!({"ReceiveReferral": {"case_id": kept, "reported_on": "2026-02-01",
            "source": "social_services_personnel", "county": 1, "agency": w.agency,
            "children": [other_child], "summary": "referral"}}),
        json!({"MarkForTrainingReview": {"marked_on": "2026-02-02"}}),
    ] {
        run::<Case>(&w.server, &kept.stream_id(), command).await;
    }
    // A case an earlier purge marked purged, but which stopped before erasing its child.
    let interrupted = CaseId(Uuid::now_v7());
    let lone_child = person(&w.server).await;
    for command in [
        json!({"ReceiveReferral": {"case_id": interrupted, "reported_on": "2026-02-01",
            "source": "social_services_personnel", "county": 1, "agency": w.agency,
            "children": [lone_child], "summary": "referral"}}),
        json!({"PurgePracticeCase": {"purged_on": "2026-03-01"}}),
    ] {
        run::<Case>(&w.server, &interrupted.stream_id(), command).await;
    }
    let summary = |case: CaseId| Call {
        allowed: w.director,
        method: Method::GET,
        path: format!("/cases/{}", case.0),
        body: None,
        purpose: None,
    };
    assert_eq!(
        send(&w, &summary(w.case), w.director).await.status(),
        StatusCode::OK
    );

    // Every case so far counts as old.
    let cutoff = Utc::now() + chrono::Duration::days(1);
    let report = kinlog_gateway::practice::purge(&w.server.store, cutoff)
        .await
        .unwrap();
    let purged: Vec<CaseId> = report.purged.iter().map(|p| p.case).collect();
    assert_eq!(purged, vec![w.case, interrupted], "{report}");
    assert_eq!(
        report.purged[1].persons_erased,
        vec![lone_child],
        "finished"
    );
    assert_eq!(report.kept_for_training_review, vec![kept]);
    assert!(
        report.purged[0].persons_erased.contains(&w.child),
        "{report}"
    );
    assert!(!report.purged[0].persons_erased.contains(&other_child));
    assert!(report.to_string().contains(&w.case.0.to_string()));

    catch_up(&w.server).await;
    let (status, _) = problem(send(&w, &summary(w.case), w.director).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "a purged case is gone");
    assert_eq!(
        send(&w, &summary(kept), w.director).await.status(),
        StatusCode::OK
    );
    let client = w.server.db.connect().await.unwrap();
    let rows: i64 = client
        .query_one(
            "SELECT (SELECT count(*) FROM rm.case_summary WHERE case_id = $1) \
                  + (SELECT count(*) FROM rm.case_member WHERE case_id = $1)",
            &[&w.case.0],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(rows, 0, "the read models dropped the purged case");
    let child_events = w
        .server
        .store
        .read_stream(&w.child.stream_id(), 1, 100)
        .await
        .unwrap();
    assert_eq!(
        child_events.last().unwrap().event_type,
        "PersonalDataErased"
    );

    let mut client = w.server.db.connect().await.unwrap();
    let key = kinlog_store::SealingKey::generate().unwrap();
    kinlog_store::seal(&mut client, &key).await.unwrap();
    let verified = kinlog_store::verify(&mut client, &key.public_key())
        .await
        .unwrap();
    assert_eq!(verified.problem, None, "the purge changed no event");

    let again = kinlog_gateway::practice::purge(&w.server.store, cutoff)
        .await
        .unwrap();
    assert!(again.purged.is_empty(), "{again}");
}

#[tokio::test]
async fn the_director_administers_accounts_and_grants_but_not_their_own() {
    let w = world().await;
    let issue = call_for(&w, "post", "/grants/{grant_id}/commands").unwrap();
    assert_eq!(
        send(&w, &issue, w.worker).await.status(),
        StatusCode::FORBIDDEN,
        "a caseworker issues no grants"
    );
    let issued: Value = send(&w, &issue, w.director).await.json().await.unwrap();
    assert_eq!(issued["outcome"], "appended", "{issued}");
    let revoke = Call {
        body: Some(
            json!({"revoke_grant": {"reason": "purpose_fulfilled", "occurred_on": "2026-03-03"}}),
        ),
        ..call_for(&w, "post", "/grants/{grant_id}/commands").unwrap()
    };
    let revoked: Value = send(&w, &revoke, w.director).await.json().await.unwrap();
    assert_eq!(revoked["outcome"], "appended", "{revoked}");

    // Suspending the worker's account locks them out from that moment.
    let suspend = Call {
        body: Some(
            json!({"suspend_account": {"reason": "leave_of_absence", "occurred_on": "2026-03-03"}}),
        ),
        ..call_for(&w, "post", "/staff/{staff_id}/commands").unwrap()
    };
    let suspended: Value = send(&w, &suspend, w.director).await.json().await.unwrap();
    assert_eq!(suspended["outcome"], "appended", "{suspended}");
    let case = call_for(&w, "get", "/cases/{case_id}").unwrap();
    assert_eq!(
        send(&w, &case, w.worker).await.status(),
        StatusCode::FORBIDDEN
    );

    // The director's own account is not theirs to change.
    let own = Call {
        path: format!("/staff/{}/commands", w.director.0),
        ..call_for(&w, "post", "/staff/{staff_id}/commands").unwrap()
    };
    let (status, denied) = problem(send(&w, &own, w.director).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{denied}");
    let unknown = Call {
        path: format!("/staff/{}/commands", Uuid::now_v7()),
        ..call_for(&w, "post", "/staff/{staff_id}/commands").unwrap()
    };
    let (status, _) = problem(send(&w, &unknown, w.director).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
