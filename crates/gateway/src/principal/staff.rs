//! [`principal_facts`]: a staff member as the policies see them.
use kinlog_domain::policy::PrincipalFacts;
use kinlog_domain::staff::organization::Organization;
use kinlog_domain::staff::Staff;
use kinlog_domain::{OrganizationId, StaffId};
use kinlog_store::Store;

use super::{caseload, fold, grants, mapping, relatives, supervisors};
use crate::Error;

/// Everything the policies know about `staff`, as of the moment of the call: the staff
/// member's own stream, their organization's, their grants' and their supervisors' are
/// read from the log, so a suspension, revocation or unlinking committed before the call
/// is in the result. An id with no staff record is [`Error::UnknownStaff`].
pub async fn principal_facts(store: &Store, staff: StaffId) -> Result<PrincipalFacts, Error> {
    let state = fold::one::<Staff>(store, &staff.stream_id())
        .await?
        .filter(|state| state.id() == Some(staff))
        .ok_or(Error::UnknownStaff { staff_id: staff })?;
    let (Some(organization), Some(person_id)) = (state.organization(), state.own_person()) else {
        return Err(Error::UnknownStaff { staff_id: staff });
    };
    let (kind, held, caseload, relatives) = tokio::try_join!(
        organization_kind(store, organization),
        grants::held_by(store, staff),
        caseload::of(store, staff),
        relatives::of(store, &state, person_id),
    )?;
    let first_supervisors = state
        .supervisors()
        .iter()
        .copied()
        .chain(caseload.case_supervisors())
        .collect();
    let supervisors = supervisors::chain(store, staff, first_supervisors).await?;

    let roles = state
        .roles()
        .iter()
        .filter_map(|role| mapping::staff_role(*role))
        .chain(mapping::office_role(kind))
        .chain(
            held.iter()
                .filter_map(|(_, program)| mapping::program_role(*program)),
        )
        .collect();
    Ok(PrincipalFacts {
        staff_id: staff,
        person_id,
        organization,
        organization_kind: mapping::organization_kind(kind),
        roles,
        trainings: mapping::trainings(|t| state.trainings().contains_key(&t)),
        code_of_responsibility_signed: state.code_of_responsibility().is_some(),
        account_status: mapping::account_status(state.status()),
        relatives,
        supervisors,
        grants: held.into_iter().map(|(grant, _)| grant).collect(),
        caseload: caseload.cases(),
        provider: None,
    })
}

async fn organization_kind(
    store: &Store,
    organization: OrganizationId,
) -> Result<kinlog_domain::staff::OrganizationKind, Error> {
    fold::one::<Organization>(store, &organization.stream_id())
        .await?
        .and_then(|state| state.kind())
        .ok_or(Error::FactsUnavailable {
            what: "the staff member's organization",
            reason: "it has no organization record",
        })
}
