//! The practice-deployment flag: set once, on an empty log, and never cleared. Only a
//! practice deployment's cases may be purged.
use crate::{Error, Store};

impl Store {
    /// Flags this deployment as a practice (training) one. Refused once the log holds an
    /// event, so that real records can never end up in a deployment that purges them.
    pub async fn mark_practice(&self) -> Result<(), Error> {
        let mut connection = self.connection().await?;
        let tx = connection
            .transaction()
            .await
            .map_err(Error::db("starting to flag a practice deployment"))?;
        // Holding the head lock keeps appends out until the flag is committed.
        let head: i64 = tx
            .query_one("SELECT position FROM es.log_head FOR UPDATE", &[])
            .await
            .map_err(Error::db("locking the log head"))?
            .get(0);
        let flagged: bool = tx
            .query_one("SELECT EXISTS (SELECT 1 FROM es.practice_deployment)", &[])
            .await
            .map_err(Error::db("reading the practice flag"))?
            .get(0);
        if head != 0 && !flagged {
            return Err(Error::Invalid {
                field: "deployment",
                reason: format!(
                    "the log already holds {head} events; only an empty deployment can become \
                     a practice one"
                ),
            });
        }
        tx.execute(
            "INSERT INTO es.practice_deployment (practice) VALUES (true) ON CONFLICT DO NOTHING",
            &[],
        )
        .await
        .map_err(Error::db("flagging a practice deployment"))?;
        tx.commit()
            .await
            .map_err(Error::db("committing the practice flag"))
    }

    /// Whether this deployment was flagged as a practice one.
    pub async fn is_practice(&self) -> Result<bool, Error> {
        let connection = self.connection().await?;
        let row = connection
            .query_one("SELECT EXISTS (SELECT 1 FROM es.practice_deployment)", &[])
            .await
            .map_err(Error::db("reading the practice flag"))?;
        Ok(row.get(0))
    }
}
