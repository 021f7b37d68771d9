//! Crypto-shredding: per-subject data keys and field encryption. (Owned by the sealing helper.)
