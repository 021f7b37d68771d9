use kinlog_store::{Database, Locator};

/// A located, checked and migrated database.
#[derive(Debug)]
pub struct PreparedDatabase {
    pub database: Database,
    /// Where kinlog keeps its own files (keys, private cluster).
    pub data_dir: std::path::PathBuf,
}

/// Finds the database (`DATABASE_URL`, else 127.0.0.1:5432, else a private cluster),
/// refuses an unsafe server, warns when commits are not synchronous, and migrates.
pub async fn prepare_database() -> Result<PreparedDatabase, crate::Error> {
    let locator = Locator::from_env()?;
    let database = locator.locate().await?;
    tracing::info!(origin = ?database.origin, "database located");
    let mut client = database.connect().await?;
    let durability = kinlog_store::check_durability(&client).await?;
    if !durability.commits_are_synchronous() {
        tracing::warn!(
            synchronous_commit = %durability.synchronous_commit,
            "synchronous_commit is not on: a crash can lose acknowledged events"
        );
    }
    kinlog_store::migrate(&mut client).await?;
    kinlog_projections::migrate(&mut client).await?;
    Ok(PreparedDatabase {
        database,
        data_dir: locator.data_dir().to_owned(),
    })
}
