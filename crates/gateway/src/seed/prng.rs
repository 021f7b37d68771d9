//! The seeded generator. SplitMix64 (Steele, Lea and Flood, 2014) is fixed here rather
//! than taken from a crate whose algorithm may change between versions: the same seed
//! must give the same population for as long as this file is unchanged.
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use uuid::Uuid;

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct Prng {
    state: u64,
}

impl Prng {
    pub(crate) fn new(seed: u64) -> Prng {
        Prng { state: seed }
    }

    /// An independent stream for one part of the population (a county, a case), so each
    /// part is the same whatever was generated before it.
    pub(crate) fn derive(seed: u64, part: &[u64]) -> Prng {
        let mut state = seed;
        for &value in part {
            state = mix(state ^ mix(value.wrapping_add(0x9e37_79b9_7f4a_7c15)));
        }
        Prng::new(state)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.state)
    }

    /// Uniform in `0..n`; `n` must be positive. The modulo bias is below 2^-40 for the
    /// ranges used here.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// Uniform in `low..=high`.
    pub(crate) fn between(&mut self, low: i64, high: i64) -> i64 {
        low + self.below((high - low + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An exponentially distributed duration in days with the given mean.
    pub(crate) fn exponential_days(&mut self, mean_days: f64) -> i64 {
        (-(1.0 - self.unit()).ln() * mean_days) as i64
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// Picks from `(weight, item)` pairs with probability proportional to the weight.
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(u64, T)]) -> &'a T {
        let total: u64 = items.iter().map(|(weight, _)| weight).sum();
        let mut roll = self.below(total);
        for (weight, item) in items {
            if roll < *weight {
                return item;
            }
            roll -= weight;
        }
        &items[items.len() - 1].1
    }

    /// A UUIDv7-shaped id whose timestamp is `at` and whose random bits come from this
    /// stream: it sorts by the synthetic time and is the same for the same seed.
    pub(crate) fn uuid_at(&mut self, at: DateTime<Utc>) -> Uuid {
        let millis = at.timestamp_millis().max(0) as u64;
        let random = [self.next_u64().to_be_bytes(), self.next_u64().to_be_bytes()].concat();
        uuid::Builder::from_unix_timestamp_millis(
            millis,
            &random[..10].try_into().unwrap_or([0; 10]),
        )
        .into_uuid()
    }

    /// A UUIDv7-shaped id for something created on `day`.
    pub(crate) fn id_on(&mut self, day: NaiveDate) -> Uuid {
        let at = self.office_hours(day);
        self.uuid_at(at)
    }

    /// A moment on `day` in office hours (08:00 to 17:59).
    pub(crate) fn office_hours(&mut self, day: NaiveDate) -> DateTime<Utc> {
        let seconds = self.between(8 * 3600, 18 * 3600 - 1) as u32;
        at_seconds(day, seconds)
    }
}

/// `day` at `seconds` after midnight, UTC.
pub(crate) fn at_seconds(day: NaiveDate, seconds: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds % 86_400, 0)
        .unwrap_or(NaiveTime::MIN);
    day.and_time(time).and_utc()
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_matches_the_published_sequence() {
        // The reference outputs of SplitMix64 seeded with 0.
        let mut prng = Prng::new(0);
        assert_eq!(prng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(prng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn derived_streams_differ_by_part_and_repeat_by_seed() {
        let a = Prng::derive(7, &[1, 2]).next_u64();
        assert_eq!(a, Prng::derive(7, &[1, 2]).next_u64());
        assert_ne!(a, Prng::derive(7, &[2, 1]).next_u64());
        assert_ne!(a, Prng::derive(8, &[1, 2]).next_u64());
    }

    #[test]
    fn ids_carry_the_synthetic_time_as_version_7() {
        let at = at_seconds(NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(), 3600);
        let id = Prng::new(1).uuid_at(at);
        assert_eq!(id.get_version_num(), 7);
        let (seconds, _) = id.get_timestamp().unwrap().to_unix();
        assert_eq!(seconds as i64, at.timestamp());
    }
}
