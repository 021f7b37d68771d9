//! What operators see: each build's position, lag and rate, and digests of its tables.
use chrono::{DateTime, Utc};
use tokio_postgres::GenericClient;

use super::builds::tables_of;
use super::projector::quote;
use crate::Error;

/// One build of one projector, as `kinlog projections status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectorStatus {
    /// The projector's name.
    pub name: String,
    /// The projector version this build was made by.
    pub version: u32,
    /// The build's number, unique across projectors.
    pub build: i64,
    /// The schema holding the build's tables.
    pub schema: String,
    /// Whether the `rm` views serve this build; a build that is not active is being built.
    pub active: bool,
    /// The last log position applied.
    pub position: u64,
    /// The log head minus `position`.
    pub lag: u64,
    /// Log positions applied per second over the latest rate window; 0 when the build
    /// has applied nothing for a minute.
    pub positions_per_second: u64,
    /// When the build's last batch committed.
    pub updated_at: DateTime<Utc>,
}

const STATUS: &str = "SELECT b.name, b.version, b.build_id, b.schema_name, \
       a.build_id IS NOT NULL AS active, b.position, b.updated_at, \
       CASE WHEN clock_timestamp() - b.updated_at > interval '1 minute' THEN 0 \
            ELSE (b.position - b.rate_from_position) * 1000 \
                 / greatest(1, (extract(epoch FROM b.updated_at - b.rate_from_at) * 1000)::bigint) \
       END AS rate, \
       (SELECT position FROM es.log_head) AS head \
     FROM projections.builds b LEFT JOIN projections.active a USING (build_id) \
     WHERE b.retired_at IS NULL \
     ORDER BY b.name, b.build_id";

/// Every build that is serving or being built, by projector name.
pub async fn status(client: &impl GenericClient) -> Result<Vec<ProjectorStatus>, Error> {
    let rows = client
        .query(STATUS, &[])
        .await
        .map_err(Error::db("reading projector status"))?;
    Ok(rows
        .iter()
        .map(|row| {
            let position = row.get::<_, i64>("position") as u64;
            let head = row.get::<_, i64>("head") as u64;
            ProjectorStatus {
                name: row.get("name"),
                version: row.get::<_, i32>("version") as u32,
                build: row.get("build_id"),
                schema: row.get("schema_name"),
                active: row.get("active"),
                position,
                lag: head.saturating_sub(position),
                positions_per_second: row.get::<_, i64>("rate").max(0) as u64,
                updated_at: row.get("updated_at"),
            }
        })
        .collect())
}

/// A table's row count and the MD5 of its rows' text in a fixed order: equal digests
/// mean equal tables, whichever way they were built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDigest {
    /// The table's name inside its build's schema.
    pub table: String,
    /// How many rows it holds.
    pub rows: u64,
    /// MD5 of the rows' text, comma-separated, in text order.
    pub md5: String,
}

/// The digests of every table of the active build of projector `name`.
pub async fn table_digests(
    client: &impl GenericClient,
    name: &str,
) -> Result<Vec<TableDigest>, Error> {
    let schema: String = client
        .query_opt(
            "SELECT b.schema_name FROM projections.active a JOIN projections.builds b \
             USING (build_id) WHERE a.name = $1",
            &[&name],
        )
        .await
        .map_err(Error::db("reading the active build"))?
        .ok_or_else(|| Error::NotBuilt {
            name: name.to_owned(),
        })?
        .get(0);
    let mut digests = Vec::new();
    for table in tables_of(client, &schema).await? {
        // Ordering by the row text itself needs no key, so every table hashes the same way.
        let sql = format!(
            "SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) \
             FROM {}.{} t",
            quote(&schema),
            quote(&table)
        );
        let row = client
            .query_one(&sql, &[])
            .await
            .map_err(Error::db("hashing a read-model table"))?;
        digests.push(TableDigest {
            table,
            rows: row.get::<_, i64>(0) as u64,
            md5: row.get(1),
        });
    }
    Ok(digests)
}

/// The status as a table for a terminal, one line per build.
pub fn render_status(statuses: &[ProjectorStatus]) -> String {
    let mut out = format!(
        "{:<20} {:>7} {:>7} {:<9} {:>12} {:>10} {:>12}\n",
        "PROJECTOR", "VERSION", "BUILD", "STATE", "POSITION", "LAG", "EVENTS/S"
    );
    for s in statuses {
        let state = if s.active { "serving" } else { "building" };
        out.push_str(&format!(
            "{:<20} {:>7} {:>7} {:<9} {:>12} {:>10} {:>12}\n",
            s.name, s.version, s.build, state, s.position, s.lag, s.positions_per_second
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_shows_one_line_per_build_with_its_state() {
        let serving = ProjectorStatus {
            name: "case_summary".into(),
            version: 1,
            build: 3,
            schema: "rm_case_summary_v1_b3".into(),
            active: true,
            position: 120,
            lag: 5,
            positions_per_second: 4_000,
            updated_at: DateTime::UNIX_EPOCH,
        };
        let building = ProjectorStatus {
            version: 2,
            build: 4,
            active: false,
            position: 60,
            lag: 65,
            ..serving.clone()
        };
        let table = render_status(&[serving, building]);
        let lines: Vec<Vec<&str>> = table
            .lines()
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            lines[1],
            ["case_summary", "1", "3", "serving", "120", "5", "4000"]
        );
        assert_eq!(
            lines[2],
            ["case_summary", "2", "4", "building", "60", "65", "4000"]
        );
    }
}
