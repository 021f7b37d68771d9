//! The policy set in force, compiled in from `deploy/policies/` so the binary cannot
//! start with policies other than the ones reviewed with it.
use super::policy_set::{PolicyFile, PolicySet};

const SCHEMA: PolicyFile<'static> = PolicyFile {
    name: "schema.cedarschema",
    text: include_str!("../../../../deploy/policies/schema.cedarschema"),
};

const FILES: [PolicyFile<'static>; 5] = [
    PolicyFile {
        name: "00-forbids.cedar",
        text: include_str!("../../../../deploy/policies/00-forbids.cedar"),
    },
    PolicyFile {
        name: "10-agency-staff.cedar",
        text: include_str!("../../../../deploy/policies/10-agency-staff.cedar"),
    },
    PolicyFile {
        name: "20-scoped-roles.cedar",
        text: include_str!("../../../../deploy/policies/20-scoped-roles.cedar"),
    },
    PolicyFile {
        name: "30-oversight.cedar",
        text: include_str!("../../../../deploy/policies/30-oversight.cedar"),
    },
    PolicyFile {
        name: "40-portals.cedar",
        text: include_str!("../../../../deploy/policies/40-portals.cedar"),
    },
];

/// The schema text of the default set.
pub fn ohio_schema() -> PolicyFile<'static> {
    SCHEMA
}

/// The policy files of the default set.
pub fn ohio_policy_files() -> &'static [PolicyFile<'static>] {
    &FILES
}

/// The Ohio access policy set from `deploy/policies/`. Fails closed: if it does not
/// load, every decision is a deny carrying the load error. Call
/// [`PolicySet::load_error`] at start-up to refuse to run with a broken set.
pub fn ohio_policy_set() -> PolicySet {
    PolicySet::load_or_fail_closed(SCHEMA, &FILES)
}
