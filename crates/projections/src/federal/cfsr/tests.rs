//! Hand-built scenarios. Every expected count is worked out in the comments from the
//! definitions in this module's header, not from the code.
use chrono::NaiveDate;
use kinlog_domain::case::codes::ExitReason::{self, *};
use kinlog_domain::PersonId;
use uuid::Uuid;

use super::*;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid test date")
}

fn person(n: u128) -> PersonId {
    PersonId(Uuid::from_u128(n))
}

/// FFY2025: 1 Oct 2024 – 30 Sep 2025.
fn fy2025() -> Window {
    Window {
        from: d(2024, 10, 1),
        to: d(2025, 9, 30),
    }
}

const BORN_2015: (i32, u32, u32) = (2015, 1, 1);

fn child(n: u128, born_on: NaiveDate, episodes: Vec<Episode>) -> ChildInCare {
    ChildInCare {
        child: person(n),
        born_on,
        episodes,
    }
}

fn young(n: u128, episodes: Vec<Episode>) -> ChildInCare {
    child(n, d(BORN_2015.0, BORN_2015.1, BORN_2015.2), episodes)
}

fn episode(removed_on: NaiveDate, exit: Option<(NaiveDate, ExitReason)>) -> Episode {
    Episode {
        removed_on,
        exit: exit.map(|(on, reason)| Exit { on, reason }),
        placements: vec![PlacementStart {
            started_on: removed_on,
            is_absence: false,
        }],
    }
}

fn value(values: &[IndicatorValue], indicator: Indicator) -> &IndicatorValue {
    values
        .iter()
        .find(|v| v.indicator == indicator)
        .expect("every indicator is computed")
}

fn only(
    indicator: Indicator,
    children: &[ChildInCare],
    victims: &[Victimization],
) -> IndicatorValue {
    let all = indicators(children, victims, fy2025()).expect("a valid window");
    value(&all, indicator).clone()
}

#[test]
fn p1_counts_first_entries_and_permanency_within_12_months_before_18() {
    let children = vec![
        // Entered 1 Nov 2024, reunified 31 Oct 2025: within 12 months. In, permanent.
        young(
            1,
            vec![episode(
                d(2024, 11, 1),
                Some((d(2025, 10, 31), ReunifyWithParents)),
            )],
        ),
        // Reunified 1 Nov 2025, exactly 12 months after entry: not within. In, not permanent.
        young(
            2,
            vec![episode(
                d(2024, 11, 1),
                Some((d(2025, 11, 1), ReunifyWithParents)),
            )],
        ),
        // 6 days in care: excluded; the later entry is the child's first counted one and
        // ends in adoption within 12 months. In, permanent.
        young(
            3,
            vec![
                episode(d(2025, 1, 10), Some((d(2025, 1, 16), ReunifyWithParents))),
                episode(d(2025, 3, 1), Some((d(2025, 12, 1), Adoption))),
            ],
        ),
        // Entered on the 18th birthday: excluded.
        child(4, d(2007, 1, 15), vec![episode(d(2025, 1, 15), None)]),
        // Reunified within 12 months but after turning 18 on 1 Jun 2025. In, not permanent.
        child(
            5,
            d(2007, 6, 1),
            vec![episode(
                d(2024, 12, 1),
                Some((d(2025, 7, 1), ReunifyWithParents)),
            )],
        ),
        // Two entries in the window: the first counts (permanent), the second is excluded.
        young(
            6,
            vec![
                episode(
                    d(2024, 10, 5),
                    Some((d(2024, 12, 1), LiveWithOtherRelatives)),
                ),
                episode(d(2025, 2, 1), None),
            ],
        ),
        // Entered the day before the window: not in the cohort at all.
        young(
            7,
            vec![episode(
                d(2024, 9, 30),
                Some((d(2024, 12, 1), ReunifyWithParents)),
            )],
        ),
        // A runaway exit is not permanency. In, not permanent.
        young(
            8,
            vec![episode(
                d(2025, 4, 1),
                Some((d(2025, 6, 1), RunawayOrWhereaboutsUnknown)),
            )],
        ),
        // Exactly 8 days in care is not "fewer than 8". In, permanent.
        young(
            9,
            vec![episode(
                d(2025, 2, 1),
                Some((d(2025, 2, 9), ReunifyWithParents)),
            )],
        ),
    ];
    let p1 = only(Indicator::P1PermanencyIn12MonthsForEntries, &children, &[]);
    // Denominator: children 1, 2, 3, 5, 6, 8, 9. Numerator: 1, 3, 6, 9.
    assert_eq!((p1.numerator, p1.denominator), (4, 7));
    assert_eq!(p1.excluded_by(Exclusion::InCareUnder8Days), 1);
    assert_eq!(p1.excluded_by(Exclusion::EnteredAt18OrOlder), 1);
    assert_eq!(p1.excluded_by(Exclusion::NotFirstEntry), 1);
    // 4 / 7 = 57.142…%
    assert_eq!(
        p1.observed().map(|r| r.to_string()),
        Some("57.14%".to_owned())
    );
}

#[test]
fn p2_and_p3_take_children_in_care_on_day_one_by_length_of_stay() {
    let children = vec![
        // Exactly 12 months in care on 1 Oct 2024: P2; guardianship on 30 Sep 2025 is
        // within 12 months of day one. P2 in, permanent.
        young(
            1,
            vec![episode(
                d(2023, 10, 1),
                Some((d(2025, 9, 30), Guardianship)),
            )],
        ),
        // One day short of 12 months: neither P2 nor P3.
        young(
            2,
            vec![episode(
                d(2023, 10, 2),
                Some((d(2025, 1, 1), ReunifyWithParents)),
            )],
        ),
        // 23 months and 29 days: P2, still in care. P2 in, not permanent.
        young(3, vec![episode(d(2022, 10, 2), None)]),
        // Exactly 24 months: P3; adopted within the year. P3 in, permanent.
        young(
            4,
            vec![episode(d(2022, 10, 1), Some((d(2025, 5, 1), Adoption)))],
        ),
        // 18 before day one: excluded from P3.
        child(5, d(2006, 9, 1), vec![episode(d(2021, 1, 1), None)]),
        // Reunified after turning 18 on 1 Mar 2025: counts as still in care. P3 in, not permanent.
        child(
            6,
            d(2007, 3, 1),
            vec![episode(
                d(2020, 5, 1),
                Some((d(2025, 4, 1), ReunifyWithParents)),
            )],
        ),
        // Left care the day before day one: in neither.
        young(
            7,
            vec![episode(
                d(2022, 1, 1),
                Some((d(2024, 9, 30), ReunifyWithParents)),
            )],
        ),
        // 15 months in care but 18 on 1 Aug 2024, before day one: excluded from P2.
        child(9, d(2006, 8, 1), vec![episode(d(2023, 7, 1), None)]),
        // Permanency exit on the first anniversary of day one is too late. P2 in, not permanent.
        young(
            8,
            vec![episode(
                d(2023, 6, 1),
                Some((d(2025, 10, 1), ReunifyWithParents)),
            )],
        ),
    ];
    let p2 = only(Indicator::P2PermanencyIn12To23Months, &children, &[]);
    assert_eq!((p2.numerator, p2.denominator), (1, 3));
    assert_eq!(p2.excluded_by(Exclusion::Aged18OnFirstDay), 1);
    assert_eq!(
        p2.observed().map(|r| r.to_string()),
        Some("33.33%".to_owned())
    );
    let p3 = only(Indicator::P3PermanencyIn24MonthsOrMore, &children, &[]);
    assert_eq!((p3.numerator, p3.denominator), (1, 2));
    assert_eq!(p3.excluded_by(Exclusion::Aged18OnFirstDay), 1);
    assert_eq!(
        p3.observed().map(|r| r.to_string()),
        Some("50.00%".to_owned())
    );
}

#[test]
fn p4_counts_reentries_within_12_months_of_a_non_adoption_discharge() {
    let children = vec![
        // Reunified 1 Mar 2025, back in care 28 Feb 2026: re-entry. In, re-entered.
        young(
            1,
            vec![
                episode(d(2024, 11, 1), Some((d(2025, 3, 1), ReunifyWithParents))),
                episode(d(2026, 2, 28), None),
            ],
        ),
        // Back in care exactly 12 months after discharge: too late. In, not re-entered.
        young(
            2,
            vec![
                episode(
                    d(2024, 11, 1),
                    Some((d(2025, 3, 1), LiveWithOtherRelatives)),
                ),
                episode(d(2026, 3, 1), None),
            ],
        ),
        // Adoption is not a P4 discharge; the re-entry in the window is a second entry.
        young(
            3,
            vec![
                episode(d(2024, 12, 1), Some((d(2025, 6, 1), Adoption))),
                episode(d(2025, 8, 1), None),
            ],
        ),
        // Discharged exactly 12 months after entry: not within 12 months. Not in.
        young(
            4,
            vec![
                episode(d(2024, 12, 1), Some((d(2025, 12, 1), ReunifyWithParents))),
                episode(d(2026, 1, 1), None),
            ],
        ),
        // Discharged at 18 (birthday 1 Feb 2025): excluded.
        child(
            5,
            d(2007, 2, 1),
            vec![episode(
                d(2024, 12, 1),
                Some((d(2025, 3, 1), ReunifyWithParents)),
            )],
        ),
        // 4 days in care: excluded.
        young(
            6,
            vec![episode(
                d(2025, 1, 1),
                Some((d(2025, 1, 5), ReunifyWithParents)),
            )],
        ),
    ];
    let p4 = only(Indicator::P4ReentryIn12Months, &children, &[]);
    assert_eq!((p4.numerator, p4.denominator), (1, 2));
    assert_eq!(p4.excluded_by(Exclusion::ExitedAt18OrOlder), 1);
    assert_eq!(p4.excluded_by(Exclusion::InCareUnder8Days), 1);
    assert_eq!(p4.excluded_by(Exclusion::NotFirstEntry), 1);
}

#[test]
fn p5_counts_moves_after_each_removal_per_1000_days_across_the_windows_episodes() {
    let placement = |started_on, is_absence| PlacementStart {
        started_on,
        is_absence,
    };
    let mut ran_away = episode(d(2025, 7, 1), None);
    ran_away.placements = vec![
        placement(d(2025, 7, 1), false),
        placement(d(2025, 8, 1), true),
        // The placement after the absence is a move; the absence itself is not.
        placement(d(2025, 8, 5), false),
        // After the window: not counted.
        placement(d(2025, 10, 15), false),
    ];
    let mut moved_twice = episode(d(2025, 9, 1), Some((d(2025, 9, 21), ReunifyWithParents)));
    moved_twice.placements = vec![
        placement(d(2025, 9, 1), false),
        placement(d(2025, 9, 10), false),
        placement(d(2025, 9, 15), false),
    ];
    let mut short = episode(d(2025, 9, 1), Some((d(2025, 9, 5), ReunifyWithParents)));
    short.placements.push(placement(d(2025, 9, 2), false));
    // Two episodes in the window: both count. 1–31 Jan (30 days, one move), then
    // 1–30 Sep (30 days, none).
    let mut first = episode(d(2025, 1, 1), Some((d(2025, 1, 31), ReunifyWithParents)));
    first.placements.push(placement(d(2025, 1, 20), false));
    let returned = episode(d(2025, 9, 1), None);
    // Turns 18 on 1 Sep 2025: days stop at 31 Aug (1 Aug – 31 Aug = 31 days), and the
    // move on 15 Sep is after the birthday.
    let mut turns_18 = episode(d(2025, 8, 1), None);
    turns_18.placements.push(placement(d(2025, 9, 15), false));
    let children = vec![
        young(1, vec![ran_away]),
        young(2, vec![moved_twice]),
        young(3, vec![short]),
        young(4, vec![first, returned]),
        child(5, d(2007, 9, 1), vec![turns_18]),
        // Entered at 18: excluded.
        child(6, d(2006, 1, 1), vec![episode(d(2025, 2, 1), None)]),
    ];
    let p5 = only(Indicator::P5PlacementStability, &children, &[]);
    // Days: 92 (1 Jul – 30 Sep) + 20 (1–20 Sep) + 30 + 30 + 31 = 203.
    // Moves: 1 + 2 + 1 + 0 + 0 = 4.
    assert_eq!((p5.numerator, p5.denominator), (4, 203));
    assert_eq!(p5.excluded_by(Exclusion::InCareUnder8Days), 1);
    assert_eq!(p5.excluded_by(Exclusion::EnteredAt18OrOlder), 1);
    // 4 / 203 × 1,000 = 19.704…
    assert_eq!(
        p5.observed().map(|r| r.to_string()),
        Some("19.70 per 1000 days".to_owned())
    );
}

fn victim(n: u128, born_on: NaiveDate, report: &str, reported_on: NaiveDate) -> Victimization {
    Victimization {
        child: person(n),
        born_on,
        report: report.to_owned(),
        reported_on,
    }
}

#[test]
fn s1_counts_victimizations_in_care_per_100000_days_outside_the_first_week() {
    let born = d(BORN_2015.0, BORN_2015.1, BORN_2015.2);
    let turns_18 = d(2007, 6, 1);
    let children = vec![
        // In care all year: 365 days.
        young(1, vec![episode(d(2024, 9, 1), None)]),
        // 1 Mar – 31 Mar 2025: 31 days.
        young(
            2,
            vec![episode(
                d(2025, 3, 1),
                Some((d(2025, 4, 1), ReunifyWithParents)),
            )],
        ),
        // 5 days: excluded with its report.
        young(
            3,
            vec![episode(
                d(2025, 5, 1),
                Some((d(2025, 5, 6), ReunifyWithParents)),
            )],
        ),
        // In care until the 18th birthday on 1 Jun 2025: 1 Oct 2024 – 31 May 2025 = 243 days.
        child(4, turns_18, vec![episode(d(2024, 1, 1), None)]),
    ];
    let victims = vec![
        // Counted once, though the report holds two victimizations of the child.
        victim(1, born, "R1", d(2025, 2, 1)),
        victim(1, born, "R1", d(2025, 2, 1)),
        // Before the window.
        victim(1, born, "R2", d(2024, 9, 3)),
        // Day 5 of the episode: in the first 7 days, excluded.
        victim(2, born, "R3", d(2025, 3, 5)),
        // Removal + 7 days: counted.
        victim(2, born, "R4", d(2025, 3, 8)),
        // On the exit day: no longer in care.
        victim(2, born, "R5", d(2025, 4, 1)),
        victim(3, born, "R6", d(2025, 5, 3)),
        // After the 18th birthday.
        victim(4, turns_18, "R7", d(2025, 7, 1)),
    ];
    let s1 = only(Indicator::S1MaltreatmentInCare, &children, &victims);
    assert_eq!((s1.numerator, s1.denominator), (2, 365 + 31 + 243));
    assert_eq!(s1.excluded_by(Exclusion::InCareUnder8Days), 1);
    assert_eq!(s1.excluded_by(Exclusion::ReportedInFirst7Days), 1);
    // 2 / 639 × 100,000 = 312.989…
    assert_eq!(
        s1.observed().map(|r| r.to_string()),
        Some("312.99 per 100000 days".to_owned())
    );
}

#[test]
fn s2_counts_a_second_victimization_after_14_days_and_within_12_months() {
    let born = d(BORN_2015.0, BORN_2015.1, BORN_2015.2);
    let victims = vec![
        // 14 days later: the same incident. In, no recurrence.
        victim(1, born, "A1", d(2024, 11, 1)),
        victim(1, born, "A2", d(2024, 11, 15)),
        // 15 days later: a recurrence.
        victim(2, born, "B1", d(2024, 11, 1)),
        victim(2, born, "B2", d(2024, 11, 16)),
        // Exactly 12 months later: too late. In, no recurrence.
        victim(3, born, "C1", d(2025, 1, 10)),
        victim(3, born, "C2", d(2026, 1, 10)),
        // 18 at the report: excluded.
        victim(4, d(2006, 10, 15), "D1", d(2024, 12, 1)),
        // A report before the window is not a recurrence of one inside it. In, no recurrence.
        victim(5, born, "E0", d(2024, 9, 1)),
        victim(5, born, "E1", d(2025, 3, 1)),
        // Two maltreatments on one report are one victimization. In, no recurrence.
        victim(6, born, "F1", d(2025, 2, 1)),
        victim(6, born, "F1", d(2025, 2, 1)),
        // Only before the window: not in.
        victim(7, born, "G1", d(2024, 9, 1)),
    ];
    let s2 = only(Indicator::S2RecurrenceOfMaltreatment, &[], &victims);
    assert_eq!((s2.numerator, s2.denominator), (1, 5));
    assert_eq!(s2.excluded_by(Exclusion::VictimAged18OrOlder), 1);
    assert_eq!(
        s2.observed().map(|r| r.to_string()),
        Some("20.00%".to_owned())
    );
}

#[test]
fn an_empty_cohort_has_no_observed_value_and_a_reversed_window_is_refused() {
    let all = indicators(&[], &[], fy2025()).expect("a valid window");
    assert_eq!(all.len(), 7);
    assert!(all.iter().all(|v| v.observed().is_none()));
    let reversed = Window {
        from: d(2025, 9, 30),
        to: d(2024, 10, 1),
    };
    let error = indicators(&[], &[], reversed).expect_err("a reversed window");
    assert!(error.to_string().contains("to"), "{error}");
}
