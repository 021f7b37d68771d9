//! The person index, field by field.
use kinlog_domain::person::{DateOfBirth, PersonCommand, Sex};
use kinlog_projections::{name_search_key, PersonIndexView};
use uuid::Uuid;

use crate::support::*;

#[tokio::test]
async fn a_person_is_indexed_by_folded_name_birth_date_and_sex() {
    let env = Env::new().await;
    let mut child = PersonScript::new(0xC1);
    let registered = child
        .register(
            &env.store,
            ("José", Some("Luis"), "O'Brien-Núñez"),
            Some(DateOfBirth::Estimated(nd("2019-05-01"))),
            None,
        )
        .await;
    let mut parent = PersonScript::new(0xA1);
    parent
        .register(&env.store, ("Ann", None, "Lee"), None, Some(Sex::Female))
        .await;
    env.catch_up(&PersonIndexView).await;

    let rows = index(&env).await;
    assert_eq!(
        rows,
        vec![
            Row {
                person_id: parent.id.0,
                search_key: "lee ann".into(),
                family_key: "lee".into(),
                given_key: "ann".into(),
                date_of_birth: None,
                date_of_birth_estimated: None,
                sex: Some("female".into()),
                registered_on: nd("2026-03-01"),
                last_position: registered as i64 + 1,
            },
            Row {
                person_id: child.id.0,
                search_key: "obrien nunez jose luis".into(),
                family_key: "obrien nunez".into(),
                given_key: "jose".into(),
                date_of_birth: Some(nd("2019-05-01")),
                date_of_birth_estimated: Some(true),
                // Never recorded: blank, not "unknown".
                sex: None,
                registered_on: nd("2026-03-01"),
                last_position: registered as i64,
            },
        ]
    );

    // Corrections change only what they name; other person facts leave the row alone.
    let corrected = child
        .run(
            &env.store,
            PersonCommand::CorrectIdentity {
                name: None,
                date_of_birth: Some(DateOfBirth::Known(nd("2019-04-30"))),
                sex: Some(Sex::Male),
                occurred_on: nd("2026-03-10"),
            },
        )
        .await;
    child
        .run(
            &env.store,
            PersonCommand::RecordHealthAssessment {
                occurred_on: nd("2026-03-11"),
            },
        )
        .await;
    env.catch_up(&PersonIndexView).await;
    let rows = index(&env).await;
    let row = rows.iter().find(|r| r.person_id == child.id.0).unwrap();
    assert_eq!(row.search_key, "obrien nunez jose luis");
    assert_eq!(row.date_of_birth, Some(nd("2019-04-30")));
    assert_eq!(row.date_of_birth_estimated, Some(false));
    assert_eq!(row.sex.as_deref(), Some("male"));
    assert_eq!(row.last_position, corrected as i64);

    // A search box's text folds to the stored key.
    let client = env.client().await;
    let found: Vec<Uuid> = client
        .query(
            "SELECT person_id FROM rm.person_index WHERE search_key LIKE $1 || '%'",
            &[&name_search_key("O’BRIEN nunez")],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(found, vec![child.id.0]);
    // The name as entered is nowhere in the index.
    let text: String = client
        .query_one(
            "SELECT string_agg(t::text, ',') FROM rm.person_index t",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(
        !text.contains("José") && !text.contains("O'Brien"),
        "{text}"
    );
}

#[derive(Debug, PartialEq, Eq)]
struct Row {
    person_id: Uuid,
    search_key: String,
    family_key: String,
    given_key: String,
    date_of_birth: Option<chrono::NaiveDate>,
    date_of_birth_estimated: Option<bool>,
    sex: Option<String>,
    registered_on: chrono::NaiveDate,
    last_position: i64,
}

async fn index(env: &Env) -> Vec<Row> {
    env.client()
        .await
        .query(
            "SELECT person_id, search_key, family_key, given_key, date_of_birth, \
             date_of_birth_estimated, sex, registered_on, last_position \
             FROM rm.person_index ORDER BY person_id",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| Row {
            person_id: r.get(0),
            search_key: r.get(1),
            family_key: r.get(2),
            given_key: r.get(3),
            date_of_birth: r.get(4),
            date_of_birth_estimated: r.get(5),
            sex: r.get(6),
            registered_on: r.get(7),
            last_position: r.get(8),
        })
        .collect()
}
