use super::super::*;
use super::fixtures::ohio;

#[test]
fn the_ohio_set_loads_and_validates() {
    let set = ohio_policy_set();
    assert_eq!(set.load_error(), None);
}

#[test]
fn every_policy_is_named_by_its_id_annotation() {
    let ids = ohio_policy_set().policy_ids();
    assert!(ids.contains(&"T1-forbid-self".to_owned()), "{ids:?}");
    assert!(ids.iter().all(|id| !id.starts_with("policy")), "{ids:?}");
}

#[test]
fn the_hash_is_sha256_hex_and_stable() {
    let hash = ohio().hash();
    assert_eq!(hash.len(), 64);
    assert!(hash
        .chars()
        .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
    assert_eq!(ohio_policy_set().hash(), hash);
    let expected = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
        ohio().canonical_text().as_bytes(),
    ));
    assert_eq!(hash, expected);
}

#[test]
fn the_hash_ignores_file_order_and_split_but_not_content() {
    let mut reversed = ohio_policy_files().to_vec();
    reversed.reverse();
    let reordered = PolicySet::load(ohio_schema(), &reversed).unwrap();
    assert_eq!(reordered.hash(), ohio().hash());

    let joined: String = ohio_policy_files()
        .iter()
        .map(|f| f.text)
        .collect::<Vec<_>>()
        .join("\n// a comment between files is not policy\n");
    let one_file = PolicySet::load(
        ohio_schema(),
        &[PolicyFile {
            name: "all.cedar",
            text: &joined,
        }],
    )
    .unwrap();
    assert_eq!(one_file.hash(), ohio().hash());

    let changed_text = ohio_policy_files()[0].text.replace(
        "principal.signedCodeOfResponsibility",
        "principal.trainedSecurity",
    );
    let mut changed = ohio_policy_files().to_vec();
    changed[0].text = &changed_text;
    let changed = PolicySet::load(ohio_schema(), &changed).unwrap();
    assert_ne!(changed.hash(), ohio().hash());
}

#[test]
fn the_canonical_text_reloads_to_the_same_set() {
    let reloaded = PolicySet::load_canonical(ohio().canonical_text()).unwrap();
    assert_eq!(reloaded.hash(), ohio().hash());
    assert_eq!(reloaded.policy_ids(), ohio().policy_ids());
    assert!(ohio().canonical_text().contains("@id(\"T1-forbid-self\")"));

    let tampered = ohio().canonical_text().replacen("schema ", "schema 1", 1);
    assert!(PolicySet::load_canonical(&tampered).is_err());
    let truncated = &ohio().canonical_text()[..ohio().canonical_text().len() - 10];
    assert!(PolicySet::load_canonical(truncated).is_err());
}
