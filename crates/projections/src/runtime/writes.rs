//! The statements a batch's events write, sent to the server all at once.
//!
//! A handler does not talk to the database: it describes its writes, and the runtime
//! sends every write of a batch before it waits for the first answer. One round trip per
//! batch instead of one per statement is what lets a rebuild keep up with the log.
use std::collections::HashMap;
use std::future::Future;
use std::task::Poll;

use tokio_postgres::types::ToSql;
use tokio_postgres::{Statement, Transaction};
use uuid::Uuid;

use crate::Error;

/// One statement parameter, owned, so that a batch's writes can all wait to be sent.
pub type Param = Box<dyn ToSql + Send + Sync>;

/// Builds a `Vec<Param>` from values: `params![case_id, status]`.
macro_rules! params {
    ($($value:expr),* $(,)?) => {
        vec![$(Box::new($value) as $crate::Param),*]
    };
}
pub(crate) use params;

/// The writes of one batch, in the order its events were handled.
#[derive(Default)]
pub struct Writes {
    writes: Vec<Write>,
    /// Writes of which only the last per statement and key counts, run after the others.
    lasts: Vec<Write>,
    last_of: HashMap<(&'static str, Uuid), usize>,
}

struct Write {
    sql: &'static str,
    params: Vec<Param>,
    doing: &'static str,
}

impl Writes {
    /// Adds a statement, to run after every statement added before it. `doing` names it
    /// in an error ("recording a placement").
    pub fn push(&mut self, sql: &'static str, params: Vec<Param>, doing: &'static str) {
        self.writes.push(Write { sql, params, doing });
    }

    /// Adds a write that a later one with the same statement and `key` replaces, and that
    /// runs after every write added with [`Writes::push`]: a row's stamp of the newest
    /// position, say, which a batch touching one row a hundred times need write only once.
    pub fn push_last(
        &mut self,
        sql: &'static str,
        key: Uuid,
        params: Vec<Param>,
        doing: &'static str,
    ) {
        let write = Write { sql, params, doing };
        match self.last_of.get(&(sql, key)) {
            Some(&index) => self.lasts[index] = write,
            None => {
                self.last_of.insert((sql, key), self.lasts.len());
                self.lasts.push(write);
            }
        }
    }

    /// Runs the writes in order in `transaction`. Each distinct statement is prepared
    /// once; then every write is sent before any answer is awaited. Statements on one
    /// connection run in the order they arrive, so the rows are the same as if each had
    /// waited for the one before.
    pub(crate) async fn run(self, transaction: &Transaction<'_>) -> Result<(), Error> {
        let writes = self.in_order();
        let statements = prepare(transaction, &writes).await?;
        let mut answers = Vec::with_capacity(writes.len());
        for write in &writes {
            let params = write.params.iter().map(|p| &**p as &(dyn ToSql + Sync));
            let mut answer = Box::pin(transaction.execute_raw(&statements[write.sql], params));
            // tokio-postgres sends a request when its future is first polled: polling
            // each once here, in order, puts the statements on the wire in order.
            match std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await {
                Poll::Ready(result) => {
                    result.map_err(Error::db(write.doing))?;
                }
                Poll::Pending => answers.push((answer, write.doing)),
            }
        }
        for (answer, doing) in answers {
            answer.await.map_err(Error::db(doing))?;
        }
        Ok(())
    }

    fn in_order(mut self) -> Vec<Write> {
        self.writes.append(&mut self.lasts);
        self.writes
    }
}

async fn prepare(
    transaction: &Transaction<'_>,
    writes: &[Write],
) -> Result<HashMap<&'static str, Statement>, Error> {
    let mut distinct: Vec<&'static str> = writes.iter().map(|w| w.sql).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let statements = futures_util::future::try_join_all(distinct.iter().map(|sql| async move {
        transaction
            .prepare(sql)
            .await
            .map_err(Error::db("preparing a read model's statement"))
    }))
    .await?;
    Ok(distinct.into_iter().zip(statements).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_write_runs_after_the_others_once_per_statement_and_key() {
        let (one, two) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut writes = Writes::default();
        writes.push("INSERT a", params![], "a");
        writes.push_last("STAMP", one, params![1i64], "stamp one, first");
        writes.push("INSERT b", params![], "b");
        writes.push_last("STAMP", two, params![2i64], "stamp two");
        writes.push_last("STAMP", one, params![3i64], "stamp one, last");
        writes.push_last("OTHER", one, params![4i64], "other one");
        let order: Vec<_> = writes.in_order().iter().map(|w| w.doing).collect();
        assert_eq!(
            order,
            ["a", "b", "stamp one, last", "stamp two", "other one"]
        );
    }
}
