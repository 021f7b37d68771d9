//! The NYTD youth roster: who was served and who was surveyed.
use kinlog_domain::person::youth::SurveyPopulation;
use kinlog_domain::person::PersonEvent;
use kinlog_domain::PersonId;
use kinlog_store::RecordedEvent;
use tokio_postgres::types::Type;
use tokio_postgres::Transaction;

use super::fields::{stream_uuid, variant_name};
use crate::{decode, Error};

/// The `nytd_roster` projector: table `nytd_youth`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NytdRosterView;

read_model!(NytdRosterView, "nytd_roster", 1, PersonId::CATEGORY, apply);

async fn apply(tx: &Transaction<'_>, event: &RecordedEvent) -> Result<(), Error> {
    let (fact, _) = decode::<PersonEvent>(event)?;
    let person_id = stream_uuid(event, PersonId::CATEGORY)?;
    let position = event.position as i64;
    match &fact {
        PersonEvent::IndependentLivingServiceDelivered {
            service,
            occurred_on,
        } => {
            tx.execute_typed(
                "INSERT INTO nytd_youth (person_id, first_served_on, last_served_on, \
                 services_delivered, services, last_position) \
                 VALUES ($1, $2, $2, 1, ARRAY[$3], $4) \
                 ON CONFLICT (person_id) DO UPDATE SET \
                 first_served_on = LEAST(nytd_youth.first_served_on, $2), \
                 last_served_on = GREATEST(nytd_youth.last_served_on, $2), \
                 services_delivered = nytd_youth.services_delivered + 1, \
                 services = CASE WHEN $3 = ANY(nytd_youth.services) THEN nytd_youth.services \
                 ELSE array_append(nytd_youth.services, $3) END, \
                 last_position = $4",
                &[
                    (&person_id, Type::UUID),
                    (occurred_on, Type::DATE),
                    (&variant_name(service, event, "service")?, Type::TEXT),
                    (&position, Type::INT8),
                ],
            )
            .await
            .map_err(Error::db("adding a service to the NYTD roster"))?;
        }
        PersonEvent::OutcomeSurveyRecorded {
            population,
            status,
            occurred_on,
            ..
        } => {
            let columns = match population {
                SurveyPopulation::BaselineAt17 => "baseline_at_17",
                SurveyPopulation::FollowUpAt19 => "follow_up_at_19",
                SurveyPopulation::FollowUpAt21 => "follow_up_at_21",
            };
            // The domain records each population's survey once per youth.
            let sql = format!(
                "INSERT INTO nytd_youth (person_id, services_delivered, services, \
                 {columns}_status, {columns}_on, last_position) \
                 VALUES ($1, 0, '{{}}', $2, $3, $4) \
                 ON CONFLICT (person_id) DO UPDATE SET {columns}_status = $2, \
                 {columns}_on = $3, last_position = $4"
            );
            tx.execute_typed(
                &sql,
                &[
                    (&person_id, Type::UUID),
                    (&variant_name(status, event, "status")?, Type::TEXT),
                    (occurred_on, Type::DATE),
                    (&position, Type::INT8),
                ],
            )
            .await
            .map_err(Error::db("adding a survey to the NYTD roster"))?;
        }
        _ => {}
    }
    Ok(())
}
