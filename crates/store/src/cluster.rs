//! Finding a PostgreSQL server: `DATABASE_URL`, else 127.0.0.1:5432, else a private
//! cluster started from the system's PostgreSQL binaries.
mod durability;
mod private;
pub(crate) mod url;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, NoTls};

pub use durability::{check_durability, Durability};
pub use private::PrivateCluster;

use crate::Error;

/// The database kinlog keeps its log in on a server it found or started itself.
pub(crate) const KINLOG_DATABASE: &str = "kinlog";

/// The socket name (port) of the private cluster unless `KINLOG_PG_PORT` says otherwise.
/// The cluster listens on no TCP port, so this never collides with another server.
pub(crate) const DEFAULT_PRIVATE_PORT: u16 = 54329;

const LOCAL_SERVER: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(Ipv4Addr::LOCALHOST), 5432);
// Databases a fresh local server is likely to let us into with trust auth.
const LOCAL_PROBE_DATABASES: [&str; 2] = ["postgres", "test"];
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// Where the database came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseOrigin {
    /// `DATABASE_URL` was set.
    Environment,
    /// A server answered on 127.0.0.1:5432.
    LocalServer,
    /// kinlog started (or found running) its own cluster from the system's Postgres
    /// binaries; `data_dir` is the cluster's `PGDATA`.
    PrivateCluster { data_dir: PathBuf },
}

/// A reachable server and the connection string for it.
#[derive(Clone, PartialEq, Eq)]
pub struct Database {
    /// A libpq-style URL (`postgres://user@host:port/dbname`); a private cluster's host is
    /// its percent-encoded socket directory. May hold a password: do not log it.
    pub url: String,
    /// How the server was found.
    pub origin: DatabaseOrigin,
}

impl Database {
    /// Opens a connection, driving it on the current tokio runtime.
    pub async fn connect(&self) -> Result<Client, Error> {
        connect(&self.url).await
    }
}

impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Database")
            .field("url", &url::redact_password(&self.url))
            .field("origin", &self.origin)
            .finish()
    }
}

/// Finds a server, starting a private cluster if none answers. Reads `DATABASE_URL`,
/// `KINLOG_DATA_DIR` and `KINLOG_PG_PORT`; see [`Locator`].
pub async fn locate() -> Result<Database, Error> {
    Locator::from_env()?.locate().await
}

/// The search [`locate`] performs, with its inputs explicit.
///
/// In order: `database_url` if given, used as is; else a server on 127.0.0.1:5432 that
/// lets the current OS user or `postgres` in without a password; else the private
/// cluster in `<data_dir>/postgres`. On the last two kinlog uses database `kinlog`,
/// creating it if needed.
#[derive(Clone)]
pub struct Locator {
    database_url: Option<String>,
    local_server: SocketAddr,
    data_dir: PathBuf,
    private_port: u16,
}

impl Locator {
    /// kinlog's own data directory: the private cluster lives in `postgres/` under it, and
    /// it is the default home of kinlog's keys.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// Searches for a server with no `DATABASE_URL`, keeping a private cluster under
    /// `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Locator {
            database_url: None,
            local_server: LOCAL_SERVER,
            data_dir: data_dir.into(),
            private_port: DEFAULT_PRIVATE_PORT,
        }
    }

    /// Reads `DATABASE_URL`, `KINLOG_DATA_DIR` (default: `/var/lib/kinlog` for root,
    /// else `$XDG_DATA_HOME/kinlog` or `~/.local/share/kinlog`) and `KINLOG_PG_PORT`
    /// (default [`DEFAULT_PRIVATE_PORT`]). Empty variables count as unset.
    pub fn from_env() -> Result<Self, Error> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let data_dir = match var("KINLOG_DATA_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => default_data_dir(running_as_root(), &var)?,
        };
        let mut locator = Locator::new(data_dir);
        if let Some(url) = var("DATABASE_URL") {
            locator = locator.database_url(url);
        }
        if let Some(port) = var("KINLOG_PG_PORT") {
            let port = port
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| Error::InvalidConfig {
                    name: "KINLOG_PG_PORT",
                    reason: format!("{port:?} is not a port number (1-65535)"),
                })?;
            locator = locator.private_port(port);
        }
        Ok(locator)
    }

    /// Uses this server and nothing else.
    pub fn database_url(mut self, url: impl Into<String>) -> Self {
        self.database_url = Some(url.into());
        self
    }

    /// Probes this address instead of 127.0.0.1:5432.
    pub fn local_server(mut self, addr: SocketAddr) -> Self {
        self.local_server = addr;
        self
    }

    /// Names the private cluster's socket with this port.
    pub fn private_port(mut self, port: u16) -> Self {
        self.private_port = port;
        self
    }

    /// The private cluster this locator falls back to.
    pub fn private_cluster(&self) -> PrivateCluster {
        PrivateCluster::new(self.data_dir.join("postgres"), self.private_port)
    }

    /// Performs the search.
    pub async fn locate(&self) -> Result<Database, Error> {
        if let Some(url) = &self.database_url {
            tokio_postgres::Config::from_str(url).map_err(|e| Error::InvalidConfig {
                name: "DATABASE_URL",
                reason: e.to_string(),
            })?;
            return Ok(Database {
                url: url.clone(),
                origin: DatabaseOrigin::Environment,
            });
        }
        if let Some(database) = self.local_database().await? {
            tracing::info!(server = %self.local_server, "using the local PostgreSQL server");
            return Ok(database);
        }
        let cluster = self.private_cluster();
        let server = cluster.start(&[]).await?;
        tracing::info!(data_dir = %cluster.data_dir().display(), "using the private PostgreSQL cluster");
        let client = server.connect().await?;
        let url = ensure_kinlog_database(&client, &server.url).await?;
        Ok(Database {
            url,
            origin: server.origin,
        })
    }

    /// The local server's `kinlog` database, or `None` when nothing answers there or it
    /// does not let us in without a password (a stock Debian server asks for one over
    /// TCP): then a private cluster is the way to get going.
    async fn local_database(&self) -> Result<Option<Database>, Error> {
        let answers = tokio::time::timeout(
            PROBE_TIMEOUT,
            tokio::net::TcpStream::connect(self.local_server),
        )
        .await;
        if !matches!(answers, Ok(Ok(_))) {
            return Ok(None);
        }
        let mut last_refusal = None;
        for user in local_user_candidates() {
            for database in LOCAL_PROBE_DATABASES {
                let probe_url = url::tcp_url(&user, self.local_server, database);
                match connect(&probe_url).await {
                    Ok(client) => {
                        let url = ensure_kinlog_database(&client, &probe_url).await?;
                        return Ok(Some(Database {
                            url,
                            origin: DatabaseOrigin::LocalServer,
                        }));
                    }
                    Err(e) => last_refusal = Some(e),
                }
            }
        }
        if let Some(refusal) = last_refusal {
            tracing::warn!(
                server = %self.local_server,
                error = %error_chain(&refusal),
                "a PostgreSQL server answers but does not let kinlog in without a password; \
                 set DATABASE_URL to use it"
            );
        }
        Ok(None)
    }
}

impl fmt::Debug for Locator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Locator")
            .field(
                "database_url",
                &self.database_url.as_deref().map(url::redact_password),
            )
            .field("local_server", &self.local_server)
            .field("data_dir", &self.data_dir)
            .field("private_port", &self.private_port)
            .finish()
    }
}

/// Root's home is closed to the unprivileged user the cluster runs as, so root keeps
/// its data where system services do.
fn default_data_dir(
    as_root: bool,
    var: &impl Fn(&str) -> Option<String>,
) -> Result<PathBuf, Error> {
    if as_root {
        return Ok(PathBuf::from("/var/lib/kinlog"));
    }
    if let Some(xdg) = var("XDG_DATA_HOME") {
        return Ok(Path::new(&xdg).join("kinlog"));
    }
    match var("HOME") {
        Some(home) => Ok(Path::new(&home).join(".local/share/kinlog")),
        None => Err(Error::InvalidConfig {
            name: "KINLOG_DATA_DIR",
            reason: "not set, and there is no HOME to put a default under".into(),
        }),
    }
}

/// The owner of `/proc/self` is the effective user, without reaching for libc.
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The current OS user first (trust auth usually maps OS to database users), then the
/// conventional superuser.
fn local_user_candidates() -> Vec<String> {
    let current = ["USER", "LOGNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .or_else(|| running_as_root().then(|| "root".to_owned()));
    let mut users: Vec<String> = current.into_iter().collect();
    if !users.iter().any(|u| u == "postgres") {
        users.push("postgres".to_owned());
    }
    users
}

/// Creates database `kinlog` on the server `client` is connected to unless it exists,
/// and returns `server_url` pointed at it.
async fn ensure_kinlog_database(client: &Client, server_url: &str) -> Result<String, Error> {
    let exists = client
        .query_opt(
            "SELECT 1 FROM pg_database WHERE datname = $1",
            &[&KINLOG_DATABASE],
        )
        .await
        .map_err(Error::db("looking for the kinlog database"))?
        .is_some();
    if !exists {
        match client
            .batch_execute(&format!("CREATE DATABASE {KINLOG_DATABASE}"))
            .await
        {
            Ok(()) => tracing::info!("created database {KINLOG_DATABASE}"),
            // Another process created it since we looked.
            Err(e) if is_duplicate_database(&e) => {}
            Err(source) => {
                return Err(Error::Db {
                    context: "creating the kinlog database",
                    source,
                })
            }
        }
    }
    Ok(url::with_dbname(server_url, KINLOG_DATABASE))
}

/// Two concurrent `CREATE DATABASE` of one name fail with either code, depending on
/// which check the loser reaches first.
pub(crate) fn is_duplicate_database(e: &tokio_postgres::Error) -> bool {
    matches!(
        e.code(),
        Some(code) if *code == SqlState::DUPLICATE_DATABASE || *code == SqlState::UNIQUE_VIOLATION
    )
}

/// Connects without TLS and drives the connection on the current runtime. A server
/// reached over TCP has `PROBE_TIMEOUT` to answer unless the URL sets its own timeout.
pub(crate) async fn connect(url: &str) -> Result<Client, Error> {
    let mut config = tokio_postgres::Config::from_str(url).map_err(|e| Error::InvalidConfig {
        name: "database URL",
        reason: e.to_string(),
    })?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(PROBE_TIMEOUT);
    }
    let (client, connection) = config
        .connect(NoTls)
        .await
        .map_err(Error::db("connecting to PostgreSQL"))?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "PostgreSQL connection ended with an error");
        }
    });
    Ok(client)
}

/// An error and its sources on one line, for a log field.
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn locator(vars: &[(&str, &str)]) -> Result<Locator, Error> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Locator::from_vars(|name| vars.get(name).cloned())
    }

    #[test]
    fn environment_sets_url_data_dir_and_port() {
        let l = locator(&[
            ("DATABASE_URL", "postgres://app@db/kinlog"),
            ("KINLOG_DATA_DIR", "/srv/kinlog"),
            ("KINLOG_PG_PORT", "6000"),
        ])
        .unwrap();
        assert_eq!(l.database_url.as_deref(), Some("postgres://app@db/kinlog"));
        assert_eq!(
            l.private_cluster(),
            PrivateCluster::new("/srv/kinlog/postgres", 6000)
        );
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let l = locator(&[
            ("DATABASE_URL", ""),
            ("KINLOG_DATA_DIR", "/srv/kinlog"),
            ("KINLOG_PG_PORT", ""),
        ])
        .unwrap();
        assert_eq!(l.database_url, None);
        assert_eq!(l.private_port, DEFAULT_PRIVATE_PORT);
    }

    #[test]
    fn default_data_dir_is_system_wide_for_root_and_per_user_otherwise() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let both = vars(&[("XDG_DATA_HOME", "/x"), ("HOME", "/home/a")]);
        assert_eq!(
            default_data_dir(true, &both).unwrap(),
            Path::new("/var/lib/kinlog")
        );
        assert_eq!(
            default_data_dir(false, &both).unwrap(),
            Path::new("/x/kinlog")
        );
        assert_eq!(
            default_data_dir(false, &vars(&[("HOME", "/home/a")])).unwrap(),
            Path::new("/home/a/.local/share/kinlog")
        );
        assert!(matches!(
            default_data_dir(false, &vars(&[])),
            Err(Error::InvalidConfig {
                name: "KINLOG_DATA_DIR",
                ..
            })
        ));
    }

    #[test]
    fn a_bad_port_is_refused_by_name() {
        for bad in ["0", "65536", "54x"] {
            let err = locator(&[("KINLOG_DATA_DIR", "/d"), ("KINLOG_PG_PORT", bad)]).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidConfig {
                        name: "KINLOG_PG_PORT",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn debug_hides_the_password() {
        let database = Database {
            url: "postgres://app:s3cret@db/kinlog".into(),
            origin: DatabaseOrigin::Environment,
        };
        let shown = format!(
            "{database:?} {:?}",
            Locator::new("/d").database_url("postgres://app:s3cret@db/kinlog")
        );
        assert!(!shown.contains("s3cret"), "{shown}");
    }
}
