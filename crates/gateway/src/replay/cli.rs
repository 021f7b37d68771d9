//! `kinlog replay ...`: the questions as subcommands. Tables for people, `--json` for
//! tools; progress on stderr while the log is read.
use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use indicatif::{ProgressBar, ProgressStyle};
use kinlog_domain::{CaseId, Date, PersonId, StaffId};
use kinlog_store::Store;
use serde::Serialize;

use super::{
    case_as_of, disclosures, load_policy_dir, monitor, rejudge, render_table, user_activity,
    who_accessed, MonitorRules, Subject, Tabular, VolumeRule, Window,
};
use crate::Error;

/// A replay question.
#[derive(Debug, clap::Subcommand)]
pub enum ReplayCommand {
    /// Each access to a person's or a case's records: actor, grant, purpose, decision.
    WhoAccessed {
        #[arg(long, conflicts_with = "case", required_unless_present = "case")]
        person: Option<PersonId>,
        #[arg(long)]
        case: Option<CaseId>,
        #[command(flatten)]
        window: WindowArgs,
        #[arg(long)]
        json: bool,
    },
    /// Everything a staff member saw or changed.
    UserActivity {
        #[arg(long)]
        staff: StaffId,
        #[command(flatten)]
        window: WindowArgs,
        #[arg(long)]
        json: bool,
    },
    /// Decide every past access again under a policy set; list what it would deny and
    /// the accesses decided under another set.
    Rejudge {
        #[command(flatten)]
        window: WindowArgs,
        /// A directory laid out like deploy/policies.
        #[arg(long, default_value = "deploy/policies")]
        policies: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// The unusual-activity report (Ohio rule paragraphs E and S); rules in docs/replay.md.
    Monitor {
        #[command(flatten)]
        window: WindowArgs,
        /// The agency's time zone (IANA name): business hours are local.
        #[arg(long, default_value = "America/New_York")]
        zone: Tz,
        /// Start of weekday business hours, local.
        #[arg(long, default_value = "07:00")]
        business_start: NaiveTime,
        /// End of weekday business hours (exclusive), local.
        #[arg(long, default_value = "19:00")]
        business_end: NaiveTime,
        /// Volume outlier: more than this many times the peer median...
        #[arg(long, default_value_t = VolumeRule::default().factor)]
        volume_factor: u64,
        /// ...and more than this many accesses in the window.
        #[arg(long, default_value_t = VolumeRule::default().min_accesses)]
        volume_min_accesses: u64,
        /// Peer groups smaller than this are not judged for volume.
        #[arg(long, default_value_t = VolumeRule::default().min_peers)]
        volume_min_peers: usize,
        #[arg(long)]
        json: bool,
    },
    /// The case as it stood at a moment, rebuilt from the log.
    CaseAsOf {
        #[arg(long)]
        case: CaseId,
        /// RFC 3339, e.g. 2026-11-17T14:00:00Z.
        #[arg(long)]
        at: DateTime<Utc>,
        #[arg(long)]
        json: bool,
    },
    /// A person's accounting of disclosures over the last six years.
    Disclosures {
        #[arg(long)]
        person: PersonId,
        #[arg(long)]
        json: bool,
    },
}

/// `--from` (inclusive) and `--to` (exclusive), RFC 3339.
#[derive(Debug, clap::Args)]
pub struct WindowArgs {
    #[arg(long)]
    from: DateTime<Utc>,
    #[arg(long)]
    to: DateTime<Utc>,
}

impl WindowArgs {
    fn window(&self) -> Result<Window, Error> {
        Window::new(self.from, self.to)
    }
}

/// Answers `command` on stdout.
pub async fn run(store: &Store, command: ReplayCommand) -> Result<(), Error> {
    let progress = progress_bar();
    match command {
        ReplayCommand::WhoAccessed {
            person,
            case,
            window,
            json,
        } => {
            let subject = match (person, case) {
                (Some(person), _) => Subject::Person(person),
                (None, Some(case)) => Subject::Case(case),
                (None, None) => {
                    return Err(Error::ReplayInput {
                        field: "person",
                        reason: "give --person or --case".to_owned(),
                    })
                }
            };
            let rows = who_accessed(store, subject, &window.window()?, &progress).await?;
            progress.finish_and_clear();
            print_rows(&rows, json)
        }
        ReplayCommand::UserActivity {
            staff,
            window,
            json,
        } => {
            let rows = user_activity(store, staff, &window.window()?, &progress).await?;
            progress.finish_and_clear();
            print_rows(&rows, json)
        }
        ReplayCommand::Rejudge {
            window,
            policies,
            json,
        } => {
            let set = load_policy_dir(&policies)?;
            let answer = rejudge(store, &set, &window.window()?, &progress).await?;
            progress.finish_and_clear();
            if json {
                return print_json(&answer);
            }
            println!(
                "re-judged {} accesses under policy set {}",
                answer.accesses, answer.policy_set_hash
            );
            println!("\nwould deny:");
            print!("{}", render_table(&answer.would_deny));
            println!("\ndecided under another policy set:");
            print!("{}", render_table(&answer.hash_mismatches));
            Ok(())
        }
        ReplayCommand::Monitor {
            window,
            zone,
            business_start,
            business_end,
            volume_factor,
            volume_min_accesses,
            volume_min_peers,
            json,
        } => {
            let rules = MonitorRules {
                zone,
                business_start,
                business_end,
                volume: VolumeRule {
                    factor: volume_factor,
                    min_accesses: volume_min_accesses,
                    min_peers: volume_min_peers,
                },
            };
            let findings = monitor(store, &window.window()?, &rules, &progress).await?;
            progress.finish_and_clear();
            print_rows(&findings, json)
        }
        ReplayCommand::CaseAsOf { case, at, json } => {
            let answer = case_as_of(store, case, at).await?;
            if json {
                return print_json(&answer);
            }
            print!("{}", answer.render());
            Ok(())
        }
        ReplayCommand::Disclosures { person, json } => {
            let today = Date::from(Utc::now().date_naive());
            let rows = disclosures(store, person, today).await?;
            print_rows(&rows, json)
        }
    }
}

/// Draws only on a terminal: indicatif hides itself when stderr is not one.
fn progress_bar() -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{spinner} replaying position {pos}/{len} {wide_bar} {per_sec} [{elapsed}]",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(0).with_style(style)
}

fn print_rows<T: Tabular + Serialize>(rows: &[T], json: bool) -> Result<(), Error> {
    if json {
        return print_json(&rows);
    }
    print!("{}", render_table(rows));
    Ok(())
}

fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value).map_err(Error::ReplayJson)?;
    println!("{text}");
    Ok(())
}
