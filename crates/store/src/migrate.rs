use tokio_postgres::Client;

use crate::Error;

/// One numbered SQL migration. Versions are applied in order, once, per component.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    pub version: u32,
    pub name: &'static str,
    pub sql: &'static str,
}

const STORE_MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_event_log.sql",
        sql: include_str!("../migrations/0001_event_log.sql"),
    },
    Migration {
        version: 2,
        name: "0002_seals.sql",
        sql: include_str!("../migrations/0002_seals.sql"),
    },
    Migration {
        version: 3,
        name: "0003_subject_keys.sql",
        sql: include_str!("../migrations/0003_subject_keys.sql"),
    },
    Migration {
        version: 4,
        name: "0004_append_fast_path.sql",
        sql: include_str!("../migrations/0004_append_fast_path.sql"),
    },
    Migration {
        version: 5,
        name: "0005_practice_deployment.sql",
        sql: include_str!("../migrations/0005_practice_deployment.sql"),
    },
    Migration {
        version: 6,
        name: "0006_append_generic_plans.sql",
        sql: include_str!("../migrations/0006_append_generic_plans.sql"),
    },
];

/// Applies the store's own migrations.
pub async fn migrate(client: &mut Client) -> Result<(), Error> {
    apply_migrations(client, "store", STORE_MIGRATIONS).await
}

/// Applies the migrations of `component` that this database has not seen yet.
///
/// Concurrent callers (several processes starting at once) serialize on an advisory lock,
/// so each migration runs exactly once.
pub async fn apply_migrations(
    client: &mut Client,
    component: &str,
    migrations: &[Migration],
) -> Result<(), Error> {
    let tx = client
        .transaction()
        .await
        .map_err(Error::db("starting the migration transaction"))?;
    tx.batch_execute(
        "SELECT pg_advisory_xact_lock(7270618);
         CREATE TABLE IF NOT EXISTS public.kinlog_migrations (
             component text NOT NULL,
             version integer NOT NULL,
             name text NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now(),
             PRIMARY KEY (component, version));",
    )
    .await
    .map_err(Error::db("creating the migrations table"))?;
    let applied: Vec<i32> = tx
        .query(
            "SELECT version FROM public.kinlog_migrations WHERE component = $1",
            &[&component],
        )
        .await
        .map_err(Error::db("reading applied migrations"))?
        .iter()
        .map(|row| row.get(0))
        .collect();
    for migration in migrations {
        let version = migration.version as i32;
        if applied.contains(&version) {
            continue;
        }
        tracing::info!(component, migration = migration.name, "applying migration");
        tx.batch_execute(migration.sql)
            .await
            .map_err(|source| Error::Migration {
                component: component.to_owned(),
                name: migration.name,
                source,
            })?;
        tx.execute(
            "INSERT INTO public.kinlog_migrations (component, version, name) VALUES ($1, $2, $3)",
            &[&component, &version, &migration.name],
        )
        .await
        .map_err(Error::db("recording a migration"))?;
    }
    tx.commit()
        .await
        .map_err(Error::db("committing migrations"))
}
