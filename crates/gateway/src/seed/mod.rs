//! `kinlog seed`: a deterministic synthetic population, generated as the import lines
//! `kinlog import` reads and executed through the same path, so `--emit-ndjson` only
//! writes the lines instead of executing them and importing that file records the same
//! events. Access-log events and disclosures have no import-line form; they are decided
//! by the real policy and appended through the codec (see `docs/seed.md`).
mod audit;
mod case;
mod cli;
mod county;
mod execute;
mod lines;
mod names;
mod population;
mod prng;
mod profile;

pub use audit::{PlantedViolation, ViolationKind};
pub use cli::{run, SeedArgs};
pub use execute::{emit_ndjson, seed, SeedSummary};
pub use profile::{Magnitudes, Profile, HISTORY_START, REFERENCE_DATE};

/// The planted violations of a run, for the monitor's tests (`--manifest FILE`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Manifest {
    pub profile: &'static str,
    pub seed: u64,
    pub violations: Vec<PlantedViolation>,
}
