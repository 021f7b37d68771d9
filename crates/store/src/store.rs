use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_postgres::NoTls;

use crate::append::{self, AppendRequest};
use crate::listen;
use crate::personal::PersonalData;
use crate::{Error, MasterKey, Upcasters};

/// How a [`Store`] connects and batches.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// Connections for reads and subscriptions (the writer has its own).
    pub read_pool_size: usize,
    /// Upper bound on events written in one group-commit transaction.
    pub max_batch_events: usize,
    /// How often a live subscription polls when no notification arrives.
    pub poll_interval: Duration,
    /// The key that wraps subjects' data keys. With it, personal fields are sealed on
    /// append and opened on read, and subjects can be erased; without it they are stored
    /// in plaintext form.
    pub personal_data_key: Option<MasterKey>,
}

impl Default for StoreOptions {
    fn default() -> Self {
        StoreOptions {
            read_pool_size: 8,
            max_batch_events: 5_000,
            poll_interval: Duration::from_millis(500),
            personal_data_key: None,
        }
    }
}

/// A handle to the event log. Cheap to clone; all clones share one writer task that
/// group-commits concurrent appends, one read pool, and one LISTEN connection.
#[derive(Clone)]
pub struct Store {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) pool: Pool,
    config: tokio_postgres::Config,
    pub(crate) writer: mpsc::Sender<AppendRequest>,
    pub(crate) upcasters: Upcasters,
    pub(crate) personal_data: Option<PersonalData>,
    pub(crate) notified: watch::Receiver<u64>,
    pub(crate) options: StoreOptions,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Store {
    /// Connects to a migrated database. Run [`crate::migrate`] first.
    pub async fn connect(
        url: &str,
        options: StoreOptions,
        upcasters: Upcasters,
    ) -> Result<Store, Error> {
        let config =
            tokio_postgres::Config::from_str(url).map_err(Error::db("parsing the database URL"))?;
        let pool = pool(&config, options.read_pool_size, "the read pool")?;
        // Fail fast on a wrong URL instead of on the first append.
        drop(pool.get().await?);

        let personal_data = match &options.personal_data_key {
            Some(key) => Some(PersonalData::open(&config, key.clone()).await?),
            None => None,
        };
        let shreds = personal_data.as_ref().map(|p| p.vault.clone());
        let (writer, requests) = mpsc::channel(4_096);
        let (notify_tx, notified) = watch::channel(0);
        let tasks = vec![
            tokio::spawn(append::run_batcher(
                config.clone(),
                requests,
                options.max_batch_events,
            )),
            tokio::spawn(listen::run_listener(config.clone(), notify_tx, shreds)),
        ];
        Ok(Store {
            inner: Arc::new(Inner {
                pool,
                config,
                writer,
                upcasters,
                personal_data,
                notified,
                options,
                tasks,
            }),
        })
    }

    /// A pooled connection, for callers that need their own queries in the store's database.
    pub async fn connection(&self) -> Result<deadpool_postgres::Object, Error> {
        Ok(self.inner.pool.get().await?)
    }

    /// A connection outside the read pool, for a long-lived worker that holds a
    /// transaction open while it reads through the store (a projector runner). Taken from
    /// the pool, as many such workers as the pool has connections would hold them all and
    /// wait forever for one more.
    pub async fn dedicated_connection(&self) -> Result<tokio_postgres::Client, Error> {
        let (client, connection) = self
            .inner
            .config
            .connect(NoTls)
            .await
            .map_err(Error::db("opening a dedicated connection"))?;
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::warn!(error = %e, "a dedicated connection ended");
            }
        });
        Ok(client)
    }
}

/// A connection pool on `config` of at most `size` connections; `what` names it in errors.
pub(crate) fn pool(
    config: &tokio_postgres::Config,
    size: usize,
    what: &str,
) -> Result<Pool, Error> {
    let manager = Manager::from_config(
        config.clone(),
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size)
        .build()
        .map_err(|e| Error::NoDatabase(format!("building {what}: {e}")))
}
