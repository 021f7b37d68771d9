//! Upgrades of domain payloads stored in an older shape. Registered with the store, they
//! run on every read, so decoders only know the current shape and the log is never
//! rewritten.
use kinlog_domain::{PersonId, PersonName, Personal};
use kinlog_store::Upcasters;
use rmpv::Value;
use uuid::Uuid;

/// Every upgrade this build knows.
pub fn upcasters() -> Upcasters {
    let mut upcasters = Upcasters::new();
    // v2 made the name a personal field. Names stored as v1 stay plaintext in the log:
    // erasing the person hides them from read models and exports but cannot destroy them.
    for event_type in ["PersonRegistered", "IdentityCorrected"] {
        upcasters.register(event_type, 1, move |stream, payload| {
            name_as_personal_field(stream, payload, event_type)
        });
    }
    upcasters
}

/// `{"<event_type>": {"name": {given, ...}, ...}}` → `{"<event_type>": {"name":
/// Personal(person, name), ...}}`, the person being the stream's; a null name (a
/// correction of other parts) stays null.
fn name_as_personal_field(stream: &str, payload: Value, event_type: &str) -> Result<Value, String> {
    let person = stream
        .strip_prefix(PersonId::CATEGORY)
        .and_then(|rest| rest.strip_prefix('-'))
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or("not on a person's stream")?;
    let Value::Map(mut outer) = payload else {
        return Err("the payload is not a map".into());
    };
    let fields = outer
        .iter_mut()
        .find(|(key, _)| key.as_str() == Some(event_type))
        .and_then(|(_, fields)| match fields {
            Value::Map(fields) => Some(fields),
            _ => None,
        })
        .ok_or("the payload holds no fields of its event type")?;
    if let Some((_, name)) = fields
        .iter_mut()
        .find(|(key, _)| key.as_str() == Some("name"))
    {
        if !name.is_nil() {
            let plain: PersonName = rmpv::ext::from_value(name.clone())
                .map_err(|_| "the name is not a person's name".to_owned())?;
            *name = rmpv::ext::to_value(Personal::new(person, plain))
                .map_err(|e| format!("re-encoding the name: {e}"))?;
        }
    }
    Ok(Value::Map(outer))
}

#[cfg(test)]
mod tests {
    use kinlog_domain::person::PersonEvent;
    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    enum V1 {
        PersonRegistered {
            person_id: Uuid,
            name: PersonName,
            date_of_birth: Option<()>,
            sex: Option<()>,
            occurred_on: chrono::NaiveDate,
        },
        IdentityCorrected {
            name: Option<PersonName>,
            date_of_birth: Option<()>,
            sex: Option<()>,
            occurred_on: chrono::NaiveDate,
        },
    }

    fn name() -> PersonName {
        PersonName {
            given: "Ada".into(),
            middle: None,
            family: "Byron".into(),
        }
    }

    fn upgrade(event_type: &str, v1: &V1, person: Uuid) -> PersonEvent {
        let mut event = kinlog_store::RecordedEvent {
            position: 1,
            event_id: Uuid::nil(),
            stream_id: format!("person-{person}"),
            stream_version: 1,
            event_type: event_type.into(),
            schema_version: 1,
            recorded_at: chrono::Utc::now(),
            metadata: vec![0x80].into(),
            payload: rmp_serde::to_vec_named(v1).unwrap().into(),
            chain_hash: [0; 32],
        };
        event = upcasters().upcast(event).unwrap();
        assert_eq!(event.schema_version, 2);
        rmp_serde::from_slice(&event.payload).unwrap()
    }

    #[test]
    fn a_v1_registration_reads_as_v2_with_the_name_a_personal_field_of_its_person() {
        let person = Uuid::now_v7();
        let on = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let v1 = V1::PersonRegistered {
            person_id: person,
            name: name(),
            date_of_birth: None,
            sex: None,
            occurred_on: on,
        };
        let PersonEvent::PersonRegistered { name: read, .. } =
            upgrade("PersonRegistered", &v1, person)
        else {
            panic!("not a registration");
        };
        assert_eq!(read, Personal::new(person, name()));
    }

    #[test]
    fn a_v1_correction_reads_as_v2_with_or_without_a_name() {
        let person = Uuid::now_v7();
        let on = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        for (old, new) in [
            (Some(name()), Some(Personal::new(person, name()))),
            (None, None),
        ] {
            let v1 = V1::IdentityCorrected {
                name: old,
                date_of_birth: None,
                sex: None,
                occurred_on: on,
            };
            let PersonEvent::IdentityCorrected { name: read, .. } =
                upgrade("IdentityCorrected", &v1, person)
            else {
                panic!("not a correction");
            };
            assert_eq!(read, new);
        }
    }
}
