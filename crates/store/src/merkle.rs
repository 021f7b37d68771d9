//! RFC 6962 Merkle trees over the log's leaves (RFC 9162 §2.1): hashing, an incremental
//! frontier, inclusion and consistency proofs, and their verification.
//!
//! Everything here is pure. A proof is described first as the list of leaf ranges whose
//! subtree roots it holds ([`inclusion_ranges`], [`consistency_ranges`]); the in-memory
//! functions and the store's streaming proofs both fill those ranges in, so one piece of
//! tree arithmetic serves both. Verification follows the RFC 9162 algorithms and rejects a
//! proof of the wrong length before hashing anything.
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use crate::hashing::Hash;

/// Prefix of a leaf hash; keeps a leaf from ever being taken for an interior node.
const LEAF_PREFIX: u8 = 0x00;
/// Prefix of an interior node hash.
const NODE_PREFIX: u8 = 0x01;

/// `sha256(0x00 || leaf)`: the hash of one leaf.
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([LEAF_PREFIX]);
    h.update(leaf);
    h.finalize().into()
}

/// `sha256(0x01 || left || right)`: the hash of an interior node.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([NODE_PREFIX]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The root of the empty tree: `sha256("")`.
pub fn empty_root() -> Hash {
    Sha256::digest(b"").into()
}

/// The Merkle tree hash (RFC 6962 `MTH`) of a list of leaf hashes.
pub fn root(leaf_hashes: &[Hash]) -> Hash {
    match leaf_hashes {
        [] => empty_root(),
        [only] => *only,
        _ => {
            let k = split(leaf_hashes.len() as u64) as usize;
            node_hash(&root(&leaf_hashes[..k]), &root(&leaf_hashes[k..]))
        }
    }
}

/// The largest power of two strictly below `n`; RFC 6962 splits a tree of `n >= 2` leaves
/// into a perfect left subtree of this size and the rest.
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// The roots of the perfect subtrees that make up the first `size` leaves, one per set bit
/// of `size`, largest (leftmost) first.
///
/// A sealer keeps this O(log n) state between runs, so sealing new events never rehashes
/// the old ones.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Frontier {
    size: u64,
    peaks: Vec<Hash>,
}

impl Frontier {
    /// The frontier of the empty tree.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many leaves have been pushed.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends the leaf with this leaf hash (see [`leaf_hash`]).
    pub fn push(&mut self, leaf_hash: Hash) {
        let mut carry = leaf_hash;
        let mut size = self.size;
        // Each trailing one bit of the old size is a peak of the same height as `carry`:
        // they merge, exactly like a binary increment.
        while size & 1 == 1 {
            let Some(left) = self.peaks.pop() else {
                break;
            };
            carry = node_hash(&left, &carry);
            size >>= 1;
        }
        self.peaks.push(carry);
        self.size += 1;
    }

    /// The Merkle tree hash of the leaves pushed so far.
    pub fn root(&self) -> Hash {
        let mut peaks = self.peaks.iter().rev();
        let Some(smallest) = peaks.next() else {
            return empty_root();
        };
        peaks.fold(*smallest, |right, left| node_hash(left, &right))
    }

    /// `size` as 8 big-endian bytes, then the peaks, largest first.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 32 * self.peaks.len());
        out.extend_from_slice(&self.size.to_be_bytes());
        for peak in &self.peaks {
            out.extend_from_slice(peak);
        }
        out
    }

    /// Reads what [`Frontier::to_bytes`] wrote. The length must be exactly right for the size.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, FrontierFormatError> {
        let (size_bytes, rest) = bytes
            .split_first_chunk::<8>()
            .ok_or(FrontierFormatError::TooShort { len: bytes.len() })?;
        let size = u64::from_be_bytes(*size_bytes);
        let expected_peaks = size.count_ones() as usize;
        if rest.len() != 32 * expected_peaks {
            return Err(FrontierFormatError::WrongPeakCount {
                size,
                expected_peaks,
                found_bytes: rest.len(),
            });
        }
        let peaks = rest
            .chunks_exact(32)
            .map(|chunk| {
                let mut peak = [0u8; 32];
                peak.copy_from_slice(chunk);
                peak
            })
            .collect();
        Ok(Frontier { size, peaks })
    }
}

impl fmt::Debug for Frontier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Frontier")
            .field("size", &self.size)
            .field("root", &hex::encode(self.root()))
            .finish()
    }
}

/// Why stored frontier bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrontierFormatError {
    #[error("frontier is {len} bytes, shorter than its 8-byte size")]
    TooShort { len: usize },
    #[error(
        "frontier of size {size} needs {expected_peaks} peaks of 32 bytes, found {found_bytes} bytes"
    )]
    WrongPeakCount {
        size: u64,
        expected_peaks: usize,
        found_bytes: usize,
    },
}

/// The leaf ranges whose subtree roots make up the inclusion proof of leaf `index` in a tree
/// of `size` leaves (RFC 6962 `PATH(index, D[size])`), in proof order: nearest sibling first.
pub(crate) fn inclusion_ranges(index: u64, size: u64) -> Result<Vec<Range<u64>>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut top_down = Vec::new();
    let (mut m, mut lo, mut hi) = (index, 0, size);
    while hi - lo > 1 {
        let k = split(hi - lo);
        if m < k {
            top_down.push(lo + k..hi);
            hi = lo + k;
        } else {
            top_down.push(lo..lo + k);
            m -= k;
            lo += k;
        }
    }
    top_down.reverse();
    Ok(top_down)
}

/// The leaf ranges whose subtree roots make up the proof that the tree of `old_size` leaves
/// is a prefix of the tree of `new_size` leaves (RFC 6962 `PROOF(old_size, D[new_size])`), in
/// proof order. The proof between equal sizes, or from the empty tree, is empty.
pub(crate) fn consistency_ranges(
    old_size: u64,
    new_size: u64,
) -> Result<Vec<Range<u64>>, ProofError> {
    if old_size > new_size {
        return Err(ProofError::SizesReversed { old_size, new_size });
    }
    if old_size == 0 {
        return Ok(Vec::new());
    }
    let mut top_down = Vec::new();
    // `old_is_whole_subtree` is RFC 6962's `b`: while it holds, the old tree's root is a
    // node the verifier already knows, so the proof leaves it out.
    let (mut m, mut lo, mut hi, mut old_is_whole_subtree) = (old_size, 0, new_size, true);
    loop {
        let n = hi - lo;
        if m == n {
            if !old_is_whole_subtree {
                top_down.push(lo..hi);
            }
            break;
        }
        let k = split(n);
        if m <= k {
            top_down.push(lo + k..hi);
            hi = lo + k;
        } else {
            top_down.push(lo..lo + k);
            m -= k;
            lo += k;
            old_is_whole_subtree = false;
        }
    }
    top_down.reverse();
    Ok(top_down)
}

/// The inclusion proof of leaf `index` among `leaf_hashes`.
pub fn inclusion_path(leaf_hashes: &[Hash], index: u64) -> Result<Vec<Hash>, ProofError> {
    Ok(roots_of(
        leaf_hashes,
        inclusion_ranges(index, leaf_hashes.len() as u64)?,
    ))
}

/// The proof that the first `old_size` of `leaf_hashes` are a prefix of all of them.
pub fn consistency_path(leaf_hashes: &[Hash], old_size: u64) -> Result<Vec<Hash>, ProofError> {
    Ok(roots_of(
        leaf_hashes,
        consistency_ranges(old_size, leaf_hashes.len() as u64)?,
    ))
}

fn roots_of(leaf_hashes: &[Hash], ranges: Vec<Range<u64>>) -> Vec<Hash> {
    ranges
        .into_iter()
        .map(|r| root(&leaf_hashes[r.start as usize..r.end as usize]))
        .collect()
}

/// Computes the roots of a set of disjoint leaf ranges in one pass over the leaves, holding
/// only a frontier: a proof over millions of stored events needs O(log n) memory.
pub(crate) struct RangeRoots {
    /// Indices into `ranges`, in order of range start.
    order: Vec<usize>,
    ranges: Vec<Range<u64>>,
    roots: Vec<Option<Hash>>,
    next: usize,
    frontier: Frontier,
}

impl RangeRoots {
    pub(crate) fn new(ranges: Vec<Range<u64>>) -> Self {
        let mut order: Vec<usize> = (0..ranges.len()).collect();
        order.sort_by_key(|&i| ranges[i].start);
        RangeRoots {
            roots: vec![None; ranges.len()],
            order,
            ranges,
            next: 0,
            frontier: Frontier::new(),
        }
    }

    /// Feeds leaf `index`; leaves must come in increasing index order.
    pub(crate) fn push(&mut self, index: u64, leaf_hash: Hash) {
        let Some(&current) = self.order.get(self.next) else {
            return;
        };
        let range = &self.ranges[current];
        if !range.contains(&index) {
            return;
        }
        self.frontier.push(leaf_hash);
        if index + 1 == range.end {
            self.roots[current] = Some(self.frontier.root());
            self.frontier = Frontier::new();
            self.next += 1;
        }
    }

    /// The roots in the order the ranges were given, or `None` if some range never filled.
    pub(crate) fn finish(self) -> Option<Vec<Hash>> {
        self.roots.into_iter().collect()
    }
}

/// Why a proof was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("leaf index {index} is not in a tree of {size} leaves")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("old tree size {old_size} is larger than new tree size {new_size}")]
    SizesReversed { old_size: u64, new_size: u64 },
    #[error("proof has {found} hashes, but these sizes need exactly {expected}")]
    WrongLength { expected: usize, found: usize },
    #[error("proof does not lead to the expected root")]
    RootMismatch,
    #[error("proof does not lead to the old tree's root")]
    OldRootMismatch,
    #[error("proof does not lead to the new tree's root")]
    NewRootMismatch,
}

/// Checks that `leaf_hash` is leaf `index` of the tree of `size` leaves with root `root`
/// (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    index: u64,
    size: u64,
    leaf_hash: &Hash,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    let expected = inclusion_ranges(index, size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            found: proof.len(),
        });
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf_hash;
    for p in proof {
        if s_n == 0 {
            return Err(ProofError::WrongLength {
                expected,
                found: proof.len(),
            });
        }
        if f_n & 1 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 || r != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Checks that the tree of `old_size` leaves with root `old_root` is a prefix of the tree of
/// `new_size` leaves with root `new_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), ProofError> {
    let expected = consistency_ranges(old_size, new_size)?.len();
    if proof.len() != expected {
        return Err(ProofError::WrongLength {
            expected,
            found: proof.len(),
        });
    }
    if old_size == 0 {
        return if *old_root == empty_root() {
            Ok(())
        } else {
            Err(ProofError::OldRootMismatch)
        };
    }
    if old_size == new_size {
        return if old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::NewRootMismatch)
        };
    }
    // The proof omits the old root when the old tree is a perfect subtree of the new one.
    let mut path = proof.iter();
    let first = if old_size.is_power_of_two() {
        old_root
    } else {
        path.next().ok_or(ProofError::WrongLength {
            expected,
            found: proof.len(),
        })?
    };
    let (mut f_n, mut s_n) = (old_size - 1, new_size - 1);
    while f_n & 1 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let (mut f_r, mut s_r) = (*first, *first);
    for c in path {
        if s_n == 0 {
            return Err(ProofError::WrongLength {
                expected,
                found: proof.len(),
            });
        }
        if f_n & 1 == 1 || f_n == s_n {
            f_r = node_hash(c, &f_r);
            s_r = node_hash(c, &s_r);
            while f_n & 1 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            s_r = node_hash(&s_r, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if f_r != *old_root {
        return Err(ProofError::OldRootMismatch);
    }
    if s_r != *new_root || s_n != 0 {
        return Err(ProofError::NewRootMismatch);
    }
    Ok(())
}

/// A SHA-256 value that reads and prints as 64 lowercase hex digits, in JSON too.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Sha256Hash(pub [u8; 32]);

impl fmt::Display for Sha256Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl fmt::Debug for Sha256Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Sha256Hash {
    type Err = HashFormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| HashFormatError { len: s.len() })?;
        Ok(Sha256Hash(out))
    }
}

/// A hash that is not exactly 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a SHA-256 hash must be 64 hex digits; got {len} characters that do not form one")]
pub struct HashFormatError {
    len: usize,
}

impl Serialize for Sha256Hash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Sha256Hash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests;
