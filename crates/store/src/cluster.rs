//! Finding a PostgreSQL server: DATABASE_URL, else 127.0.0.1:5432, else a private cluster.
//! (Owned by the cluster helper; this is the agreed interface.)
use crate::Error;

/// Where the database came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseOrigin {
    /// `DATABASE_URL` was set.
    Environment,
    /// A server answered on 127.0.0.1:5432.
    LocalServer,
    /// kinlog started its own cluster from the system's Postgres binaries.
    PrivateCluster { data_dir: std::path::PathBuf },
}

/// A reachable server and the connection string for it.
#[derive(Debug, Clone)]
pub struct Database {
    /// A libpq-style URL (`postgres://user@host:port/dbname`).
    pub url: String,
    pub origin: DatabaseOrigin,
}

/// The server's durability settings, as checked at start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    pub synchronous_commit: String,
}

/// Finds a server, starting a private cluster if none answers.
pub async fn locate() -> Result<Database, Error> {
    Err(Error::NoDatabase("not implemented yet".into()))
}

/// Refuses a server with `fsync=off`; returns the settings so the caller can warn when
/// `synchronous_commit` is not `on`.
pub async fn check_durability(_client: &tokio_postgres::Client) -> Result<Durability, Error> {
    Err(Error::NoDatabase("not implemented yet".into()))
}
