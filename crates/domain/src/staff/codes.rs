//! Organizations, roles, trainings and account reasons.
use serde::{Deserialize, Serialize};

use crate::{DomainError, Rule};

/// The kinds of organization whose staff may use the system (the Ohio SACWIS access rule,
/// paragraphs (D) to (P)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// Public children services agency.
    Pcsa,
    /// Private child placing agency.
    Pcpa,
    /// Private non-custodial agency.
    Pna,
    /// Local public entity operating a qualified residential treatment program.
    LpeOrQrtp,
    /// A juvenile court that is a Title IV-E sub-grantee (paragraph (K)).
    JuvenileCourt,
    /// A prosecuting attorney's office representing a PCSA (paragraph (L)).
    ProsecutorsOffice,
    /// The youth and family ombudsman office (paragraph (P)).
    Ombudsman,
    /// The state department (ODJFS).
    State,
}

/// What a staff member does. Access follows from roles plus grants; roles alone never
/// reach outside the organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    IntakeScreener,
    Caseworker,
    Investigator,
    Supervisor,
    Director,
    /// Approves interns' entries in the director's place (paragraph (O)).
    DirectorDesignee,
    /// Entries stay pending until the director or a designee approves them.
    Intern,
    LicensingSpecialist,
    AdoptionRecruiter,
    FiscalOfficer,
    SecurityAdministrator,
    PrivacyOfficer,
    Auditor,
}

impl StaffRole {
    /// Roles that approve or supervise others' work, which an intern may not hold: an
    /// intern approving interns' entries would defeat paragraph (O).
    pub(crate) fn is_approving(&self) -> bool {
        matches!(
            self,
            StaffRole::Supervisor | StaffRole::Director | StaffRole::DirectorDesignee
        )
    }
}

/// The training paragraph (D) requires before any access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequiredTraining {
    /// Trained in the confidentiality requirements.
    Confidentiality,
    /// Informed of all penalties (criminal, section 5101.99, and administrative).
    Penalties,
    /// Trained in security procedures.
    SecurityProcedures,
}

impl RequiredTraining {
    /// All three, which together with the signed JFS 07078 open access.
    pub const ALL: [RequiredTraining; 3] = [
        RequiredTraining::Confidentiality,
        RequiredTraining::Penalties,
        RequiredTraining::SecurityProcedures,
    ];
}

/// The revision of the JFS 07078 "Code of Responsibility" that was signed, as printed on
/// the form, e.g. `JFS 07078 (Rev. 9/2022)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FormVersion(pub String);

impl FormVersion {
    const FORM: &'static str = "JFS 07078";

    /// Accepts only a revision of the JFS 07078, so a different form cannot be recorded as
    /// the Code of Responsibility.
    pub(crate) fn validate(&self) -> Result<(), DomainError> {
        if self.0.trim().is_empty() {
            return Err(DomainError::new(Rule::Required, "form_version"));
        }
        if !self.0.starts_with(Self::FORM) || self.0.len() > 60 {
            return Err(DomainError::new(Rule::InvalidCode, "form_version"));
        }
        Ok(())
    }
}

/// Why an account was suspended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuspensionReason {
    TrainingLapsed,
    UnderInvestigation,
    LeaveOfAbsence,
    SecurityIncident,
}

/// Why an account was revoked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationReason {
    LeftTheOrganization,
    UnauthorizedAccessOrDisclosure,
    ContractEnded,
    CodeOfResponsibilityBreached,
}
