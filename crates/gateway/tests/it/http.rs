//! The HTTP API through real TCP against real Postgres: a server per test on an
//! ephemeral loopback port, a fresh database each.
use std::net::SocketAddr;
use std::time::Duration;

use kinlog_domain::StaffId;
use kinlog_gateway::http::{
    self, AppState, HttpConfig, RateLimit, TokenKey, TokenVerifier, DEFAULT_AUDIENCE, LOCAL_ISSUER,
};
use kinlog_store::testing::TestDb;
use kinlog_store::{MasterKey, Store, StoreOptions, Upcasters};
use reqwest::StatusCode;
use serde_json::Value;

/// A running server on its own database.
pub(crate) struct Server {
    pub base: String,
    pub client: reqwest::Client,
    pub key: TokenKey,
    pub store: Store,
    pub db: TestDb,
    _stop: tokio::sync::oneshot::Sender<()>,
    /// The server's data directory (its keys, reports), removed when the test ends.
    _data_dir: tempfile::TempDir,
}

impl Server {
    pub(crate) async fn start() -> Server {
        Self::start_with(HttpConfig::default()).await
    }

    pub(crate) async fn start_with(mut config: HttpConfig) -> Server {
        let db = TestDb::create().await.unwrap();
        let mut client = db.connect().await.unwrap();
        kinlog_projections::migrate(&mut client).await.unwrap();
        // As the binary does: personal fields are sealed, so erasure works.
        let options = StoreOptions {
            personal_data_key: Some(MasterKey::generate().unwrap()),
            ..StoreOptions::default()
        };
        let store = Store::connect(db.url(), options, Upcasters::new())
            .await
            .unwrap();
        let dir = tempfile::Builder::new()
            .prefix("kinlog-http-")
            .tempdir()
            .unwrap();
        let key = TokenKey::read_or_create(&dir.path().join("token.key")).unwrap();
        config.data_dir = dir.path().to_owned();
        let verifier = TokenVerifier::new(key.verification_keys(), &config.auth);
        let state = AppState::new(store.clone(), verifier, config).unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address: SocketAddr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(http::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Server {
            base: format!("http://{address}"),
            client: reqwest::Client::new(),
            key,
            store,
            db,
            _stop: stop,
            _data_dir: dir,
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub(crate) fn token(&self, staff: StaffId) -> String {
        let now = chrono::Utc::now().timestamp() as u64;
        self.key
            .mint(
                staff,
                LOCAL_ISSUER,
                DEFAULT_AUDIENCE,
                now,
                Duration::from_secs(600),
            )
            .unwrap()
    }
}

/// The status and the problem body of a response that must be problem+json.
pub(crate) async fn problem(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let media = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(
        media.as_deref(),
        Some(http::PROBLEM_JSON),
        "status {status}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    (status, body)
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let server = Server::start().await;
    let live = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let ready = server
        .client
        .get(server.url("/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.json::<Value>().await.unwrap()["status"], "ready");
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let server = Server::start().await;
    let missing = server
        .client
        .get(server.url("/nothing/here"))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(missing).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body["detail"].as_str().unwrap().contains("/nothing/here"));
    let wrong = server
        .client
        .delete(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(wrong).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["type"], "urn:kinlog:problem:method-not-allowed");
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_lists_the_operations_routes() {
    let server = Server::start().await;
    let doc: Value = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    for path in ["/healthz", "/readyz", "/openapi.json"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn a_client_over_its_quota_gets_429_with_retry_after() {
    let server = Server::start_with(HttpConfig {
        rate_limit: Some(RateLimit {
            burst: 3,
            replenish_every: Duration::from_secs(30),
        }),
        ..HttpConfig::default()
    })
    .await;
    for _ in 0..3 {
        let ok = server
            .client
            .get(server.url("/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), StatusCode::OK);
    }
    let over = server
        .client
        .get(server.url("/openapi.json"))
        .send()
        .await
        .unwrap();
    let retry_after: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "{retry_after}");
    let (status, body) = problem(over).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(body["type"], "urn:kinlog:problem:rate-limited");
    // Health checks are never rate limited: an orchestrator must always reach them.
    let live = server
        .client
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), StatusCode::OK);
}
