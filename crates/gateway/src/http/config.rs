//! What an operator sets for the HTTP API. Defaults suit one agency's gateway; the
//! benchmark and the tests change them.
use std::time::Duration;

use jsonwebtoken::Algorithm;

/// The HTTP API's settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// The largest request body accepted; larger ones get 413 before they are parsed.
    pub body_limit_bytes: usize,
    /// How long a request may take before it gets 503 and its work is abandoned.
    pub request_timeout: Duration,
    /// Requests per client IP, or `None` for no limit (only for a load generator).
    pub rate_limit: Option<RateLimit>,
    /// How bearer tokens are checked.
    pub auth: AuthConfig,
    /// Where report runs write their files (`reports/<run id>/`) and the record-number
    /// key lives (`keys/report.key`): kinlog's data directory.
    pub data_dir: std::path::PathBuf,
}

/// A token bucket per client IP: `burst` requests at once, refilled one per
/// `replenish_every`. Over it a client gets 429 with `Retry-After`.
#[derive(Debug, Clone, Copy)]
pub struct RateLimit {
    pub burst: u32,
    pub replenish_every: Duration,
}

/// What a bearer token must carry to be accepted.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The only accepted `iss`.
    pub issuer: String,
    /// The only accepted `aud`.
    pub audience: String,
    /// The allow-list of signing algorithms; a token naming any other is refused, so a
    /// forged `alg: none` or an HMAC token signed with a public key never verifies.
    pub algorithms: Vec<Algorithm>,
    /// Clock skew tolerated on `exp`, in seconds.
    pub leeway_seconds: u64,
}

/// The issuer and audience of tokens minted by `kinlog token`.
pub const LOCAL_ISSUER: &str = "kinlog-local";
/// The audience the API expects unless configured otherwise.
pub const DEFAULT_AUDIENCE: &str = "kinlog-api";

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            issuer: LOCAL_ISSUER.to_owned(),
            audience: DEFAULT_AUDIENCE.to_owned(),
            algorithms: vec![Algorithm::EdDSA],
            leeway_seconds: 30,
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            body_limit_bytes: 64 * 1024,
            request_timeout: Duration::from_secs(10),
            rate_limit: Some(RateLimit {
                burst: 100,
                replenish_every: Duration::from_millis(20),
            }),
            auth: AuthConfig::default(),
            data_dir: std::env::temp_dir().join("kinlog-http"),
        }
    }
}
