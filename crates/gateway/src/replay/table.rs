//! The one table printer every replay question uses for people; tools get `--json`.

/// A row that prints as a table line.
pub trait Tabular {
    /// Column headings.
    fn headers() -> &'static [&'static str];
    /// One cell per heading.
    fn cells(&self) -> Vec<String>;
}

/// Renders rows under their headings, columns padded to their widest cell, with a
/// closing line counting the rows.
pub fn render_table<T: Tabular>(rows: &[T]) -> String {
    let headers = T::headers();
    let cells: Vec<Vec<String>> = rows.iter().map(Tabular::cells).collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &cells {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let line = |out: &mut String, row: &mut dyn Iterator<Item = &str>| {
        let padded: Vec<String> = row
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<w$}", w = *width))
            .collect();
        out.push_str(padded.join("  ").trim_end());
        out.push('\n');
    };
    line(&mut out, &mut headers.iter().copied());
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(&mut out, &mut rule.iter().map(String::as_str));
    for row in &cells {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out.push_str(&format!(
        "({} row{})\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}

/// An optional value as a cell: `-` when absent.
pub(crate) fn cell<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Row(&'static str, u32);

    impl Tabular for Row {
        fn headers() -> &'static [&'static str] {
            &["name", "n"]
        }
        fn cells(&self) -> Vec<String> {
            vec![self.0.to_owned(), self.1.to_string()]
        }
    }

    #[test]
    fn columns_are_as_wide_as_their_widest_cell() {
        let table = render_table(&[Row("a", 10), Row("longer", 2)]);
        assert_eq!(
            table,
            "name    n\n------  --\na       10\nlonger  2\n(2 rows)\n"
        );
    }
}
