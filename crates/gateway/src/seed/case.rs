//! One case from referral to closure: intake and screening, the investigation with its
//! allegations and findings, and for a removed child the custody episode: placements,
//! caseworker and family visits, independent-living services for youth 14 and older,
//! the permanency steps an exit needs, and the exit.
use chrono::{Datelike, Days, NaiveDate};
use serde_json::json;
use uuid::Uuid;

use super::county::Agency;
use super::lines::{command, StreamLines, StreamPlan};
use super::names;
use super::prng::Prng;
use super::profile::{
    CHILDREN_PER_REPORT, HISTORY_START, HISTORY_YEARS, MEAN_STAY_DAYS, REFERENCE_DATE,
    VICTIM_PER_MILLE,
};

/// What becomes of a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CaseKind {
    /// A child already in care when the history starts.
    CarriedIn,
    /// Investigated, and one child removed within the history.
    Removal,
    /// Investigated; no removal.
    Investigated,
    /// Screened out.
    ScreenedOut,
}

/// Why a child leaves care, per hundred exits (AFCARS FY2022: reunification 47%, other
/// relatives 6%, adoption 25%, guardianship 11%, emancipation 8%, runaway 1%).
const EXIT_REASONS: [(u64, &str); 6] = [
    (47, "reunify_with_parents"),
    (6, "live_with_other_relatives"),
    (25, "adoption"),
    (11, "guardianship"),
    (8, "emancipation"),
    (1, "runaway_or_whereabouts_unknown"),
];

/// Race per thousand children in care (AFCARS FY2022, race alone or in combination,
/// Hispanic children included in their race): white, Black, two races, American Indian
/// or Alaska Native, Asian, Native Hawaiian or other Pacific Islander, unknown; the
/// race was declined for a few.
const RACES: [(u64, &[&str]); 8] = [
    (590, &["white"]),
    (235, &["black_or_african_american"]),
    (100, &["white", "black_or_african_american"]),
    (20, &["american_indian_or_alaska_native"]),
    (10, &["asian"]),
    (3, &["native_hawaiian_or_other_pacific_islander"]),
    (32, &["unknown"]),
    (10, &[]),
];

/// Hispanic or Latino ethnicity per thousand (AFCARS FY2022: about 21% Hispanic).
const HISPANIC_ETHNICITY: [(u64, &str); 4] =
    [(210, "yes"), (750, "no"), (35, "unknown"), (5, "declined")];

/// A race answer as the import takes it; an empty set of categories is a declined answer.
fn race(prng: &mut Prng) -> serde_json::Value {
    match prng.weighted(&RACES) {
        [] => json!("declined"),
        categories => json!({ "reported": categories }),
    }
}

/// What the access generator needs to know about a generated case.
#[derive(Debug, Clone)]
pub(crate) struct CaseFacts {
    pub(crate) case_id: Uuid,
    pub(crate) children: Vec<Uuid>,
    pub(crate) parent: Option<Uuid>,
    /// The caseworker (index into the agency's caseworkers) and the day assigned.
    pub(crate) assignment: Option<(usize, NaiveDate)>,
    /// The removed child, the removal day and the day the child left care, if before
    /// the reference date.
    pub(crate) removal: Option<(Uuid, NaiveDate, Option<NaiveDate>)>,
}

impl CaseFacts {
    /// Everyone the case is about.
    pub(crate) fn subjects(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.children.iter().copied().chain(self.parent)
    }
}

pub(crate) struct GeneratedCase {
    pub(crate) facts: CaseFacts,
    pub(crate) streams: Vec<StreamLines>,
}

/// Generates one case. `parent` overrides the minted parent (planted conflicts).
pub(crate) fn generate(
    prng: &mut Prng,
    agency: &Agency,
    kind: CaseKind,
    parent_override: Option<Uuid>,
) -> GeneratedCase {
    let history_days = (HISTORY_YEARS * 365) as i64;
    let stay = prng.exponential_days(MEAN_STAY_DAYS);
    let removed_on = match kind {
        // A child in care on the first day has been in care for an exponentially
        // distributed time: the stationary state of exponential stays.
        CaseKind::CarriedIn => {
            let elapsed = prng.exponential_days(MEAN_STAY_DAYS).clamp(1, 6 * 365) as u64;
            HISTORY_START - Days::new(elapsed)
        }
        _ => HISTORY_START + Days::new(prng.below(history_days as u64)),
    };
    let reported_on = match kind {
        CaseKind::CarriedIn | CaseKind::Removal => removed_on - Days::new(prng.below(4)),
        _ => removed_on,
    };
    let removed = matches!(kind, CaseKind::CarriedIn | CaseKind::Removal);
    // Carried-in stays are measured from the history's start (memoryless), so they run
    // as long on average as any other.
    let exited_on = match kind {
        CaseKind::CarriedIn => HISTORY_START + Days::new(stay as u64),
        _ => removed_on + Days::new(stay as u64),
    };
    let mut exit_reason = *prng.weighted(&EXIT_REASONS);

    let case_id = prng.id_on(reported_on);
    let count = *prng.weighted(&CHILDREN_PER_REPORT);
    let worker_index = prng.below(agency.caseworkers.len() as u64) as usize;
    let worker = &agency.caseworkers[worker_index];
    let actor = worker.staff_id;

    // Children: the first is the one removed, if any. An emancipating youth turns 18
    // on the exit day; others are 0 to 16 at the report, younger children more often.
    let mut children = Vec::with_capacity(count);
    let mut births = Vec::with_capacity(count);
    for n in 0..count {
        let age_days = if n == 0 && removed && exit_reason == "emancipation" {
            let days_at_exit = 18 * 365 + 5;
            let days = (exited_on - reported_on).num_days();
            if days >= days_at_exit - 30 {
                exit_reason = "reunify_with_parents";
                prng.between(0, 16 * 365)
            } else {
                days_at_exit - days
            }
        } else if prng.chance(300) {
            prng.between(0, 2 * 365)
        } else {
            prng.between(0, 16 * 365)
        };
        births.push(reported_on - Days::new(age_days.max(1) as u64));
        children.push(prng.id_on(reported_on));
    }
    let screened_in = kind != CaseKind::ScreenedOut;
    let parent = screened_in.then(|| parent_override.unwrap_or_else(|| prng.id_on(reported_on)));

    let mut streams = Vec::new();
    let mut case = StreamPlan::new("case", case_id);
    case.plan(reported_on, actor, command("ReceiveReferral", json!({
        "case_id": case_id, "reported_on": reported_on, "reported_at": null,
        "source": prng.pick(&["education_personnel", "legal_or_law_enforcement_personnel", "medical_personnel",
                               "social_services_personnel", "parent", "other_relative", "friend_or_neighbor", "anonymous_reporter"]),
        "county": agency.code, "agency": agency.organization, "children": children,
        "summary": "synthetic referral"})));
    let decision = if screened_in {
        json!({"screened_in": {"response": "investigation"}})
    } else {
        json!({"screened_out": {"reason": prng.pick(&["does_not_meet_criteria", "insufficient_information", "duplicate_report"])}})
    };
    case.plan(
        reported_on,
        actor,
        command(
            "ScreenReferral",
            json!({"screened_on": reported_on, "decision": decision}),
        ),
    );

    let mut facts = CaseFacts {
        case_id,
        children: children.clone(),
        parent,
        assignment: None,
        removal: None,
    };
    for (child, born) in children.iter().zip(&births) {
        streams.push(person(
            prng,
            *child,
            *born,
            reported_on,
            actor,
            parent,
            None,
        ));
    }
    let Some(parent) = parent else {
        streams.insert(0, case.into_lines(prng));
        return GeneratedCase { facts, streams };
    };
    let born = reported_on - Days::new(prng.between(19 * 365, 45 * 365) as u64);
    streams.push(person(prng, parent, born, reported_on, actor, None, None));

    let started = reported_on + Days::new(if removed { 0 } else { prng.below(3) });
    case.plan(
        started,
        actor,
        command(
            "InitiateResponse",
            json!({"started_on": started, "started_at": null}),
        ),
    );
    let assigned = started;
    case.plan(
        assigned,
        actor,
        command(
            "AssignCaseworker",
            json!({
        "worker": actor, "supervisor": worker.supervisor, "assigned_on": assigned}),
        ),
    );
    facts.assignment = Some((worker_index, assigned));
    let disposed_on = reported_on + Days::new(prng.between(20, 45) as u64);
    for (n, child) in children.iter().enumerate() {
        let allegation = prng.id_on(reported_on);
        let maltreatment = *prng.weighted(&[
            (60, "neglect"),
            (18, "physical_abuse"),
            (9, "sexual_abuse"),
            (6, "psychological_or_emotional_maltreatment"),
            (7, "medical_neglect"),
        ]);
        case.plan(
            reported_on,
            actor,
            command(
                "RecordAllegation",
                json!({
            "allegation_id": allegation, "victim": child, "maltreatment": maltreatment,
            "perpetrator": {"person": parent, "relationship": "parent"},
            "alleged_on": reported_on, "incident_on": null}),
            ),
        );
        let victim = (n == 0 && removed) || prng.chance(VICTIM_PER_MILLE);
        let disposition = if victim {
            "substantiated"
        } else {
            "unsubstantiated"
        };
        case.plan(
            disposed_on,
            actor,
            command(
                "RecordDisposition",
                json!({
            "allegation_id": allegation, "disposition": disposition, "disposed_on": disposed_on}),
            ),
        );
    }

    if !removed {
        let closed = disposed_on + Days::new(prng.between(1, 20) as u64);
        case.plan(
            closed,
            actor,
            command(
                "CloseCase",
                json!({"closed_on": closed, "reason": "no_services_needed"}),
            ),
        );
        streams.insert(0, case.into_lines(prng));
        return GeneratedCase { facts, streams };
    }

    let child = children[0];
    let episode = prng.id_on(removed_on);
    case.plan(
        removed_on,
        actor,
        command("OpenCase", json!({"opened_on": removed_on})),
    );
    case.plan(removed_on, actor, command("RecordRemoval", json!({
        "episode_id": episode, "child": child, "removed_on": removed_on, "removed_at": null,
        "manner": if prng.chance(850) { "court_ordered" } else { "voluntary_agreement" },
        "environment": "parent_household",
        "circumstances": [prng.pick(&["neglect", "physical_abuse", "caretaker_drug_use", "inadequate_housing", "caretaker_alcohol_use"])]})));
    let first_home = *prng.pick(&agency.foster_homes);
    let first_placement = prng.id_on(removed_on);
    case.plan(removed_on, actor, command("PlaceChild", json!({
        "placement_id": first_placement, "episode_id": episode, "started_on": removed_on, "ended_on": null,
        "setting": {"foster_family_home": {"home_types": ["licensed"]}}, "provider": first_home, "location": "in_state"})));
    let in_care_until = exited_on.min(REFERENCE_DATE);
    let care_days = (in_care_until - removed_on).num_days();
    if care_days > 60 && prng.chance(300) {
        let moved = removed_on + Days::new((care_days / 2) as u64);
        case.plan(
            moved,
            actor,
            command(
                "EndPlacement",
                json!({"placement_id": first_placement, "ended_on": moved}),
            ),
        );
        case.plan(
            moved,
            actor,
            command(
                "PlaceChild",
                json!({
            "placement_id": prng.id_on(moved), "episode_id": episode, "started_on": moved,
            "ended_on": null, "setting": {"foster_family_home": {"home_types": ["licensed"]}},
            "provider": prng.pick(&agency.foster_homes), "location": "in_state"}),
            ),
        );
    }
    // Monthly caseworker visits, at most a year of them to bound the volume.
    for month in 1..=12u64 {
        let on = removed_on + Days::new(month * 30);
        if on >= in_care_until {
            break;
        }
        case.plan(
            on,
            actor,
            command(
                "RecordCaseworkerVisit",
                json!({
            "visit_id": prng.id_on(on), "child": child, "caseworker": actor,
            "visited_on": on, "location": "child_residence"}),
            ),
        );
    }
    for week in [2u64, 4] {
        let on = removed_on + Days::new(week * 7);
        if on >= in_care_until {
            break;
        }
        let visit = prng.id_on(on);
        case.plan(
            on,
            actor,
            command(
                "ScheduleFamilyVisit",
                json!({
            "visit_id": visit, "child": child, "visitors": [parent], "supervisor": null,
            "scheduled_for": on, "scheduled_at": null}),
            ),
        );
        let outcome = if prng.chance(800) {
            json!({"attended": {"notes": "visit went as planned", "parent_progress": "some_progress", "skill_ratings": []}})
        } else {
            json!({"missed": {"by": "parent"}})
        };
        case.plan(
            on,
            actor,
            command(
                "RecordFamilyVisitOutcome",
                json!({"visit_id": visit, "outcome": outcome, "occurred_on": on}),
            ),
        );
    }
    match exit_reason {
        "adoption" => {
            let placed = (exited_on - Days::new(180)).max(removed_on);
            case.plan(placed, actor, command("RecordAdoptivePlacement", json!({"child": child, "family": prng.pick(&agency.foster_homes), "placed_on": placed})));
            case.plan(
                exited_on,
                actor,
                command(
                    "FinalizeAdoption",
                    json!({"child": child, "finalized_on": exited_on}),
                ),
            );
        }
        "guardianship" => {
            let guardian = prng.id_on(exited_on);
            let born = reported_on - Days::new(prng.between(40 * 365, 70 * 365) as u64);
            streams.push(person(
                prng,
                guardian,
                born,
                exited_on.min(REFERENCE_DATE),
                actor,
                None,
                None,
            ));
            case.plan(
                exited_on,
                actor,
                command(
                    "EstablishGuardianship",
                    json!({"child": child, "guardians": [guardian], "established_on": exited_on}),
                ),
            );
        }
        _ => {}
    }
    case.plan(
        exited_on,
        actor,
        command(
            "RecordExit",
            json!({"episode_id": episode, "exited_on": exited_on, "reason": exit_reason}),
        ),
    );
    // Findings may come after a short stay ends; the case closes when both are done.
    let closed_on = exited_on.max(disposed_on);
    case.plan(
        closed_on,
        actor,
        command(
            "CloseCase",
            json!({"closed_on": closed_on, "reason": "permanency_achieved"}),
        ),
    );
    facts.removal = Some((
        child,
        removed_on,
        (exited_on <= REFERENCE_DATE).then_some(exited_on),
    ));

    // The removed child's record gets independent-living services from 14 on.
    let youth = (births[0], removed_on, in_care_until);
    streams[0] = person(
        prng,
        child,
        births[0],
        reported_on,
        actor,
        Some(parent),
        Some(youth),
    );
    streams.insert(0, case.into_lines(prng));
    GeneratedCase { facts, streams }
}

/// A person's record: registration with race and ethnicity, the link to their parent,
/// and, for a youth in care aged 14 to 21, independent-living services (NYTD).
fn person(
    prng: &mut Prng,
    id: Uuid,
    born: NaiveDate,
    registered: NaiveDate,
    actor: Uuid,
    parent: Option<Uuid>,
    in_care: Option<(NaiveDate, NaiveDate, NaiveDate)>,
) -> StreamLines {
    let mut plan = StreamPlan::new("person", id);
    plan.plan(
        registered,
        actor,
        command(
            "register_person",
            json!({
        "person_id": id, "name": names::person_name(prng), "date_of_birth": {"known": born},
        "sex": prng.pick(&["male", "female"]), "occurred_on": registered}),
        ),
    );
    plan.plan(
        registered,
        actor,
        command(
            "record_race",
            json!({"race": race(prng), "occurred_on": registered}),
        ),
    );
    plan.plan(
        registered,
        actor,
        command(
            "record_hispanic_ethnicity",
            json!({"ethnicity": prng.weighted(&HISPANIC_ETHNICITY), "occurred_on": registered}),
        ),
    );
    if let Some(parent) = parent {
        plan.plan(
            registered,
            actor,
            command(
                "record_relationship",
                json!({"other": parent, "kind": "birth_parent", "occurred_on": registered}),
            ),
        );
    }
    if let Some((born, from, until)) = in_care {
        let fourteen = born
            .with_year(born.year() + 14)
            .unwrap_or(born + Days::new(14 * 365));
        let start = from.max(fourteen) + Days::new(30);
        for (offset, service) in [
            (0u64, "independent_living_needs_assessment"),
            (180, "career_preparation"),
            (360, "budget_and_financial_management"),
        ] {
            let on = start + Days::new(offset);
            if on >= until {
                break;
            }
            plan.plan(
                on,
                actor,
                command(
                    "record_independent_living_service",
                    json!({"service": service, "occurred_on": on}),
                ),
            );
        }
    }
    plan.into_lines(prng)
}
