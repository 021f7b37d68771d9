//! A record as the tree of elements the XML nests, so the writer has one shape to walk.
use crate::federal::xml::{close, leaf, open};

pub(crate) enum Node {
    /// An element with a value, or blank.
    Leaf(&'static str, Option<String>),
    Group(&'static str, Vec<Node>),
}

impl Node {
    pub(crate) fn leaf(tag: &'static str, value: Option<impl ToString>) -> Node {
        Node::Leaf(tag, value.map(|v| v.to_string()))
    }

    pub(crate) fn write(&self, out: &mut String, depth: usize) {
        match self {
            Node::Leaf(tag, value) => leaf(out, depth, tag, value.as_deref()),
            Node::Group(tag, children) if children.is_empty() => leaf(out, depth, tag, None),
            Node::Group(tag, children) => {
                open(out, depth, tag);
                for child in children {
                    child.write(out, depth + 1);
                }
                close(out, depth, tag);
            }
        }
    }
}

/// A date as the files write it.
pub(crate) fn date(on: chrono::NaiveDate) -> String {
    on.format("%Y-%m-%d").to_string()
}

/// A yes/no flag: 1 applies, 0 does not.
pub(crate) fn flag(applies: bool) -> u8 {
    u8::from(applies)
}

/// The root of both files, 1355.43(b): the ACF namespace and the schema each names.
/// Each record is written as it is built and then dropped, so a state's file never
/// holds every record's tree at once.
pub(crate) fn file(
    schema: &str,
    header: [Node; 2],
    records: impl Iterator<Item = Node>,
) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<acf:data xmlns:acf=\"http://www.acf.hhs.gov\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://www.acf.hhs.gov {schema}\">\n"
    ));
    for node in &header {
        node.write(&mut out, 1);
    }
    let mut records = records.peekable();
    if records.peek().is_none() {
        leaf(&mut out, 1, "records", None);
    } else {
        open(&mut out, 1, "records");
        for record in records {
            record.write(&mut out, 2);
        }
        close(&mut out, 1, "records");
    }
    out.push_str("</acf:data>\n");
    out.into_bytes()
}
