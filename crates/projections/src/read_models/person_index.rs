//! The person index: find a person by name key, date of birth and sex.
//!
//! Names are personal data: they are folded into search keys here and never logged or
//! put into an error message. An erased person keeps their row, without name keys: they
//! can still be found by id, date of birth and sex, never by name.
use kinlog_domain::person::{PersonEvent, Sex};
use kinlog_domain::{PersonId, PersonName};
use kinlog_store::RecordedEvent;

use super::fields::{stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `person_index` projector: table `person_index`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PersonIndexView;

read_model!(
    PersonIndexView,
    "person_index",
    2,
    PersonId::CATEGORY,
    apply
);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<PersonEvent>(event)?;
    let person_id = stream_uuid(event, PersonId::CATEGORY)?;
    let position = event.position as i64;
    match &fact {
        PersonEvent::PersonRegistered {
            name,
            date_of_birth,
            sex,
            occurred_on,
            ..
        } => {
            let keys = NameKeys::of(name.value());
            let sex = sex.map(|s| sex_name(&s, event)).transpose()?;
            writes.push(
                "INSERT INTO person_index (person_id, search_key, family_key, given_key, \
                 date_of_birth, date_of_birth_estimated, sex, registered_on, last_position) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                params![
                    person_id,
                    keys.search,
                    keys.family,
                    keys.given,
                    date_of_birth.map(|d| d.date()),
                    date_of_birth.map(|d| d.is_estimated()),
                    sex,
                    *occurred_on,
                    position,
                ],
                "indexing a registered person",
            );
            // The row is stamped as it is inserted.
            return Ok(());
        }
        PersonEvent::IdentityCorrected {
            name,
            date_of_birth,
            sex,
            ..
        } => {
            if let Some(name) = name {
                set_name_keys(writes, person_id, NameKeys::of(name.value()));
            }
            if let Some(date_of_birth) = date_of_birth {
                writes.push(
                    "UPDATE person_index SET date_of_birth = $2, date_of_birth_estimated = $3 \
                     WHERE person_id = $1",
                    params![
                        person_id,
                        date_of_birth.date(),
                        date_of_birth.is_estimated()
                    ],
                    "correcting a date of birth",
                );
            }
            if let Some(sex) = sex {
                writes.push(
                    "UPDATE person_index SET sex = $2 WHERE person_id = $1",
                    params![person_id, sex_name(sex, event)?],
                    "correcting a person's sex",
                );
            }
        }
        PersonEvent::PersonalDataErased { .. } => {
            set_name_keys(writes, person_id, NameKeys::of(None));
        }
        // Other person facts do not change how a person is found.
        _ => return Ok(()),
    }
    writes.push_last(
        "UPDATE person_index SET last_position = $2 WHERE person_id = $1",
        person_id,
        params![person_id, position],
        "stamping a person index row",
    );
    Ok(())
}

fn set_name_keys(writes: &mut Writes, person_id: uuid::Uuid, keys: NameKeys) {
    writes.push(
        "UPDATE person_index SET search_key = $2, family_key = $3, given_key = $4 \
         WHERE person_id = $1",
        params![person_id, keys.search, keys.family, keys.given],
        "setting a person's name keys",
    );
}

fn sex_name(sex: &Sex, event: &RecordedEvent) -> Result<String, Error> {
    variant_name(sex, event, "sex")
}

/// The folded keys of one name; all `None` for an erased name.
#[derive(Default)]
struct NameKeys {
    search: Option<String>,
    family: Option<String>,
    given: Option<String>,
}

impl NameKeys {
    fn of(name: Option<&PersonName>) -> NameKeys {
        let Some(name) = name else {
            return NameKeys::default();
        };
        let family = name_search_key(&name.family);
        let given = name_search_key(&name.given);
        let middle = name.middle.as_deref().map(name_search_key);
        let search = [
            Some(family.as_str()),
            Some(given.as_str()),
            middle.as_deref(),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
        NameKeys {
            search: Some(search),
            family: Some(family),
            given: Some(given),
        }
    }
}

/// Folds a name, or a name typed into a search box, into the form the index stores:
/// lowercase, common Latin accents removed, apostrophes and periods dropped, and
/// hyphens and runs of spaces turned into one space. "O'Brien-Núñez" → "obrien nunez".
pub fn name_search_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '\'' | '’' | '.' => {}
            c if c.is_alphanumeric() => key.push(fold_accent(c)),
            _ => {
                if !key.is_empty() && !key.ends_with(' ') {
                    key.push(' ');
                }
            }
        }
    }
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'š' | 'ś' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_keys_fold_case_accents_and_punctuation() {
        assert_eq!(name_search_key("O'Brien-Núñez"), "obrien nunez");
        assert_eq!(name_search_key("  MARY   ann "), "mary ann");
        assert_eq!(name_search_key("St. John"), "st john");
        assert_eq!(name_search_key("Zoë"), "zoe");
        assert_eq!(name_search_key("--"), "");
    }

    #[test]
    fn the_search_key_is_family_given_middle() {
        let name = PersonName {
            given: "José".into(),
            middle: Some("Luis".into()),
            family: "García Márquez".into(),
        };
        let keys = NameKeys::of(Some(&name));
        assert_eq!(keys.search.as_deref(), Some("garcia marquez jose luis"));
        assert_eq!(keys.family.as_deref(), Some("garcia marquez"));
        assert_eq!(keys.given.as_deref(), Some("jose"));
        assert_eq!(NameKeys::of(None).search, None);
    }
}
