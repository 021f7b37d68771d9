//! A private PostgreSQL cluster, run through `deploy/pg-cluster.sh`.
//!
//! The script is compiled into the binary and run with `bash -c`, so the binary works
//! from any directory and the start logic exists once, in a form operators can also run
//! by hand.
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use tokio::process::Command;

use super::url::unix_socket_url;
use super::{Database, DatabaseOrigin};
use crate::Error;

const SCRIPT: &str = include_str!("../../../../deploy/pg-cluster.sh");

// Exit codes of the script, documented in its header.
const EXIT_NOT_RUNNING: i32 = 3;
const EXIT_NO_BINARIES: i32 = 69;

/// A cluster in a data directory of kinlog's own, started from the system's binaries.
///
/// It listens on no TCP address: its Unix socket is in the data directory, which only
/// the cluster's user and root can enter. When run as root the cluster runs as an
/// unprivileged user (the `kinlog` system user by default, created on first use).
/// Init and start take a file lock beside the data directory, so concurrent callers
/// do not race.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateCluster {
    data_dir: PathBuf,
    port: u16,
    bindir: Option<PathBuf>,
}

impl PrivateCluster {
    /// The cluster in `data_dir` (its `PGDATA`); `port` names its socket.
    pub fn new(data_dir: impl Into<PathBuf>, port: u16) -> Self {
        PrivateCluster {
            data_dir: data_dir.into(),
            port,
            bindir: None,
        }
    }

    /// Uses only the PostgreSQL binaries in `bindir` instead of searching for them.
    pub fn with_bindir(mut self, bindir: impl Into<PathBuf>) -> Self {
        self.bindir = Some(bindir.into());
        self
    }

    /// The cluster's data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    /// Creates the cluster unless it exists.
    pub async fn init(&self) -> Result<(), Error> {
        self.run("init", &[]).await.map(drop)
    }

    /// Creates the cluster if needed and starts it unless it runs; returns its `postgres`
    /// database once it accepts connections.
    ///
    /// `settings` (name, value) apply to this start only, on top of durable defaults; they
    /// are ignored when the cluster is already running.
    pub async fn start(&self, settings: &[(&str, &str)]) -> Result<Database, Error> {
        let settings: Vec<String> = settings
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        let output = self.run("start", &settings).await?;
        self.database_from(&output)
    }

    /// Stops the cluster (fast shutdown: sessions are ended, committed data is kept).
    pub async fn stop(&self) -> Result<(), Error> {
        self.run("stop", &[]).await.map(drop)
    }

    /// The cluster's `postgres` database if it is running, `None` if it is not.
    pub async fn running(&self) -> Result<Option<Database>, Error> {
        let output = self.run_script("status", &[]).await?;
        if output.status.code() == Some(EXIT_NOT_RUNNING) {
            return Ok(None);
        }
        let output = self.succeeded("status", output)?;
        self.database_from(&output).map(Some)
    }

    async fn run(&self, action: &'static str, settings: &[String]) -> Result<Output, Error> {
        let output = self.run_script(action, settings).await?;
        self.succeeded(action, output)
    }

    async fn run_script(&self, action: &'static str, settings: &[String]) -> Result<Output, Error> {
        let mut command = Command::new("bash");
        command
            .arg("-c")
            .arg(SCRIPT)
            .arg("pg-cluster.sh")
            .arg(action)
            .arg(&self.data_dir)
            .arg(self.port.to_string())
            .args(settings)
            // Not killed when the caller gives up: an initdb cut short would leave a
            // directory that no later start can use.
            .stdin(Stdio::null());
        if let Some(bindir) = &self.bindir {
            command.env("KINLOG_PG_BINDIR", bindir);
        }
        command.output().await.map_err(|e| Error::PrivateCluster {
            action,
            data_dir: self.data_dir.clone(),
            reason: format!("could not run bash: {e}"),
        })
    }

    fn succeeded(&self, action: &'static str, output: Output) -> Result<Output, Error> {
        if output.status.success() {
            return Ok(output);
        }
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = stderr.trim();
        Err(match output.status.code() {
            // The script's last line says what to install.
            Some(EXIT_NO_BINARIES) => Error::NoDatabase(
                stderr
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim_start_matches("pg-cluster: ")
                    .to_owned(),
            ),
            code => Error::PrivateCluster {
                action,
                data_dir: self.data_dir.clone(),
                reason: match code {
                    Some(code) => format!("pg-cluster.sh exited with {code}: {stderr}"),
                    None => format!("pg-cluster.sh was killed by a signal: {stderr}"),
                },
            },
        })
    }

    fn database_from(&self, output: &Output) -> Result<Database, Error> {
        let stdout = String::from_utf8_lossy(&output.stdout);
        let value = |key: &'static str| -> Result<&str, Error> {
            stdout
                .lines()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix('='))
                .ok_or_else(|| Error::PrivateCluster {
                    action: "reading the cluster's address",
                    data_dir: self.data_dir.clone(),
                    reason: format!("pg-cluster.sh printed no {key}= line"),
                })
        };
        let port = value("port")?
            .parse::<u16>()
            .map_err(|e| Error::PrivateCluster {
                action: "reading the cluster's address",
                data_dir: self.data_dir.clone(),
                reason: format!("port: {e}"),
            })?;
        Ok(Database {
            url: unix_socket_url(value("user")?, value("socket_dir")?, port, "postgres"),
            origin: DatabaseOrigin::PrivateCluster {
                data_dir: self.data_dir.clone(),
            },
        })
    }
}
