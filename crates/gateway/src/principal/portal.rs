//! [`portal_facts`]: a parent's or provider's portal account as the policies see it.
//! Portal users are not SACWIS personnel: no trainings, grants, caseload, relatives or
//! supervisors; what they may see follows from the account's link alone.
use std::collections::BTreeSet;

use kinlog_domain::policy::{PrincipalFacts, Role};
use kinlog_domain::staff::portal::{PortalAccount, PortalLink};
use kinlog_domain::{PersonId, PortalAccountId, StaffId};
use kinlog_store::Store;

use super::staff::organization_kind;
use super::{fold, mapping};
use crate::Error;

/// Everything the policies know about a portal account, as of the call: a suspension
/// or closure committed before it is in the result. The account id is the principal's
/// id (`staff_id`); a provider account, having no person behind it, gets its own id as
/// `person_id`, which names no person record. An unknown id is
/// [`Error::UnknownPortalAccount`].
pub async fn portal_facts(
    store: &Store,
    account: PortalAccountId,
) -> Result<PrincipalFacts, Error> {
    let state = fold::one::<PortalAccount>(store, &account.stream_id())
        .await?
        .ok_or(Error::UnknownPortalAccount {
            account_id: account,
        })?;
    let (Some(link), Some(organization)) = (state.link(), state.organization()) else {
        return Err(Error::UnknownPortalAccount {
            account_id: account,
        });
    };
    let kind = organization_kind(store, organization).await?;
    let (role, person_id, provider) = match link {
        PortalLink::Parent { person_id } => (Role::ParentPortal, person_id, None),
        PortalLink::Provider { provider_id } => {
            (Role::ProviderPortal, PersonId(account.0), Some(provider_id))
        }
    };
    Ok(PrincipalFacts {
        staff_id: StaffId(account.0),
        person_id,
        organization,
        organization_kind: mapping::organization_kind(kind),
        roles: BTreeSet::from([role]),
        trainings: BTreeSet::new(),
        code_of_responsibility_signed: false,
        account_status: mapping::account_status(state.status()),
        relatives: BTreeSet::new(),
        supervisors: BTreeSet::new(),
        grants: Vec::new(),
        caseload: BTreeSet::new(),
        provider,
    })
}
