//! The NYTD XML.
use super::elements::{Element, RecordElements};
use super::facts::Header;
use crate::federal::xml::{close, leaf, open};

const ROOT_OPEN: &str = concat!(
    r#"<tns:nytd_data_file xmlns:tns="http://nytd.acf.hhs.gov""#,
    r#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#,
    r#" xsi:noNamespaceSchemaLocation="nytd_data_file_format.xsd""#,
    r#" xsi:schemaLocation="http://nytd.acf.hhs.gov nytd_data_file_format.xsd">"#,
);

/// The whole file.
pub(crate) fn write(header: &Header, records: &[RecordElements]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(ROOT_OPEN);
    out.push('\n');
    leaf(&mut out, 1, "file_id", Some(&header.file_id));
    leaf(
        &mut out,
        1,
        "E1_state",
        Some(&format!("{:02}", header.state_fips)),
    );
    leaf(
        &mut out,
        1,
        "file_generation_date",
        Some(&header.generated_on.format("%Y-%m-%d").to_string()),
    );
    leaf(&mut out, 1, "file_category", Some(header.category.value()));
    leaf(
        &mut out,
        1,
        "E2_report_date",
        Some(&header.period.report_date()),
    );
    for record in records {
        open(&mut out, 1, "record");
        elements(&mut out, 2, &record.youth);
        open(&mut out, 2, "served_population");
        elements(&mut out, 3, &record.served);
        close(&mut out, 2, "served_population");
        open(&mut out, 2, "baseline_followup_populations");
        elements(&mut out, 3, &record.outcomes);
        open(&mut out, 3, "baseline_followup_outcome_survey");
        elements(&mut out, 4, &record.survey);
        close(&mut out, 3, "baseline_followup_outcome_survey");
        close(&mut out, 2, "baseline_followup_populations");
        close(&mut out, 1, "record");
    }
    out.push_str("</tns:nytd_data_file>\n");
    out
}

fn elements(out: &mut String, depth: usize, elements: &[Element]) {
    for element in elements {
        leaf(out, depth, element.tag, element.value.as_deref());
    }
}
