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

use super::{AccessRef, Finding, MonitorRule};
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

/// Each actor's role set (from their first access in the window) and accesses.
#[derive(Debug, Default)]
pub(super) struct Tally {
    by_actor: BTreeMap<StaffId, (BTreeSet<Role>, Vec<AccessRef>)>,
}

impl Tally {
    pub(super) fn count(&mut self, access: &LoggedAccess) {
        self.by_actor
            .entry(access.record.actor())
            .or_insert_with(|| (access.record.roles().clone(), Vec::new()))
            .1
            .push(AccessRef::of(access));
    }

    /// One finding per outlier, naming the access that took them past the limit.
    pub(super) fn findings(&self, rule: &VolumeRule) -> Vec<Finding> {
        let mut groups: BTreeMap<&BTreeSet<Role>, Vec<&[AccessRef]>> = BTreeMap::new();
        for (roles, own) in self.by_actor.values() {
            groups.entry(roles).or_default().push(own.as_slice());
        }
        let mut found = Vec::new();
        for (roles, members) in groups {
            if members.len() < rule.min_peers {
                continue;
            }
            let mut counts: Vec<u64> = members.iter().map(|own| own.len() as u64).collect();
            counts.sort_unstable();
            // The upper median: with an even group it is the larger middle count, which
            // errs towards fewer findings.
            let median = counts[counts.len() / 2];
            let limit = rule.factor.saturating_mul(median).max(rule.min_accesses);
            for own in members {
                let Some(past_limit) = usize::try_from(limit).ok().and_then(|l| own.get(l)) else {
                    continue;
                };
                found.push(Finding::new(
                    past_limit,
                    MonitorRule::VolumeOutlier,
                    None,
                    format!(
                        "{} accesses in the window; {} peers with roles {roles:?} have a \
                         median of {median}; limit max({}x median, {}) = {limit}; this is \
                         access number {}",
                        own.len(),
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
}
