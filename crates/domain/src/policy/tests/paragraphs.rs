//! One test per paragraph of Ohio Adm.Code 5101:2-33-70 (and the portal roles), each
//! with a control showing the same request passes when the paragraph's condition is
//! lifted, so a deny is the paragraph's doing and not an accident.
use chrono::Duration;

use super::super::*;
use super::fixtures::*;
use Action::*;
use ResourceKind as K;
use Then::*;

#[test]
fn paragraph_t1_self_access_is_denied() {
    let worker = staff(&[Role::Supervisor]);
    check(
        &worker,
        (View, &record(K::Case), Purpose::CaseWork),
        Allow(&["G-permit-supervisor-own-organization"]),
    );
    let about_self = record_about(K::Person, &[SELF]);
    for action in [View, Record, Approve] {
        check(
            &worker,
            (action, &about_self, Purpose::CaseWork),
            Deny(&["T1-forbid-self"]),
        );
    }
    // A case the worker is a member of (as a parent, say) is about them too.
    let own_family_case = record_about(K::Case, &[CHILD, SELF]);
    check(
        &worker,
        (View, &own_family_case, Purpose::CaseWork),
        Deny(&["T1-forbid-self"]),
    );
}

#[test]
fn paragraph_t2_relative_access_is_denied() {
    let worker = staff(&[Role::Director]);
    check(
        &worker,
        (Export, &record(K::CaseNote), Purpose::CaseWork),
        Allow(&["G-permit-director-own-organization"]),
    );
    let note_about_relative = record_about(K::CaseNote, &[CHILD, RELATIVE]);
    for action in [View, Record, Approve, Export, Disclose] {
        check(
            &worker,
            (action, &note_about_relative, Purpose::CaseWork),
            Deny(&["T2-forbid-relative"]),
        );
    }
}

#[test]
fn paragraph_t3_supervisor_access_is_denied() {
    let worker = staff(&[Role::Caseworker]);
    let about_supervisor = record_about(K::Placement, &[SUPERVISOR]);
    check(
        &worker,
        (View, &about_supervisor, Purpose::CaseWork),
        Deny(&["T3-forbid-supervisor"]),
    );
    // Self, relative and supervisor together: every forbid that fired is named.
    let about_all = record_about(K::Case, &[SELF, RELATIVE, SUPERVISOR]);
    check(
        &worker,
        (View, &about_all, Purpose::CaseWork),
        Deny(&[
            "T1-forbid-self",
            "T2-forbid-relative",
            "T3-forbid-supervisor",
        ]),
    );
}

#[test]
fn paragraph_t_holds_against_a_grant_covering_the_record() {
    let recruiter = with_grant(
        staff(&[Role::WwkRecruiter]),
        grant(
            1,
            GrantScope::ChildOrSiblingGroup(persons(&[RELATIVE])),
            Purpose::Recruitment,
        ),
    );
    let about_relative = record_about(K::Person, &[RELATIVE]);
    let decision = check(
        &recruiter,
        (View, &about_relative, Purpose::Recruitment),
        Deny(&["T2-forbid-relative"]),
    );
    assert_eq!(decision.grant_used, None);
}

#[test]
fn paragraph_r_researchers_are_always_denied() {
    // Even a director of the owning agency who is also a researcher, on every action.
    let researcher = staff(&[Role::Director, Role::Researcher]);
    for action in Action::ALL {
        check(
            &researcher,
            (action, &record(K::Case), Purpose::CaseWork),
            Deny(&["R-forbid-researcher"]),
        );
    }
    let state_researcher = staff_of(
        OrganizationKind::State,
        ORG,
        &[Role::Researcher, Role::Auditor],
    );
    let log = organization_record(K::AuditLog, ORG);
    check(
        &state_researcher,
        (ReplayAudit, &log, Purpose::Audit),
        Deny(&["R-forbid-researcher"]),
    );
}

#[test]
fn paragraph_d_untrained_staff_are_denied() {
    for missing in [Training::Confidentiality, Training::Security] {
        let mut worker = staff(&[Role::Caseworker]);
        worker.trainings.remove(&missing);
        check(
            &worker,
            (View, &record(K::Case), Purpose::CaseWork),
            Deny(&["D-forbid-untrained"]),
        );
    }
    check(
        &staff(&[Role::Caseworker]),
        (View, &record(K::Case), Purpose::CaseWork),
        Allow(&["G-permit-caseworker-view-own-organization"]),
    );
}

#[test]
fn paragraph_d_staff_without_code_of_responsibility_are_denied() {
    let mut worker = staff(&[Role::Caseworker]);
    worker.code_of_responsibility_signed = false;
    check(
        &worker,
        (View, &record(K::Case), Purpose::CaseWork),
        Deny(&["D-forbid-no-code-of-responsibility"]),
    );
}

#[test]
fn paragraph_e_suspended_or_revoked_accounts_are_denied() {
    for status in [AccountStatus::Suspended, AccountStatus::Revoked] {
        let mut worker = staff(&[Role::Caseworker]);
        worker.account_status = status;
        check(
            &worker,
            (View, &record(K::Case), Purpose::CaseWork),
            Deny(&["E-forbid-account-not-active"]),
        );
        let mut parent = parent_portal(MOTHER);
        parent.account_status = status;
        let mut visits = record(K::VisitSchedule);
        visits.portal.family_parents = persons(&[MOTHER]);
        check(
            &parent,
            (View, &visits, Purpose::SelfService),
            Deny(&["E-forbid-account-not-active"]),
        );
    }
}

#[test]
fn paragraph_g_caseworker_views_own_organization_and_records_only_on_caseload() {
    let worker = staff(&[Role::Caseworker]);
    check(
        &worker,
        (View, &other_case_record(K::CaseNote), Purpose::CaseWork),
        Allow(&["G-permit-caseworker-view-own-organization"]),
    );
    check(
        &worker,
        (Record, &record(K::CaseNote), Purpose::CaseWork),
        Allow(&["G-permit-caseworker-record-caseload"]),
    );
    check(
        &worker,
        (Record, &other_case_record(K::CaseNote), Purpose::CaseWork),
        Deny(&[]),
    );
    // The access log of a caseload case is not case information.
    let case_log = ResourceFacts {
        kind: K::AuditLog,
        ..record(K::Case)
    };
    check(&worker, (View, &case_log, Purpose::CaseWork), Deny(&[]));
    check(&worker, (Record, &case_log, Purpose::CaseWork), Deny(&[]));
    for action in [Approve, Export, Erase, Disclose, RunReport, ReplayAudit] {
        check(
            &worker,
            (action, &record(K::CaseNote), Purpose::CaseWork),
            Deny(&[]),
        );
    }
}

#[test]
fn paragraph_g_supervisor_approves_within_own_organization() {
    let supervisor = staff(&[Role::Supervisor]);
    check(
        &supervisor,
        (Approve, &other_case_record(K::CaseNote), Purpose::CaseWork),
        Allow(&["G-permit-supervisor-own-organization"]),
    );
    check(
        &supervisor,
        (Approve, &other_org_record(K::CaseNote), Purpose::CaseWork),
        Deny(&[]),
    );
    check(
        &supervisor,
        (Export, &record(K::CaseNote), Purpose::CaseWork),
        Deny(&[]),
    );
}

#[test]
fn paragraph_g_director_exports_discloses_and_runs_own_reports() {
    let director = staff(&[Role::Director]);
    for action in [View, Record, Approve, Export, Disclose] {
        check(
            &director,
            (action, &record(K::Case), Purpose::CaseWork),
            Allow(&["G-permit-director-own-organization"]),
        );
    }
    check(
        &director,
        (Erase, &record(K::Case), Purpose::CaseWork),
        Deny(&[]),
    );
    check(
        &director,
        (
            RunReport,
            &organization_record(K::Report, ORG),
            Purpose::FederalReporting,
        ),
        Allow(&["G-permit-director-run-report"]),
    );
    check(
        &director,
        (
            RunReport,
            &organization_record(K::Report, OTHER_ORG),
            Purpose::FederalReporting,
        ),
        Deny(&[]),
    );
}

#[test]
fn paragraph_g_another_organizations_case_needs_a_case_grant() {
    let worker = staff(&[Role::Caseworker]);
    let theirs = other_org_record(K::CaseNote);
    check(&worker, (View, &theirs, Purpose::CaseWork), Deny(&[]));
    let courtesy = with_grant(
        worker,
        grant(7, GrantScope::Case(case(OTHER_CASE)), Purpose::CaseWork),
    );
    let decision = check(
        &courtesy,
        (Record, &theirs, Purpose::CaseWork),
        Allow(&["G-permit-agency-staff-granted-case-or-organization"]),
    );
    assert_eq!(decision.grant_used, Some(grant_id(7)));
}

#[test]
fn paragraph_h_pcpa_caseworker_records_own_provider_records() {
    let licensing = staff_of(OrganizationKind::Pcpa, OTHER_ORG, &[Role::Caseworker]);
    let home_study = ResourceFacts {
        case: None,
        subjects: persons(&[60, 61]),
        ..organization_record(K::ProviderRecord, OTHER_ORG)
    };
    check(
        &licensing,
        (Record, &home_study, Purpose::CaseWork),
        Allow(&["H-permit-caseworker-record-provider-records"]),
    );
    let other_agency_home = ResourceFacts {
        owning_organization: org(ORG),
        ..home_study
    };
    check(
        &licensing,
        (Record, &other_agency_home, Purpose::CaseWork),
        Deny(&[]),
    );
}

#[test]
fn paragraph_j_court_iv_e_staff_reach_only_the_granted_case_for_iv_e() {
    let court = with_grant(
        staff_of(OrganizationKind::JuvenileCourt, 5, &[Role::CourtIvE]),
        grant(1, GrantScope::Case(case(CASE)), Purpose::TitleIvE),
    );
    let decision = check(
        &court,
        (Record, &record(K::CasePlanItem), Purpose::TitleIvE),
        Allow(&["J-permit-court-iv-e-granted-case-or-child"]),
    );
    assert_eq!(decision.grant_used, Some(grant_id(1)));
    check(
        &court,
        (View, &other_case_record(K::Case), Purpose::TitleIvE),
        Deny(&[]),
    );
    // The grant serves Title IV-E work only.
    check(
        &court,
        (View, &record(K::Case), Purpose::Investigation),
        Deny(&["W-forbid-grant-for-another-purpose"]),
    );
    // The same role at an agency is not a court.
    let not_a_court = with_grant(
        staff(&[Role::CourtIvE]),
        grant(1, GrantScope::Case(case(CASE)), Purpose::TitleIvE),
    );
    check(
        &not_a_court,
        (View, &other_case_record(K::Case), Purpose::TitleIvE),
        Deny(&[]),
    );
}

#[test]
fn paragraph_k_prosecutor_views_only_directly_connected_records() {
    let prosecutor = with_grant(
        staff_of(OrganizationKind::Prosecutor, 6, &[Role::Prosecutor]),
        grant(2, GrantScope::Case(case(CASE)), Purpose::Investigation),
    );
    check(
        &prosecutor,
        (View, &record(K::CaseNote), Purpose::Investigation),
        Allow(&["K-permit-prosecutor-directly-connected"]),
    );
    check(
        &prosecutor,
        (Record, &record(K::CaseNote), Purpose::Investigation),
        Deny(&[]),
    );
    check(
        &prosecutor,
        (
            View,
            &other_case_record(K::CaseNote),
            Purpose::Investigation,
        ),
        Deny(&[]),
    );
    check(
        &prosecutor,
        (View, &record(K::VisitSchedule), Purpose::Investigation),
        Deny(&[]),
    );
    // Without a grant there is no connection to any case.
    let unconnected = staff_of(OrganizationKind::Prosecutor, 6, &[Role::Prosecutor]);
    check(
        &unconnected,
        (View, &record(K::CaseNote), Purpose::Investigation),
        Deny(&[]),
    );
}

#[test]
fn paragraph_l_wwk_recruiter_reaches_only_the_child_or_sibling_group_served() {
    let recruiter = with_grant(
        staff_of(OrganizationKind::Pcpa, OTHER_ORG, &[Role::WwkRecruiter]),
        grant(
            3,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD, SIBLING])),
            Purpose::Recruitment,
        ),
    );
    let decision = check(
        &recruiter,
        (
            Record,
            &record_about(K::CaseNote, &[SIBLING, MOTHER]),
            Purpose::Recruitment,
        ),
        Allow(&["L-permit-wwk-recruiter-child-or-sibling-group"]),
    );
    assert_eq!(decision.grant_used, Some(grant_id(3)));
    check(
        &recruiter,
        (
            View,
            &record_about(K::Person, &[CHILD]),
            Purpose::Recruitment,
        ),
        Allow(&["L-permit-wwk-recruiter-child-or-sibling-group"]),
    );
    // The mother's own person record is not information about the child served.
    check(
        &recruiter,
        (
            View,
            &record_about(K::Person, &[MOTHER]),
            Purpose::Recruitment,
        ),
        Deny(&[]),
    );
    check(
        &recruiter,
        (View, &other_case_record(K::CaseNote), Purpose::Recruitment),
        Deny(&[]),
    );
    check(
        &recruiter,
        (Approve, &record(K::CaseNote), Purpose::Recruitment),
        Deny(&[]),
    );
}

#[test]
fn paragraph_m_thirty_days_to_family_reaches_granted_children_or_program() {
    let by_program = with_grant(
        staff(&[Role::ThirtyDaysToFamily]),
        grant(
            4,
            GrantScope::Program(program(PROGRAM)),
            Purpose::Permanency,
        ),
    );
    let enrolled = ResourceFacts {
        programs: [program(PROGRAM)].into(),
        ..other_case_record(K::Placement)
    };
    check(
        &by_program,
        (Record, &enrolled, Purpose::Permanency),
        Allow(&["M-permit-30-days-to-family-child-or-sibling-group"]),
    );
    check(
        &by_program,
        (View, &other_case_record(K::Placement), Purpose::Permanency),
        Deny(&[]),
    );
    let by_child = with_grant(
        staff(&[Role::ThirtyDaysToFamily]),
        grant(
            5,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
            Purpose::Permanency,
        ),
    );
    check(
        &by_child,
        (View, &record(K::Case), Purpose::Permanency),
        Allow(&["M-permit-30-days-to-family-child-or-sibling-group"]),
    );
    check(
        &by_child,
        (View, &record(K::AuditLog), Purpose::Permanency),
        Deny(&[]),
    );
}

#[test]
fn paragraph_n_peer_mentor_reaches_parents_and_children_in_the_program() {
    let mentor = with_grant(
        staff_of(OrganizationKind::Pna, OTHER_ORG, &[Role::PeerMentor]),
        grant(
            6,
            GrantScope::Program(program(PROGRAM)),
            Purpose::PeerSupport,
        ),
    );
    let parent_progress = ResourceFacts {
        programs: [program(PROGRAM)].into(),
        ..record_about(K::Progress, &[MOTHER])
    };
    check(
        &mentor,
        (Record, &parent_progress, Purpose::PeerSupport),
        Allow(&["N-permit-peer-mentor-program-or-family"]),
    );
    check(
        &mentor,
        (
            View,
            &record_about(K::Progress, &[MOTHER]),
            Purpose::PeerSupport,
        ),
        Deny(&[]),
    );
    let placement = ResourceFacts {
        programs: [program(PROGRAM)].into(),
        ..record(K::Placement)
    };
    check(&mentor, (View, &placement, Purpose::PeerSupport), Deny(&[]));
}

#[test]
fn paragraph_o_intern_records_but_never_approves() {
    let intern = staff(&[Role::Intern]);
    check(
        &intern,
        (Record, &record(K::CaseNote), Purpose::CaseWork),
        Allow(&["O-permit-intern-view-record-caseload"]),
    );
    check(
        &intern,
        (View, &other_case_record(K::CaseNote), Purpose::CaseWork),
        Deny(&[]),
    );
    let case_log = ResourceFacts {
        kind: K::AuditLog,
        ..record(K::Case)
    };
    check(&intern, (View, &case_log, Purpose::CaseWork), Deny(&[]));
    check(
        &intern,
        (Approve, &record(K::CaseNote), Purpose::CaseWork),
        Deny(&["O-forbid-intern-approve"]),
    );
    // An intern who is also given the supervisor role still cannot approve.
    let promoted = staff(&[Role::Intern, Role::Supervisor]);
    check(
        &promoted,
        (Approve, &record(K::CaseNote), Purpose::CaseWork),
        Deny(&["O-forbid-intern-approve"]),
    );
    check(
        &promoted,
        (View, &record(K::CaseNote), Purpose::CaseWork),
        Allow(&[
            "G-permit-supervisor-own-organization",
            "O-permit-intern-view-record-caseload",
        ]),
    );
    // Interns are PCSA interns.
    let pcpa_intern = staff_of(OrganizationKind::Pcpa, ORG, &[Role::Intern]);
    check(
        &pcpa_intern,
        (View, &record(K::CaseNote), Purpose::CaseWork),
        Deny(&[]),
    );
}

#[test]
fn paragraph_p_ombudsman_views_only_necessary_records() {
    let ombudsman = with_grant(
        staff_of(OrganizationKind::Ombudsman, 7, &[Role::Ombudsman]),
        grant(
            8,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
            Purpose::OmbudsmanReview,
        ),
    );
    check(
        &ombudsman,
        (View, &record(K::CaseNote), Purpose::OmbudsmanReview),
        Allow(&["P-permit-ombudsman-necessary-records"]),
    );
    check(
        &ombudsman,
        (Record, &record(K::CaseNote), Purpose::OmbudsmanReview),
        Deny(&[]),
    );
    check(
        &ombudsman,
        (
            View,
            &other_case_record(K::CaseNote),
            Purpose::OmbudsmanReview,
        ),
        Deny(&[]),
    );
}

#[test]
fn paragraph_s_auditors_replay_the_access_log_of_their_organization() {
    let auditor = staff(&[Role::Auditor]);
    check(
        &auditor,
        (
            ReplayAudit,
            &organization_record(K::AuditLog, ORG),
            Purpose::Audit,
        ),
        Allow(&["S-permit-auditor-replay-audit"]),
    );
    check(
        &auditor,
        (
            ReplayAudit,
            &organization_record(K::AuditLog, OTHER_ORG),
            Purpose::Audit,
        ),
        Deny(&[]),
    );
    check(
        &auditor,
        (View, &record(K::Case), Purpose::Audit),
        Deny(&[]),
    );
    let state = staff_of(OrganizationKind::State, 9, &[Role::PrivacyOfficer]);
    check(
        &state,
        (
            ReplayAudit,
            &organization_record(K::AuditLog, OTHER_ORG),
            Purpose::Audit,
        ),
        Allow(&["S-permit-privacy-officer-replay-audit"]),
    );
    // Replaying who looked at the auditor's relative is access to the relative (T2).
    let log_about_relative = ResourceFacts {
        subjects: persons(&[RELATIVE]),
        ..organization_record(K::AuditLog, ORG)
    };
    check(
        &auditor,
        (ReplayAudit, &log_about_relative, Purpose::Audit),
        Deny(&["T2-forbid-relative"]),
    );
}

#[test]
fn the_director_administers_staff_accounts_and_grants_but_not_their_own() {
    let director = staff(&[Role::Director]);
    for kind in [K::StaffRecord, K::AccessGrant] {
        let colleague = record_about(kind, &[UNRELATED_CHILD]);
        check(
            &director,
            (Record, &colleague, Purpose::CaseWork),
            Allow(&["G-permit-director-administer-staff-and-grants"]),
        );
        check(
            &director,
            (Record, &record_about(kind, &[SELF]), Purpose::CaseWork),
            Deny(&["T1-forbid-self"]),
        );
        for other in [staff(&[Role::Caseworker]), staff(&[Role::Supervisor])] {
            check(&other, (Record, &colleague, Purpose::CaseWork), Deny(&[]));
        }
    }
}

#[test]
fn paragraph_c_privacy_officer_acts_on_a_persons_request() {
    let officer = staff(&[Role::PrivacyOfficer]);
    let person = record_about(K::Person, &[MOTHER]);
    for action in [View, Export, Disclose, Erase] {
        check(
            &officer,
            (action, &person, Purpose::PrivacyRequest),
            Allow(&["C-permit-privacy-officer-subject-request"]),
        );
    }
    check(&officer, (Erase, &person, Purpose::CaseWork), Deny(&[]));
    // Others do not act under the privacy-request purpose, even where they may record.
    let director = staff(&[Role::Director]);
    for action in [Record, Export] {
        check(
            &director,
            (action, &person, Purpose::PrivacyRequest),
            Deny(&["C-forbid-privacy-request-outside-privacy-office"]),
        );
    }
    check(
        &officer,
        (Erase, &record(K::Case), Purpose::PrivacyRequest),
        Deny(&[]),
    );
}

#[test]
fn paragraph_w_default_deny() {
    let nobody = staff(&[]);
    for action in Action::ALL {
        let decision = check(
            &nobody,
            (action, &record(K::Case), Purpose::CaseWork),
            Deny(&[]),
        );
        assert!(decision.is_default_deny());
    }
}

#[test]
fn paragraph_w_expired_grant_never_permits() {
    let mut expired = grant(
        9,
        GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
        Purpose::Recruitment,
    );
    expired.expires_at = now() - Duration::seconds(1);
    let recruiter = with_grant(staff(&[Role::WwkRecruiter]), expired.clone());
    let decision = check(
        &recruiter,
        (View, &record(K::Case), Purpose::Recruitment),
        Deny(&["W-forbid-expired-grant"]),
    );
    assert_eq!(decision.grant_used, None);
    // Expiry is exclusive: at the instant of expiry the grant is already dead.
    expired.expires_at = now();
    let at_expiry = with_grant(staff(&[Role::WwkRecruiter]), expired);
    check(
        &at_expiry,
        (View, &record(K::Case), Purpose::Recruitment),
        Deny(&["W-forbid-expired-grant"]),
    );
    // A live grant held beside the expired one is the one used.
    let live = grant(
        10,
        GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
        Purpose::Recruitment,
    );
    let both = with_grant(recruiter, live);
    let decision = check(
        &both,
        (View, &record(K::Case), Purpose::Recruitment),
        Allow(&["L-permit-wwk-recruiter-child-or-sibling-group"]),
    );
    assert_eq!(decision.grant_used, Some(grant_id(10)));
}

#[test]
fn paragraph_w_revoked_grant_never_permits() {
    let mut revoked = grant(11, GrantScope::Case(case(CASE)), Purpose::Investigation);
    revoked.revoked = true;
    let prosecutor = with_grant(
        staff_of(OrganizationKind::Prosecutor, 6, &[Role::Prosecutor]),
        revoked,
    );
    check(
        &prosecutor,
        (View, &record(K::Case), Purpose::Investigation),
        Deny(&["W-forbid-revoked-grant"]),
    );
}

#[test]
fn portal_parent_sees_own_family_visits_assigned_items_and_own_progress() {
    let mother = parent_portal(MOTHER);
    let mut visits = record(K::VisitSchedule);
    visits.portal.family_parents = persons(&[MOTHER]);
    check(
        &mother,
        (View, &visits, Purpose::SelfService),
        Allow(&["VisitOMS-permit-parent-own-family-visits"]),
    );
    check(&mother, (Record, &visits, Purpose::SelfService), Deny(&[]));
    let mut other_family = other_case_record(K::VisitSchedule);
    other_family.portal.family_parents = persons(&[99]);
    check(
        &mother,
        (View, &other_family, Purpose::SelfService),
        Deny(&[]),
    );

    let mut item = record(K::CasePlanItem);
    item.portal.assigned_to = persons(&[MOTHER]);
    check(
        &mother,
        (View, &item, Purpose::SelfService),
        Allow(&["VisitOMS-permit-parent-assigned-case-plan-items"]),
    );
    check(
        &mother,
        (View, &record(K::CasePlanItem), Purpose::SelfService),
        Deny(&[]),
    );

    check(
        &mother,
        (
            View,
            &record_about(K::Progress, &[MOTHER]),
            Purpose::SelfService,
        ),
        Allow(&["VisitOMS-permit-parent-own-progress"]),
    );
    check(
        &mother,
        (
            View,
            &record_about(K::Progress, &[MOTHER, CHILD]),
            Purpose::SelfService,
        ),
        Deny(&[]),
    );
    check(
        &mother,
        (View, &record(K::CaseNote), Purpose::SelfService),
        Deny(&[]),
    );
}

#[test]
fn portal_provider_sees_only_children_placed_with_them() {
    let home = provider_portal(FOSTER_HOME);
    let mut child = record_about(K::Person, &[CHILD]);
    child.portal.placed_with = Some(provider(FOSTER_HOME));
    check(
        &home,
        (View, &child, Purpose::SelfService),
        Allow(&["VisitOMS-permit-provider-children-placed-with-them"]),
    );
    let mut elsewhere = child.clone();
    elsewhere.portal.placed_with = Some(provider(2));
    check(&home, (View, &elsewhere, Purpose::SelfService), Deny(&[]));
    let mut note = record(K::CaseNote);
    note.portal.placed_with = Some(provider(FOSTER_HOME));
    check(&home, (View, &note, Purpose::SelfService), Deny(&[]));
    let mut visits = record(K::VisitSchedule);
    visits.portal.placed_with = Some(provider(FOSTER_HOME));
    check(
        &home,
        (Record, &visits, Purpose::SelfService),
        Allow(&["VisitOMS-permit-provider-record-visits"]),
    );
}

#[test]
fn paragraph_w_grant_of_another_holder_is_refused() {
    // `authorize` always offers the principal's own grants, so this builds the request
    // by hand: a replay or a future caller that pairs a grant with the wrong user must
    // still be refused.
    let ready = ohio().ready().expect("the Ohio set loads");
    let recruiter = staff(&[Role::WwkRecruiter]);
    let scoped = grant(
        12,
        GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
        Purpose::Recruitment,
    );
    let resource = record(K::Case);
    let entities =
        super::super::entities::build(&ready.names, &ready.schema, &recruiter, &resource)
            .expect("the facts are valid");
    let someone_else: cedar_policy::EntityUid =
        r#"Staff::"someone-else""#.parse().expect("a valid uid");
    let evaluate = |holder: &cedar_policy::EntityUid| {
        let context = super::super::entities::context(
            &ready.names,
            holder,
            &context(Purpose::Recruitment),
            Some(&scoped),
        )
        .expect("the context is valid");
        let request = cedar_policy::Request::new(
            entities.principal.clone(),
            ready.names.action("view"),
            entities.resource.clone(),
            context,
            Some(&ready.schema),
        )
        .expect("the request matches the schema");
        let response = cedar_policy::Authorizer::new().is_authorized(
            &request,
            &ready.policies,
            &entities.entities,
        );
        let mut reasons: Vec<String> = response
            .diagnostics()
            .reason()
            .map(ToString::to_string)
            .collect();
        reasons.sort();
        (response.decision(), reasons)
    };
    assert_eq!(
        evaluate(&entities.principal),
        (
            cedar_policy::Decision::Allow,
            vec!["L-permit-wwk-recruiter-child-or-sibling-group".to_owned()]
        )
    );
    assert_eq!(
        evaluate(&someone_else),
        (
            cedar_policy::Decision::Deny,
            vec!["W-forbid-grant-of-another-holder".to_owned()]
        )
    );
}
