//! RFC 6962 Merkle tree hashing, inclusion and consistency proofs. (Owned by the sealing helper.)
