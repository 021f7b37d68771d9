//! A fresh, migrated database per test, dropped afterwards.
//!
//! Databases are created on the server [`locate`](crate::locate) finds and are named
//! `kinlog_t_<uuid>`. Each carries a comment with its creation time, so that the first
//! [`TestDb::create`] in a process can drop those a killed test run left behind.
use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::OnceCell;
use tokio_postgres::Client;
use uuid::Uuid;

use crate::cluster::{connect, url};
use crate::Error;

const NAME_PREFIX: &str = "kinlog_t_";
const COMMENT_PREFIX: &str = "kinlog test database created ";
/// Test databases older than this are taken to be left over from a killed run.
pub const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// A database of its own for one test, migrated with [`crate::migrate`]. Dropping it
/// drops the database, ending any sessions still connected to it.
pub struct TestDb {
    name: String,
    url: String,
    server_url: String,
}

impl TestDb {
    /// Creates and migrates a fresh database on the located server.
    pub async fn create() -> Result<TestDb, Error> {
        let server_url = server_url().await?;
        let admin = connect(server_url).await?;
        let name = format!("{NAME_PREFIX}{}", Uuid::new_v4().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .map_err(Error::db("creating a test database"))?;
        // From here on, dropping `db` drops the database, even if migration fails.
        let db = TestDb {
            url: url::with_dbname(server_url, &name),
            name,
            server_url: server_url.to_owned(),
        };
        admin
            .batch_execute(&format!(
                "COMMENT ON DATABASE \"{}\" IS '{COMMENT_PREFIX}{}'",
                db.name,
                Utc::now().to_rfc3339()
            ))
            .await
            .map_err(Error::db("dating a test database"))?;
        let mut client = db.connect().await?;
        crate::migrate(&mut client).await?;
        Ok(db)
    }

    /// The database's name (`kinlog_t_<uuid>`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A connection string for this database, for code that connects by itself.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new connection to this database, driven on the current tokio runtime.
    pub async fn connect(&self) -> Result<Client, Error> {
        connect(&self.url).await
    }
}

impl fmt::Debug for TestDb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestDb")
            .field("name", &self.name)
            .field("url", &url::redact_password(&self.url))
            .finish()
    }
}

impl Drop for TestDb {
    /// `Drop` cannot await, and blocking on the test's own runtime could deadlock, so
    /// the database is dropped from a short-lived thread with a runtime of its own. The
    /// thread is joined: when a `TestDb` is gone, so is its database.
    fn drop(&mut self) {
        let server_url = self.server_url.clone();
        let name = self.name.clone();
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| format!("could not start a runtime: {e}"))?;
            runtime
                .block_on(drop_database(&server_url, &name))
                .map_err(|e| e.to_string())
        })
        .join();
        let failure = match dropped {
            Ok(Ok(())) => return,
            Ok(Err(message)) => message,
            Err(_) => "the dropping thread panicked".to_owned(),
        };
        // Tests rarely install a tracing subscriber; stderr is what a test run shows.
        eprintln!(
            "kinlog testing: could not drop test database {}: {failure}",
            self.name
        );
    }
}

/// The located server's connection string. The first call in a process locates it and
/// sweeps stale test databases; later calls reuse the answer.
pub async fn server_url() -> Result<&'static str, Error> {
    static SERVER_URL: OnceCell<String> = OnceCell::const_new();
    SERVER_URL
        .get_or_try_init(|| async {
            let server = crate::locate().await?;
            // Leftovers cost disk, not correctness, so a failed sweep does not fail tests.
            if let Err(e) = sweep_stale_databases(&server.url, STALE_AFTER).await {
                eprintln!("kinlog testing: could not sweep stale test databases: {e}");
            }
            Ok(server.url)
        })
        .await
        .map(String::as_str)
}

/// Drops the test databases on the server at `server_url` that were created more than
/// `older_than` ago and that nobody is connected to, and returns their names. A killed
/// test run leaves its databases without sessions; a database in use is never stale.
///
/// The creation time is the one [`TestDb::create`] wrote into the database's comment, or
/// else, where the server lets us read its files (superusers), the time its directory
/// was made: a run killed between `CREATE DATABASE` and `COMMENT` leaves no comment. A
/// test database with neither is left alone.
pub async fn sweep_stale_databases(
    server_url: &str,
    older_than: Duration,
) -> Result<Vec<String>, Error> {
    let client = connect(server_url).await?;
    let rows = client
        .query(
            "SELECT d.datname, d.oid, shobj_description(d.oid, 'pg_database') \
             FROM pg_database d \
             WHERE d.datname LIKE 'kinlog\\_t\\_%' \
             AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)",
            &[],
        )
        .await
        .map_err(Error::db("listing test databases"))?;
    let Some(cutoff) = chrono::Duration::from_std(older_than)
        .ok()
        .and_then(|age| Utc::now().checked_sub_signed(age))
    else {
        return Ok(Vec::new());
    };
    let mut dropped = Vec::new();
    for row in rows {
        let name: String = row.get(0);
        let oid: u32 = row.get(1);
        let comment: Option<String> = row.get(2);
        let created = match comment.as_deref().and_then(creation_time) {
            Some(created) => Some(created),
            None => directory_creation_time(&client, oid).await,
        };
        if created.is_some_and(|created| created < cutoff) && is_test_database_name(&name) {
            drop_database_with(&client, &name).await?;
            dropped.push(name);
        }
    }
    Ok(dropped)
}

/// When the database's directory got its `PG_VERSION`, if the server lets us look.
async fn directory_creation_time(client: &Client, oid: u32) -> Option<DateTime<Utc>> {
    client
        .query_one(
            "SELECT (pg_stat_file($1)).modification",
            &[&format!("base/{oid}/PG_VERSION")],
        )
        .await
        .ok()
        .map(|row| row.get(0))
}

fn creation_time(comment: &str) -> Option<DateTime<Utc>> {
    let stamp = comment.strip_prefix(COMMENT_PREFIX)?;
    DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Guards the one place a name read from the server is spliced into SQL.
fn is_test_database_name(name: &str) -> bool {
    name.strip_prefix(NAME_PREFIX).is_some_and(|id| {
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

async fn drop_database(server_url: &str, name: &str) -> Result<(), Error> {
    let client = connect(server_url).await?;
    drop_database_with(&client, name).await
}

async fn drop_database_with(client: &Client, name: &str) -> Result<(), Error> {
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .map_err(Error::db("dropping a test database"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_names_count_as_test_databases() {
        let generated = format!("{NAME_PREFIX}{}", Uuid::new_v4().simple());
        assert!(is_test_database_name(&generated));
        assert!(!is_test_database_name("kinlog"));
        assert!(!is_test_database_name(
            "kinlog_t_1\"; DROP DATABASE kinlog; --"
        ));
        assert!(!is_test_database_name(&generated.to_uppercase()));
    }

    #[test]
    fn creation_time_reads_only_our_comment() {
        let now = Utc::now();
        let comment = format!("{COMMENT_PREFIX}{}", now.to_rfc3339());
        assert_eq!(creation_time(&comment), Some(now));
        assert_eq!(creation_time("someone else's comment"), None);
        assert_eq!(creation_time(&format!("{COMMENT_PREFIX}yesterday")), None);
    }

    #[tokio::test]
    async fn an_undated_test_database_is_dated_by_its_directory() {
        let server = server_url().await.unwrap();
        let admin = connect(server).await.unwrap();
        let name = format!("{NAME_PREFIX}{}", Uuid::new_v4().simple());
        admin
            .batch_execute(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let oid: u32 = admin
            .query_one("SELECT oid FROM pg_database WHERE datname = $1", &[&name])
            .await
            .unwrap()
            .get(0);

        let created = directory_creation_time(&admin, oid).await;
        let swept = sweep_stale_databases(server, STALE_AFTER).await.unwrap();
        drop_database_with(&admin, &name).await.unwrap();

        let age =
            Utc::now() - created.expect("the local test server lets its superuser stat files");
        assert!(age < chrono::Duration::minutes(5), "{age}");
        assert!(!swept.contains(&name), "a fresh database was swept");
    }
}
