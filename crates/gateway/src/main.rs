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
    /// Find or start PostgreSQL, migrate, load the demo into an empty log, seal, verify,
    /// then run the projectors and serve the HTTP API until Ctrl-C.
    Demo {
        #[command(flatten)]
        key: KeyArg,
        #[command(flatten)]
        serve: kinlog_gateway::http::ServeArgs,
    },
    /// Apply the database migrations.
    Migrate,
    /// Make the Ed25519 key that signs checkpoints, and print its public key for witnesses.
    Keygen {
        #[command(flatten)]
        key: KeyArg,
        /// Print the existing key's public key instead of making a new one.
        #[arg(long)]
        public: bool,
    },
    /// Sign a checkpoint (position, chain head, RFC 6962 Merkle root) of the log as it is now.
    Seal {
        #[command(flatten)]
        key: KeyArg,
    },
    /// Recompute every hash and check every seal. Exits 0 when intact, 1 otherwise.
    Verify {
        #[command(flatten)]
        key: KeyArg,
        /// The trusted public key (base64 or hex); defaults to the signing key's.
        #[arg(long)]
        public_key: Option<String>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print a Merkle proof as JSON, for an outside witness.
    Proof {
        #[command(subcommand)]
        what: ProofCommand,
    },
    /// Read models: status, rebuilds, and the live projector runner.
    Projections {
        #[command(subcommand)]
        what: ProjectionsCommand,
    },
    /// Record the commands of a legacy-system NDJSON file (format: docs/import.md).
    Import {
        /// The file, one command a line.
        file: std::path::PathBuf,
    },
    /// The kinlog id of a record converted from a legacy system.
    Lookup {
        /// `SYSTEM:ID`; the id follows the last colon.
        #[arg(long)]
        external_id: String,
    },
    /// Compliance replay: who accessed what, re-judging, monitoring (docs/replay.md).
    Replay(kinlog_gateway::replay::cli::ReplayArgs),
    /// Generate a deterministic synthetic population through the domain's commands
    /// (docs/seed.md).
    Seed {
        /// small (a demo in seconds), state (Ohio-sized) or national.
        #[arg(long, default_value = "small")]
        profile: kinlog_gateway::seed::Profile,
        /// The same seed gives the same events.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the import lines to this NDJSON file instead of executing them.
        #[arg(long)]
        emit_ndjson: Option<std::path::PathBuf>,
        /// Write the planted access violations to this JSON file.
        #[arg(long)]
        manifest: Option<std::path::PathBuf>,
    },
    /// Run a federal report at a log position: files, compliance.json and a ReportRun
    /// event (docs/reports.md).
    Report(kinlog_gateway::report::cli::ReportArgs),
    /// The practice (training) environment: flag a deployment, purge its old cases
    /// (docs/practice.md). A production deployment refuses the purge.
    Practice {
        #[command(subcommand)]
        what: PracticeCommand,
    },
    /// Serve the authenticated, audited HTTP API until Ctrl-C.
    Serve(kinlog_gateway::http::ServeArgs),
    /// Print a short-lived bearer token for a staff member, signed with the local key.
    Token(kinlog_gateway::http::TokenArgs),
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

/// Where the checkpoint signing key lives.
#[derive(clap::Args)]
struct KeyArg {
    /// Path of the signing key [default: <KINLOG_DATA_DIR>/keys/seal.key].
    #[arg(id = "seal_key", long = "key", env = "KINLOG_SEAL_KEY")]
    path: Option<std::path::PathBuf>,
}

impl KeyArg {
    fn resolve(&self, prepared: &kinlog_gateway::PreparedDatabase) -> std::path::PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| prepared.data_dir.join("keys").join("seal.key"))
    }
}

#[derive(Subcommand)]
enum PracticeCommand {
    /// Flag this deployment as a practice one. Only an empty log can be flagged, and the
    /// flag is never cleared.
    Mark,
    /// Purge the cases created more than three months ago, except those kept for
    /// training review, and print what was removed.
    Purge {
        /// Purge cases created before this time instead [default: three months ago].
        #[arg(long)]
        before: Option<chrono::DateTime<chrono::Utc>>,
    },
}

#[derive(Subcommand)]
enum ProofCommand {
    /// That the event at `position` is in the tree of the first `tree_size` events.
    Inclusion {
        #[arg(long)]
        position: u64,
        /// Defaults to the newest seal's size.
        #[arg(long)]
        tree_size: Option<u64>,
    },
    /// That the tree of the first `from` events is a prefix of the tree of the first `to`.
    Consistency {
        #[arg(long)]
        from: u64,
        #[arg(long)]
        to: u64,
    },
}

#[derive(Subcommand)]
enum ProjectionsCommand {
    /// Each projector build's version, position, lag behind the log head, and rate.
    Status,
    /// Rebuild one projector from position 0 into fresh tables, then switch to them.
    Rebuild {
        /// The projector's name, as `status` shows it.
        name: String,
    },
    /// Catch every projector up, then follow the log live until Ctrl-C.
    Run,
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
        /// The result is sealed with this key, made if missing.
        #[command(flatten)]
        key: KeyArg,
    },
    /// Policy facts load time per request on a made-up agency (needs an empty log).
    Facts {
        /// Staff members to make.
        #[arg(long, default_value_t = 5_000)]
        staff: usize,
        /// Grants per staff member.
        #[arg(long, default_value_t = 4)]
        grants_per_staff: usize,
        /// Loads timed per phase.
        #[arg(long, default_value_t = 300)]
        samples: usize,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Read models rebuilt and the federal reports' facts gathered from the whole log,
    /// each against the store's read_all in the same run. Rebuilds switch the read
    /// models to the new tables, as `kinlog projections rebuild` does.
    Replay {
        /// The projectors to rebuild.
        #[arg(long = "projector", default_values_t = ["removal_episodes".to_owned(), "case_summary".to_owned(), "person_index".to_owned()])]
        projectors: Vec<String>,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Audited against unaudited case-summary reads over loopback HTTP, 50 and 200 clients.
    Http {
        /// Seconds per timed phase (four phases).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<std::process::ExitCode> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let prepared = kinlog_gateway::prepare_database()
        .await
        .context("preparing the database")?;
    match cli.command {
        Command::Keygen { key, public } => {
            let path = key.resolve(&prepared);
            let signing = if public {
                kinlog_store::SealingKey::read(&path).context("reading the signing key")?
            } else {
                create_signing_key(&path)?
            };
            println!("{}", signing.public_key());
        }
        Command::Seal { key } => {
            let signing = kinlog_store::SealingKey::read(&key.resolve(&prepared))
                .context("reading the signing key (make one with `kinlog keygen`)")?;
            let mut client = prepared.database.connect().await?;
            let checkpoint = kinlog_store::seal(&mut client, &signing)
                .await
                .context("sealing the log")?;
            print!("{}", checkpoint.to_note());
        }
        Command::Verify {
            key,
            public_key,
            json,
        } => {
            let trusted = match public_key {
                Some(text) => text.parse().context("reading --public-key")?,
                None => kinlog_store::SealingKey::read(&key.resolve(&prepared))
                    .context("reading the signing key for its public key (or pass --public-key)")?
                    .public_key(),
            };
            let mut client = prepared.database.connect().await?;
            let report = kinlog_store::verify(&mut client, &trusted)
                .await
                .context("verifying the log")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            }
            return Ok(match &report.problem {
                None => {
                    if !json {
                        println!(
                            "intact: {} events, {} seals, merkle root {}",
                            report.events_checked, report.seals_checked, report.merkle_root
                        );
                    }
                    std::process::ExitCode::SUCCESS
                }
                Some(problem) => {
                    if !json {
                        println!("TAMPERED: {problem}");
                    }
                    std::process::ExitCode::from(1)
                }
            });
        }
        Command::Proof { what } => {
            let client = prepared.database.connect().await?;
            let json = match what {
                ProofCommand::Inclusion {
                    position,
                    tree_size,
                } => {
                    let tree_size = match tree_size {
                        Some(size) => size,
                        None => latest_seal_position(&client).await?,
                    };
                    let proof = kinlog_store::inclusion_proof(&client, position, tree_size).await?;
                    serde_json::to_string_pretty(&proof)?
                }
                ProofCommand::Consistency { from, to } => {
                    let proof = kinlog_store::consistency_proof(&client, from, to).await?;
                    serde_json::to_string_pretty(&proof)?
                }
            };
            println!("{json}");
        }
        Command::Migrate => {
            println!("migrated {:?}", prepared.database);
        }
        Command::Demo { key, serve } => demo(&prepared, &key, &serve).await?,
        Command::Projections { what } => {
            let store = connect_store(&prepared).await?;
            match what {
                ProjectionsCommand::Status => {
                    let client = store.connection().await?;
                    let statuses = kinlog_projections::status(&**client)
                        .await
                        .context("reading projector status")?;
                    print!("{}", kinlog_projections::render_status(&statuses));
                }
                ProjectionsCommand::Rebuild { name } => {
                    let projector = kinlog_projections::projector(&name)?;
                    let mut last_report = std::time::Instant::now();
                    let progress = kinlog_projections::rebuild(
                        &store,
                        &*projector,
                        &kinlog_projections::RunOptions::default(),
                        &mut |p| {
                            if last_report.elapsed() >= std::time::Duration::from_secs(2) {
                                eprintln!("{name}: build {} at position {}", p.build, p.position);
                                last_report = std::time::Instant::now();
                            }
                        },
                    )
                    .await
                    .with_context(|| format!("rebuilding {name}"))?;
                    println!(
                        "{name}: build {} active at position {} ({} events applied)",
                        progress.build, progress.position, progress.events
                    );
                }
                ProjectionsCommand::Run => {
                    let projectors = kinlog_projections::projectors();
                    let options = kinlog_projections::RunOptions::default();
                    tokio::select! {
                        result = kinlog_projections::run_all(&store, &projectors, &options) => {
                            result.context("running projectors")?;
                        }
                        _ = tokio::signal::ctrl_c() => eprintln!("stopping projectors"),
                    }
                }
            }
        }
        Command::Practice { what } => {
            let store = connect_store(&prepared).await?;
            match what {
                PracticeCommand::Mark => {
                    store
                        .mark_practice()
                        .await
                        .context("flagging a practice deployment")?;
                    println!("this deployment is a practice one");
                }
                PracticeCommand::Purge { before } => {
                    let cutoff = before.unwrap_or_else(|| {
                        kinlog_gateway::practice::default_cutoff(chrono::Utc::now())
                    });
                    let report = kinlog_gateway::practice::purge(&store, cutoff)
                        .await
                        .context("purging the practice deployment")?;
                    println!("{report}");
                }
            }
        }
        Command::Import { file } => return import(&prepared, &file).await,
        Command::Lookup { external_id } => {
            let external = kinlog_gateway::import::parse_external_id(&external_id)?;
            let store = connect_store(&prepared).await?;
            match kinlog_gateway::import::lookup(&store, &external).await? {
                Some(found) => println!("{} {}", found.kind, found.id),
                None => {
                    eprintln!("no record was imported with external id {external}");
                    return Ok(std::process::ExitCode::from(1));
                }
            }
        }
        Command::Replay(args) => {
            kinlog_gateway::replay::cli::run(&connect_store(&prepared).await?, args)
                .await
                .context("replaying the log")?
        }
        Command::Seed {
            profile,
            seed,
            emit_ndjson,
            manifest,
        } => {
            let args = kinlog_gateway::seed::SeedArgs {
                profile,
                seed,
                emit_ndjson,
                manifest,
            };
            return Ok(kinlog_gateway::seed::run(&connect_store(&prepared).await?, &args).await?);
        }
        Command::Report(args) => kinlog_gateway::report::cli::run(
            &connect_store(&prepared).await?,
            &prepared.data_dir,
            args,
        )
        .await
        .context("running the report")?,
        Command::Serve(args) => {
            let store = connect_store(&prepared).await?;
            let shutdown = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            kinlog_gateway::http::serve_command(&args, store, &prepared.data_dir, shutdown, || {})
                .await
                .context("serving the HTTP API")?;
        }
        Command::Token(args) => {
            println!(
                "{}",
                kinlog_gateway::http::token_command(&args, &prepared.data_dir)
                    .context("minting a token")?
            );
        }
        Command::Bench {
            what: BenchCommand::Http { seconds, json },
        } => {
            let store = connect_store(&prepared).await?;
            let report = kinlog_gateway::http::run_http_bench(
                &store,
                std::time::Duration::from_secs(seconds.max(1)),
            )
            .await
            .context("running the HTTP benchmark")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", kinlog_gateway::http::render_bench(&report));
            }
        }
        Command::Bench {
            what: BenchCommand::Store { seconds, json, key },
        } => {
            let path = key.resolve(&prepared);
            let sealing_key = if path.exists() {
                kinlog_store::SealingKey::read(&path).context("reading the signing key")?
            } else {
                create_signing_key(&path)?
            };
            let report = kinlog_gateway::bench::run_store_bench(
                &prepared.database.url,
                kinlog_gateway::bench::BenchOptions {
                    phase: std::time::Duration::from_secs(seconds.max(1)),
                    sealing_key,
                },
            )
            .await
            .context("running the store benchmark")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", kinlog_gateway::bench::render(&report));
            }
        }
        Command::Bench {
            what:
                BenchCommand::Facts {
                    staff,
                    grants_per_staff,
                    samples,
                    json,
                },
        } => {
            let store = connect_store(&prepared).await?;
            let options = kinlog_gateway::facts_bench::FactsBenchOptions {
                staff,
                grants_per_staff,
                samples,
            };
            let report = kinlog_gateway::facts_bench::run_facts_bench(&store, options)
                .await
                .context("running the facts benchmark")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", kinlog_gateway::facts_bench::render(&report));
            }
        }
        Command::Bench {
            what: BenchCommand::Replay { projectors, json },
        } => {
            let store = connect_store(&prepared).await?;
            let report = kinlog_gateway::replay_bench::run_replay_bench(&store, &projectors)
                .await
                .context("running the replay benchmark")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print!("{}", kinlog_gateway::replay_bench::render(&report));
            }
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// A store on the prepared database.
/// `kinlog demo`: load, seal and verify, build the read models, then serve with the
/// projectors following the log, after printing tokens and example requests.
async fn demo(
    prepared: &kinlog_gateway::PreparedDatabase,
    key: &KeyArg,
    serve: &kinlog_gateway::http::ServeArgs,
) -> anyhow::Result<()> {
    println!("database: {:?}", prepared.database);
    println!("kinlog data directory: {}", prepared.data_dir.display());
    let store = connect_store(prepared).await?;
    match kinlog_gateway::demo::load_if_empty(&store)
        .await
        .context("loading the demo")?
    {
        Some(loaded) => println!("loaded {loaded}"),
        None => println!("the log already holds events; nothing loaded"),
    }
    let key_path = key.resolve(prepared);
    let key = if key_path.exists() {
        kinlog_store::SealingKey::read(&key_path).context("reading the signing key")?
    } else {
        create_signing_key(&key_path)?
    };
    let mut client = prepared.database.connect().await?;
    let checkpoint = kinlog_store::seal(&mut client, &key)
        .await
        .context("sealing the log")?;
    let report = kinlog_store::verify(&mut client, &key.public_key())
        .await
        .context("verifying the log")?;
    println!(
        "log head {}, sealed at {}, verify: {}",
        report.head,
        checkpoint.checkpoint.position,
        match &report.problem {
            None => "intact".to_owned(),
            Some(problem) => problem.to_string(),
        }
    );
    println!("public key for witnesses: {}", key.public_key());
    let options = kinlog_projections::RunOptions::default();
    for projector in kinlog_projections::projectors() {
        let progress = kinlog_projections::catch_up(&store, &*projector, &options)
            .await
            .with_context(|| format!("building read model {}", projector.name()))?;
        println!(
            "read model {}: at position {}",
            projector.name(),
            progress.position
        );
    }
    print!("{}", kinlog_gateway::demo::describe_cases(&store).await?);

    let token = |staff| {
        kinlog_gateway::http::token_command(
            &kinlog_gateway::http::TokenArgs {
                staff,
                minutes: 60,
                audience: serve.audience.clone(),
                token_key: kinlog_gateway::http::TokenKeyArg {
                    path: serve.token_key.path.clone(),
                },
            },
            &prepared.data_dir,
        )
        .context("minting a demo token")
    };
    let getting_started = kinlog_gateway::demo::getting_started(
        &format!("http://{}", serve.listen),
        &token(kinlog_gateway::demo::DEMO_CASEWORKER)?,
        &token(kinlog_gateway::demo::DEMO_AUDITOR)?,
    );
    let projectors = kinlog_projections::projectors();
    let follow = kinlog_projections::run_all(&store, &projectors, &options);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let api = kinlog_gateway::http::serve_command(
        serve,
        store.clone(),
        &prepared.data_dir,
        shutdown,
        || println!("{getting_started}"),
    );
    tokio::select! {
        result = follow => result.context("running projectors")?,
        result = api => result.context("serving the HTTP API")?,
    }
    Ok(())
}

async fn connect_store(
    prepared: &kinlog_gateway::PreparedDatabase,
) -> anyhow::Result<kinlog_store::Store> {
    prepared
        .connect_store()
        .await
        .context("connecting the store")
}

/// `kinlog import`: prints each rejected line and the summary; exits 1 if any line was
/// rejected, so a migration script notices.
async fn import(
    prepared: &kinlog_gateway::PreparedDatabase,
    file: &std::path::Path,
) -> anyhow::Result<std::process::ExitCode> {
    let store = connect_store(prepared).await?;
    // Draws only on a terminal: indicatif hides itself when stderr is not one.
    let progress = indicatif::ProgressBar::new_spinner().with_style(
        indicatif::ProgressStyle::with_template("{spinner} {pos} lines, {per_sec} [{elapsed}]")
            .context("the progress bar template")?,
    );
    let summary = kinlog_gateway::import::import_file(&store, file, &progress, |rejection| {
        progress.suspend(|| eprintln!("rejected: {rejection}"));
    })
    .await
    .with_context(|| format!("importing {}", file.display()))?;
    progress.finish_and_clear();
    println!("{summary}");
    Ok(if summary.rejected == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::from(1)
    })
}

/// Makes a new signing key at `path`; an existing key is never overwritten.
fn create_signing_key(path: &std::path::Path) -> anyhow::Result<kinlog_store::SealingKey> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let signing = kinlog_store::SealingKey::generate()?;
    signing.write_new(path).context("writing the signing key")?;
    eprintln!("wrote {}", path.display());
    Ok(signing)
}

/// The size of the newest seal: proofs default to a tree a witness holds a signature for.
async fn latest_seal_position(client: &tokio_postgres::Client) -> anyhow::Result<u64> {
    let row = client
        .query_one("SELECT max(position) FROM es.seals", &[])
        .await
        .context("reading the newest seal")?;
    let position: Option<i64> = row.get(0);
    position
        .map(|p| p as u64)
        .context("the log has no seal yet: run `kinlog seal`, or pass --tree-size")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        super::Cli::command().debug_assert();
    }
}
