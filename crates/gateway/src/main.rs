//! The `kinlog` command line: parses arguments and calls the gateway library.
use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "kinlog",
    version,
    about = "kinlog: the event-sourced core of a child-welfare information system"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Find or start PostgreSQL, migrate, and show what the log holds.
    Demo,
    /// Apply the database migrations.
    Migrate,
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// The event store against raw Postgres in the same run.
    Store {
        /// Seconds per timed phase.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Migrate => {
            let prepared = kinlog_gateway::prepare_database()
                .await
                .context("preparing the database")?;
            println!("migrated {:?}", prepared.database);
        }
        Command::Demo => {
            let prepared = kinlog_gateway::prepare_database()
                .await
                .context("preparing the database")?;
            println!("database: {:?}", prepared.database);
            println!("kinlog data directory: {}", prepared.data_dir.display());
        }
        Command::Bench {
            what: BenchCommand::Store { seconds, json },
        } => {
            let prepared = kinlog_gateway::prepare_database()
                .await
                .context("preparing the database")?;
            let report = kinlog_gateway::bench::run_store_bench(
                &prepared.database.url,
                kinlog_gateway::bench::BenchOptions::with_phase_seconds(seconds),
            )
            .await
            .context("running the store benchmark")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", kinlog_gateway::bench::render(&report));
            }
        }
    }
    Ok(())
}
