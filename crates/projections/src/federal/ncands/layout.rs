//! The NCANDS Child File record: fixed-position ASCII, one line per child per report.
//!
//! Field order follows the NCANDS Child File Codebook numbering (karpet/qic-dvcw
//! `eval/ncands-vars.csv`, NDACAN numbering 1–153). Positions 1–49 (SUBYR to INVDATE)
//! are confirmed (omb.report "Child File Record Layout FFY2018", quoted in
//! `specs/federal-reports.md`); every later width is [R]: remembered, not checked against
//! the codebook, which was not found. RPTTM and INVSTRTM cannot sit beside RPTDT and
//! INVDATE (those positions are confirmed consecutive), so they follow the other fields,
//! as later additions to the layout do. Widths live only in this table: a correction is
//! one line.

/// Each field: its codebook name and width in characters.
pub(crate) const CHILD_FILE: &[(&str, usize)] = &[
    ("SUBYR", 4),
    ("STATERR", 2),
    ("RPTID", 12),
    ("CHID", 12),
    ("RPTCNTY", 3),
    ("RPTDT", 8),
    ("INVDATE", 8),
    ("RPTSRC", 2),
    ("RPTDISP", 2),
    ("RPTDISDT", 8),
    ("NOTIFS", 2),
    ("CHAGE", 2),
    ("CHBDATE", 8),
    ("CHSEX", 1),
    ("CHRACAI", 1),
    ("CHRACAS", 1),
    ("CHRACBL", 1),
    ("CHRACNH", 1),
    ("CHRACWH", 1),
    ("CHRACUD", 1),
    ("CETHN", 1),
    ("CHCNTY", 3),
    ("CHLVNG", 2),
    ("CHMIL", 1),
    ("CHPRIOR", 1),
    ("CHMAL1", 2),
    ("MAL1LEV", 2),
    ("CHMAL2", 2),
    ("MAL2LEV", 2),
    ("CHMAL3", 2),
    ("MAL3LEV", 2),
    ("CHMAL4", 2),
    ("MAL4LEV", 2),
    ("MALDEATH", 1),
    ("CDALC", 1),
    ("CDDRUG", 1),
    ("CDRTRD", 1),
    ("CDEMOTNL", 1),
    ("CDVISUAL", 1),
    ("CDLEARN", 1),
    ("CDPHYS", 1),
    ("CDBEHAV", 1),
    ("CDMEDICL", 1),
    ("FCALC", 1),
    ("FCDRUG", 1),
    ("FCRTRD", 1),
    ("FCEMOTNL", 1),
    ("FCVISUAL", 1),
    ("FCLEARN", 1),
    ("FCPHYS", 1),
    ("FCMEDICL", 1),
    ("FCVIOL", 1),
    ("FCHOUSE", 1),
    ("FCMONEY", 1),
    ("FCPUBLIC", 1),
    ("POSTSERV", 1),
    ("SERVDATE", 8),
    ("FAMSUP", 1),
    ("FAMPRES", 1),
    ("FOSTERCR", 1),
    ("RMVDATE", 8),
    ("JUVPET", 1),
    ("PETDATE", 8),
    ("COCHREP", 1),
    ("ADOPT", 1),
    ("CASEMANG", 1),
    ("COUNSEL", 1),
    ("DAYCARE", 1),
    ("EDUCATN", 1),
    ("EMPLOY", 1),
    ("FAMPLAN", 1),
    ("HEALTH", 1),
    ("HOMEBASE", 1),
    ("HOUSING", 1),
    ("TRANSLIV", 1),
    ("INFOREF", 1),
    ("LEGAL", 1),
    ("MENTHLTH", 1),
    ("PREGPAR", 1),
    ("RESPITE", 1),
    ("SSDISABL", 1),
    ("SSDELINQ", 1),
    ("SUBABUSE", 1),
    ("TRANSPRT", 1),
    ("OTHERSV", 1),
    ("WRKRID", 12),
    ("SUPRVID", 12),
    ("PER1ID", 12),
    ("PER1REL", 2),
    ("PER1PRNT", 1),
    ("PER1CR", 1),
    ("PER1AGE", 2),
    ("PER1SEX", 1),
    ("P1RACAI", 1),
    ("P1RACAS", 1),
    ("P1RACBL", 1),
    ("P1RACNH", 1),
    ("P1RACWH", 1),
    ("P1RACUD", 1),
    ("PER1ETHN", 1),
    ("PER1MIL", 1),
    ("PER1PIOR", 1),
    ("PER1MAL1", 1),
    ("PER1MAL2", 1),
    ("PER1MAL3", 1),
    ("PER1MAL4", 1),
    ("PER2ID", 12),
    ("PER2REL", 2),
    ("PER2PRNT", 1),
    ("PER2CR", 1),
    ("PER2AGE", 2),
    ("PER2SEX", 1),
    ("P2RACAI", 1),
    ("P2RACAS", 1),
    ("P2RACBL", 1),
    ("P2RACNH", 1),
    ("P2RACWH", 1),
    ("P2RACUD", 1),
    ("PER2ETHN", 1),
    ("PER2MIL", 1),
    ("PER2PIOR", 1),
    ("PER2MAL1", 1),
    ("PER2MAL2", 1),
    ("PER2MAL3", 1),
    ("PER2MAL4", 1),
    ("PER3ID", 12),
    ("PER3REL", 2),
    ("PER3PRNT", 1),
    ("PER3CR", 1),
    ("PER3AGE", 2),
    ("PER3SEX", 1),
    ("P3RACAI", 1),
    ("P3RACAS", 1),
    ("P3RACBL", 1),
    ("P3RACNH", 1),
    ("P3RACWH", 1),
    ("P3RACUD", 1),
    ("PER3ETHN", 1),
    ("PER3MIL", 1),
    ("PER3PIOR", 1),
    ("PER3MAL1", 1),
    ("PER3MAL2", 1),
    ("PER3MAL3", 1),
    ("PER3MAL4", 1),
    ("AFCARSID", 12),
    ("INCIDDT", 8),
    ("RPTTM", 4),
    ("INVSTRTM", 4),
    ("DEATHDT", 8),
    ("FCDCHDT", 8),
    ("PLNSFCR", 1),
    ("REFRCARA", 1),
];

use std::collections::BTreeMap;

use crate::Error;

/// The record length: the sum of the widths.
pub(crate) fn record_length() -> usize {
    CHILD_FILE.iter().map(|(_, width)| width).sum()
}

/// Where `name` sits: its zero-based offset and width.
pub(crate) fn position(name: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for (field, width) in CHILD_FILE {
        if *field == name {
            return Some((offset, *width));
        }
        offset += width;
    }
    None
}

/// One record line; a field without a value is blank (spaces), never a default.
pub(crate) fn render(values: &BTreeMap<&'static str, String>) -> Result<String, Error> {
    let mut line = String::with_capacity(record_length());
    let mut written = 0;
    for (field, width) in CHILD_FILE {
        let value = match values.get(field) {
            Some(value) => {
                written += 1;
                value.as_str()
            }
            None => "",
        };
        if value.len() > *width || !value.is_ascii() {
            return Err(Error::ReportInput {
                field,
                reason: "the value does not fit the field's width in ASCII",
            });
        }
        line.push_str(value);
        line.extend(std::iter::repeat_n(' ', width - value.len()));
    }
    // A value under a name the layout lacks would otherwise vanish from the file.
    if written != values.len() {
        let field = values
            .keys()
            .find(|name| !CHILD_FILE.iter().any(|(field, _)| field == *name))
            .copied()
            .unwrap_or("?");
        return Err(Error::ReportInput {
            field,
            reason: "not a field of the Child File layout",
        });
    }
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_confirmed_positions_hold_and_names_are_unique() {
        // SUBYR [1–4], STATERR [5–6], RPTID [7–18], CHID [19–30], RPTCNTY [31–33],
        // RPTDT [34–41], INVDATE [42–49], one-based and inclusive.
        let confirmed = [
            ("SUBYR", 1, 4),
            ("STATERR", 5, 6),
            ("RPTID", 7, 18),
            ("CHID", 19, 30),
            ("RPTCNTY", 31, 33),
            ("RPTDT", 34, 41),
            ("INVDATE", 42, 49),
        ];
        for (name, first, last) in confirmed {
            assert_eq!(
                position(name),
                Some((first - 1, last - first + 1)),
                "{name}"
            );
        }
        let mut names: Vec<_> = CHILD_FILE.iter().map(|(name, _)| name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CHILD_FILE.len());
    }

    #[test]
    fn every_risk_factor_has_a_field() {
        use kinlog_domain::case::codes::{CaregiverRiskFactor, ChildRiskFactor};
        let codebook = ChildRiskFactor::ALL
            .iter()
            .map(|f| f.ncands_field())
            .chain(CaregiverRiskFactor::ALL.iter().map(|f| f.ncands_field()));
        for name in codebook {
            let field = CHILD_FILE
                .iter()
                .find(|(field, _)| field.eq_ignore_ascii_case(name));
            assert_eq!(field.map(|(_, width)| *width), Some(1), "{name}");
        }
    }
}
