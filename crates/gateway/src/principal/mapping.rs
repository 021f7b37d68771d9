//! The domain's vocabulary (staff roles, the three paragraph D trainings, grant programs)
//! in the policy's (roles, two trainings, typed purposes). Each match is exhaustive, so a
//! new domain variant does not compile until someone decides what it means for access.
use std::collections::BTreeSet;

use kinlog_domain::grant::{GrantProgram, GrantScope as DomainScope, GrantState};
use kinlog_domain::policy::{
    AccountStatus, Grant, GrantScope, OrganizationKind, ProgramId, Purpose, Role, Training,
};
use kinlog_domain::staff::{
    AccountStatus as DomainStatus, OrganizationKind as DomainKind, RequiredTraining, StaffRole,
};
use kinlog_domain::{GrantId, OrganizationId};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub(crate) fn organization_kind(kind: DomainKind) -> OrganizationKind {
    match kind {
        DomainKind::Pcsa => OrganizationKind::Pcsa,
        DomainKind::Pcpa => OrganizationKind::Pcpa,
        DomainKind::Pna => OrganizationKind::Pna,
        DomainKind::LpeOrQrtp => OrganizationKind::LpeQrtp,
        DomainKind::JuvenileCourt => OrganizationKind::JuvenileCourt,
        DomainKind::ProsecutorsOffice => OrganizationKind::Prosecutor,
        DomainKind::Ombudsman => OrganizationKind::Ombudsman,
        DomainKind::State => OrganizationKind::State,
    }
}

/// The policy role a staff role acts in. Intake, investigation, licensing and an
/// agency's own adoption recruiting are casework; fiscal and security administration
/// reach no case data, so they map to no role and are permitted nothing.
pub(crate) fn staff_role(role: StaffRole) -> Option<Role> {
    match role {
        StaffRole::IntakeScreener
        | StaffRole::Caseworker
        | StaffRole::Investigator
        | StaffRole::LicensingSpecialist
        | StaffRole::AdoptionRecruiter => Some(Role::Caseworker),
        StaffRole::Supervisor => Some(Role::Supervisor),
        StaffRole::Director | StaffRole::DirectorDesignee => Some(Role::Director),
        StaffRole::Intern => Some(Role::Intern),
        StaffRole::PrivacyOfficer => Some(Role::PrivacyOfficer),
        StaffRole::Auditor => Some(Role::Auditor),
        StaffRole::FiscalOfficer | StaffRole::SecurityAdministrator => None,
    }
}

/// Staff of a court, a prosecutor's office or the ombudsman act in that office's role
/// (paragraphs J, K, P); the domain records the office, not a role.
pub(crate) fn office_role(kind: DomainKind) -> Option<Role> {
    match kind {
        DomainKind::JuvenileCourt => Some(Role::CourtIvE),
        DomainKind::ProsecutorsOffice => Some(Role::Prosecutor),
        DomainKind::Ombudsman => Some(Role::Ombudsman),
        DomainKind::Pcsa
        | DomainKind::Pcpa
        | DomainKind::Pna
        | DomainKind::LpeOrQrtp
        | DomainKind::State => None,
    }
}

/// The scoped role a grant program makes its holder act in (paragraphs L to N). The
/// role alone permits nothing: those permits also need a grant of that scope in force.
pub(crate) fn program_role(program: GrantProgram) -> Option<Role> {
    match program {
        GrantProgram::WendysWonderfulKidsRecruiter => Some(Role::WwkRecruiter),
        GrantProgram::ThirtyDaysToFamily => Some(Role::ThirtyDaysToFamily),
        GrantProgram::PeerMentor | GrantProgram::ParentPartner => Some(Role::PeerMentor),
        GrantProgram::OrganizationCaseload
        | GrantProgram::JuvenileCourtTitleIvE
        | GrantProgram::ProsecutorDirectlyConnected
        | GrantProgram::OmbudsmanNecessaryRecords => None,
    }
}

/// The policy's two trainings: "confidentiality" includes being informed of the
/// penalties, so it needs both domain trainings.
pub(crate) fn trainings(completed: impl Fn(RequiredTraining) -> bool) -> BTreeSet<Training> {
    let mut trainings = BTreeSet::new();
    if completed(RequiredTraining::Confidentiality) && completed(RequiredTraining::Penalties) {
        trainings.insert(Training::Confidentiality);
    }
    if completed(RequiredTraining::SecurityProcedures) {
        trainings.insert(Training::Security);
    }
    trainings
}

pub(crate) fn account_status(status: DomainStatus) -> AccountStatus {
    match status {
        DomainStatus::Active => AccountStatus::Active,
        DomainStatus::Suspended => AccountStatus::Suspended,
        DomainStatus::Revoked => AccountStatus::Revoked,
    }
}

/// The one purpose a grant serves. The domain records the issuer's purpose as free text;
/// the program is what fixes the legal purpose. A prosecutor's grant is for the
/// investigation it is directly connected with (paragraph K names assessment,
/// investigation or services; a grant serves one).
pub(crate) fn grant_purpose(program: GrantProgram) -> Purpose {
    match program {
        GrantProgram::OrganizationCaseload => Purpose::CaseWork,
        GrantProgram::WendysWonderfulKidsRecruiter => Purpose::Recruitment,
        GrantProgram::ThirtyDaysToFamily => Purpose::Permanency,
        GrantProgram::PeerMentor | GrantProgram::ParentPartner => Purpose::PeerSupport,
        GrantProgram::JuvenileCourtTitleIvE => Purpose::TitleIvE,
        GrantProgram::ProsecutorDirectlyConnected => Purpose::Investigation,
        GrantProgram::OmbudsmanNecessaryRecords => Purpose::OmbudsmanReview,
    }
}

/// A program as the policy names it: one id per organization and program, derived
/// (UUIDv8 of `sha256(organization || program name)`) so every loader names it alike.
pub(crate) fn program_id(organization: OrganizationId, program: GrantProgram) -> ProgramId {
    let name = serde_json::to_string(&program).unwrap_or_default();
    let digest = Sha256::new()
        .chain_update(organization.0.as_bytes())
        .chain_update(name.as_bytes())
        .finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    ProgramId(Uuid::new_v8(bytes))
}

/// A grant as the policy sees it; `None` for a stream with no issued grant.
pub(crate) fn grant(id: GrantId, state: &GrantState) -> Option<Grant> {
    let terms = state.terms()?;
    let scope = match &terms.scope {
        DomainScope::OrganizationCases { organization_id } => {
            GrantScope::Organization(*organization_id)
        }
        DomainScope::Case { case_id } => GrantScope::Case(*case_id),
        DomainScope::ChildOrSiblingGroup { children } => {
            GrantScope::ChildOrSiblingGroup(children.clone())
        }
        // The policy's person scope covers a named parent too (paragraphs L to N).
        DomainScope::Parent { person_id } => {
            GrantScope::ChildOrSiblingGroup(BTreeSet::from([*person_id]))
        }
        DomainScope::ProgramEnrollees { organization_id } => {
            GrantScope::Program(program_id(*organization_id, terms.program))
        }
    };
    Some(Grant {
        id,
        scope,
        purpose: grant_purpose(terms.program),
        expires_at: terms.expires_at,
        revoked: state.is_revoked(),
    })
}
