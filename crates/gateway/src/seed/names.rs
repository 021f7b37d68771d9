//! Synthetic names and places. They are invented, never drawn from real records.
use serde_json::{json, Value};

use super::prng::Prng;

const GIVEN: [&str; 24] = [
    "Avery", "Jordan", "Riley", "Quinn", "Morgan", "Casey", "Taylor", "Jamie", "Rowan", "Emery",
    "Parker", "Skyler", "Reese", "Dakota", "Hayden", "Finley", "Sage", "Kendall", "Logan",
    "Peyton", "Marlow", "Harper", "Ellis", "Remy",
];
const FAMILY: [&str; 24] = [
    "Alder",
    "Birch",
    "Cedar",
    "Dale",
    "Ellery",
    "Fenwick",
    "Garland",
    "Hollis",
    "Ingram",
    "Juniper",
    "Kettering",
    "Lowell",
    "Marsh",
    "Norwood",
    "Oakley",
    "Pryor",
    "Quarry",
    "Rook",
    "Sterling",
    "Thorne",
    "Upton",
    "Vance",
    "Whitlock",
    "Yardley",
];
const STREETS: [&str; 8] = [
    "Maple Avenue",
    "Oak Street",
    "High Street",
    "Broad Street",
    "Elm Road",
    "Lake Drive",
    "Main Street",
    "Church Street",
];

/// A `PersonName` as import JSON.
pub(crate) fn person_name(prng: &mut Prng) -> Value {
    json!({"given": prng.pick(&GIVEN), "middle": null, "family": prng.pick(&FAMILY)})
}

pub(crate) fn family(prng: &mut Prng) -> &'static str {
    let family: &&str = prng.pick(&FAMILY);
    family
}

pub(crate) fn street(prng: &mut Prng) -> &'static str {
    let street: &&str = prng.pick(&STREETS);
    street
}
