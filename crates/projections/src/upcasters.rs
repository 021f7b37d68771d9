//! Upgrades of domain payloads stored in an older shape. Registered with the store, they
//! run on every read, so decoders only know the current shape and the log is never
//! rewritten.
use kinlog_domain::{PersonId, Personal};
use kinlog_store::Upcasters;
use rmpv::Value;

/// Every upgrade this build knows.
pub fn upcasters() -> Upcasters {
    let mut upcasters = Upcasters::new();
    // v2 made these fields personal. Values stored as v1 stay plaintext in the log:
    // erasing the person hides them from read models and exports but cannot destroy them.
    let personal_in_v2: [(&'static str, &'static [&'static str]); 3] = [
        ("PersonRegistered", &["name"]),
        ("IdentityCorrected", &["name"]),
        (
            "CorrectionRequested",
            &["requested_by", "disputed", "statement"],
        ),
    ];
    for (event_type, fields) in personal_in_v2 {
        upcasters.register(event_type, 1, move |stream, payload| {
            as_personal_fields(stream, payload, event_type, fields)
        });
    }
    upcasters
}

/// `{"<event_type>": {"<field>": value, ...}}` → `{"<event_type>": {"<field>":
/// Personal(person, value), ...}}` for each of `fields`, the person being the stream's;
/// a null (an optional part left out) stays null.
fn as_personal_fields(
    stream: &str,
    payload: Value,
    event_type: &str,
    fields: &[&str],
) -> Result<Value, String> {
    let PersonId(person) = PersonId::from_stream_id(stream).ok_or("not on a person's stream")?;
    let Value::Map(mut outer) = payload else {
        return Err("the payload is not a map".into());
    };
    let entries = outer
        .iter_mut()
        .find(|(key, _)| key.as_str() == Some(event_type))
        .and_then(|(_, entries)| match entries {
            Value::Map(entries) => Some(entries),
            _ => None,
        })
        .ok_or("the payload holds no fields of its event type")?;
    for (key, value) in entries.iter_mut() {
        let personal = key.as_str().is_some_and(|key| fields.contains(&key));
        if personal && !value.is_nil() {
            *value = rmpv::ext::to_value(Personal::new(person, value.clone()))
                .map_err(|e| format!("re-encoding a personal field: {e}"))?;
        }
    }
    Ok(Value::Map(outer))
}

#[cfg(test)]
mod tests {
    use kinlog_domain::person::PersonEvent;
    use kinlog_domain::{Narrative, PersonName};
    use serde::Serialize;
    use uuid::Uuid;

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
        CorrectionRequested {
            request_id: Uuid,
            requested_by: Narrative,
            disputed: Vec<Narrative>,
            statement: Narrative,
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

    #[test]
    fn a_v1_correction_request_reads_as_v2_with_its_words_personal_fields() {
        let person = Uuid::now_v7();
        let on = chrono::NaiveDate::from_ymd_opt(2024, 1, 2).unwrap();
        let v1 = V1::CorrectionRequested {
            request_id: Uuid::nil(),
            requested_by: Narrative::new("the youth"),
            disputed: vec![Narrative::new("a note")],
            statement: Narrative::new("wrong school"),
            occurred_on: on,
        };
        let PersonEvent::CorrectionRequested {
            requested_by,
            disputed,
            statement,
            ..
        } = upgrade("CorrectionRequested", &v1, person)
        else {
            panic!("not a correction request");
        };
        assert_eq!(
            requested_by,
            Personal::new(person, Narrative::new("the youth"))
        );
        assert_eq!(
            disputed,
            Personal::new(person, vec![Narrative::new("a note")])
        );
        assert_eq!(
            statement,
            Personal::new(person, Narrative::new("wrong school"))
        );
    }
}
