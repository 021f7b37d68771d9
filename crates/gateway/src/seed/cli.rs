//! What `kinlog seed` prints and writes; the binary only parses its arguments.
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use kinlog_store::Store;

use super::{emit_ndjson, seed, Manifest, Profile};
use crate::Error;

/// The arguments of `kinlog seed`.
#[derive(Debug, Clone)]
pub struct SeedArgs {
    pub profile: Profile,
    pub seed: u64,
    /// Write the import lines here instead of executing them.
    pub emit_ndjson: Option<PathBuf>,
    /// Write the planted violations here.
    pub manifest: Option<PathBuf>,
}

/// Runs `kinlog seed`. Exits 1 when the domain refused a generated line.
pub async fn run(store: &Store, args: &SeedArgs) -> Result<ExitCode, Error> {
    let (summary, manifest) = match &args.emit_ndjson {
        Some(path) => {
            let file = File::create(path).map_err(|source| io(path, source))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            emit_ndjson(args.profile, args.seed, &mut out).map_err(|source| io(path, source))?
        }
        None => {
            let mut last_report = Instant::now();
            seed(
                store,
                args.profile,
                args.seed,
                |rejection| eprintln!("rejected: {rejection}"),
                |progress| {
                    if last_report.elapsed().as_secs() >= 5 {
                        eprintln!(
                            "{} lines, {} events written",
                            progress.lines, progress.events_written
                        );
                        last_report = Instant::now();
                    }
                },
            )
            .await?
        }
    };
    if let Some(path) = &args.manifest {
        write_manifest(path, &manifest)?;
    }
    println!("seed {} profile {}: {summary}", args.seed, args.profile);
    Ok(if summary.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn write_manifest(path: &Path, manifest: &Manifest) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(manifest).map_err(|e| Error::SeedOutput {
        path: path.to_owned(),
        source: std::io::Error::other(e),
    })?;
    std::fs::write(path, text + "\n").map_err(|source| io(path, source))
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::SeedOutput {
        path: path.to_owned(),
        source,
    }
}
