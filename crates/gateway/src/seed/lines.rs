//! Import lines as the generator writes them: the exact text `kinlog import` reads, so
//! seeding and importing the emitted file decide the same commands.
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

use super::prng::Prng;
use super::profile::REFERENCE_DATE;

/// The lines of one stream, in the order they must be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StreamLines {
    pub(crate) lines: Vec<String>,
}

/// Builds one stream's lines from commands planned out of order: commands are planned
/// with their day, then written sorted by day (ties keep their planning order), each with
/// an `occurred_at` in office hours that never goes backwards. Commands dated after the
/// reference date are history that has not happened yet; they and everything after them
/// are dropped, so a case in care on the reference date simply has no exit.
pub(crate) struct StreamPlan {
    aggregate: &'static str,
    id: Uuid,
    planned: Vec<(NaiveDate, Uuid, Value)>,
}

impl StreamPlan {
    pub(crate) fn new(aggregate: &'static str, id: Uuid) -> StreamPlan {
        StreamPlan {
            aggregate,
            id,
            planned: Vec::new(),
        }
    }

    /// Plans `command` on `day`, entered by `actor`.
    pub(crate) fn plan(&mut self, day: NaiveDate, actor: Uuid, command: Value) {
        self.planned.push((day, actor, command));
    }

    /// The lines, with command ids and times drawn from `prng`.
    pub(crate) fn into_lines(mut self, prng: &mut Prng) -> StreamLines {
        self.planned.sort_by_key(|(day, _, _)| *day);
        let mut last: Option<DateTime<Utc>> = None;
        let mut lines = Vec::with_capacity(self.planned.len());
        for (day, actor, command) in self.planned {
            if day > REFERENCE_DATE {
                break;
            }
            let mut at = prng.office_hours(day);
            if let Some(previous) = last {
                if at <= previous {
                    at = previous + chrono::Duration::seconds(1);
                }
            }
            last = Some(at);
            let command_id = prng.uuid_at(at);
            lines.push(line(
                command_id,
                actor,
                at,
                self.aggregate,
                self.id,
                command,
            ));
        }
        StreamLines { lines }
    }
}

/// One import line's text, in the field order `docs/import.md` lists. The synthetic
/// history was entered the moment it happened, so `source_recorded_at` is `occurred_at`:
/// federal transaction dates are the simulated ones, not the day the seed ran.
pub(crate) fn line(
    command_id: Uuid,
    actor: Uuid,
    occurred_at: DateTime<Utc>,
    aggregate: &str,
    id: Uuid,
    command: Value,
) -> String {
    let mut text = String::with_capacity(400);
    let at = occurred_at.format("%Y-%m-%dT%H:%M:%SZ");
    text.push_str(&format!(
        r#"{{"command_id":"{command_id}","actor":"{actor}","occurred_at":"{at}","source_recorded_at":"{at}","aggregate":"{aggregate}","id":"{id}","command":"#,
    ));
    text.push_str(&command.to_string());
    text.push('}');
    text
}

/// `{"Name": body}`, the externally tagged command.
pub(crate) fn command(name: &str, body: Value) -> Value {
    json!({ name: body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse_line;

    #[test]
    fn planned_commands_come_out_by_day_and_stop_at_the_reference_date() {
        let id = Uuid::from_u128(1);
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 1, d).unwrap();
        let mut plan = StreamPlan::new("case", id);
        plan.plan(
            day(3),
            id,
            command("OpenCase", json!({"opened_on": "2025-01-03"})),
        );
        plan.plan(
            day(1),
            id,
            command("OpenCase", json!({"opened_on": "2025-01-01"})),
        );
        plan.plan(
            REFERENCE_DATE.succ_opt().unwrap(),
            id,
            command("OpenCase", json!({"opened_on": "later"})),
        );
        let lines = plan.into_lines(&mut Prng::new(1)).lines;
        assert_eq!(lines.len(), 2);
        let first = parse_line(1, &lines[0]).unwrap();
        let second = parse_line(2, &lines[1]).unwrap();
        assert!(lines[0].contains("2025-01-01T"));
        assert!(first.occurred_at < second.occurred_at);
    }
}
