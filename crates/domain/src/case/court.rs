//! Court information (Ohio rule paragraph H(5)): petitions, representatives, custody
//! orders and the termination of parental rights (AFCARS E63–E68; NCANDS JuvPet,
//! PetDate, CoChRep).
use super::checks::{active, ensure, fresh, not_in_future};
use super::checks::{within_case, Decision};
use super::commands::*;
use super::events::CaseEvent;
use super::state::CaseRecord;
use crate::{CommandContext, Rule};

pub(super) fn file_juvenile_court_petition(
    record: Option<&CaseRecord>,
    command: &FileJuvenileCourtPetition,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.filed_on, context, "filed_on")?;
    Ok(vec![CaseEvent::JuvenileCourtPetitionFiled {
        child: command.child,
        filed_on: command.filed_on,
    }])
}

pub(super) fn appoint_child_representative(
    record: Option<&CaseRecord>,
    command: &AppointChildRepresentative,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    within_case(record, command.appointed_on, context, "appointed_on")?;
    Ok(vec![CaseEvent::ChildRepresentativeAppointed {
        child: command.child,
        representative: command.representative,
        appointed_on: command.appointed_on,
    }])
}

pub(super) fn record_custody_order(
    record: Option<&CaseRecord>,
    command: &RecordCustodyOrder,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    fresh(record.court_orders.contains(&command.order_id), "order_id")?;
    not_in_future(command.issued_on, context, "issued_on")?;
    Ok(vec![CaseEvent::CustodyOrderIssued {
        order_id: command.order_id,
        child: command.child,
        order: command.order,
        issued_on: command.issued_on,
    }])
}

pub(super) fn file_tpr_petition(
    record: Option<&CaseRecord>,
    command: &FileTprPetition,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let rights = record.parental_rights.get(&(command.child, command.parent));
    ensure(
        rights.is_none_or(|rights| rights.petition_filed_on.is_none()),
        Rule::AlreadyRecorded,
        "parent",
    )?;
    not_in_future(command.filed_on, context, "filed_on")?;
    // A termination recorded first (a late petition entry) must not precede it.
    if let Some((_, terminated_on)) = rights.and_then(|rights| rights.terminated) {
        ensure(
            terminated_on >= command.filed_on,
            Rule::TprBeforePetition,
            "filed_on",
        )?;
    }
    Ok(vec![CaseEvent::TprPetitionFiled {
        child: command.child,
        parent: command.parent,
        filed_on: command.filed_on,
    }])
}

pub(super) fn record_termination(
    record: Option<&CaseRecord>,
    command: &RecordTermination,
    context: &CommandContext,
) -> Decision {
    let record = active(record)?;
    let rights = record.parental_rights.get(&(command.child, command.parent));
    ensure(
        rights.is_none_or(|rights| rights.terminated.is_none()),
        Rule::AlreadyRecorded,
        "parent",
    )?;
    not_in_future(command.terminated_on, context, "terminated_on")?;
    // A voluntary relinquishment may have no petition; when there is one, it comes first.
    if let Some(filed_on) = rights.and_then(|rights| rights.petition_filed_on) {
        ensure(
            command.terminated_on >= filed_on,
            Rule::TprBeforePetition,
            "terminated_on",
        )?;
    }
    Ok(vec![CaseEvent::ParentalRightsTerminated {
        child: command.child,
        parent: command.parent,
        kind: command.kind,
        terminated_on: command.terminated_on,
    }])
}
