//! Anything that cannot be evaluated is a deny that says why, never a panic and never
//! an allow. Each request here is one the Ohio set allows when nothing is broken.
use chrono::{DateTime, Utc};

use super::super::*;
use super::fixtures::*;

fn allowed_request() -> (PrincipalFacts, Action, ResourceFacts) {
    (
        staff(&[Role::Caseworker]),
        Action::View,
        record(ResourceKind::Case),
    )
}

fn decide_with(set: &PolicySet) -> Decision {
    let (principal, action, resource) = allowed_request();
    authorize(
        set,
        &principal,
        action,
        &resource,
        &context(Purpose::CaseWork),
    )
}

fn ohio_plus(extra: &str) -> Vec<PolicyFile<'_>> {
    let mut files = ohio_policy_files().to_vec();
    files.push(PolicyFile {
        name: "99-extra.cedar",
        text: extra,
    });
    files
}

fn assert_fails_closed(decision: &Decision) {
    assert!(!decision.allowed, "{decision:?}");
    assert!(decision.deciding_policies.is_empty(), "{decision:?}");
    assert_eq!(decision.grant_used, None);
    assert!(decision.failure.is_some(), "{decision:?}");
    assert!(!decision.is_default_deny());
}

#[test]
fn the_request_used_here_is_allowed_by_the_ohio_set() {
    assert!(decide_with(ohio()).allowed);
}

#[test]
fn broken_policy_text_fails_closed() {
    let files = ohio_plus("@id(\"half-written\") permit (principal, action, resource) when {");
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert!(
        matches!(&error, Some(PolicyError::Parse { file, .. }) if file == "99-extra.cedar"),
        "{error:?}"
    );

    let set = PolicySet::load_or_fail_closed(ohio_schema(), &files);
    assert_eq!(set.load_error(), error.as_ref());
    let decision = decide_with(&set);
    assert_fails_closed(&decision);
    assert_eq!(decision.failure, error);
    // The broken set is still identified, and not confused with the good one.
    assert_eq!(decision.policy_set_hash.len(), 64);
    assert_ne!(decision.policy_set_hash, ohio().hash());
    assert_eq!(
        decision.policy_set_hash,
        PolicySet::load_or_fail_closed(ohio_schema(), &files).hash()
    );
}

#[test]
fn a_policy_without_an_id_is_refused() {
    let files = ohio_plus(
        "@id(\"named\") permit (principal, action, resource);\n\
         permit (principal, action, resource);",
    );
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert_eq!(
        error,
        Some(PolicyError::MissingId {
            file: "99-extra.cedar".to_owned(),
            position: 2
        })
    );
}

#[test]
fn a_reused_policy_id_is_refused() {
    let files = ohio_plus("@id(\"T1-forbid-self\") permit (principal, action, resource);");
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert_eq!(
        error,
        Some(PolicyError::DuplicateId {
            file: "99-extra.cedar".to_owned(),
            id: "T1-forbid-self".to_owned()
        })
    );
}

#[test]
fn a_policy_that_does_not_match_the_schema_is_refused() {
    // `principal.clearance` is not in the schema: Cedar would evaluate it to an error
    // at request time and skip this forbid, failing open.
    let files = ohio_plus(
        "@id(\"typo\") forbid (principal is Staff, action, resource) \
         when { principal.clearance == \"none\" };",
    );
    let set = PolicySet::load_or_fail_closed(ohio_schema(), &files);
    assert!(
        matches!(set.load_error(), Some(PolicyError::Validation { reason }) if reason.contains("clearance")),
        "{:?}",
        set.load_error()
    );
    assert_fails_closed(&decide_with(&set));
}

#[test]
fn a_policy_that_can_never_apply_is_refused() {
    let files = ohio_plus(
        "@id(\"dead-forbid\") forbid (principal is Staff, action, resource) when { false };",
    );
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert!(
        matches!(error, Some(PolicyError::Validation { .. })),
        "{error:?}"
    );
}

#[test]
fn a_misspelt_role_is_refused() {
    let files = ohio_plus(
        "@id(\"misspelt\") forbid (principal, action, resource) \
         when { principal.roles.contains(Role::\"reseacher\") };",
    );
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert!(
        matches!(error, Some(PolicyError::Validation { .. })),
        "{error:?}"
    );
}

#[test]
fn a_broken_schema_is_refused() {
    let schema = PolicyFile {
        name: "broken.cedarschema",
        text: "entity Staff = { person: Nobody };",
    };
    let set = PolicySet::load_or_fail_closed(schema, ohio_policy_files());
    assert!(
        matches!(set.load_error(), Some(PolicyError::Schema { file, .. }) if file == "broken.cedarschema"),
        "{:?}",
        set.load_error()
    );
    assert_fails_closed(&decide_with(&set));
}

#[test]
fn templates_and_empty_sets_are_refused() {
    let files = ohio_plus("@id(\"tmpl\") permit (principal == ?principal, action, resource);");
    let error = PolicySet::load(ohio_schema(), &files).err();
    assert!(
        matches!(error, Some(PolicyError::Template { .. })),
        "{error:?}"
    );
    let error = PolicySet::load(ohio_schema(), &[]).err();
    assert_eq!(error, Some(PolicyError::Empty));
}

#[test]
fn a_forbid_that_errors_while_evaluating_denies() {
    // Validates (the types are right) but overflows at evaluation. Cedar alone would
    // skip the erroring forbid and let the caseworker permit through.
    let files = ohio_plus(
        "@id(\"overflowing-forbid\") forbid (principal, action, resource) \
         when { 9223372036854775807 + 1 > 0 };",
    );
    let set = PolicySet::load(ohio_schema(), &files).unwrap();
    let decision = decide_with(&set);
    assert_fails_closed(&decision);
    assert!(
        matches!(&decision.failure, Some(PolicyError::Evaluation { policy, .. }) if policy == "overflowing-forbid"),
        "{decision:?}"
    );
}

#[test]
fn a_time_cedar_cannot_represent_denies() {
    let (principal, action, resource) = allowed_request();
    let far_future = RequestContext {
        now: DateTime::<Utc>::MAX_UTC,
        purpose: Purpose::CaseWork,
    };
    let decision = authorize(ohio(), &principal, action, &resource, &far_future);
    assert_fails_closed(&decision);
    assert!(
        matches!(
            decision.failure,
            Some(PolicyError::Entity {
                entity: "context",
                ..
            })
        ),
        "{decision:?}"
    );
}

#[test]
fn facts_the_policies_cannot_judge_safely_deny() {
    let (principal, action, resource) = allowed_request();
    let ctx = context(Purpose::CaseWork);

    let nobody = ResourceFacts {
        subjects: Default::default(),
        ..resource.clone()
    };
    let decision = authorize(ohio(), &principal, action, &nobody, &ctx);
    assert_fails_closed(&decision);
    assert_eq!(
        decision.failure,
        Some(PolicyError::Facts {
            field: "resource.subjects",
            problem: FactsProblem::NoSubjects
        })
    );

    let mut mixed = principal.clone();
    mixed.roles.insert(Role::ParentPortal);
    let decision = authorize(ohio(), &mixed, action, &resource, &ctx);
    assert_eq!(
        decision.failure,
        Some(PolicyError::Facts {
            field: "principal.roles",
            problem: FactsProblem::PortalAndStaffRoles
        })
    );

    let parent = with_grant(
        parent_portal(MOTHER),
        grant(1, GrantScope::Case(case(CASE)), Purpose::SelfService),
    );
    let decision = authorize(ohio(), &parent, action, &resource, &ctx);
    assert_eq!(
        decision.failure,
        Some(PolicyError::Facts {
            field: "principal.grants",
            problem: FactsProblem::PortalUserWithGrants
        })
    );
}
