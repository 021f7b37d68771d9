use kinlog_store::{Database, Locator, MasterKey, Store, StoreOptions};

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

impl PreparedDatabase {
    /// The key that wraps every person's data key: `<data dir>/keys/personal-data.key`,
    /// made on first use. Losing it makes every personal field read as erased; keep it
    /// out of database backups and back it up on its own (`docs/subject-rights.md`).
    pub fn personal_data_key_path(&self) -> std::path::PathBuf {
        self.data_dir.join("keys").join("personal-data.key")
    }

    /// The store over this database, sealing personal fields under the data dir's key.
    pub async fn connect_store(&self) -> Result<Store, crate::Error> {
        let key = MasterKey::load_or_create(&self.personal_data_key_path())?;
        let options = StoreOptions {
            personal_data_key: Some(key),
            ..StoreOptions::default()
        };
        let upcasters = kinlog_projections::upcasters();
        Ok(Store::connect(&self.database.url, options, upcasters).await?)
    }
}
