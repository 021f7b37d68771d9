//! `kinlog demo`'s promise: the tokens it prints work, and every curl it prints names an
//! operation the API serves, answered with data for the demo's staff.
use kinlog_domain::StaffId;
use kinlog_gateway::demo;
use reqwest::StatusCode;
use serde_json::Value;

use crate::http::Server;

/// Method and path (query dropped) of each curl in the getting-started text.
fn curls(text: &str, base: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|line| line.starts_with("curl "))
        .map(|line| {
            let method = if line.contains("-X POST") {
                "post"
            } else {
                "get"
            };
            let url = line.split_whitespace().last().unwrap().trim_matches('\'');
            let path = url.strip_prefix(base).unwrap().split('?').next().unwrap();
            (method.to_owned(), path.to_owned())
        })
        .collect()
}

/// Whether `path` is an instance of the OpenAPI path template `template`.
fn matches_template(template: &str, path: &str) -> bool {
    let (template, path): (Vec<_>, Vec<_>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| t == p || (t.starts_with('{') && t.ends_with('}')))
}

#[tokio::test]
async fn every_curl_the_demo_prints_is_an_operation_of_the_api_and_the_caseworker_reads_the_case() {
    let server = Server::start().await;
    demo::load_if_empty(&server.store).await.unwrap().unwrap();
    kinlog_projections::catch_up_all(&server.store, &kinlog_projections::RunOptions::default())
        .await
        .unwrap();
    let caseworker = server.token(StaffId(demo::DEMO_CASEWORKER));
    let auditor = server.token(StaffId(demo::DEMO_AUDITOR));
    let text = demo::getting_started(&server.base, &caseworker, &auditor);

    let openapi: Value = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let operations = openapi["paths"].as_object().unwrap();
    let printed = curls(&text, &server.base);
    assert_eq!(printed.len(), 3, "{text}");
    for (method, path) in &printed {
        assert!(
            operations
                .iter()
                .any(|(template, item)| matches_template(template, path)
                    && item.get(method).is_some()),
            "the demo prints {method} {path}, which the API does not serve"
        );
    }

    let case = server
        .client
        .get(server.url(&format!("/cases/{}", demo::DEMO_CASE)))
        .bearer_auth(&caseworker)
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), StatusCode::OK);
    let case: Value = case.json().await.unwrap();
    assert_eq!(case["case_id"], demo::DEMO_CASE.to_string());
    assert_eq!(case["caseworker"], demo::DEMO_CASEWORKER.to_string());

    // The auditor's two: who accessed the case (the caseworker's read just now), and
    // the AFCARS run.
    let accessed: Value = server
        .client
        .get(server.url(&format!("/replay/who-accessed?case={}", demo::DEMO_CASE)))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let actors: Vec<&str> = accessed["accesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["actor"].as_str().unwrap())
        .collect();
    assert!(
        actors.contains(&demo::DEMO_CASEWORKER.to_string().as_str()),
        "{accessed}"
    );
    let run = server
        .client
        .post(server.url("/reports/afcars?period=2026B"))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    assert_eq!(run.status(), StatusCode::OK);
    let run: Value = run.json().await.unwrap();
    assert_eq!(run["files"].as_array().unwrap().len(), 3, "{run}");
    let compliance = server
        .client
        .get(server.url(run["files"][2]["href"].as_str().unwrap()))
        .bearer_auth(&auditor)
        .send()
        .await
        .unwrap();
    assert_eq!(compliance.status(), StatusCode::OK);
    let compliance: Value = compliance.json().await.unwrap();
    assert_eq!(compliance["would_pass"], run["would_pass"]);
}
