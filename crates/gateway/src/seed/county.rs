//! One county's agency: the PCSA, its staff (director, supervisors, caseworkers, with
//! trainings, a signed Code of Responsibility and supervisors), and its licensed foster
//! homes with their licensing history.
use std::collections::{BTreeSet, VecDeque};

use chrono::{Days, NaiveDate};
use kinlog_domain::policy::{Role, Training};
use kinlog_domain::{CaseId, PersonId};
use serde_json::json;
use uuid::Uuid;

use super::lines::{command, StreamLines, StreamPlan};
use super::names;
use super::prng::Prng;
use super::profile::HISTORY_START;

/// Staff are hired, trained and licensed homes approved this long before the history.
const SETUP_LEAD_DAYS: u64 = 7 * 365;
/// A caseworker's active caseload: the cases assigned most recently.
const ACTIVE_CASELOAD: usize = 15;

/// A staff member as the access policy sees them.
#[derive(Debug, Clone)]
pub(crate) struct StaffMember {
    pub(crate) staff_id: Uuid,
    pub(crate) person_id: Uuid,
    pub(crate) roles: BTreeSet<Role>,
    pub(crate) trainings: BTreeSet<Training>,
    /// Person ids of everyone supervising this member.
    pub(crate) supervisors: BTreeSet<PersonId>,
    /// The staff id of the direct supervisor.
    pub(crate) supervisor: Option<Uuid>,
    pub(crate) relatives: BTreeSet<PersonId>,
    pub(crate) caseload: VecDeque<CaseId>,
}

impl StaffMember {
    pub(crate) fn assign(&mut self, case: CaseId) {
        if self.caseload.len() == ACTIVE_CASELOAD {
            self.caseload.pop_front();
        }
        self.caseload.push_back(case);
    }
}

/// Persons minted before any case so that staff can be linked to them: the planted
/// conflicts of interest put these persons into the first cases.
#[derive(Debug, Clone)]
pub(crate) struct PlantedPersons {
    /// A caseworker's own person record, who is a parent in case 0.
    pub(crate) self_parent: Uuid,
    /// A person a caseworker declared as a relative, a parent in case 1.
    pub(crate) relative_parent: Uuid,
}

/// The county's agency, as the case generator needs it.
#[derive(Debug, Clone)]
pub(crate) struct Agency {
    pub(crate) code: u16,
    pub(crate) organization: Uuid,
    pub(crate) director: StaffMember,
    pub(crate) supervisors: Vec<StaffMember>,
    pub(crate) caseworkers: Vec<StaffMember>,
    pub(crate) foster_homes: Vec<Uuid>,
    /// Staff whose accesses are planted violations; present in planted counties only.
    pub(crate) planted: Option<PlantedStaff>,
}

/// The staff of the planted violations.
#[derive(Debug, Clone)]
pub(crate) struct PlantedStaff {
    pub(crate) persons: PlantedPersons,
    /// A caseworker whose person record is `self_parent`.
    pub(crate) self_worker: StaffMember,
    /// A caseworker who declared `relative_parent` a sibling.
    pub(crate) relative_worker: StaffMember,
    /// A caseworker who never completed the security-procedures training.
    pub(crate) untrained_worker: StaffMember,
    /// A peer mentor who holds one grant, for the children of case 3.
    pub(crate) peer_mentor: StaffMember,
}

/// The agency and the lines that create it.
pub(crate) struct AgencySetup {
    pub(crate) agency: Agency,
    pub(crate) streams: Vec<StreamLines>,
}

/// Builds the agency of county `code` with `caseworkers` caseworkers and `homes` foster
/// homes; `planted` adds the staff of the planted violations.
pub(crate) fn agency(
    prng: &mut Prng,
    code: u16,
    caseworkers: usize,
    homes: usize,
    planted: bool,
) -> AgencySetup {
    let day0 = HISTORY_START - Days::new(SETUP_LEAD_DAYS);
    let organization = prng.id_on(day0);
    let mut streams = Vec::new();
    let mut org_plan = StreamPlan::new("organization", organization);
    let director_id = prng.id_on(day0);
    org_plan.plan(
        day0,
        director_id,
        command(
            "register_organization",
            json!({"organization_id": organization, "kind": "pcsa",
                   "name": format!("County {code} Children Services"), "occurred_on": day0}),
        ),
    );
    streams.push(org_plan.into_lines(prng));

    let hire = |prng: &mut Prng,
                staff_id: Uuid,
                roles: &[(&str, Role)],
                supervisor: Option<&StaffMember>,
                trained: bool| {
        let person_id = prng.id_on(day0);
        let hired = day0 + Days::new(prng.below(365));
        let mut plan = StreamPlan::new("staff", staff_id);
        plan.plan(
            hired,
            director_id,
            command(
                "register_staff_member",
                json!({"staff_id": staff_id, "organization_id": organization,
                       "person_id": person_id, "name": names::person_name(prng),
                       "occurred_on": hired}),
            ),
        );
        for (role, _) in roles {
            plan.plan(
                hired,
                director_id,
                command("assign_role", json!({"role": role, "occurred_on": hired})),
            );
        }
        let mut trainings = BTreeSet::new();
        let required: &[&str] = if trained {
            &["confidentiality", "penalties", "security_procedures"]
        } else {
            &["confidentiality", "penalties"]
        };
        for training in required {
            let on = hired + Days::new(prng.below(20));
            plan.plan(
                on,
                director_id,
                command(
                    "record_training_completion",
                    json!({"training": training, "occurred_on": on}),
                ),
            );
        }
        trainings.insert(Training::Confidentiality);
        if trained {
            trainings.insert(Training::Security);
        }
        let signed = hired + Days::new(21);
        plan.plan(
            signed,
            director_id,
            command(
                "sign_code_of_responsibility",
                json!({"form_version": "JFS 07078 (rev. 2/2019)", "occurred_on": signed}),
            ),
        );
        let mut supervisors = BTreeSet::new();
        if let Some(boss) = supervisor {
            plan.plan(
                signed,
                director_id,
                command(
                    "link_supervisor",
                    json!({"supervisor": boss.staff_id, "occurred_on": signed}),
                ),
            );
            supervisors.insert(PersonId(boss.person_id));
            supervisors.extend(boss.supervisors.iter().copied());
        }
        let relatives = BTreeSet::new();
        (
            StaffMember {
                staff_id,
                person_id,
                roles: roles.iter().map(|(_, role)| *role).collect(),
                trainings,
                supervisors,
                supervisor: supervisor.map(|boss| boss.staff_id),
                relatives,
                caseload: VecDeque::new(),
            },
            plan,
        )
    };

    let (director, plan) = hire(
        prng,
        director_id,
        &[("director", Role::Director)],
        None,
        true,
    );
    streams.push(plan.into_lines(prng));
    let supervisor_count = caseworkers.div_ceil(6).max(1);
    let mut supervisors = Vec::with_capacity(supervisor_count);
    for _ in 0..supervisor_count {
        let staff_id = prng.id_on(day0);
        let (member, plan) = hire(
            prng,
            staff_id,
            &[("supervisor", Role::Supervisor)],
            Some(&director),
            true,
        );
        streams.push(plan.into_lines(prng));
        supervisors.push(member);
    }
    let mut workers = Vec::with_capacity(caseworkers);
    for n in 0..caseworkers {
        let staff_id = prng.id_on(day0);
        let boss = &supervisors[n % supervisors.len()];
        let (member, plan) = hire(
            prng,
            staff_id,
            &[("caseworker", Role::Caseworker)],
            Some(boss),
            true,
        );
        streams.push(plan.into_lines(prng));
        workers.push(member);
    }

    let planted = planted.then(|| {
        let relative_parent = prng.id_on(day0);
        let boss = &supervisors[0];
        let extra = |prng: &mut Prng, trained: bool, roles: &[(&str, Role)]| {
            let staff_id = prng.id_on(day0);
            hire(prng, staff_id, roles, Some(boss), trained)
        };
        let (self_worker, plan) = extra(prng, true, &[("caseworker", Role::Caseworker)]);
        streams.push(plan.into_lines(prng));
        let (mut relative_worker, mut plan) = extra(prng, true, &[("caseworker", Role::Caseworker)]);
        let declared = day0 + Days::new(400);
        plan.plan(declared, director_id, command("declare_relative", json!({"person": relative_parent, "relationship": "sibling", "occurred_on": declared})));
        relative_worker.relatives.insert(PersonId(relative_parent));
        streams.push(plan.into_lines(prng));
        let (untrained_worker, plan) = extra(prng, false, &[("caseworker", Role::Caseworker)]);
        streams.push(plan.into_lines(prng));
        // Peer mentors hold no staff role: what they may see comes from their grant.
        let (mut peer_mentor, plan) = extra(prng, true, &[]);
        peer_mentor.roles.insert(Role::PeerMentor);
        streams.push(plan.into_lines(prng));
        PlantedStaff {
            persons: PlantedPersons {
                self_parent: self_worker.person_id,
                relative_parent,
            },
            self_worker,
            relative_worker,
            untrained_worker,
            peer_mentor,
        }
    });

    let mut foster_homes = Vec::with_capacity(homes);
    for _ in 0..homes {
        let (id, lines) = foster_home(prng, code, organization, director_id, day0);
        foster_homes.push(id);
        streams.push(lines);
    }
    AgencySetup {
        agency: Agency {
            code,
            organization,
            director,
            supervisors,
            caseworkers: workers,
            foster_homes,
            planted,
        },
        streams,
    }
}

/// A licensed foster home: registered, applied, studied, approved, renewed every two
/// years up to the history's end.
fn foster_home(
    prng: &mut Prng,
    code: u16,
    organization: Uuid,
    actor: Uuid,
    day0: NaiveDate,
) -> (Uuid, StreamLines) {
    let id = prng.id_on(day0);
    let registered = day0 + Days::new(prng.below(300));
    let mut plan = StreamPlan::new("provider", id);
    plan.plan(registered, actor, command("register_provider", json!({
        "provider_id": id, "kind": "foster_home", "name": format!("{} family home", names::family(prng)),
        "address": {"lines": [format!("{} {}", prng.between(1, 9999), names::street(prng))],
                    "city": format!("County {code} city"), "state": "OH", "postal_code": format!("4{:04}", prng.below(10_000))},
        "organization_id": organization, "occurred_on": registered})));
    let applied = registered + Days::new(1);
    plan.plan(
        applied,
        actor,
        command("apply_for_license", json!({"occurred_on": applied})),
    );
    let studied = applied + Days::new(prng.between(30, 90) as u64);
    plan.plan(
        studied,
        actor,
        command(
            "record_home_study",
            json!({"assessor": actor, "recommendation": "approve", "occurred_on": studied}),
        ),
    );
    let approved = studied + Days::new(prng.between(5, 30) as u64);
    let mut expires = approved + Days::new(730);
    plan.plan(approved, actor, command("approve_license", json!({
        "license_number": format!("FH-{code:03}-{}", prng.below(1_000_000)), "expires_on": expires, "occurred_on": approved})));
    while expires <= super::profile::REFERENCE_DATE + Days::new(365) {
        let renewed = expires - Days::new(prng.between(10, 60) as u64);
        let next = expires + Days::new(730);
        plan.plan(
            renewed,
            actor,
            command(
                "renew_license",
                json!({"expires_on": next, "occurred_on": renewed}),
            ),
        );
        expires = next;
    }
    (id, plan.into_lines(prng))
}
