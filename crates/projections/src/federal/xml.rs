//! Writing the federal XML files by hand: their structure is fixed, and escaping the five
//! XML special characters is all a value needs.

fn indent(out: &mut String, depth: usize) {
    out.extend(std::iter::repeat_n("  ", depth));
}

pub(crate) fn open(out: &mut String, depth: usize, tag: &str) {
    indent(out, depth);
    out.push('<');
    out.push_str(tag);
    out.push_str(">\n");
}

pub(crate) fn close(out: &mut String, depth: usize, tag: &str) {
    indent(out, depth);
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

/// A blank value is an empty element: the element is present and says nothing, which
/// is not the same as any of its values. [R: ACF's XSD, not published, may want the
/// element left out instead.]
pub(crate) fn leaf(out: &mut String, depth: usize, tag: &str, value: Option<&str>) {
    indent(out, depth);
    match value {
        Some(value) => {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            escape(out, value);
            out.push_str("</");
            out.push_str(tag);
            out.push_str(">\n");
        }
        None => {
            out.push('<');
            out.push_str(tag);
            out.push_str("/>\n");
        }
    }
}

fn escape(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}
