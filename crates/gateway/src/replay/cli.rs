//! `kinlog replay ...`: the questions as subcommands. Tables for people, `--json` for
//! tools; progress on stderr while the log is read. Each run is authorized for the
//! requester (`--as`) and recorded before its answer is printed.
use std::path::PathBuf;

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use indicatif::{ProgressBar, ProgressStyle};
use kinlog_domain::access::ClientInfo;
use kinlog_domain::policy::ohio_policy_set;
use kinlog_domain::{CaseId, Date, PersonId, StaffId};
use kinlog_store::Store;
use serde::Serialize;

use super::{
    authorize_replay, case_as_of, disclosures, load_policy_dir, monitor, rejudge, render_table,
    user_activity, who_accessed, MonitorRules, ReplayScope, Subject, Tabular, VolumeRule, Window,
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

/// `kinlog replay [--as STAFF_ID] QUESTION ...`.
#[derive(Debug, clap::Args)]
pub struct ReplayArgs {
    /// The staff member asking: the replay is authorized for them and recorded as their
    /// access.
    #[arg(long = "as", env = "KINLOG_STAFF", global = true)]
    requester: Option<StaffId>,
    #[command(subcommand)]
    question: ReplayCommand,
}

/// An answer ready to show, and how many rows it holds.
struct Answer {
    text: String,
    rows: usize,
}

/// Authorizes the replay for the requester and records it, then prints the answer on
/// stdout. A refused replay is recorded and prints nothing.
pub async fn run(store: &Store, args: ReplayArgs) -> Result<(), Error> {
    let requester = args.requester.ok_or_else(|| Error::ReplayInput {
        field: "as",
        reason:
            "give --as STAFF_ID or set KINLOG_STAFF: every replay is recorded as someone's access"
                .to_owned(),
    })?;
    let question = args.question;
    let client = ClientInfo {
        ip: None,
        user_agent: Some(concat!("kinlog-cli/", env!("CARGO_PKG_VERSION")).to_owned()),
        path: question.describe(),
        referrer: None,
    };
    let allowed = authorize_replay(
        store,
        &ohio_policy_set(),
        requester,
        question.scope(),
        client,
        Utc::now(),
    )
    .await?;
    let name = question.name();
    let answer = answer(store, question).await?;
    allowed
        .record(
            store,
            vec![name.to_owned(), format!("rows:{}", answer.rows)],
            answer.text.len() as u64,
        )
        .await?;
    print!("{}", answer.text);
    Ok(())
}

impl ReplayCommand {
    fn name(&self) -> &'static str {
        match self {
            ReplayCommand::WhoAccessed { .. } => "who-accessed",
            ReplayCommand::UserActivity { .. } => "user-activity",
            ReplayCommand::Rejudge { .. } => "rejudge",
            ReplayCommand::Monitor { .. } => "monitor",
            ReplayCommand::CaseAsOf { .. } => "case-as-of",
            ReplayCommand::Disclosures { .. } => "disclosures",
        }
    }

    fn scope(&self) -> ReplayScope {
        match self {
            ReplayCommand::WhoAccessed {
                person: Some(person),
                ..
            }
            | ReplayCommand::Disclosures { person, .. } => ReplayScope::Person(*person),
            ReplayCommand::WhoAccessed {
                case: Some(case), ..
            }
            | ReplayCommand::CaseAsOf { case, .. } => ReplayScope::Case(*case),
            ReplayCommand::UserActivity { staff, .. } => ReplayScope::Staff(*staff),
            ReplayCommand::WhoAccessed { .. }
            | ReplayCommand::Rejudge { .. }
            | ReplayCommand::Monitor { .. } => ReplayScope::Organization,
        }
    }

    /// The question as a command line, recorded as the access's path.
    fn describe(&self) -> String {
        let window =
            |w: &WindowArgs| format!("--from {} --to {}", w.from.to_rfc3339(), w.to.to_rfc3339());
        let detail = match self {
            ReplayCommand::WhoAccessed {
                person,
                case,
                window: w,
                ..
            } => match (person, case) {
                (Some(person), _) => format!("--person {person} {}", window(w)),
                (None, Some(case)) => format!("--case {case} {}", window(w)),
                (None, None) => window(w),
            },
            ReplayCommand::UserActivity {
                staff, window: w, ..
            } => {
                format!("--staff {staff} {}", window(w))
            }
            ReplayCommand::Rejudge {
                window: w,
                policies,
                ..
            } => format!("{} --policies {}", window(w), policies.display()),
            ReplayCommand::Monitor {
                window: w,
                zone,
                business_start,
                business_end,
                volume_factor,
                volume_min_accesses,
                volume_min_peers,
                ..
            } => format!(
                "{} --zone {zone} --business-start {business_start} --business-end {business_end} \
                 --volume-factor {volume_factor} --volume-min-accesses {volume_min_accesses} \
                 --volume-min-peers {volume_min_peers}",
                window(w)
            ),
            ReplayCommand::CaseAsOf { case, at, .. } => {
                format!("--case {case} --at {}", at.to_rfc3339())
            }
            ReplayCommand::Disclosures { person, .. } => format!("--person {person}"),
        };
        format!("kinlog replay {} {detail}", self.name())
    }
}

async fn answer(store: &Store, command: ReplayCommand) -> Result<Answer, Error> {
    let progress = progress_bar();
    let answer = match command {
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
            rows_answer(&rows, json)?
        }
        ReplayCommand::UserActivity {
            staff,
            window,
            json,
        } => {
            let rows = user_activity(store, staff, &window.window()?, &progress).await?;
            rows_answer(&rows, json)?
        }
        ReplayCommand::Rejudge {
            window,
            policies,
            json,
        } => {
            let set = load_policy_dir(&policies)?;
            let answer = rejudge(store, &set, &window.window()?, &progress).await?;
            let rows = answer.would_deny.len() + answer.hash_mismatches.len();
            let text = if json {
                json_text(&answer)?
            } else {
                format!(
                    "re-judged {} accesses under policy set {}\n\nwould deny:\n{}\n\
                     decided under another policy set:\n{}",
                    answer.accesses,
                    answer.policy_set_hash,
                    render_table(&answer.would_deny),
                    render_table(&answer.hash_mismatches)
                )
            };
            Answer { text, rows }
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
            rows_answer(&findings, json)?
        }
        ReplayCommand::CaseAsOf { case, at, json } => {
            let answer = case_as_of(store, case, at).await?;
            let text = if json {
                json_text(&answer)?
            } else {
                answer.render()
            };
            Answer { text, rows: 1 }
        }
        ReplayCommand::Disclosures { person, json } => {
            let today = Date::from(Utc::now().date_naive());
            let rows = disclosures(store, person, today).await?;
            rows_answer(&rows, json)?
        }
    };
    progress.finish_and_clear();
    Ok(answer)
}

/// Draws only on a terminal: indicatif hides itself when stderr is not one.
fn progress_bar() -> ProgressBar {
    let style = ProgressStyle::with_template(
        "{spinner} replaying position {pos}/{len} {wide_bar} {per_sec} [{elapsed}]",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    ProgressBar::new(0).with_style(style)
}

fn rows_answer<T: Tabular + Serialize>(rows: &[T], json: bool) -> Result<Answer, Error> {
    let text = if json {
        json_text(&rows)?
    } else {
        render_table(rows)
    };
    Ok(Answer {
        text,
        rows: rows.len(),
    })
}

fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut text = serde_json::to_string_pretty(value).map_err(|source| Error::Json {
        what: "the replay",
        source,
    })?;
    text.push('\n');
    Ok(text)
}
