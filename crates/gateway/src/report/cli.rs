//! `kinlog report KIND --period P --out DIR`: arguments, progress on stderr, and the
//! outcome on stdout.
use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};
use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::ohio_policy_set;
use kinlog_domain::StaffId;
use kinlog_store::Store;

use super::generate::CROSSWALK_FILE;
use super::{run_report, RecordNumberKey, ReportKind, ReportOutcome, ReportRequest, State};
use crate::Error;

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// afcars, ncands, nytd or cfsr.
    pub kind: ReportKind,
    /// AFCARS and NYTD: `2026A` (October–March) or `2026B` (April–September); NCANDS and
    /// CFSR: a federal fiscal year, `2026`. The crosswalk has none.
    #[arg(long, default_value = "")]
    pub period: String,
    /// The directory to write the files into; for the crosswalk, a `.csv` file name may
    /// be given instead.
    #[arg(long)]
    pub out: PathBuf,
    /// Read the log only up to this position (a rerun reproduces that run's bytes).
    #[arg(long)]
    pub at: Option<u64>,
    /// The staff member running it: authorized for them and recorded as their access.
    #[arg(long = "as", env = "KINLOG_STAFF")]
    pub requester: StaffId,
    /// The state's two-digit FIPS code.
    #[arg(long, default_value_t = 39)]
    pub state_fips: u8,
    /// The state's postal abbreviation.
    #[arg(long, default_value = "OH")]
    pub state: String,
    /// The key behind record numbers [default: <KINLOG_DATA_DIR>/keys/report.key].
    #[arg(long, env = "KINLOG_RECORD_NUMBER_KEY")]
    pub record_number_key: Option<PathBuf>,
    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

impl clap::ValueEnum for ReportKind {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            ReportKind::Afcars,
            ReportKind::Ncands,
            ReportKind::Nytd,
            ReportKind::Cfsr,
            ReportKind::Crosswalk,
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(match self {
            ReportKind::Afcars => "afcars",
            ReportKind::Ncands => "ncands",
            ReportKind::Nytd => "nytd",
            ReportKind::Cfsr => "cfsr",
            ReportKind::Crosswalk => "crosswalk",
        }))
    }
}

/// The key file's default place.
pub fn record_number_key_path(data_dir: &Path) -> PathBuf {
    data_dir.join("keys").join("report.key")
}

/// Runs the report and prints what it wrote.
pub async fn run(store: &Store, data_dir: &Path, args: ReportArgs) -> Result<(), Error> {
    let key_path = args
        .record_number_key
        .clone()
        .unwrap_or_else(|| record_number_key_path(data_dir));
    let key = RecordNumberKey::read_or_create(&key_path)?;
    let request = ReportRequest {
        kind: args.kind,
        period: args.period.clone(),
        at: args.at,
        state: State {
            fips: args.state_fips,
            postal: args.state.clone(),
        },
        requested_by: args.requester,
    };
    let client = ClientInfo {
        ip: None,
        user_agent: Some(concat!("kinlog-cli/", env!("CARGO_PKG_VERSION")).to_owned()),
        path: format!("kinlog report {} --period {}", args.kind, args.period),
        referrer: None,
    };
    // Draws only on a terminal: indicatif hides itself when stderr is not one.
    let progress = ProgressBar::new_spinner().with_style(
        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("a valid template"),
    );
    progress.enable_steady_tick(std::time::Duration::from_millis(200));
    // A crosswalk asked for as a file is written beside it, then given its name.
    let as_file = (args.kind == ReportKind::Crosswalk
        && args.out.extension().is_some_and(|e| e == "csv"))
    .then(|| args.out.clone());
    let out_dir = match &as_file {
        Some(file) => file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_owned(),
        None => args.out.clone(),
    };
    let outcome = run_report(
        store,
        &ohio_policy_set(),
        &key,
        &request,
        &out_dir,
        client,
        &mut |phase| {
            // The log keeps each phase's start, for the operator of a long run.
            tracing::info!(elapsed = ?progress.elapsed(), phase, "report");
            progress.set_message(format!("{} {}: {phase}", args.kind, args.period))
        },
    )
    .await;
    progress.finish_and_clear();
    let outcome = outcome?;
    if let Some(file) = &as_file {
        let written = out_dir.join(CROSSWALK_FILE);
        std::fs::rename(&written, file).map_err(|source| Error::ReportWrite {
            path: file.clone(),
            source,
        })?;
    }
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).map_err(|source| Error::Json {
                what: "the report run",
                source,
            })?
        );
    } else {
        print!("{}", render(&outcome, &out_dir));
    }
    Ok(())
}

fn render(outcome: &ReportOutcome, out: &Path) -> String {
    let mut text = format!(
        "{} {} at log position {} (run {}, recorded at position {})\n",
        outcome.kind,
        outcome.period,
        outcome.position,
        outcome.run_id,
        outcome.recorded_at_position
    );
    for file in &outcome.files {
        text.push_str(&format!(
            "  {}  {} bytes  sha256 {}\n",
            out.join(&file.name).display(),
            file.bytes,
            file.sha256
        ));
    }
    text.push_str(if outcome.would_pass {
        "compliance: the files would pass\n"
    } else {
        "compliance: the files would NOT pass; see compliance.json\n"
    });
    text
}

#[cfg(test)]
mod tests {
    use clap::ValueEnum;

    use super::*;

    #[test]
    fn every_kind_is_accepted_on_the_command_line_by_its_name() {
        for name in ["afcars", "ncands", "nytd", "cfsr", "crosswalk"] {
            let kind = <ReportKind as ValueEnum>::from_str(name, false)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(kind.to_string(), name);
        }
    }
}
