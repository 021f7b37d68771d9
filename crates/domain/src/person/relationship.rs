//! How two persons are related. The access policy forbids a worker from entering or
//! viewing the records of a relative (the Ohio SACWIS access rule, paragraph (T)(2), with
//! "relative" as Ohio Adm.Code 5101:2-1-01 defines it), so `is_relative` is the one place
//! that definition lives.
use serde::{Deserialize, Serialize};

/// A relationship from one person (the stream's person) to another. Read it as
/// "the other person is my <kind>": `Parent` means the other person is my parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    BirthParent,
    AdoptiveParent,
    StepParent,
    Child,
    StepChild,
    Sibling,
    HalfSibling,
    StepSibling,
    Grandparent,
    GreatGrandparent,
    Grandchild,
    AuntOrUncle,
    GreatAuntOrUncle,
    NieceOrNephew,
    FirstCousin,
    Spouse,
    /// Court-appointed; a legal relationship, not a family one.
    LegalGuardian,
    /// A person the family treats as kin without a blood, marriage or adoption tie.
    FictiveKin,
    FosterParent,
    /// Lives in the same household with no family tie.
    HouseholdMember,
}

impl RelationshipKind {
    /// Whether the tie makes the persons relatives under Ohio Adm.Code 5101:2-1-01:
    /// related by blood, marriage or adoption (parents, step-relations, siblings of any
    /// kind, grandparents and great-grandparents, aunts and uncles and their
    /// generation above, nieces and nephews, first cousins, spouses). Guardians, foster
    /// parents, household members and fictive kin are not. The rule text was not available
    /// while this was written; verify the list against the current 5101:2-1-01.
    pub fn is_relative(&self) -> bool {
        !matches!(
            self,
            RelationshipKind::LegalGuardian
                | RelationshipKind::FictiveKin
                | RelationshipKind::FosterParent
                | RelationshipKind::HouseholdMember
        )
    }

    /// Whether the other person is a legal parent, for AFCARS E59–E68.
    pub fn is_parent(&self) -> bool {
        matches!(
            self,
            RelationshipKind::BirthParent | RelationshipKind::AdoptiveParent
        )
    }

    /// Whether the other person is a sibling of any kind, for AFCARS E56–E58. Which kinds
    /// the sibling counts include is the projector's decision, so all three are kept apart.
    pub fn is_sibling(&self) -> bool {
        matches!(
            self,
            RelationshipKind::Sibling
                | RelationshipKind::HalfSibling
                | RelationshipKind::StepSibling
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guardians_and_foster_parents_are_not_relatives() {
        assert!(!RelationshipKind::LegalGuardian.is_relative());
        assert!(!RelationshipKind::FosterParent.is_relative());
        assert!(!RelationshipKind::FictiveKin.is_relative());
        assert!(RelationshipKind::StepSibling.is_relative());
        assert!(RelationshipKind::FirstCousin.is_relative());
        assert!(RelationshipKind::Spouse.is_relative());
    }
}
