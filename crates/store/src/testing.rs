//! A fresh, migrated database per test, dropped afterwards.
//! (Minimal version; the full harness with private-cluster fallback replaces it.)
use tokio_postgres::{Client, NoTls};

use crate::Error;

/// A database that exists for one test.
pub struct TestDb {
    name: String,
    admin_url: String,
    url: String,
}

impl TestDb {
    /// Creates and migrates a fresh database.
    pub async fn create() -> Result<TestDb, Error> {
        let admin_url = std::env::var("DATABASE_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let name = format!("kinlog_t_{}", uuid::Uuid::new_v4().simple());
        let admin = connect(&admin_url).await?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await
            .map_err(Error::db("creating a test database"))?;
        let url = replace_dbname(&admin_url, &name);
        let db = TestDb {
            name,
            admin_url,
            url,
        };
        crate::migrate(&mut db.connect().await?).await?;
        Ok(db)
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub async fn connect(&self) -> Result<Client, Error> {
        connect(&self.url).await
    }
}

fn replace_dbname(url: &str, name: &str) -> String {
    let base = url.rsplit_once('/').map(|(b, _)| b).unwrap_or(url);
    format!("{base}/{name}")
}

async fn connect(url: &str) -> Result<Client, Error> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .map_err(Error::db("connecting to the test server"))?;
    tokio::spawn(connection);
    Ok(client)
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (admin_url, name) = (self.admin_url.clone(), self.name.clone());
        let _ = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(async {
                    if let Ok(admin) = connect(&admin_url).await {
                        let _ = admin
                            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .await;
                    }
                });
            }
        })
        .join();
    }
}
