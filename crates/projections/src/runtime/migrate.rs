//! The runtime's own numbered migrations, recorded under the component `projections`.
use kinlog_store::Migration;
use tokio_postgres::Client;

use crate::Error;

const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "0001_projector_builds.sql",
    sql: include_str!("../../migrations/0001_projector_builds.sql"),
}];

/// Creates or upgrades the projector runtime's tables (`projections.*`) and the stable
/// schema `rm`. Run after the store's own migrations.
pub async fn migrate(client: &mut Client) -> Result<(), Error> {
    Ok(kinlog_store::apply_migrations(client, "projections", MIGRATIONS).await?)
}
