//! Facts about staff accounts and access grants, the records a director administers. A
//! record is about the staff member (or grantee) as a person, so paragraph T's forbids
//! keep anyone from administering their own account or granting themselves access.
use std::collections::BTreeSet;

use kinlog_domain::grant::Grant;
use kinlog_domain::policy::{PortalLinks, ResourceFacts, ResourceKind};
use kinlog_domain::staff::Staff;
use kinlog_domain::{GrantId, OrganizationId, PersonId, StaffId};
use kinlog_store::Store;
use uuid::Uuid;

use super::fold;
use super::resource::unknown;
use crate::Error;

/// An existing staff account.
pub(crate) async fn staff_record(store: &Store, staff: StaffId) -> Result<ResourceFacts, Error> {
    let (organization, person) = account(store, staff).await?;
    Ok(facts(
        staff.0,
        ResourceKind::StaffRecord,
        organization,
        person,
    ))
}

/// An account about to be registered, from the registration's own terms.
pub(crate) fn new_staff_record(
    staff: StaffId,
    organization: OrganizationId,
    person: PersonId,
) -> ResourceFacts {
    facts(staff.0, ResourceKind::StaffRecord, organization, person)
}

/// An existing grant: the issuing organization's, about its grantee.
pub(crate) async fn grant(store: &Store, grant: GrantId) -> Result<ResourceFacts, Error> {
    let terms = fold::one::<Grant>(store, &grant.stream_id())
        .await?
        .and_then(|state| state.terms().cloned())
        .ok_or_else(|| unknown("grant", grant.0))?;
    new_grant(store, grant, terms.issuing_organization, terms.grantee).await
}

/// A grant about to be issued, from its own terms; the grantee must exist.
pub(crate) async fn new_grant(
    store: &Store,
    grant: GrantId,
    issuing_organization: OrganizationId,
    grantee: StaffId,
) -> Result<ResourceFacts, Error> {
    let (_, person) = account(store, grantee).await?;
    Ok(facts(
        grant.0,
        ResourceKind::AccessGrant,
        issuing_organization,
        person,
    ))
}

/// A staff member's organization and own person.
pub(super) async fn account(
    store: &Store,
    staff: StaffId,
) -> Result<(OrganizationId, PersonId), Error> {
    let state = fold::one::<Staff>(store, &staff.stream_id())
        .await?
        .filter(|state| state.id() == Some(staff));
    state
        .and_then(|state| Some((state.organization()?, state.own_person()?)))
        .ok_or_else(|| unknown("staff member", staff.0))
}

fn facts(
    id: Uuid,
    kind: ResourceKind,
    organization: OrganizationId,
    person: PersonId,
) -> ResourceFacts {
    ResourceFacts {
        id,
        kind,
        owning_organization: organization,
        case: None,
        subjects: BTreeSet::from([person]),
        programs: BTreeSet::new(),
        portal: PortalLinks::default(),
    }
}
