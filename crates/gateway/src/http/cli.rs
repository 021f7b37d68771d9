//! `kinlog serve` and `kinlog token`: their arguments and what they run. `main.rs` only
//! dispatches here.
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use kinlog_domain::StaffId;
use kinlog_store::Store;

use super::{AppState, ConfigError, HttpConfig, KeysError, RateLimit, TokenKey, TokenKeyError};
use super::{TokenVerifier, VerificationKeys, DEFAULT_AUDIENCE, LOCAL_ISSUER};

/// Why `kinlog serve` or `kinlog token` stopped.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Keys(#[from] KeysError),
    #[error(transparent)]
    TokenKey(#[from] TokenKeyError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("listening on {address}: {source}")]
    Listen {
        address: SocketAddr,
        source: std::io::Error,
    },
    #[error("serving HTTP: {0}")]
    Serve(std::io::Error),
}

/// Where the local token key lives.
#[derive(clap::Args, Debug)]
pub struct TokenKeyArg {
    /// Path of the local token signing key [default: <KINLOG_DATA_DIR>/keys/token.key].
    #[arg(long = "token-key", env = "KINLOG_TOKEN_KEY")]
    pub path: Option<PathBuf>,
}

impl TokenKeyArg {
    fn resolve(&self, data_dir: &std::path::Path) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| data_dir.join("keys").join("token.key"))
    }
}

/// `kinlog serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "KINLOG_LISTEN")]
    pub listen: SocketAddr,
    /// The identity provider's JSON Web Key Set file. Without it the API trusts only the
    /// local token key (`kinlog token`), for the demo and tests.
    #[arg(long, env = "KINLOG_JWKS")]
    pub jwks: Option<PathBuf>,
    /// The accepted token issuer (`iss`) [default: kinlog-local].
    #[arg(long, env = "KINLOG_TOKEN_ISSUER")]
    pub issuer: Option<String>,
    /// The accepted token audience (`aud`).
    #[arg(long, default_value = DEFAULT_AUDIENCE, env = "KINLOG_TOKEN_AUDIENCE")]
    pub audience: String,
    /// The largest request body, in bytes.
    #[arg(long, default_value_t = 64 * 1024)]
    pub body_limit: usize,
    /// Seconds a request may take.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_seconds: u64,
    /// Requests a client IP may send at once.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_burst: u32,
    /// Requests per second a client IP regains.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub rate_per_second: u32,
    #[command(flatten)]
    pub token_key: TokenKeyArg,
}

/// `kinlog token`.
#[derive(clap::Args, Debug)]
pub struct TokenArgs {
    /// The staff member the token names.
    #[arg(long)]
    pub staff: uuid::Uuid,
    /// Minutes the token stays valid.
    #[arg(long, default_value_t = 15, value_parser = clap::value_parser!(u64).range(1..=24 * 60))]
    pub minutes: u64,
    /// The audience the token is for.
    #[arg(long, default_value = DEFAULT_AUDIENCE)]
    pub audience: String,
    #[command(flatten)]
    pub token_key: TokenKeyArg,
}

/// Prints a token for `args.staff`, signed with the local key (made if missing).
pub fn token(args: &TokenArgs, data_dir: &std::path::Path) -> Result<String, CliError> {
    let key = TokenKey::read_or_create(&args.token_key.resolve(data_dir))?;
    let now = chrono::Utc::now().timestamp().max(0) as u64;
    Ok(key.mint(
        StaffId(args.staff),
        LOCAL_ISSUER,
        &args.audience,
        now,
        Duration::from_secs(args.minutes * 60),
    )?)
}

/// Serves the API until `shutdown` completes. `listening` runs once the address is bound,
/// so that whatever it tells the user (a URL to try) already answers.
pub async fn serve(
    args: &ServeArgs,
    store: Store,
    data_dir: &std::path::Path,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    listening: impl FnOnce(),
) -> Result<(), CliError> {
    let (keys, default_issuer) = match &args.jwks {
        Some(path) => (VerificationKeys::from_jwks_file(path)?, None),
        None => {
            let key = TokenKey::read_or_create(&args.token_key.resolve(data_dir))?;
            tracing::warn!(
                kid = key.kid(),
                "no --jwks: accepting only tokens from the local key (`kinlog token`)"
            );
            (key.verification_keys(), Some(LOCAL_ISSUER.to_owned()))
        }
    };
    let mut config = HttpConfig {
        body_limit_bytes: args.body_limit,
        request_timeout: Duration::from_secs(args.timeout_seconds),
        rate_limit: Some(RateLimit {
            burst: args.rate_burst,
            replenish_every: Duration::from_secs(1) / args.rate_per_second,
        }),
        data_dir: data_dir.to_owned(),
        ..HttpConfig::default()
    };
    config.auth.audience = args.audience.clone();
    config.auth.issuer = args.issuer.clone().or(default_issuer).ok_or(ConfigError {
        field: "issuer",
        reason: "--issuer is required with --jwks: tokens are accepted from one issuer",
    })?;
    let verifier = TokenVerifier::new(keys, &config.auth);
    let state = AppState::new(store, verifier, config)?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|source| CliError::Listen {
            address: args.listen,
            source,
        })?;
    tracing::info!(address = %args.listen, "serving the HTTP API");
    listening();
    super::serve(listener, state, shutdown)
        .await
        .map_err(CliError::Serve)
}
