use super::super::*;

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
