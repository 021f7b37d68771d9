//! The NYTD youth roster: who was served and who was surveyed.
use kinlog_domain::person::youth::SurveyPopulation;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use kinlog_store::RecordedEvent;

use super::fields::{stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `nytd_roster` projector: table `nytd_youth`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NytdRosterView;

read_model!(NytdRosterView, "nytd_roster", 1, PersonId::CATEGORY, apply);

/// The statement that records one population's survey, in its `<population>_status` and
/// `<population>_on` columns.
macro_rules! record_survey {
    ($population:literal) => {
        concat!(
            "INSERT INTO nytd_youth (person_id, services_delivered, services, ",
            $population,
            "_status, ",
            $population,
            "_on, last_position) VALUES ($1, 0, '{}', $2, $3, $4) \
             ON CONFLICT (person_id) DO UPDATE SET ",
            $population,
            "_status = $2, ",
            $population,
            "_on = $3, last_position = $4"
        )
    };
}

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<PersonEvent>(event)?;
    let person_id = stream_uuid(event, PersonId::CATEGORY)?;
    let position = event.position as i64;
    match &fact {
        PersonEvent::IndependentLivingServiceDelivered {
            service,
            occurred_on,
        } => writes.push(
            "INSERT INTO nytd_youth (person_id, first_served_on, last_served_on, \
             services_delivered, services, last_position) \
             VALUES ($1, $2, $2, 1, ARRAY[$3::text], $4) \
             ON CONFLICT (person_id) DO UPDATE SET \
             first_served_on = LEAST(nytd_youth.first_served_on, $2), \
             last_served_on = GREATEST(nytd_youth.last_served_on, $2), \
             services_delivered = nytd_youth.services_delivered + 1, \
             services = CASE WHEN $3 = ANY(nytd_youth.services) THEN nytd_youth.services \
             ELSE array_append(nytd_youth.services, $3) END, \
             last_position = $4",
            params![
                person_id,
                *occurred_on,
                variant_name(service, event, "service")?,
                position,
            ],
            "adding a service to the NYTD roster",
        ),
        PersonEvent::OutcomeSurveyRecorded {
            population,
            status,
            occurred_on,
            ..
        } => {
            // The domain records each population's survey once per youth.
            let sql = match population {
                SurveyPopulation::BaselineAt17 => record_survey!("baseline_at_17"),
                SurveyPopulation::FollowUpAt19 => record_survey!("follow_up_at_19"),
                SurveyPopulation::FollowUpAt21 => record_survey!("follow_up_at_21"),
            };
            writes.push(
                sql,
                params![
                    person_id,
                    variant_name(status, event, "status")?,
                    *occurred_on,
                    position,
                ],
                "adding a survey to the NYTD roster",
            );
        }
        _ => {}
    }
    Ok(())
}
