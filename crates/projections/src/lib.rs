//! kinlog's projections: read models and federal reports, derived from the event log.
//!
//! So far: the codec between domain events and the store's envelopes.

mod codec;
mod error;

pub use codec::{decode, encode, EventMetadata};
pub use error::Error;
