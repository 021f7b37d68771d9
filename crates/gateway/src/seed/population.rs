//! The population as a stream of units, county after county and case after case, so a
//! national run never holds more than one case (and one county's staff) in memory.
use std::collections::VecDeque;

use kinlog_domain::policy::{ohio_policy_set, PolicySet};

use super::audit::{AuditEvent, CaseAudit, PlantedViolation};
use super::case::{self, CaseFacts, CaseKind};
use super::county::{self, Agency};
use super::lines::StreamLines;
use super::prng::Prng;
use super::profile::{Profile, HISTORY_YEARS, MEAN_STAY_DAYS, SCREENED_IN_PER_MILLE};

/// Counties that carry one planted violation of each kind: about four per profile.
const PLANTED_COUNTIES: u32 = 4;
/// Referrals a year per caseworker.
const REFERRALS_PER_CASEWORKER: f64 = 150.0;
/// Children in care per licensed foster home.
const CHILDREN_PER_HOME: f64 = 1.5;

/// One piece of work: a stream's import lines, or events no import line expresses.
#[derive(Debug, Clone)]
pub(crate) enum Unit {
    Stream(StreamLines),
    Audit(Vec<AuditEvent>),
}

/// How many cases of each kind one county gets over the history. Counts are fixed by the
/// profile (rounded expectations); the seed decides dates, sizes and outcomes.
#[derive(Debug, Clone, Copy)]
struct CaseCounts {
    carried_in: u64,
    removals: u64,
    investigated: u64,
    screened_out: u64,
}

impl CaseCounts {
    fn for_county(profile: Profile, county: u32) -> CaseCounts {
        let share = profile.county_share(county);
        let magnitudes = profile.magnitudes();
        let years = HISTORY_YEARS as f64;
        let referrals = (magnitudes.referrals_per_year as f64 * years * share).round() as u64;
        let screened_in = referrals * SCREENED_IN_PER_MILLE / 1000;
        let entries_per_year = magnitudes.entries_per_year as f64 * share;
        let removals = ((entries_per_year * years).round() as u64).min(screened_in);
        CaseCounts {
            carried_in: (entries_per_year * MEAN_STAY_DAYS / 365.25).round() as u64,
            removals,
            investigated: screened_in - removals,
            screened_out: referrals - screened_in,
        }
    }

    fn total(self) -> u64 {
        self.carried_in + self.removals + self.investigated + self.screened_out
    }

    fn kind(self, index: u64) -> CaseKind {
        if index < self.carried_in {
            CaseKind::CarriedIn
        } else if index < self.carried_in + self.removals {
            CaseKind::Removal
        } else if index < self.carried_in + self.removals + self.investigated {
            CaseKind::Investigated
        } else {
            CaseKind::ScreenedOut
        }
    }
}

struct CountyState {
    index: u32,
    agency: Agency,
    counts: CaseCounts,
    next_case: u64,
    case_3: Option<CaseFacts>,
}

/// The whole population, generated lazily.
pub(crate) struct Population {
    profile: Profile,
    seed: u64,
    policy: PolicySet,
    next_county: u32,
    county: Option<CountyState>,
    queue: VecDeque<Unit>,
    /// The violations planted so far.
    pub(crate) violations: Vec<PlantedViolation>,
}

impl Population {
    pub(crate) fn new(profile: Profile, seed: u64) -> Population {
        Population {
            profile,
            seed,
            policy: ohio_policy_set(),
            next_county: 0,
            county: None,
            queue: VecDeque::new(),
            violations: Vec::new(),
        }
    }

    fn start_county(&mut self, index: u32) {
        let counts = CaseCounts::for_county(self.profile, index);
        let share = self.profile.county_share(index);
        let referrals_per_year = self.profile.magnitudes().referrals_per_year as f64 * share;
        let caseworkers = ((referrals_per_year / REFERRALS_PER_CASEWORKER).ceil() as usize).max(2);
        let homes = (((counts.carried_in as f64) / CHILDREN_PER_HOME).ceil() as usize).max(3);
        let stride = (self.profile.counties() / PLANTED_COUNTIES).max(1);
        let planted =
            index % stride == 0 && counts.carried_in + counts.removals + counts.investigated >= 5;
        // NCANDS county codes run 1 to 999; a national profile reuses them across states.
        let code = (index % 998 + 1) as u16;
        let mut prng = Prng::derive(self.seed, &[u64::from(index), u64::MAX]);
        let setup = county::agency(&mut prng, code, caseworkers, homes, planted);
        self.queue
            .extend(setup.streams.into_iter().map(Unit::Stream));
        self.county = Some(CountyState {
            index,
            agency: setup.agency,
            counts,
            next_case: 0,
            case_3: None,
        });
    }

    fn next_case(&mut self) -> bool {
        let Some(county) = self.county.as_mut() else {
            return false;
        };
        if county.next_case >= county.counts.total() {
            return false;
        }
        let index = county.next_case;
        county.next_case += 1;
        let mut prng = Prng::derive(self.seed, &[u64::from(county.index), index]);
        let parent = county
            .agency
            .planted
            .as_ref()
            .and_then(|planted| match index {
                0 => Some(planted.persons.self_parent),
                1 => Some(planted.persons.relative_parent),
                2 => Some(county.agency.supervisors[0].person_id),
                _ => None,
            });
        let generated =
            case::generate(&mut prng, &county.agency, county.counts.kind(index), parent);
        self.queue
            .extend(generated.streams.into_iter().map(Unit::Stream));
        let mut audit_prng = Prng::derive(self.seed, &[u64::from(county.index), index, 1]);
        let mut audit = CaseAudit {
            prng: &mut audit_prng,
            policy: &self.policy,
            agency: &mut county.agency,
            events: Vec::new(),
            streams: Vec::new(),
            violations: Vec::new(),
        };
        audit.case(index, &generated.facts, county.case_3.as_ref());
        let CaseAudit {
            events,
            streams,
            violations,
            ..
        } = audit;
        self.queue.extend(streams.into_iter().map(Unit::Stream));
        if !events.is_empty() {
            self.queue.push_back(Unit::Audit(events));
        }
        self.violations.extend(violations);
        if index == 3 {
            county.case_3 = Some(generated.facts);
        }
        true
    }
}

impl Iterator for Population {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(unit) = self.queue.pop_front() {
                return Some(unit);
            }
            if self.next_case() {
                continue;
            }
            if self.next_county >= self.profile.counties() {
                return None;
            }
            let index = self.next_county;
            self.next_county += 1;
            self.start_county(index);
        }
    }
}
