//! Finding and starting PostgreSQL, the durability check, and per-test databases.
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use kinlog_store::testing::{server_url, sweep_stale_databases, TestDb};
use kinlog_store::{check_durability, DatabaseOrigin, Error, Locator, PrivateCluster};
use tokio_postgres::Client;
use uuid::Uuid;

/// A directory under the system temp dir, removed on drop. Its mode lets the cluster's
/// unprivileged user pass through it when the tests run as root.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("kinlog-it-{}", Uuid::new_v4().simple()));
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // A postmaster whose data directory vanished shuts itself down.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An address where nothing listens: a port the kernel just handed out and took back.
fn closed_address() -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap()
}

fn free_port() -> u16 {
    closed_address().port()
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").unwrap().uid() == 0
}

async fn database_names(client: &Client) -> Vec<String> {
    client
        .query("SELECT datname FROM pg_database", &[])
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect()
}

async fn admin() -> Client {
    let url = server_url().await.unwrap();
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

#[tokio::test]
async fn database_url_wins_over_a_local_server() {
    let dir = TempDir::new();
    let url = "postgres://app:s3cret@db.invalid:6432/records";
    let database = Locator::new(&dir.0)
        .database_url(url)
        .locate()
        .await
        .unwrap();
    assert_eq!(database.origin, DatabaseOrigin::Environment);
    assert_eq!(database.url, url);
    assert!(
        std::fs::read_dir(&dir.0).unwrap().next().is_none(),
        "no private cluster may be created when DATABASE_URL is set"
    );
}

#[tokio::test]
async fn a_malformed_database_url_is_refused_by_name() {
    let dir = TempDir::new();
    let err = Locator::new(&dir.0)
        .database_url("postgres://app@db:notaport/x")
        .locate()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidConfig {
                name: "DATABASE_URL",
                ..
            }
        ),
        "{err}"
    );
}

#[tokio::test]
async fn the_local_server_is_found_and_gets_a_kinlog_database() {
    let dir = TempDir::new();
    let database = Locator::new(&dir.0).locate().await.unwrap();
    assert_eq!(database.origin, DatabaseOrigin::LocalServer);
    let client = database.connect().await.unwrap();
    let row = client
        .query_one("SELECT current_database(), inet_server_port()", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "kinlog");
    assert_eq!(row.get::<_, i32>(1), 5432);
    assert!(std::fs::read_dir(&dir.0).unwrap().next().is_none());
}

#[tokio::test]
async fn missing_binaries_name_what_to_install() {
    let dir = TempDir::new();
    let err = PrivateCluster::new(dir.0.join("postgres"), free_port())
        .with_bindir(dir.0.join("no-such-bindir"))
        .start(&[])
        .await
        .unwrap_err();
    let Error::NoDatabase(message) = &err else {
        panic!("expected NoDatabase, got {err}");
    };
    assert!(message.contains("apt-get install postgresql"), "{message}");
    assert!(!dir.0.join("postgres").exists());
}

/// The one private cluster of this test run: started by two racing callers with
/// `fsync=off`, found by the locator when nothing answers on the local address, checked,
/// and stopped.
#[tokio::test]
async fn a_private_cluster_starts_from_the_system_binaries() {
    let dir = TempDir::new();
    let port = free_port();
    let locator = Locator::new(&dir.0)
        .local_server(closed_address())
        .private_port(port);
    let cluster = locator.private_cluster();
    assert_eq!(cluster.running().await.unwrap(), None);

    let unsafe_settings = [("fsync", "off")];
    let (first, second) = tokio::join!(
        cluster.start(&unsafe_settings),
        cluster.start(&unsafe_settings)
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    assert_eq!(first, second, "both racing callers reach the same cluster");

    let database = locator.locate().await.unwrap();
    assert_eq!(
        database.origin,
        DatabaseOrigin::PrivateCluster {
            data_dir: dir.0.join("postgres")
        }
    );
    assert_eq!(cluster.running().await.unwrap(), Some(first));
    let client = database.connect().await.unwrap();
    let row = client
        .query_one(
            "SELECT current_database(), current_setting('data_directory'), \
             current_setting('listen_addresses'), current_setting('data_checksums')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(row.get::<_, String>(0), "kinlog");
    assert_eq!(Path::new(&row.get::<_, String>(1)), dir.0.join("postgres"));
    assert_eq!(row.get::<_, String>(2), "", "no TCP listener");
    assert_eq!(row.get::<_, String>(3), "on");
    if running_as_root() {
        assert_ne!(postmaster_uid(&dir.0.join("postgres")), 0);
    }

    let err = check_durability(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnsafeServer(m) if m.starts_with("fsync is off")),
        "{err}"
    );

    // ALTER SYSTEM outranks the per-start settings, so the same cluster serves the
    // remaining cases without a restart.
    set_server_wide(&client, "fsync", "on").await;
    let durability = check_durability(&client).await.unwrap();
    assert_eq!(durability.synchronous_commit, "on");
    assert!(durability.commits_are_synchronous());

    set_server_wide(&client, "full_page_writes", "off").await;
    let err = check_durability(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnsafeServer(m) if m.starts_with("full_page_writes is off")),
        "{err}"
    );
    set_server_wide(&client, "full_page_writes", "on").await;

    client
        .batch_execute("SET synchronous_commit = off")
        .await
        .unwrap();
    let durability = check_durability(&client).await.unwrap();
    assert_eq!(durability.synchronous_commit, "off");
    assert!(!durability.commits_are_synchronous());

    drop(client);
    cluster.stop().await.unwrap();
    assert_eq!(cluster.running().await.unwrap(), None);
    assert!(
        database.connect().await.is_err(),
        "a stopped cluster refuses connections"
    );
}

/// Sets `name` with ALTER SYSTEM and waits until the reloaded server reports `value`.
async fn set_server_wide(client: &Client, name: &str, value: &str) {
    // ALTER SYSTEM refuses to run in the implicit transaction of a multi-statement query.
    client
        .batch_execute(&format!("ALTER SYSTEM SET {name} = {value}"))
        .await
        .unwrap();
    client
        .batch_execute("SELECT pg_reload_conf()")
        .await
        .unwrap();
    for _ in 0..100 {
        let shown: String = client
            .query_one(&format!("SELECT current_setting('{name}')"), &[])
            .await
            .unwrap()
            .get(0);
        if shown == value {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name} did not become {value} after a reload");
}

/// The user the postmaster runs as, from the pid in `postmaster.pid`.
fn postmaster_uid(data_dir: &Path) -> u32 {
    let pid_file = std::fs::read_to_string(data_dir.join("postmaster.pid")).unwrap();
    let pid = pid_file.lines().next().unwrap().trim();
    std::fs::metadata(format!("/proc/{pid}")).unwrap().uid()
}

#[tokio::test]
async fn test_databases_are_distinct_migrated_and_vanish_on_drop() {
    let (a, b) = tokio::try_join!(TestDb::create(), TestDb::create()).unwrap();
    assert_ne!(a.name(), b.name());
    assert_ne!(a.url(), b.url());

    for db in [&a, &b] {
        let client = db.connect().await.unwrap();
        let row = client
            .query_one(
                "SELECT current_database(), \
                 (SELECT count(*) FROM kinlog_migrations WHERE component = 'store')",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, String>(0), db.name());
        assert!(row.get::<_, i64>(1) >= 1, "store migrations applied");
    }

    let admin = admin().await;
    let names = database_names(&admin).await;
    assert!(names.iter().any(|n| n == a.name()) && names.iter().any(|n| n == b.name()));

    // A session still open at drop time must not keep the database alive.
    let lingering = a.connect().await.unwrap();
    let (a_name, b_name) = (a.name().to_owned(), b.name().to_owned());
    drop(a);
    drop(b);
    let names = database_names(&admin).await;
    assert!(!names.contains(&a_name), "{a_name} still exists");
    assert!(!names.contains(&b_name), "{b_name} still exists");
    assert!(lingering.simple_query("SELECT 1").await.is_err());
}

#[tokio::test]
async fn the_sweep_drops_only_test_databases_older_than_the_cutoff() {
    let server = server_url().await.unwrap();
    let admin = admin().await;
    let create_dated = |age: chrono::Duration| {
        let admin = &admin;
        async move {
            let name = format!("kinlog_t_{}", Uuid::new_v4().simple());
            let created = chrono::Utc::now() - age;
            admin
                .batch_execute(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            admin
                .batch_execute(&format!(
                    "COMMENT ON DATABASE \"{name}\" IS 'kinlog test database created {}'",
                    created.to_rfc3339()
                ))
                .await
                .unwrap();
            name
        }
    };
    let stale = create_dated(chrono::Duration::hours(2)).await;
    let stale_in_use = create_dated(chrono::Duration::hours(2)).await;
    let fresh = create_dated(chrono::Duration::minutes(5)).await;
    let mut config: tokio_postgres::Config = server.parse().unwrap();
    let (session, connection) = config
        .dbname(&stale_in_use)
        .connect(tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);

    let dropped = sweep_stale_databases(server, Duration::from_secs(3600))
        .await
        .unwrap();

    assert!(dropped.contains(&stale), "{dropped:?}");
    assert!(!dropped.contains(&stale_in_use), "{dropped:?}");
    assert!(!dropped.contains(&fresh), "{dropped:?}");
    let names = database_names(&admin).await;
    assert!(!names.contains(&stale));
    assert!(names.contains(&stale_in_use) && names.contains(&fresh));
    session.simple_query("SELECT 1").await.unwrap();
    drop(session);
    for name in [stale_in_use, fresh] {
        admin
            .batch_execute(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
            .await
            .unwrap();
    }
}
