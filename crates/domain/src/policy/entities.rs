//! Turning facts into the two Cedar entities a request needs (the principal and the
//! record) and its context. Organizations, cases, persons and programs appear only as
//! references: the policies compare them and never read their attributes, so building
//! a request costs two entities however large the caseload or the family.
use std::collections::HashMap;
use std::fmt::Display;
use std::str::FromStr;

use cedar_policy::{
    Context, Entities, Entity, EntityId, EntityTypeName, EntityUid, RestrictedExpression,
};
use chrono::{DateTime, Utc};

use super::error::{FactsProblem, PolicyError};
use super::facts::{Grant, GrantScope, PrincipalFacts, RequestContext, ResourceFacts, Training};
use super::policy_set::describe;

/// The schema's entity type names, parsed once per policy set.
pub(super) struct TypeNames {
    staff: EntityTypeName,
    portal_user: EntityTypeName,
    record: EntityTypeName,
    person: EntityTypeName,
    case: EntityTypeName,
    organization: EntityTypeName,
    program: EntityTypeName,
    provider: EntityTypeName,
    role: EntityTypeName,
    organization_kind: EntityTypeName,
    account_status: EntityTypeName,
    kind: EntityTypeName,
    purpose: EntityTypeName,
    grant_scope: EntityTypeName,
    action: EntityTypeName,
}

impl TypeNames {
    pub(super) fn new() -> Result<Self, String> {
        let name = |n: &str| EntityTypeName::from_str(n).map_err(|e| describe(&e));
        Ok(TypeNames {
            staff: name("Staff")?,
            portal_user: name("PortalUser")?,
            record: name("Record")?,
            person: name("Person")?,
            case: name("Case")?,
            organization: name("Organization")?,
            program: name("Program")?,
            provider: name("Provider")?,
            role: name("Role")?,
            organization_kind: name("OrganizationKind")?,
            account_status: name("AccountStatus")?,
            kind: name("Kind")?,
            purpose: name("Purpose")?,
            grant_scope: name("GrantScope")?,
            action: name("Action")?,
        })
    }

    pub(super) fn action(&self, id: &str) -> EntityUid {
        uid(&self.action, id)
    }
}

/// The entities of one request, built once and evaluated once per grant.
pub(super) struct RequestEntities {
    pub(super) principal: EntityUid,
    pub(super) resource: EntityUid,
    pub(super) entities: Entities,
}

pub(super) fn build(
    names: &TypeNames,
    schema: &cedar_policy::Schema,
    principal: &PrincipalFacts,
    resource: &ResourceFacts,
) -> Result<RequestEntities, PolicyError> {
    let principal_entity = principal_entity(names, principal)?;
    let resource_entity = resource_entity(names, resource)?;
    let principal_uid = principal_entity.uid();
    let resource_uid = resource_entity.uid();
    // Checking the entities against the schema costs microseconds and catches a
    // gateway that sends a value the policies were not validated for.
    let entities = Entities::from_entities([principal_entity, resource_entity], Some(schema))
        .map_err(|e| PolicyError::Entity {
            entity: "request",
            reason: describe(&e),
        })?;
    Ok(RequestEntities {
        principal: principal_uid,
        resource: resource_uid,
        entities,
    })
}

fn principal_entity(names: &TypeNames, facts: &PrincipalFacts) -> Result<Entity, PolicyError> {
    let portal_roles = facts.roles.iter().filter(|r| r.is_portal()).count();
    let is_portal = portal_roles > 0;
    if is_portal && portal_roles != facts.roles.len() {
        return Err(PolicyError::Facts {
            field: "principal.roles",
            problem: FactsProblem::PortalAndStaffRoles,
        });
    }
    if is_portal && !facts.grants.is_empty() {
        return Err(PolicyError::Facts {
            field: "principal.grants",
            problem: FactsProblem::PortalUserWithGrants,
        });
    }

    let mut attrs = HashMap::from([
        (
            "person".to_owned(),
            entity_ref(&names.person, facts.person_id),
        ),
        (
            "organization".to_owned(),
            entity_ref(&names.organization, facts.organization),
        ),
        (
            "roles".to_owned(),
            set_of(&names.role, facts.roles.iter().map(|r| r.cedar_id())),
        ),
        (
            "accountStatus".to_owned(),
            entity_ref(&names.account_status, facts.account_status.cedar_id()),
        ),
    ]);
    let uid = if is_portal {
        if let Some(provider) = facts.provider {
            attrs.insert("provider".to_owned(), entity_ref(&names.provider, provider));
        }
        uid(&names.portal_user, facts.staff_id)
    } else {
        attrs.extend([
            (
                "organizationKind".to_owned(),
                entity_ref(&names.organization_kind, facts.organization_kind.cedar_id()),
            ),
            (
                "trainedConfidentiality".to_owned(),
                RestrictedExpression::new_bool(
                    facts.trainings.contains(&Training::Confidentiality),
                ),
            ),
            (
                "trainedSecurity".to_owned(),
                RestrictedExpression::new_bool(facts.trainings.contains(&Training::Security)),
            ),
            (
                "signedCodeOfResponsibility".to_owned(),
                RestrictedExpression::new_bool(facts.code_of_responsibility_signed),
            ),
            (
                "relatives".to_owned(),
                set_of(&names.person, facts.relatives.iter()),
            ),
            (
                "supervisors".to_owned(),
                set_of(&names.person, facts.supervisors.iter()),
            ),
            (
                "caseload".to_owned(),
                set_of(&names.case, facts.caseload.iter()),
            ),
        ]);
        uid(&names.staff, facts.staff_id)
    };
    Entity::new(uid, attrs, Default::default()).map_err(|e| PolicyError::Entity {
        entity: "principal",
        reason: describe(&e),
    })
}

fn resource_entity(names: &TypeNames, facts: &ResourceFacts) -> Result<Entity, PolicyError> {
    if facts.kind.is_about_persons() && facts.subjects.is_empty() {
        return Err(PolicyError::Facts {
            field: "resource.subjects",
            problem: FactsProblem::NoSubjects,
        });
    }
    let mut attrs = HashMap::from([
        (
            "kind".to_owned(),
            entity_ref(&names.kind, facts.kind.cedar_id()),
        ),
        (
            "organization".to_owned(),
            entity_ref(&names.organization, facts.owning_organization),
        ),
        (
            "subjects".to_owned(),
            set_of(&names.person, facts.subjects.iter()),
        ),
        (
            "programs".to_owned(),
            set_of(&names.program, facts.programs.iter()),
        ),
        (
            "familyParents".to_owned(),
            set_of(&names.person, facts.portal.family_parents.iter()),
        ),
        (
            "assignedTo".to_owned(),
            set_of(&names.person, facts.portal.assigned_to.iter()),
        ),
    ]);
    if let Some(case) = facts.case {
        attrs.insert("case".to_owned(), entity_ref(&names.case, case));
    }
    if let Some(provider) = facts.portal.placed_with {
        attrs.insert(
            "placedWith".to_owned(),
            entity_ref(&names.provider, provider),
        );
    }
    // Kind and id together: two kinds of record may share a uuid.
    let id = format!("{}:{}", facts.kind.cedar_id(), facts.id);
    Entity::new(uid(&names.record, id), attrs, Default::default()).map_err(|e| {
        PolicyError::Entity {
            entity: "resource",
            reason: describe(&e),
        }
    })
}

/// The request context, with `grant` set when a grant is being tried.
pub(super) fn context(
    names: &TypeNames,
    principal: &EntityUid,
    request: &RequestContext,
    grant: Option<&Grant>,
) -> Result<Context, PolicyError> {
    let mut pairs = vec![
        ("now".to_owned(), datetime(request.now)),
        (
            "purpose".to_owned(),
            entity_ref(&names.purpose, request.purpose.cedar_id()),
        ),
    ];
    if let Some(grant) = grant {
        pairs.push(("grant".to_owned(), grant_record(names, principal, grant)?));
    }
    Context::from_pairs(pairs).map_err(|e| PolicyError::Entity {
        entity: "context",
        reason: describe(&e),
    })
}

fn grant_record(
    names: &TypeNames,
    principal: &EntityUid,
    grant: &Grant,
) -> Result<RestrictedExpression, PolicyError> {
    let scope_id = match grant.scope {
        GrantScope::Organization(_) => "organization",
        GrantScope::Case(_) => "case",
        GrantScope::ChildOrSiblingGroup(_) => "child_or_sibling_group",
        GrantScope::Program(_) => "program",
    };
    // The holder is the principal by construction: grants come from the principal's
    // own facts. The policies still check it, so a grant record passed with the wrong
    // principal in a replay is refused rather than trusted.
    let mut fields = vec![
        (
            "holder".to_owned(),
            RestrictedExpression::new_entity_uid(principal.clone()),
        ),
        (
            "purpose".to_owned(),
            entity_ref(&names.purpose, grant.purpose.cedar_id()),
        ),
        ("expiresAt".to_owned(), datetime(grant.expires_at)),
        (
            "revoked".to_owned(),
            RestrictedExpression::new_bool(grant.revoked),
        ),
        ("scope".to_owned(), entity_ref(&names.grant_scope, scope_id)),
    ];
    let persons = match &grant.scope {
        GrantScope::Organization(org) => {
            fields.push((
                "organization".to_owned(),
                entity_ref(&names.organization, org),
            ));
            set_of(&names.person, std::iter::empty::<&str>())
        }
        GrantScope::Case(case) => {
            fields.push(("case".to_owned(), entity_ref(&names.case, case)));
            set_of(&names.person, std::iter::empty::<&str>())
        }
        GrantScope::ChildOrSiblingGroup(persons) => set_of(&names.person, persons.iter()),
        GrantScope::Program(program) => {
            fields.push(("program".to_owned(), entity_ref(&names.program, program)));
            set_of(&names.person, std::iter::empty::<&str>())
        }
    };
    fields.push(("persons".to_owned(), persons));
    RestrictedExpression::new_record(fields).map_err(|e| PolicyError::Entity {
        entity: "context.grant",
        reason: describe(&e),
    })
}

fn uid(ty: &EntityTypeName, id: impl Display) -> EntityUid {
    EntityUid::from_type_name_and_id(ty.clone(), EntityId::new(id.to_string()))
}

fn entity_ref(ty: &EntityTypeName, id: impl Display) -> RestrictedExpression {
    RestrictedExpression::new_entity_uid(uid(ty, id))
}

fn set_of<T: Display>(ty: &EntityTypeName, ids: impl Iterator<Item = T>) -> RestrictedExpression {
    RestrictedExpression::new_set(ids.map(|id| entity_ref(ty, id)))
}

/// Cedar's `datetime` accepts millisecond precision in UTC.
fn datetime(at: DateTime<Utc>) -> RestrictedExpression {
    RestrictedExpression::new_datetime(at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}
