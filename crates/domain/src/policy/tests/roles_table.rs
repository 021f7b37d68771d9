//! Allow and deny cases for every role, as one table. Each row names the policy
//! expected to decide it (none for a default deny).
use super::super::*;
use super::fixtures::*;
use Action::*;
use ResourceKind as K;

struct Row {
    who: &'static str,
    principal: PrincipalFacts,
    action: Action,
    resource: ResourceFacts,
    purpose: Purpose,
    allowed: bool,
    decided_by: Option<&'static str>,
}

fn row(
    who: &'static str,
    principal: &PrincipalFacts,
    action: Action,
    resource: ResourceFacts,
    purpose: Purpose,
    decided_by: Option<&'static str>,
) -> Row {
    let allowed = decided_by.is_some_and(|id| id.contains("-permit-"));
    Row {
        who,
        principal: principal.clone(),
        action,
        resource,
        purpose,
        allowed,
        decided_by,
    }
}

fn placed(mut resource: ResourceFacts) -> ResourceFacts {
    resource.portal.placed_with = Some(provider(FOSTER_HOME));
    resource
}

fn table() -> Vec<Row> {
    use Purpose as P;
    let caseworker = staff(&[Role::Caseworker]);
    let supervisor = staff(&[Role::Supervisor]);
    let director = staff(&[Role::Director]);
    let intern = staff(&[Role::Intern]);
    let recruiter = with_grant(
        staff_of(OrganizationKind::Pcpa, OTHER_ORG, &[Role::WwkRecruiter]),
        grant(
            1,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
            P::Recruitment,
        ),
    );
    let thirty_days = with_grant(
        staff(&[Role::ThirtyDaysToFamily]),
        grant(
            2,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD, SIBLING])),
            P::Permanency,
        ),
    );
    let mentor = with_grant(
        staff_of(OrganizationKind::Pna, OTHER_ORG, &[Role::PeerMentor]),
        grant(
            3,
            GrantScope::ChildOrSiblingGroup(persons(&[MOTHER])),
            P::PeerSupport,
        ),
    );
    let court = with_grant(
        staff_of(OrganizationKind::JuvenileCourt, 5, &[Role::CourtIvE]),
        grant(
            4,
            GrantScope::ChildOrSiblingGroup(persons(&[CHILD])),
            P::TitleIvE,
        ),
    );
    let prosecutor = with_grant(
        staff_of(OrganizationKind::Prosecutor, 6, &[Role::Prosecutor]),
        grant(5, GrantScope::Case(case(CASE)), P::Assessment),
    );
    let ombudsman = with_grant(
        staff_of(OrganizationKind::Ombudsman, 7, &[Role::Ombudsman]),
        grant(6, GrantScope::Case(case(CASE)), P::OmbudsmanReview),
    );
    let researcher = staff_of(OrganizationKind::State, 8, &[Role::Researcher]);
    let auditor = staff(&[Role::Auditor]);
    let privacy = staff(&[Role::PrivacyOfficer]);
    let parent = parent_portal(MOTHER);
    let foster = provider_portal(FOSTER_HOME);
    let log = organization_record(K::AuditLog, ORG);
    let report = organization_record(K::Report, ORG);
    let mut family_visits = record(K::VisitSchedule);
    family_visits.portal.family_parents = persons(&[MOTHER]);

    vec![
        row(
            "caseworker",
            &caseworker,
            View,
            record(K::CaseNote),
            P::CaseWork,
            Some("G-permit-caseworker-view-own-organization"),
        ),
        row(
            "caseworker",
            &caseworker,
            Record,
            record(K::CaseNote),
            P::CaseWork,
            Some("G-permit-caseworker-record-caseload"),
        ),
        row(
            "caseworker",
            &caseworker,
            Record,
            other_case_record(K::CaseNote),
            P::CaseWork,
            None,
        ),
        row(
            "caseworker",
            &caseworker,
            View,
            other_org_record(K::CaseNote),
            P::CaseWork,
            None,
        ),
        row(
            "caseworker",
            &caseworker,
            Approve,
            record(K::CaseNote),
            P::CaseWork,
            None,
        ),
        row("caseworker", &caseworker, View, log.clone(), P::Audit, None),
        row(
            "supervisor",
            &supervisor,
            Approve,
            record(K::CasePlanItem),
            P::CaseWork,
            Some("G-permit-supervisor-own-organization"),
        ),
        row(
            "supervisor",
            &supervisor,
            Disclose,
            record(K::CaseNote),
            P::CaseWork,
            None,
        ),
        row(
            "supervisor",
            &supervisor,
            RunReport,
            report.clone(),
            P::FederalReporting,
            None,
        ),
        row(
            "director",
            &director,
            Disclose,
            record(K::CaseNote),
            P::CaseWork,
            Some("G-permit-director-own-organization"),
        ),
        row(
            "director",
            &director,
            RunReport,
            report.clone(),
            P::FederalReporting,
            Some("G-permit-director-run-report"),
        ),
        row(
            "director",
            &director,
            Erase,
            record(K::Person),
            P::PrivacyRequest,
            Some("C-forbid-privacy-request-outside-privacy-office"),
        ),
        row(
            "director",
            &director,
            ReplayAudit,
            log.clone(),
            P::Audit,
            None,
        ),
        row(
            "intern",
            &intern,
            Record,
            record(K::CaseNote),
            P::CaseWork,
            Some("O-permit-intern-view-record-caseload"),
        ),
        row(
            "intern",
            &intern,
            Approve,
            record(K::CaseNote),
            P::CaseWork,
            Some("O-forbid-intern-approve"),
        ),
        row(
            "intern",
            &intern,
            View,
            other_case_record(K::Case),
            P::CaseWork,
            None,
        ),
        row(
            "WWK recruiter",
            &recruiter,
            View,
            record(K::Case),
            P::Recruitment,
            Some("L-permit-wwk-recruiter-child-or-sibling-group"),
        ),
        row(
            "WWK recruiter",
            &recruiter,
            View,
            other_case_record(K::Case),
            P::Recruitment,
            None,
        ),
        row(
            "WWK recruiter",
            &recruiter,
            View,
            record(K::Case),
            P::CaseWork,
            Some("W-forbid-grant-for-another-purpose"),
        ),
        row(
            "WWK recruiter",
            &recruiter,
            Export,
            record(K::Case),
            P::Recruitment,
            None,
        ),
        row(
            "30 Days to Family",
            &thirty_days,
            Record,
            record_about(K::Placement, &[SIBLING]),
            P::Permanency,
            Some("M-permit-30-days-to-family-child-or-sibling-group"),
        ),
        row(
            "30 Days to Family",
            &thirty_days,
            View,
            record(K::ProviderRecord),
            P::Permanency,
            None,
        ),
        row(
            "peer mentor",
            &mentor,
            View,
            record_about(K::Progress, &[MOTHER]),
            P::PeerSupport,
            Some("N-permit-peer-mentor-program-or-family"),
        ),
        row(
            "peer mentor",
            &mentor,
            View,
            record_about(K::Person, &[CHILD]),
            P::PeerSupport,
            None,
        ),
        row(
            "court IV-E",
            &court,
            Record,
            record_about(K::CasePlanItem, &[CHILD]),
            P::TitleIvE,
            Some("J-permit-court-iv-e-granted-case-or-child"),
        ),
        row(
            "court IV-E",
            &court,
            View,
            record(K::VisitSchedule),
            P::TitleIvE,
            None,
        ),
        row(
            "prosecutor",
            &prosecutor,
            View,
            record(K::Placement),
            P::Assessment,
            Some("K-permit-prosecutor-directly-connected"),
        ),
        row(
            "prosecutor",
            &prosecutor,
            Record,
            record(K::Placement),
            P::Assessment,
            None,
        ),
        row(
            "ombudsman",
            &ombudsman,
            View,
            record(K::ProviderRecord),
            P::OmbudsmanReview,
            Some("P-permit-ombudsman-necessary-records"),
        ),
        row(
            "ombudsman",
            &ombudsman,
            Disclose,
            record(K::Case),
            P::OmbudsmanReview,
            None,
        ),
        row(
            "researcher",
            &researcher,
            View,
            record(K::Case),
            P::CaseWork,
            Some("R-forbid-researcher"),
        ),
        row(
            "researcher",
            &researcher,
            RunReport,
            organization_record(K::Report, 8),
            P::FederalReporting,
            Some("R-forbid-researcher"),
        ),
        row(
            "auditor",
            &auditor,
            ReplayAudit,
            log.clone(),
            P::Audit,
            Some("S-permit-auditor-replay-audit"),
        ),
        row(
            "auditor",
            &auditor,
            Erase,
            record(K::Person),
            P::Audit,
            None,
        ),
        row(
            "privacy officer",
            &privacy,
            ReplayAudit,
            log,
            P::Audit,
            Some("S-permit-privacy-officer-replay-audit"),
        ),
        row(
            "privacy officer",
            &privacy,
            Erase,
            record_about(K::Person, &[MOTHER]),
            P::PrivacyRequest,
            Some("C-permit-privacy-officer-subject-request"),
        ),
        row(
            "privacy officer",
            &privacy,
            Erase,
            record(K::Placement),
            P::PrivacyRequest,
            None,
        ),
        row(
            "parent",
            &parent,
            View,
            family_visits.clone(),
            P::SelfService,
            Some("VisitOMS-permit-parent-own-family-visits"),
        ),
        row(
            "parent",
            &parent,
            View,
            record(K::Case),
            P::SelfService,
            None,
        ),
        row(
            "parent",
            &parent,
            Record,
            family_visits,
            P::SelfService,
            None,
        ),
        row(
            "provider",
            &foster,
            View,
            placed(record(K::Placement)),
            P::SelfService,
            Some("VisitOMS-permit-provider-children-placed-with-them"),
        ),
        row(
            "provider",
            &foster,
            View,
            placed(record(K::CaseNote)),
            P::SelfService,
            None,
        ),
        row(
            "provider",
            &foster,
            View,
            record(K::Placement),
            P::SelfService,
            None,
        ),
    ]
}

#[test]
fn each_role_is_allowed_and_denied_as_the_table_says() {
    let mut failures = Vec::new();
    for row in table() {
        let decision = authorize(
            ohio(),
            &row.principal,
            row.action,
            &row.resource,
            &context(row.purpose),
        );
        let expected: Vec<String> = row.decided_by.iter().map(|id| (*id).to_owned()).collect();
        if decision.allowed != row.allowed
            || decision.deciding_policies != expected
            || decision.failure.is_some()
        {
            failures.push(format!(
                "{} {:?} {:?} for {:?}: expected allowed={} by {:?}, got {:?}",
                row.who,
                row.action,
                row.resource.kind,
                row.purpose,
                row.allowed,
                expected,
                decision
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_table_covers_every_role() {
    let covered: std::collections::BTreeSet<Role> = table()
        .iter()
        .flat_map(|row| row.principal.roles.clone())
        .collect();
    let every_role = [
        Role::Caseworker,
        Role::Supervisor,
        Role::Director,
        Role::Intern,
        Role::WwkRecruiter,
        Role::ThirtyDaysToFamily,
        Role::PeerMentor,
        Role::CourtIvE,
        Role::Prosecutor,
        Role::Ombudsman,
        Role::Researcher,
        Role::Auditor,
        Role::PrivacyOfficer,
        Role::ParentPortal,
        Role::ProviderPortal,
    ];
    for role in every_role {
        assert!(covered.contains(&role), "{role:?} has no row");
        let rows: Vec<Row> = table()
            .into_iter()
            .filter(|r| r.principal.roles.contains(&role))
            .collect();
        if role != Role::Researcher {
            assert!(rows.iter().any(|r| r.allowed), "{role:?} has no allow row");
        }
        assert!(rows.iter().any(|r| !r.allowed), "{role:?} has no deny row");
    }
}
