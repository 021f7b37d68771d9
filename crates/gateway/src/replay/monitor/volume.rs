//! Volume outliers: a user with far more accesses in the window than the peers who hold
//! the same roles.
//!
//! The rule compares with the peers' median, not their mean or a z-score: the median is
//! not moved by the outlier itself, and in a small office most peers have similar
//! counts, which makes a standard deviation (and a MAD) near zero and any z-score
//! explode. A floor keeps quiet days from turning 4 against 1 into a finding.
use std::collections::{BTreeMap, BTreeSet};

use kinlog_domain::policy::Role;
use kinlog_domain::StaffId;

use super::{Finding, MonitorRule};
use crate::replay::LoggedAccess;

/// When an access count is an outlier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VolumeRule {
    /// An actor is an outlier above `factor` × the median count of their peer group...
    pub factor: u64,
    /// ...and above this many accesses in the window.
    pub min_accesses: u64,
    /// Groups smaller than this (the actor included) have no meaningful median and are
    /// not judged.
    pub min_peers: usize,
}

impl Default for VolumeRule {
    /// 3 × the median, at least 30 accesses, in groups of at least 5. Sized for a day's
    /// window; scale `min_accesses` with longer windows.
    fn default() -> Self {
        VolumeRule {
            factor: 3,
            min_accesses: 30,
            min_peers: 5,
        }
    }
}

/// One finding per outlier, naming the access that took them past the limit. An
/// actor's peer group is the role set on their first access in the window.
pub(super) fn findings(accesses: &[LoggedAccess], rule: &VolumeRule) -> Vec<Finding> {
    let mut by_actor: BTreeMap<StaffId, Vec<&LoggedAccess>> = BTreeMap::new();
    for access in accesses {
        by_actor
            .entry(access.record.actor())
            .or_default()
            .push(access);
    }
    let mut groups: BTreeMap<&BTreeSet<Role>, Vec<(StaffId, &[&LoggedAccess])>> = BTreeMap::new();
    for (actor, own) in &by_actor {
        groups
            .entry(own[0].record.roles())
            .or_default()
            .push((*actor, own.as_slice()));
    }
    let mut found = Vec::new();
    for (roles, members) in groups {
        if members.len() < rule.min_peers {
            continue;
        }
        let mut counts: Vec<u64> = members.iter().map(|(_, own)| own.len() as u64).collect();
        counts.sort_unstable();
        // The upper median: with an even group it is the larger middle count, which
        // errs towards fewer findings.
        let median = counts[counts.len() / 2];
        let limit = (rule.factor.saturating_mul(median)).max(rule.min_accesses);
        for (_, own) in members {
            let count = own.len() as u64;
            let Some(past_limit) = usize::try_from(limit).ok().and_then(|l| own.get(l)) else {
                continue;
            };
            found.push(Finding::new(
                past_limit,
                MonitorRule::VolumeOutlier,
                None,
                format!(
                    "{count} accesses in the window; {} peers with roles {roles:?} have a \
                     median of {median}; limit max({}x median, {}) = {limit}; this is access \
                     number {}",
                    counts.len(),
                    rule.factor,
                    rule.min_accesses,
                    limit + 1
                ),
            ));
        }
    }
    found
}
