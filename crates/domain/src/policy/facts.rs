//! What the gateway knows about a request, loaded from read models: who asks, what the
//! record is, and the circumstances. The policies decide on these facts alone, so a
//! fact left out (a relative not loaded, a subject not named) weakens a forbid; the
//! field docs say what each must contain.
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{CaseId, GrantId, OrganizationId, PersonId, ProviderId, StaffId};

/// A program a person can be enrolled in: a PCSA's "30 Days to Family", peer-mentor or
/// parent-partner program, a Wendy's Wonderful Kids contract.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProgramId(pub Uuid);

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Debug for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ProgramId({})", self.0)
    }
}

impl FromStr for ProgramId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(ProgramId)
    }
}

/// The kind of organization a user works for (Ohio rule paragraphs H to K, P).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrganizationKind {
    /// Public children services agency.
    Pcsa,
    /// Private child placing agency.
    Pcpa,
    /// Private non-custodial agency.
    Pna,
    /// Local public entity operating a qualified residential treatment program.
    LpeQrtp,
    /// Juvenile court (a Title IV-E sub-grantee).
    JuvenileCourt,
    /// Prosecuting attorney's office representing a PCSA.
    Prosecutor,
    /// The youth and family ombudsman office.
    Ombudsman,
    /// The state (ODJFS).
    State,
}

impl OrganizationKind {
    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            OrganizationKind::Pcsa => "pcsa",
            OrganizationKind::Pcpa => "pcpa",
            OrganizationKind::Pna => "pna",
            OrganizationKind::LpeQrtp => "lpe_qrtp",
            OrganizationKind::JuvenileCourt => "juvenile_court",
            OrganizationKind::Prosecutor => "prosecutor",
            OrganizationKind::Ombudsman => "ombudsman",
            OrganizationKind::State => "state",
        }
    }
}

/// A role a user holds. Staff roles and portal roles never mix on one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Agency caseworker, including licensing and intake workers.
    Caseworker,
    /// Agency supervisor: approves within their organization.
    Supervisor,
    /// The director of an agency or the director's designee.
    Director,
    /// A PCSA intern (paragraph O).
    Intern,
    /// A Wendy's Wonderful Kids recruiter (paragraph L).
    WwkRecruiter,
    /// "30 Days to Family" staff (paragraph M).
    ThirtyDaysToFamily,
    /// A peer mentor or parent partner (paragraph N).
    PeerMentor,
    /// Juvenile court staff working Title IV-E reimbursement (paragraph J).
    CourtIvE,
    /// A prosecuting attorney representing a PCSA (paragraph K).
    Prosecutor,
    /// Youth and family ombudsman staff (paragraph P).
    Ombudsman,
    /// A researcher (paragraph R): always denied.
    Researcher,
    /// Replays the access log of their organization (the state's: every organization).
    Auditor,
    /// Replays the access log and acts on persons' access, export and erasure requests.
    PrivacyOfficer,
    /// A parent using the portal.
    ParentPortal,
    /// A foster or adoptive home, or a facility, using the portal.
    ProviderPortal,
}

impl Role {
    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            Role::Caseworker => "caseworker",
            Role::Supervisor => "supervisor",
            Role::Director => "director",
            Role::Intern => "intern",
            Role::WwkRecruiter => "wwk_recruiter",
            Role::ThirtyDaysToFamily => "thirty_days_to_family",
            Role::PeerMentor => "peer_mentor",
            Role::CourtIvE => "court_iv_e",
            Role::Prosecutor => "prosecutor",
            Role::Ombudsman => "ombudsman",
            Role::Researcher => "researcher",
            Role::Auditor => "auditor",
            Role::PrivacyOfficer => "privacy_officer",
            Role::ParentPortal => "parent_portal",
            Role::ProviderPortal => "provider_portal",
        }
    }

    /// Portal roles belong to parents and providers, who are not SACWIS personnel.
    pub fn is_portal(self) -> bool {
        matches!(self, Role::ParentPortal | Role::ProviderPortal)
    }
}

/// Training required by paragraph D.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Training {
    /// The confidentiality requirements of Ohio SACWIS, including the penalties.
    Confidentiality,
    /// Security procedures.
    Security,
}

/// Whether an account may be used at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AccountStatus {
    /// May be used.
    Active,
    /// Temporarily barred, e.g. pending an investigation.
    Suspended,
    /// Permanently barred.
    Revoked,
}

impl AccountStatus {
    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Suspended => "suspended",
            AccountStatus::Revoked => "revoked",
        }
    }
}

/// Why someone is asking. Grants carry the purpose they were given for, and a grant
/// only serves a request made for that purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Purpose {
    /// Ordinary agency case work.
    CaseWork,
    /// Assessment of a report (paragraph K).
    Assessment,
    /// Investigation of a report (paragraph K).
    Investigation,
    /// Services to a child or family (paragraph K).
    Services,
    /// Title IV-E reimbursement work (paragraph J).
    TitleIvE,
    /// Adoption recruitment (paragraph L).
    Recruitment,
    /// Permanency work such as "30 Days to Family" (paragraph M).
    Permanency,
    /// Peer mentoring or parent partnering (paragraph N).
    PeerSupport,
    /// An ombudsman complaint (paragraph P).
    OmbudsmanReview,
    /// Monitoring access and use (paragraph S).
    Audit,
    /// A person's request to access, export or erase their data.
    PrivacyRequest,
    /// Federal report generation.
    FederalReporting,
    /// A portal user looking at their own family's records.
    SelfService,
}

impl Purpose {
    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            Purpose::CaseWork => "case_work",
            Purpose::Assessment => "assessment",
            Purpose::Investigation => "investigation",
            Purpose::Services => "services",
            Purpose::TitleIvE => "title_iv_e",
            Purpose::Recruitment => "recruitment",
            Purpose::Permanency => "permanency",
            Purpose::PeerSupport => "peer_support",
            Purpose::OmbudsmanReview => "ombudsman_review",
            Purpose::Audit => "audit",
            Purpose::PrivacyRequest => "privacy_request",
            Purpose::FederalReporting => "federal_reporting",
            Purpose::SelfService => "self_service",
        }
    }
}

/// What a grant reaches.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GrantScope {
    /// Every record of one organization.
    Organization(OrganizationId),
    /// Every record of one case.
    Case(CaseId),
    /// A child, or a sibling group given as its members' person ids (paragraphs L to N
    /// also let a parent be named).
    ChildOrSiblingGroup(BTreeSet<PersonId>),
    /// Every record about someone enrolled in one program.
    Program(ProgramId),
}

impl fmt::Debug for GrantScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantScope::Organization(org) => write!(f, "Organization({org})"),
            GrantScope::Case(case) => write!(f, "Case({case})"),
            GrantScope::ChildOrSiblingGroup(persons) => {
                write!(f, "ChildOrSiblingGroup({} persons)", persons.len())
            }
            GrantScope::Program(program) => write!(f, "Program({program})"),
        }
    }
}

/// An access grant held by a staff member. Expired and revoked grants are passed in
/// like any other: the policies, not the caller, refuse them, so a replay shows why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub id: GrantId,
    pub scope: GrantScope,
    /// The only purpose the grant may be used for.
    pub purpose: Purpose,
    /// The grant permits nothing at or after this instant.
    pub expires_at: DateTime<Utc>,
    /// Revoked grants permit nothing, from the moment the revocation is loaded.
    pub revoked: bool,
}

/// Everything the policies know about the user.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrincipalFacts {
    /// The account (staff member or portal user).
    pub staff_id: StaffId,
    /// The user's own person record (paragraph T1).
    pub person_id: PersonId,
    /// The organization employing the user, or owning a portal account.
    pub organization: OrganizationId,
    pub organization_kind: OrganizationKind,
    /// Staff roles, or portal roles; never both.
    pub roles: BTreeSet<Role>,
    /// Completed paragraph D trainings.
    pub trainings: BTreeSet<Training>,
    /// Whether the JFS 07078 "Code of Responsibility" is signed (paragraphs D and U).
    pub code_of_responsibility_signed: bool,
    pub account_status: AccountStatus,
    /// Every person who is the user's relative under rule 5101:2-1-01 (paragraph T2).
    pub relatives: BTreeSet<PersonId>,
    /// The person ids of everyone with supervisory responsibility for the user, not only
    /// the direct supervisor (paragraph T3).
    pub supervisors: BTreeSet<PersonId>,
    /// All grants the user holds, including expired and revoked ones.
    pub grants: Vec<Grant>,
    /// The cases assigned to the user.
    pub caseload: BTreeSet<CaseId>,
    /// For a provider portal user: the provider they act for.
    pub provider: Option<ProviderId>,
}

// Relatives and supervisors are personal data about the user; only their counts are
// shown.
impl fmt::Debug for PrincipalFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrincipalFacts")
            .field("staff_id", &self.staff_id)
            .field("person_id", &"<redacted>")
            .field("organization", &self.organization)
            .field("organization_kind", &self.organization_kind)
            .field("roles", &self.roles)
            .field("trainings", &self.trainings)
            .field(
                "code_of_responsibility_signed",
                &self.code_of_responsibility_signed,
            )
            .field("account_status", &self.account_status)
            .field(
                "relatives",
                &format_args!("<{} redacted>", self.relatives.len()),
            )
            .field(
                "supervisors",
                &format_args!("<{} redacted>", self.supervisors.len()),
            )
            .field("grants", &self.grants)
            .field("caseload", &format_args!("<{} cases>", self.caseload.len()))
            .field("provider", &self.provider)
            .finish()
    }
}

/// What kind of record is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResourceKind {
    /// A case as a whole.
    Case,
    /// A person record; its subjects are that person.
    Person,
    /// A case note or dictation.
    CaseNote,
    /// A placement or custody episode.
    Placement,
    /// A visit between a child and family.
    VisitSchedule,
    /// One item of a case plan.
    CasePlanItem,
    /// A parent's progress and skills tracking (VisitOMS).
    Progress,
    /// A provider's record: licensing, home study, recruitment.
    ProviderRecord,
    /// A federal or management report run.
    Report,
    /// The access log, for compliance replay.
    AuditLog,
    /// A staff member's account: roles, trainings, Code of Responsibility, supervisors,
    /// declared relatives, suspension. Its subject is the staff member as a person.
    StaffRecord,
    /// An access grant; its subject is the grantee as a person.
    AccessGrant,
}

impl ResourceKind {
    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            ResourceKind::Case => "case",
            ResourceKind::Person => "person",
            ResourceKind::CaseNote => "case_note",
            ResourceKind::Placement => "placement",
            ResourceKind::VisitSchedule => "visit_schedule",
            ResourceKind::CasePlanItem => "case_plan_item",
            ResourceKind::Progress => "progress",
            ResourceKind::ProviderRecord => "provider_record",
            ResourceKind::Report => "report",
            ResourceKind::AuditLog => "audit_log",
            ResourceKind::StaffRecord => "staff_record",
            ResourceKind::AccessGrant => "access_grant",
        }
    }

    /// Whether every record of this kind is about at least one person. Reports are
    /// aggregates and an audit log may cover a whole organization.
    pub fn is_about_persons(self) -> bool {
        !matches!(self, ResourceKind::Report | ResourceKind::AuditLog)
    }
}

/// Links that let portal users reach a record.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalLinks {
    /// The parents whose family a visit schedule belongs to.
    pub family_parents: BTreeSet<PersonId>,
    /// The persons a case-plan item or progress record is assigned to.
    pub assigned_to: BTreeSet<PersonId>,
    /// The provider the record's child is placed with now.
    pub placed_with: Option<ProviderId>,
}

impl fmt::Debug for PortalLinks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PortalLinks")
            .field(
                "family_parents",
                &format_args!("<{} redacted>", self.family_parents.len()),
            )
            .field(
                "assigned_to",
                &format_args!("<{} redacted>", self.assigned_to.len()),
            )
            .field("placed_with", &self.placed_with)
            .finish()
    }
}

/// Everything the policies know about the record asked for.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceFacts {
    /// The record's own id (a note id, a person id, a report run id, ...).
    pub id: Uuid,
    pub kind: ResourceKind,
    /// The organization whose record this is.
    pub owning_organization: OrganizationId,
    /// The case the record belongs to, if any.
    pub case: Option<CaseId>,
    /// Every person the record is about: for a case, every member; for a note, every
    /// person involved. Required for every kind about persons: the conflict-of-interest
    /// forbids look only here.
    pub subjects: BTreeSet<PersonId>,
    /// The programs the subjects are enrolled in (or eligible for).
    pub programs: BTreeSet<ProgramId>,
    pub portal: PortalLinks,
}

impl fmt::Debug for ResourceFacts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResourceFacts")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("owning_organization", &self.owning_organization)
            .field("case", &self.case)
            .field(
                "subjects",
                &format_args!("<{} redacted>", self.subjects.len()),
            )
            .field("programs", &self.programs)
            .field("portal", &self.portal)
            .finish()
    }
}

/// What the user wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Action {
    /// Read a record.
    View,
    /// Enter or update information.
    Record,
    /// Approve someone else's entry (an intern's, a plan, a disposition).
    Approve,
    /// Hand a copy of the data to the person it is about or to another system.
    Export,
    /// Crypto-shred a subject's personal data.
    Erase,
    /// Release information outside the agency.
    Disclose,
    /// Run a federal or management report.
    RunReport,
    /// Replay the access log (compliance investigations).
    ReplayAudit,
}

impl Action {
    /// Every action, in declaration order.
    pub const ALL: [Action; 8] = [
        Action::View,
        Action::Record,
        Action::Approve,
        Action::Export,
        Action::Erase,
        Action::Disclose,
        Action::RunReport,
        Action::ReplayAudit,
    ];

    pub(crate) fn cedar_id(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Record => "record",
            Action::Approve => "approve",
            Action::Export => "export",
            Action::Erase => "erase",
            Action::Disclose => "disclose",
            Action::RunReport => "runReport",
            Action::ReplayAudit => "replayAudit",
        }
    }
}

/// The circumstances of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestContext {
    /// When the request was made; grants expire against this, never against a clock.
    pub now: DateTime<Utc>,
    /// The purpose the user declared for this request.
    pub purpose: Purpose,
}
