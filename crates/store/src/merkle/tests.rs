use ct_merkle::mem_backed_tree::MemoryBackedTree;
use ct_merkle::{ConsistencyProof as CtConsistency, InclusionProof as CtInclusion, RootHash};
use proptest::prelude::*;
use proptest::sample::Index;
use sha2::Sha256;

use super::*;

/// The leaves of transparency-dev's reference tests (`testonly/reference_test.go`).
const REFERENCE_LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

/// Their roots of the first 1..=8 of those leaves.
const REFERENCE_ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

fn reference_leaf_hashes() -> Vec<Hash> {
    REFERENCE_LEAVES
        .iter()
        .map(|l| leaf_hash(&hex::decode(l).unwrap()))
        .collect()
}

fn h(hex_text: &str) -> Hash {
    hex_text.parse::<Sha256Hash>().unwrap().0
}

fn ct_tree(leaves: &[Vec<u8>]) -> MemoryBackedTree<Sha256, Vec<u8>> {
    let mut tree = MemoryBackedTree::new();
    for leaf in leaves {
        tree.push(leaf.clone());
    }
    tree
}

fn ct_root(tree: &MemoryBackedTree<Sha256, Vec<u8>>) -> Hash {
    tree.root().as_bytes().as_slice().try_into().unwrap()
}

fn flatten(proof: &[Hash]) -> Vec<u8> {
    proof.concat()
}

fn hashes_of(leaves: &[Vec<u8>]) -> Vec<Hash> {
    leaves.iter().map(|l| leaf_hash(l)).collect()
}

fn flip_bit(proof: &mut [Hash], which: Index, bit: u8) {
    let total_bits = proof.len() * 256;
    let at = which.index(total_bits);
    proof[at / 256][(at % 256) / 8] ^= 1 << (bit % 8);
}

/// Whether each inclusion proof hash sits to the right of the path: all a verifier does with
/// `(index, size)` is pick these sides.
fn inclusion_shape(index: u64, size: u64) -> Option<Vec<bool>> {
    inclusion_ranges(index, size)
        .ok()
        .map(|ranges| ranges.iter().map(|r| r.start > index).collect())
}

/// The same for a consistency proof: whether it starts from the old root itself, and whether
/// each hash is a left part of the old tree or a right part that only the new tree has.
fn consistency_shape(old_size: u64, new_size: u64) -> Option<(bool, Vec<bool>)> {
    consistency_ranges(old_size, new_size).ok().map(|ranges| {
        (
            old_size.is_power_of_two(),
            ranges.iter().map(|r| r.end <= old_size).collect(),
        )
    })
}

#[test]
fn the_empty_tree_has_the_hash_of_the_empty_string_as_root() {
    let expected = h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assert_eq!(empty_root(), expected);
    assert_eq!(root(&[]), expected);
    assert_eq!(Frontier::new().root(), expected);
}

#[test]
fn roots_match_the_transparency_dev_reference_values() {
    let hashes = reference_leaf_hashes();
    let mut frontier = Frontier::new();
    for (n, expected) in REFERENCE_ROOTS.iter().enumerate() {
        frontier.push(hashes[n]);
        assert_eq!(root(&hashes[..=n]), h(expected), "root of {} leaves", n + 1);
        assert_eq!(frontier.root(), h(expected), "frontier of {} leaves", n + 1);
    }
}

#[test]
fn inclusion_proofs_match_the_transparency_dev_reference_values() {
    let hashes = reference_leaf_hashes();
    let proof = inclusion_path(&hashes[..8], 5).unwrap();
    assert_eq!(
        proof,
        vec![
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ]
    );
    let root8 = h(REFERENCE_ROOTS[7]);
    verify_inclusion(5, 8, &hashes[5], &proof, &root8).unwrap();
    // The same proof must not pass for a neighbouring leaf, a different tree or root.
    assert_eq!(
        verify_inclusion(4, 8, &hashes[4], &proof, &root8),
        Err(ProofError::RootMismatch)
    );
    assert_eq!(
        verify_inclusion(5, 7, &hashes[5], &proof, &h(REFERENCE_ROOTS[6])),
        Err(ProofError::RootMismatch)
    );
    assert_eq!(
        verify_inclusion(5, 8, &hashes[5], &proof, &h(REFERENCE_ROOTS[6])),
        Err(ProofError::RootMismatch)
    );
}

#[test]
fn consistency_proofs_match_the_transparency_dev_reference_values() {
    let hashes = reference_leaf_hashes();
    let proof = consistency_path(&hashes[..8], 6).unwrap();
    assert_eq!(
        proof,
        vec![
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ]
    );
    let (root6, root8) = (h(REFERENCE_ROOTS[5]), h(REFERENCE_ROOTS[7]));
    verify_consistency(6, 8, &root6, &root8, &proof).unwrap();
    assert_eq!(
        verify_consistency(6, 8, &root8, &root6, &proof),
        Err(ProofError::OldRootMismatch)
    );
}

#[test]
fn malformed_inclusion_proofs_are_rejected() {
    let hashes = reference_leaf_hashes();
    let root8 = h(REFERENCE_ROOTS[7]);
    let proof = inclusion_path(&hashes, 2).unwrap();
    let mut longer = proof.clone();
    longer.push([0u8; 32]);
    assert_eq!(
        verify_inclusion(2, 8, &hashes[2], &longer, &root8),
        Err(ProofError::WrongLength {
            expected: 3,
            found: 4
        })
    );
    assert_eq!(
        verify_inclusion(2, 8, &hashes[2], &proof[..2], &root8),
        Err(ProofError::WrongLength {
            expected: 3,
            found: 2
        })
    );
    assert_eq!(
        verify_inclusion(2, 8, &hashes[2], &[], &root8),
        Err(ProofError::WrongLength {
            expected: 3,
            found: 0
        })
    );
    assert_eq!(
        verify_inclusion(8, 8, &hashes[2], &proof, &root8),
        Err(ProofError::IndexOutOfRange { index: 8, size: 8 })
    );
    assert_eq!(
        verify_inclusion(0, 0, &hashes[0], &[], &empty_root()),
        Err(ProofError::IndexOutOfRange { index: 0, size: 0 })
    );
    // The leaf's own hash stands for the root of a one-leaf tree, and nothing else does.
    verify_inclusion(0, 1, &hashes[0], &[], &hashes[0]).unwrap();
    assert_eq!(
        verify_inclusion(0, 1, &hashes[1], &[], &hashes[0]),
        Err(ProofError::RootMismatch)
    );
}

#[test]
fn malformed_consistency_proofs_are_rejected() {
    let hashes = reference_leaf_hashes();
    let (root3, root7) = (h(REFERENCE_ROOTS[2]), h(REFERENCE_ROOTS[6]));
    let proof = consistency_path(&hashes[..7], 3).unwrap();
    verify_consistency(3, 7, &root3, &root7, &proof).unwrap();

    let mut with_garbage = proof.clone();
    with_garbage.push(hashes[0]);
    assert!(matches!(
        verify_consistency(3, 7, &root3, &root7, &with_garbage),
        Err(ProofError::WrongLength { .. })
    ));
    let mut with_leading_garbage = vec![hashes[0]];
    with_leading_garbage.extend_from_slice(&proof);
    assert!(verify_consistency(3, 7, &root3, &root7, &with_leading_garbage).is_err());
    assert!(verify_consistency(3, 7, &root3, &root7, &proof[1..]).is_err());
    assert!(verify_consistency(3, 7, &root3, &root7, &[]).is_err());
    assert_eq!(
        verify_consistency(7, 3, &root7, &root3, &proof),
        Err(ProofError::SizesReversed {
            old_size: 7,
            new_size: 3
        })
    );
    // Swapped roots.
    assert!(verify_consistency(3, 7, &root7, &root3, &proof).is_err());
    // Equal sizes need an empty proof and equal roots.
    verify_consistency(7, 7, &root7, &root7, &[]).unwrap();
    assert!(verify_consistency(7, 7, &root7, &root7, &[root7]).is_err());
    assert_eq!(
        verify_consistency(7, 7, &root3, &root7, &[]),
        Err(ProofError::NewRootMismatch)
    );
    // Anything extends the empty tree, whose root is fixed.
    verify_consistency(0, 7, &empty_root(), &root7, &[]).unwrap();
    assert_eq!(
        verify_consistency(0, 7, &root3, &root7, &[]),
        Err(ProofError::OldRootMismatch)
    );
}

#[test]
fn frontier_bytes_of_the_wrong_length_are_refused() {
    let mut frontier = Frontier::new();
    for leaf in reference_leaf_hashes().into_iter().take(5) {
        frontier.push(leaf);
    }
    let bytes = frontier.to_bytes();
    assert_eq!(bytes.len(), 8 + 2 * 32);
    assert_eq!(Frontier::from_bytes(&bytes).unwrap(), frontier);
    assert_eq!(
        Frontier::from_bytes(&bytes[..bytes.len() - 1]),
        Err(FrontierFormatError::WrongPeakCount {
            size: 5,
            expected_peaks: 2,
            found_bytes: 63
        })
    );
    let mut trailing = bytes.clone();
    trailing.extend_from_slice(&[0u8; 32]);
    assert!(Frontier::from_bytes(&trailing).is_err());
    assert_eq!(
        Frontier::from_bytes(&bytes[..7]),
        Err(FrontierFormatError::TooShort { len: 7 })
    );
}

#[test]
fn hashes_read_and_print_as_hex_in_json() {
    let hash = Sha256Hash(h(REFERENCE_ROOTS[0]));
    let json = serde_json::to_string(&hash).unwrap();
    assert_eq!(json, format!("\"{}\"", REFERENCE_ROOTS[0]));
    assert_eq!(serde_json::from_str::<Sha256Hash>(&json).unwrap(), hash);
    assert!(serde_json::from_str::<Sha256Hash>("\"abcd\"").is_err());
    assert!(format!("{}00", REFERENCE_ROOTS[0])
        .parse::<Sha256Hash>()
        .is_err());
}

/// Random leaves, made distinct by their index so that no leaf can stand in for another.
fn leaves_strategy() -> impl Strategy<Value = Vec<Vec<u8>>> {
    prop::collection::vec(prop::collection::vec(any::<u8>(), 0..12), 1..160).prop_map(|leaves| {
        leaves
            .into_iter()
            .enumerate()
            .map(|(i, mut leaf)| {
                leaf.extend_from_slice(&(i as u32).to_be_bytes());
                leaf
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_prefix_root_matches_ct_merkle(leaves in leaves_strategy()) {
        let hashes = hashes_of(&leaves);
        let mut reference = MemoryBackedTree::<Sha256, Vec<u8>>::new();
        let mut frontier = Frontier::new();
        for (n, leaf) in leaves.iter().enumerate() {
            reference.push(leaf.clone());
            frontier.push(hashes[n]);
            let expected = ct_root(&reference);
            prop_assert_eq!(frontier.root(), expected);
            prop_assert_eq!(root(&hashes[..=n]), expected);
            // A resumed frontier continues exactly where the original left off.
            let resumed = Frontier::from_bytes(&frontier.to_bytes()).unwrap();
            prop_assert_eq!(&resumed, &frontier);
        }
    }

    #[test]
    fn inclusion_proofs_agree_with_ct_merkle(leaves in leaves_strategy(), pick in any::<Index>()) {
        let hashes = hashes_of(&leaves);
        let size = leaves.len() as u64;
        let index = pick.index(leaves.len());
        let reference = ct_tree(&leaves);
        let ours = inclusion_path(&hashes, index as u64).unwrap();
        let theirs = reference.prove_inclusion(index);
        prop_assert_eq!(flatten(&ours), theirs.as_bytes().to_vec());

        let root = ct_root(&reference);
        verify_inclusion(index as u64, size, &hashes[index], &ours, &root).unwrap();
        let ct_ours = CtInclusion::<Sha256>::try_from_bytes(flatten(&ours)).unwrap();
        prop_assert!(reference.root().verify_inclusion(&leaves[index], index as u64, &ct_ours).is_ok());

        // The streaming computation gives the same proof.
        let mut streaming = RangeRoots::new(inclusion_ranges(index as u64, size).unwrap());
        for (i, leaf) in hashes.iter().enumerate() {
            streaming.push(i as u64, *leaf);
        }
        prop_assert_eq!(streaming.finish().unwrap(), ours);
    }

    #[test]
    fn consistency_proofs_agree_with_ct_merkle(leaves in leaves_strategy(), pick in any::<Index>()) {
        let hashes = hashes_of(&leaves);
        let new_size = leaves.len() as u64;
        let old_size = pick.index(leaves.len()) as u64 + 1;
        let reference = ct_tree(&leaves);
        let ours = consistency_path(&hashes, old_size).unwrap();
        let theirs = reference.prove_consistency((new_size - old_size) as usize);
        prop_assert_eq!(flatten(&ours), theirs.as_bytes().to_vec());

        let old_root = root(&hashes[..old_size as usize]);
        let new_root = ct_root(&reference);
        verify_consistency(old_size, new_size, &old_root, &new_root, &ours).unwrap();
        let ct_ours = CtConsistency::<Sha256>::try_from_bytes(flatten(&ours)).unwrap();
        let ct_old = RootHash::<Sha256>::new(old_root.into(), old_size);
        prop_assert!(reference.root().verify_consistency(&ct_old, &ct_ours).is_ok());

        let mut streaming = RangeRoots::new(consistency_ranges(old_size, new_size).unwrap());
        for (i, leaf) in hashes.iter().enumerate() {
            streaming.push(i as u64, *leaf);
        }
        prop_assert_eq!(streaming.finish().unwrap(), ours);
    }

    #[test]
    fn a_flipped_bit_anywhere_breaks_an_inclusion_path(
        leaves in leaves_strategy(), pick in any::<Index>(), at in any::<Index>(), bit in any::<u8>(),
    ) {
        prop_assume!(leaves.len() > 1);
        let hashes = hashes_of(&leaves);
        let size = leaves.len() as u64;
        let index = pick.index(leaves.len());
        let root = root(&hashes);
        let mut proof = inclusion_path(&hashes, index as u64).unwrap();
        flip_bit(&mut proof, at, bit);
        prop_assert_eq!(
            verify_inclusion(index as u64, size, &hashes[index], &proof, &root),
            Err(ProofError::RootMismatch)
        );
        let proof = inclusion_path(&hashes, index as u64).unwrap();
        let mut bad_root = [root];
        flip_bit(&mut bad_root, at, bit);
        prop_assert!(verify_inclusion(index as u64, size, &hashes[index], &proof, &bad_root[0]).is_err());
        let mut bad_leaf = [hashes[index]];
        flip_bit(&mut bad_leaf, at, bit);
        prop_assert!(verify_inclusion(index as u64, size, &bad_leaf[0], &proof, &root).is_err());
    }

    #[test]
    fn a_flipped_bit_anywhere_breaks_a_consistency_path(
        leaves in leaves_strategy(), pick in any::<Index>(), at in any::<Index>(), bit in any::<u8>(),
    ) {
        let hashes = hashes_of(&leaves);
        let new_size = leaves.len() as u64;
        let old_size = pick.index(leaves.len()) as u64 + 1;
        let (old_root, new_root) = (root(&hashes[..old_size as usize]), root(&hashes));
        let proof = consistency_path(&hashes, old_size).unwrap();
        if !proof.is_empty() {
            let mut bad = proof.clone();
            flip_bit(&mut bad, at, bit);
            prop_assert!(verify_consistency(old_size, new_size, &old_root, &new_root, &bad).is_err());
        }
        let mut bad_old = [old_root];
        flip_bit(&mut bad_old, at, bit);
        prop_assert!(verify_consistency(old_size, new_size, &bad_old[0], &new_root, &proof).is_err());
        let mut bad_new = [new_root];
        flip_bit(&mut bad_new, at, bit);
        prop_assert!(verify_consistency(old_size, new_size, &old_root, &bad_new[0], &proof).is_err());
    }

    /// A proof checked against the right root but a neighbouring index or size passes only when
    /// the verifier cannot tell the two trees' shapes apart along the path; a signed checkpoint
    /// binds the size to the root, which closes that gap (see `verify.rs`).
    #[test]
    fn off_by_one_indices_and_sizes_are_rejected_unless_indistinguishable(
        leaves in leaves_strategy(), pick in any::<Index>(),
    ) {
        let hashes = hashes_of(&leaves);
        let size = leaves.len() as u64;
        let index = pick.index(leaves.len()) as u64;
        let root = root(&hashes);
        let proof = inclusion_path(&hashes, index).unwrap();
        let honest = inclusion_shape(index, size);
        for (i, n) in [(index + 1, size), (index.wrapping_sub(1), size), (index, size + 1), (index, size - 1)] {
            let accepted = verify_inclusion(i, n, &hashes[index as usize], &proof, &root).is_ok();
            let same_shape = inclusion_shape(i, n) == honest;
            prop_assert_eq!(accepted, same_shape, "index {} size {} claimed as index {} size {}", index, size, i, n);
        }
    }

    #[test]
    fn off_by_one_consistency_sizes_are_rejected_unless_indistinguishable(
        leaves in leaves_strategy(), pick in any::<Index>(),
    ) {
        let hashes = hashes_of(&leaves);
        let new_size = leaves.len() as u64;
        let old_size = pick.index(leaves.len()) as u64 + 1;
        prop_assume!(old_size < new_size);
        let (old_root, new_root) = (root(&hashes[..old_size as usize]), root(&hashes));
        let proof = consistency_path(&hashes, old_size).unwrap();
        let honest = consistency_shape(old_size, new_size);
        for (m, n) in [(old_size + 1, new_size), (old_size - 1, new_size), (old_size, new_size + 1), (old_size, new_size - 1)] {
            let accepted = verify_consistency(m, n, &old_root, &new_root, &proof).is_ok();
            let same_shape = m > 0 && consistency_shape(m, n) == honest;
            prop_assert_eq!(accepted, same_shape, "proof {}->{} claimed as {}->{}", old_size, new_size, m, n);
        }
    }
}
