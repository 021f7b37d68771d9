//! The programs under which the Ohio SACWIS access rule lets someone reach records, and
//! the scopes each may cover. There is deliberately no research program: paragraph (R)
//! forbids direct access for researchers, so such a grant cannot even be expressed.
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::{CaseId, OrganizationId, PersonId};

/// Why access is granted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrantProgram {
    /// An agency's own staff working its cases (paragraphs (D) to (J)).
    OrganizationCaseload,
    /// A Wendy's Wonderful Kids recruiter employed elsewhere (paragraph (M)).
    WendysWonderfulKidsRecruiter,
    /// "30 Days to Family" staff (paragraph (N)).
    ThirtyDaysToFamily,
    /// A peer mentor (second paragraph (N)).
    PeerMentor,
    /// A parent partner (second paragraph (N)).
    ParentPartner,
    /// A juvenile court that is a Title IV-E sub-grantee (paragraph (K)).
    JuvenileCourtTitleIvE,
    /// A prosecuting attorney directly connected with an assessment, investigation or
    /// services (paragraph (L)).
    ProsecutorDirectlyConnected,
    /// The youth and family ombudsman, for the records necessary to its duties
    /// (paragraph (P)).
    OmbudsmanNecessaryRecords,
}

impl GrantProgram {
    /// The paragraph of the Ohio SACWIS access rule that permits the access, recorded
    /// with each grant so a disclosure report can name its legal basis.
    pub fn legal_basis(&self) -> &'static str {
        match self {
            GrantProgram::OrganizationCaseload => "Ohio SACWIS access rule (D)-(J)",
            GrantProgram::WendysWonderfulKidsRecruiter => "Ohio SACWIS access rule (M)",
            GrantProgram::ThirtyDaysToFamily => "Ohio SACWIS access rule (N) 30 Days to Family",
            GrantProgram::PeerMentor | GrantProgram::ParentPartner => {
                "Ohio SACWIS access rule (N) peer mentor or parent partner"
            }
            GrantProgram::JuvenileCourtTitleIvE => "Ohio SACWIS access rule (K)",
            GrantProgram::ProsecutorDirectlyConnected => "Ohio SACWIS access rule (L)",
            GrantProgram::OmbudsmanNecessaryRecords => "Ohio SACWIS access rule (P); ORC 5101.899",
        }
    }

    /// Whether `scope` is one this program may be given. Each program reaches only what
    /// its paragraph names:
    /// - caseload: the organization's cases;
    /// - WWK: "any child or sibling group being provided services by the WWK recruiter";
    /// - 30 Days to Family: a child or sibling group eligible for or served by the
    ///   program, or everyone enrolled in it;
    /// - peer mentor, parent partner: a parent, child or sibling group, or everyone
    ///   enrolled;
    /// - juvenile court: a case or the children whose IV-E reimbursement it requests;
    /// - prosecutor: the one case it is directly connected with;
    /// - ombudsman: only the case or children its inquiry needs.
    pub fn allows(&self, scope: &GrantScope) -> bool {
        use GrantScope as S;
        match self {
            GrantProgram::OrganizationCaseload => matches!(scope, S::OrganizationCases { .. }),
            GrantProgram::WendysWonderfulKidsRecruiter => {
                matches!(scope, S::ChildOrSiblingGroup { .. })
            }
            GrantProgram::ThirtyDaysToFamily => {
                matches!(
                    scope,
                    S::ChildOrSiblingGroup { .. } | S::ProgramEnrollees { .. }
                )
            }
            GrantProgram::PeerMentor | GrantProgram::ParentPartner => matches!(
                scope,
                S::Parent { .. } | S::ChildOrSiblingGroup { .. } | S::ProgramEnrollees { .. }
            ),
            GrantProgram::JuvenileCourtTitleIvE | GrantProgram::OmbudsmanNecessaryRecords => {
                matches!(scope, S::Case { .. } | S::ChildOrSiblingGroup { .. })
            }
            GrantProgram::ProsecutorDirectlyConnected => matches!(scope, S::Case { .. }),
        }
    }
}

/// What a grant reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum GrantScope {
    /// Every case the organization holds.
    OrganizationCases { organization_id: OrganizationId },
    /// One case.
    Case { case_id: CaseId },
    /// One child, or a sibling group placed or served together; never empty.
    ChildOrSiblingGroup { children: BTreeSet<PersonId> },
    /// One parent (peer mentor or parent partner programs).
    Parent { person_id: PersonId },
    /// Everyone the organization has enrolled in the grant's program; the policy resolves
    /// enrollment from read models at decision time.
    ProgramEnrollees { organization_id: OrganizationId },
}
