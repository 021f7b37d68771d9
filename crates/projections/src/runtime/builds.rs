//! Builds: one projector version's tables, built from position 0, in a schema of their
//! own. At most one build per projector is active (served through the views in `rm`);
//! a newer build replaces it in one transaction once it has caught up.
//!
//! Choosing, creating and switching builds serialize on one advisory lock. Batches never
//! take that lock: they lock their own build's row, which switching also locks, so a
//! switch waits for the batch in flight and the next batch sees the build retired.
use tokio_postgres::{Client, Row, Transaction};

use super::projector::{check_name, quote, schema_name};
use crate::{Error, Projector};

/// Serializes build management across processes (the store's migrations use 7270618).
const BUILD_LOCK: i64 = 7_270_619;

/// One build of one projector version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Build {
    pub(crate) id: i64,
    pub(crate) version: u32,
    pub(crate) schema: String,
}

impl Build {
    fn from_row(row: &Row) -> Build {
        Build {
            id: row.get("build_id"),
            version: row.get::<_, i32>("version") as u32,
            schema: row.get("schema_name"),
        }
    }
}

const ACTIVE_BUILD: &str = "SELECT b.build_id, b.version, b.schema_name \
     FROM projections.active a JOIN projections.builds b USING (build_id) WHERE a.name = $1";

/// The newest build of this version that is neither active nor retired: a build under way.
const PENDING_BUILD: &str = "SELECT b.build_id, b.version, b.schema_name \
     FROM projections.builds b \
     WHERE b.name = $1 AND b.version = $2 AND b.retired_at IS NULL \
       AND NOT EXISTS (SELECT 1 FROM projections.active a WHERE a.build_id = b.build_id) \
     ORDER BY b.build_id DESC LIMIT 1";

/// The build a live runner of `projector` follows: the active build if it is of this
/// version, else the build of this version under way, else a new one.
pub(crate) async fn build_to_follow(
    client: &mut Client,
    projector: &dyn Projector,
) -> Result<Build, Error> {
    let tx = locked(client).await?;
    let build = match active_build(&tx, projector).await? {
        Some(active) if active.version == projector.version() => active,
        _ => pending_or_new(&tx, projector).await?,
    };
    tx.commit()
        .await
        .map_err(Error::db("committing the build choice"))?;
    Ok(build)
}

/// The build a rebuild fills: a rebuild of this version already under way (left by a
/// crash), else a new one. Never the active build.
pub(crate) async fn build_to_rebuild(
    client: &mut Client,
    projector: &dyn Projector,
) -> Result<Build, Error> {
    let tx = locked(client).await?;
    active_build(&tx, projector).await?;
    let build = pending_or_new(&tx, projector).await?;
    tx.commit()
        .await
        .map_err(Error::db("committing the build choice"))?;
    Ok(build)
}

async fn locked(client: &mut Client) -> Result<Transaction<'_>, Error> {
    let tx = client
        .transaction()
        .await
        .map_err(Error::db("starting a build transaction"))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&BUILD_LOCK])
        .await
        .map_err(Error::db("taking the build lock"))?;
    Ok(tx)
}

/// The active build, refusing a projector whose version is older than it.
async fn active_build(
    tx: &Transaction<'_>,
    projector: &dyn Projector,
) -> Result<Option<Build>, Error> {
    check_name(projector.name())?;
    let active = tx
        .query_opt(ACTIVE_BUILD, &[&projector.name()])
        .await
        .map_err(Error::db("reading the active build"))?
        .map(|row| Build::from_row(&row));
    match active {
        Some(active) if active.version > projector.version() => Err(Error::Superseded {
            name: projector.name().to_owned(),
            version: projector.version(),
            active_version: active.version,
        }),
        active => Ok(active),
    }
}

async fn pending_or_new(tx: &Transaction<'_>, projector: &dyn Projector) -> Result<Build, Error> {
    let version = projector.version() as i32;
    let pending = tx
        .query_opt(PENDING_BUILD, &[&projector.name(), &version])
        .await
        .map_err(Error::db("reading the build under way"))?;
    match pending {
        Some(row) => Ok(Build::from_row(&row)),
        None => create(tx, projector).await,
    }
}

/// Creates a build: its row at position 0, its schema and its tables.
async fn create(tx: &Transaction<'_>, projector: &dyn Projector) -> Result<Build, Error> {
    let id: i64 = tx
        .query_one("SELECT nextval('projections.build_ids')", &[])
        .await
        .map_err(Error::db("numbering a new build"))?
        .get(0);
    let build = Build {
        id,
        version: projector.version(),
        schema: schema_name(projector.name(), projector.version(), id),
    };
    tx.execute(
        "INSERT INTO projections.builds (build_id, name, version, schema_name) \
         VALUES ($1, $2, $3, $4)",
        &[
            &id,
            &projector.name(),
            &(build.version as i32),
            &build.schema,
        ],
    )
    .await
    .map_err(Error::db("recording a new build"))?;
    let schema = quote(&build.schema);
    tx.batch_execute(&format!(
        "CREATE SCHEMA {schema}; SET LOCAL search_path TO {schema};"
    ))
    .await
    .map_err(Error::db("creating a build's schema"))?;
    tx.batch_execute(projector.tables())
        .await
        .map_err(Error::db("creating a projector's tables"))?;
    tracing::info!(projector = projector.name(), build = id, schema = %build.schema, "new build");
    Ok(build)
}

/// Whether `build` is the active build of `name`.
pub(crate) async fn is_active(client: &Client, name: &str, build: &Build) -> Result<bool, Error> {
    let row = client
        .query_opt(
            "SELECT 1 FROM projections.active WHERE name = $1 AND build_id = $2",
            &[&name, &build.id],
        )
        .await
        .map_err(Error::db("reading the active build"))?;
    Ok(row.is_some())
}

/// Makes `build` the active build of its projector in one transaction: the `rm` views
/// point at its tables from this commit on, and the build it replaces is retired and its
/// schema dropped. A build of an older version never replaces a newer one.
pub(crate) async fn activate(
    client: &mut Client,
    projector: &dyn Projector,
    build: &Build,
) -> Result<(), Error> {
    let tx = locked(client).await?;
    let previous = active_build(&tx, projector).await?;
    if previous.as_ref() == Some(build) {
        return Ok(());
    }
    // Waits for a batch in flight on either build; later batches of the old build find
    // it retired.
    let ids: Vec<i64> = std::iter::once(build.id)
        .chain(previous.as_ref().map(|p| p.id))
        .collect();
    tx.query(
        "SELECT build_id FROM projections.builds WHERE build_id = ANY($1) \
         ORDER BY build_id FOR UPDATE",
        &[&ids],
    )
    .await
    .map_err(Error::db("locking the builds to switch"))?;
    if let Some(previous) = &previous {
        tx.execute(
            "UPDATE projections.builds SET retired_at = clock_timestamp() WHERE build_id = $1",
            &[&previous.id],
        )
        .await
        .map_err(Error::db("retiring the previous build"))?;
        // Dropping the schema drops the rm views over its tables with it.
        tx.batch_execute(&format!("DROP SCHEMA {} CASCADE", quote(&previous.schema)))
            .await
            .map_err(Error::db("dropping the previous build's schema"))?;
    }
    tx.execute(
        "INSERT INTO projections.active (name, build_id) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET build_id = excluded.build_id",
        &[&projector.name(), &build.id],
    )
    .await
    .map_err(Error::db("activating a build"))?;
    tx.execute(
        "UPDATE projections.builds SET activated_at = clock_timestamp() WHERE build_id = $1",
        &[&build.id],
    )
    .await
    .map_err(Error::db("stamping the activation"))?;
    for table in tables_of(&tx, &build.schema).await? {
        let table = quote(&table);
        tx.batch_execute(&format!(
            "CREATE VIEW rm.{table} AS SELECT * FROM {}.{table}",
            quote(&build.schema)
        ))
        .await
        .map_err(Error::db("creating a view in rm"))?;
    }
    tx.commit()
        .await
        .map_err(Error::db("committing the switch"))?;
    tracing::info!(
        projector = projector.name(),
        build = build.id,
        replaced = previous.map(|p| p.id),
        "build activated"
    );
    Ok(())
}

/// The base tables of a build's schema, by name.
pub(crate) async fn tables_of(
    client: &impl tokio_postgres::GenericClient,
    schema: &str,
) -> Result<Vec<String>, Error> {
    let rows = client
        .query(
            "SELECT tablename::text FROM pg_catalog.pg_tables WHERE schemaname = $1 \
             ORDER BY tablename",
            &[&schema],
        )
        .await
        .map_err(Error::db("listing a build's tables"))?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}
