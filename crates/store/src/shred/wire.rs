//! Finding and rewriting personal-field markers inside a MessagePack value (the wire
//! convention is documented on the `shred` module). Pure: the keys come in as a
//! [`KeyRing`], so the database work stays in `payload`.
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use rmpv::Value;
use uuid::Uuid;

use crate::shred::crypto::{self, SecretKey, NONCE_LEN};
use crate::Error;

pub(crate) const MARKER_KEY: &str = "$pii";
const VALUE_KEY: &str = "v";
const NONCE_KEY: &str = "n";
const CIPHERTEXT_KEY: &str = "c";
const ERASED_KEY: &str = "erased";

/// Deeper payloads are refused rather than risking the stack on hostile input.
pub(crate) const MAX_DEPTH: usize = 256;

/// What the store knows about one subject's data key.
#[derive(Debug, Clone)]
pub(crate) enum SubjectKey {
    Live(SecretKey),
    Shredded,
}

/// The data keys a walk may use, by subject.
pub(crate) type KeyRing = HashMap<Uuid, SubjectKey>;

/// The three shapes of a personal field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plaintext,
    Sealed,
    Erased,
}

/// Where a value sits in the payload, for error messages. Map keys are shown only when
/// they look like field names, so a map keyed by personal data never reaches a log.
#[derive(Debug, Default)]
struct Path(Vec<Segment>);

#[derive(Debug)]
enum Segment {
    Field(String),
    OtherKey,
    Index(usize),
}

impl Path {
    fn push_key(&mut self, key: &Value) {
        let shown = key
            .as_str()
            .filter(|k| !k.is_empty() && k.len() <= 64)
            .filter(|k| {
                k.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
            });
        self.0.push(match shown {
            Some(k) => Segment::Field(k.to_owned()),
            None => Segment::OtherKey,
        });
    }

    fn push_index(&mut self, index: usize) {
        self.0.push(Segment::Index(index));
    }

    fn pop(&mut self) {
        self.0.pop();
    }

    fn render(&self) -> String {
        let mut out = String::from("$");
        for segment in &self.0 {
            // Writing to a String cannot fail.
            let _ = match segment {
                Segment::Field(k) => write!(out, ".{k}"),
                Segment::OtherKey => write!(out, ".<key>"),
                Segment::Index(i) => write!(out, "[{i}]"),
            };
        }
        out
    }

    fn error(&self, reason: &'static str) -> Error {
        Error::PersonalField {
            path: self.render(),
            reason,
        }
    }
}

/// Decodes exactly one MessagePack value.
pub(crate) fn decode(bytes: &[u8]) -> Result<Value, Error> {
    let mut rest = bytes;
    let value = rmpv::decode::read_value_with_max_depth(&mut rest, MAX_DEPTH).map_err(|e| {
        Error::InvalidPayload {
            reason: match e {
                rmpv::decode::Error::DepthLimitExceeded => "nests deeper than 256 levels",
                _ => "is not valid MessagePack",
            },
        }
    })?;
    if !rest.is_empty() {
        return Err(Error::InvalidPayload {
            reason: "has bytes after its MessagePack value",
        });
    }
    Ok(value)
}

pub(crate) fn encode(value: &Value) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    rmpv::encode::write_value(&mut out, value).map_err(|_| Error::InvalidPayload {
        reason: "cannot be encoded as MessagePack",
    })?;
    Ok(out)
}

fn is_marker(entries: &[(Value, Value)]) -> bool {
    entries.iter().any(|(k, _)| k.as_str() == Some(MARKER_KEY))
}

fn entry<'a>(entries: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    entries
        .iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map(|(_, v)| v)
}

fn take_entry(entries: Vec<(Value, Value)>, key: &str) -> Value {
    entries
        .into_iter()
        .find(|(k, _)| k.as_str() == Some(key))
        .map_or(Value::Nil, |(_, v)| v)
}

/// Checks that a map holding `$pii` is exactly one of the three forms.
fn parse_marker(entries: &[(Value, Value)], path: &Path) -> Result<(Uuid, Form), Error> {
    let subject = match entry(entries, MARKER_KEY) {
        Some(Value::String(s)) => s
            .as_str()
            .and_then(canonical_uuid)
            .ok_or_else(|| path.error("`$pii` is not a lowercase hyphenated subject uuid"))?,
        _ => return Err(path.error("`$pii` is not a string")),
    };
    let mut keys = Vec::with_capacity(entries.len());
    for (k, _) in entries {
        let k = k
            .as_str()
            .ok_or_else(|| path.error("a personal field has a non-string key"))?;
        if keys.contains(&k) {
            return Err(path.error("a personal field repeats a key"));
        }
        keys.push(k);
    }
    keys.sort_unstable();
    let form = match keys.as_slice() {
        ["$pii", "v"] => Form::Plaintext,
        ["$pii", "c", "n"] => {
            let nonce_ok =
                matches!(entry(entries, NONCE_KEY), Some(Value::Binary(n)) if n.len() == NONCE_LEN);
            let ciphertext_ok = matches!(entry(entries, CIPHERTEXT_KEY), Some(Value::Binary(_)));
            if !nonce_ok || !ciphertext_ok {
                return Err(path
                    .error("a sealed personal field needs a 24-byte binary `n` and a binary `c`"));
            }
            Form::Sealed
        }
        ["$pii", "erased"] => {
            if entry(entries, ERASED_KEY) != Some(&Value::Boolean(true)) {
                return Err(path.error("an erased personal field must have `erased: true`"));
            }
            Form::Erased
        }
        _ => return Err(path.error(
            "a personal field must have exactly the keys {$pii, v}, {$pii, n, c} or {$pii, erased}",
        )),
    };
    Ok((subject, form))
}

fn canonical_uuid(s: &str) -> Option<Uuid> {
    let id = Uuid::try_parse(s).ok()?;
    let mut buf = Uuid::encode_buffer();
    (id.hyphenated().encode_lower(&mut buf) == s).then_some(id)
}

fn subject_string(subject: &Uuid) -> Value {
    let mut buf = Uuid::encode_buffer();
    Value::from(&*subject.hyphenated().encode_lower(&mut buf))
}

fn plaintext_form(subject: &Uuid, value: Value) -> Value {
    Value::Map(vec![
        (Value::from(MARKER_KEY), subject_string(subject)),
        (Value::from(VALUE_KEY), value),
    ])
}

fn sealed_form(subject: &Uuid, nonce: [u8; NONCE_LEN], ciphertext: Vec<u8>) -> Value {
    Value::Map(vec![
        (Value::from(MARKER_KEY), subject_string(subject)),
        (Value::from(NONCE_KEY), Value::Binary(nonce.to_vec())),
        (Value::from(CIPHERTEXT_KEY), Value::Binary(ciphertext)),
    ])
}

fn erased_form(subject: &Uuid) -> Value {
    Value::Map(vec![
        (Value::from(MARKER_KEY), subject_string(subject)),
        (Value::from(ERASED_KEY), Value::Boolean(true)),
    ])
}

/// Validates every marker and collects the subjects of plaintext fields, including those
/// nested inside another plaintext field's value.
pub(crate) fn plaintext_subjects(value: &Value) -> Result<BTreeSet<Uuid>, Error> {
    let mut subjects = BTreeSet::new();
    collect_plaintext(value, &mut Path::default(), &mut subjects)?;
    Ok(subjects)
}

fn collect_plaintext(
    value: &Value,
    path: &mut Path,
    out: &mut BTreeSet<Uuid>,
) -> Result<(), Error> {
    match value {
        Value::Map(entries) if is_marker(entries) => {
            let (subject, form) = parse_marker(entries, path)?;
            if form == Form::Plaintext {
                out.insert(subject);
                if let Some(inner) = entry(entries, VALUE_KEY) {
                    collect_plaintext(inner, path, out)?;
                }
            }
        }
        Value::Map(entries) => {
            for (k, v) in entries {
                path.push_key(k);
                collect_plaintext(v, path, out)?;
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push_index(i);
                collect_plaintext(v, path, out)?;
                path.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// Replaces every plaintext field by its sealed form, innermost first, so that a field
/// nested in another subject's field is sealed under its own subject's key too. Sealed
/// and erased fields are left as they are. Every plaintext subject must be in `ring`.
/// `event_id` is the event the payload belongs to; see [`crypto::seal_field`].
pub(crate) fn seal(value: Value, ring: &KeyRing, event_id: &Uuid) -> Result<Value, Error> {
    Sealer { ring, event_id }.seal_at(value, &mut Path::default())
}

struct Sealer<'a> {
    ring: &'a KeyRing,
    event_id: &'a Uuid,
}

impl Sealer<'_> {
    fn seal_at(&self, value: Value, path: &mut Path) -> Result<Value, Error> {
        let ring = self.ring;
        match value {
            Value::Map(entries) if is_marker(&entries) => {
                let (subject, form) = parse_marker(&entries, path)?;
                if form != Form::Plaintext {
                    return Ok(Value::Map(entries));
                }
                let inner = self.seal_at(take_entry(entries, VALUE_KEY), path)?;
                let dek = match ring.get(&subject) {
                    Some(SubjectKey::Live(dek)) => dek,
                    Some(SubjectKey::Shredded) => return Err(Error::SubjectShredded { subject }),
                    None => return Err(Error::SubjectKeyMissing { subject }),
                };
                let (nonce, ciphertext) =
                    crypto::seal_field(dek, &subject, self.event_id, &encode(&inner)?)?;
                Ok(sealed_form(&subject, nonce, ciphertext))
            }
            Value::Map(entries) => {
                let mut sealed = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    path.push_key(&k);
                    let v = self.seal_at(v, path)?;
                    path.pop();
                    sealed.push((k, v));
                }
                Ok(Value::Map(sealed))
            }
            Value::Array(items) => {
                let mut sealed = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    path.push_index(i);
                    sealed.push(self.seal_at(v, path)?);
                    path.pop();
                }
                Ok(Value::Array(sealed))
            }
            other => Ok(other),
        }
    }
}

/// The result of one opening pass.
#[derive(Debug)]
pub(crate) struct Opened {
    pub(crate) value: Value,
    /// Subjects of sealed fields whose keys were not in the ring; those fields are left
    /// sealed, and a second pass with their keys opens them.
    pub(crate) missing: BTreeSet<Uuid>,
    /// How many fields this pass opened or erased.
    pub(crate) rewritten: usize,
}

/// Replaces every sealed field whose key is in `ring` by its plaintext form (opening the
/// fields nested in it as well), or by its erased form when the key was shredded.
pub(crate) fn open(value: Value, ring: &KeyRing) -> Result<Opened, Error> {
    let mut pass = OpenPass {
        ring,
        missing: BTreeSet::new(),
        rewritten: 0,
    };
    let value = pass.open_at(value, &mut Path::default())?;
    Ok(Opened {
        value,
        missing: pass.missing,
        rewritten: pass.rewritten,
    })
}

struct OpenPass<'a> {
    ring: &'a KeyRing,
    missing: BTreeSet<Uuid>,
    rewritten: usize,
}

impl OpenPass<'_> {
    fn open_at(&mut self, value: Value, path: &mut Path) -> Result<Value, Error> {
        match value {
            Value::Map(entries) if is_marker(&entries) => {
                let (subject, form) = parse_marker(&entries, path)?;
                match form {
                    Form::Erased => Ok(Value::Map(entries)),
                    Form::Plaintext => {
                        let inner = self.open_at(take_entry(entries, VALUE_KEY), path)?;
                        Ok(plaintext_form(&subject, inner))
                    }
                    Form::Sealed => self.open_sealed(subject, entries, path),
                }
            }
            Value::Map(entries) => {
                let mut opened = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    path.push_key(&k);
                    let v = self.open_at(v, path)?;
                    path.pop();
                    opened.push((k, v));
                }
                Ok(Value::Map(opened))
            }
            Value::Array(items) => {
                let mut opened = Vec::with_capacity(items.len());
                for (i, v) in items.into_iter().enumerate() {
                    path.push_index(i);
                    opened.push(self.open_at(v, path)?);
                    path.pop();
                }
                Ok(Value::Array(opened))
            }
            other => Ok(other),
        }
    }

    fn open_sealed(
        &mut self,
        subject: Uuid,
        entries: Vec<(Value, Value)>,
        path: &mut Path,
    ) -> Result<Value, Error> {
        let dek = match self.ring.get(&subject) {
            Some(SubjectKey::Live(dek)) => dek,
            Some(SubjectKey::Shredded) => {
                self.rewritten += 1;
                return Ok(erased_form(&subject));
            }
            None => {
                self.missing.insert(subject);
                return Ok(Value::Map(entries));
            }
        };
        let (Some(Value::Binary(nonce)), Some(Value::Binary(ciphertext))) =
            (entry(&entries, NONCE_KEY), entry(&entries, CIPHERTEXT_KEY))
        else {
            return Err(
                path.error("a sealed personal field needs a 24-byte binary `n` and a binary `c`")
            );
        };
        let plain = crypto::open_field(dek, &subject, nonce, ciphertext).ok_or_else(|| {
            Error::UndecryptableField {
                path: path.render(),
                subject,
            }
        })?;
        let inner = decode(&plain).map_err(|_| path.error("a sealed value is not MessagePack"))?;
        let inner = self.open_at(inner, path)?;
        self.rewritten += 1;
        Ok(plaintext_form(&subject, inner))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shred::crypto::KEY_LEN;

    const CHILD: Uuid = Uuid::from_u128(0x0190a5d2_7c1e_7a4b_9f3e_2b8c1d4e5f60);
    const PARENT: Uuid = Uuid::from_u128(0x0190a5d2_7c1e_7a4b_9f3e_2b8c1d4e5f61);

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Value::from(k), v))
                .collect(),
        )
    }

    fn personal(subject: Uuid, value: Value) -> Value {
        plaintext_form(&subject, value)
    }

    fn ring(entries: &[(Uuid, Option<u8>)]) -> KeyRing {
        entries
            .iter()
            .map(|(s, k)| {
                let key = match k {
                    Some(b) => SubjectKey::Live(SecretKey::from_bytes([*b; KEY_LEN])),
                    None => SubjectKey::Shredded,
                };
                (*s, key)
            })
            .collect()
    }

    const EVENT: Uuid = Uuid::from_u128(0xe7);

    fn note() -> Value {
        map(vec![
            ("case", Value::from(42)),
            ("child_name", personal(CHILD, Value::from("Ana Doe"))),
            (
                "household",
                Value::Array(vec![personal(
                    PARENT,
                    map(vec![
                        ("name", Value::from("Bo Doe")),
                        ("child", personal(CHILD, Value::from(7))),
                    ]),
                )]),
            ),
        ])
    }

    #[test]
    fn sealing_then_opening_gives_back_the_plaintext() {
        let keys = ring(&[(CHILD, Some(1)), (PARENT, Some(2))]);
        assert_eq!(
            plaintext_subjects(&note()).unwrap(),
            BTreeSet::from([CHILD, PARENT])
        );
        let sealed = seal(note(), &keys, &EVENT).unwrap();
        assert!(plaintext_subjects(&sealed).unwrap().is_empty());
        let opened = open(sealed, &keys).unwrap();
        assert!(opened.missing.is_empty());
        assert_eq!(opened.rewritten, 3);
        assert_eq!(opened.value, note());
    }

    #[test]
    fn a_field_nested_in_another_subjects_field_is_erased_with_its_own_subject() {
        let sealed = seal(
            note(),
            &ring(&[(CHILD, Some(1)), (PARENT, Some(2))]),
            &EVENT,
        )
        .unwrap();
        let opened = open(sealed, &ring(&[(CHILD, None), (PARENT, Some(2))])).unwrap();
        let expected = map(vec![
            ("case", Value::from(42)),
            ("child_name", erased_form(&CHILD)),
            (
                "household",
                Value::Array(vec![personal(
                    PARENT,
                    map(vec![
                        ("name", Value::from("Bo Doe")),
                        ("child", erased_form(&CHILD)),
                    ]),
                )]),
            ),
        ]);
        assert_eq!(opened.value, expected);
    }

    #[test]
    fn fields_whose_keys_are_unknown_stay_sealed_and_are_reported() {
        let sealed = seal(
            note(),
            &ring(&[(CHILD, Some(1)), (PARENT, Some(2))]),
            &EVENT,
        )
        .unwrap();
        let first = open(sealed.clone(), &ring(&[(CHILD, Some(1))])).unwrap();
        assert_eq!(first.missing, BTreeSet::from([PARENT]));
        assert_eq!(first.rewritten, 1);
        let second = open(first.value, &ring(&[(CHILD, Some(1)), (PARENT, Some(2))])).unwrap();
        assert_eq!(second.value, note());
    }

    #[test]
    fn a_sealed_field_moved_to_another_subject_does_not_open() {
        let keys = ring(&[(CHILD, Some(1)), (PARENT, Some(1))]);
        let Value::Map(mut entries) =
            seal(personal(CHILD, Value::from("Ana")), &keys, &EVENT).unwrap()
        else {
            panic!("sealed form is a map");
        };
        entries[0].1 = subject_string(&PARENT);
        let refused = open(Value::Map(entries), &keys).unwrap_err();
        assert!(matches!(refused, Error::UndecryptableField { subject, .. } if subject == PARENT));
    }

    #[test]
    fn sealing_a_shredded_subject_is_refused() {
        let refused = seal(note(), &ring(&[(CHILD, None), (PARENT, Some(2))]), &EVENT).unwrap_err();
        assert!(matches!(refused, Error::SubjectShredded { subject } if subject == CHILD));
    }

    #[test]
    fn malformed_markers_are_refused_with_their_path() {
        let cases = [
            (
                map(vec![
                    ("$pii", Value::from("not-a-uuid")),
                    ("v", Value::from(1)),
                ]),
                "uuid",
            ),
            (
                map(vec![
                    ("$pii", Value::from(CHILD.to_string().to_uppercase())),
                    ("v", Value::from(1)),
                ]),
                "lowercase",
            ),
            (
                map(vec![("$pii", Value::from(1)), ("v", Value::from(1))]),
                "not a string",
            ),
            (
                map(vec![("$pii", subject_string(&CHILD))]),
                "exactly the keys",
            ),
            (
                map(vec![
                    ("$pii", subject_string(&CHILD)),
                    ("v", Value::from(1)),
                    ("x", Value::Nil),
                ]),
                "exactly the keys",
            ),
            (
                map(vec![
                    ("$pii", subject_string(&CHILD)),
                    ("erased", Value::Boolean(false)),
                ]),
                "erased: true",
            ),
            (
                map(vec![
                    ("$pii", subject_string(&CHILD)),
                    ("n", Value::Binary(vec![0; 12])),
                    ("c", Value::Binary(vec![])),
                ]),
                "24-byte",
            ),
        ];
        for (marker, reason) in cases {
            let shown = format!("{marker}");
            let payload = map(vec![(
                "people",
                Value::Array(vec![Value::Nil, map(vec![("name", marker)])]),
            )]);
            let refused = match plaintext_subjects(&payload) {
                Ok(_) => panic!("{shown} was accepted"),
                Err(e) => e,
            };
            let Error::PersonalField { path, reason: said } = &refused else {
                panic!("expected a personal field error, got {refused:?}");
            };
            assert_eq!(path, "$.people[1].name");
            assert!(said.contains(reason), "{said} should mention {reason}");
        }
    }

    #[test]
    fn map_keys_that_are_not_field_names_stay_out_of_error_paths() {
        let payload = map(vec![(
            "Jane Roe",
            map(vec![("$pii", Value::from("x")), ("v", Value::Nil)]),
        )]);
        let Error::PersonalField { path, .. } = plaintext_subjects(&payload).unwrap_err() else {
            panic!("expected a personal field error");
        };
        assert_eq!(path, "$.<key>");
    }

    #[test]
    fn decode_refuses_trailing_bytes_and_garbage() {
        let mut bytes = encode(&note()).unwrap();
        assert_eq!(decode(&bytes).unwrap(), note());
        bytes.push(0xc0);
        assert!(matches!(decode(&bytes), Err(Error::InvalidPayload { .. })));
        assert!(matches!(
            decode(&[0x92, 0x01]),
            Err(Error::InvalidPayload { .. })
        ));
        assert!(matches!(decode(&[]), Err(Error::InvalidPayload { .. })));
    }
}
