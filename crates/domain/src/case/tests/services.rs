//! Service referrals and provider reports.
use super::*;

#[test]
fn a_service_referral_and_a_provider_report() {
    let referral_id = ServiceReferralId(id(0x31));
    let referred = CaseEvent::ServiceReferred {
        referral_id,
        persons: vec![MOTHER],
        service: ServiceType::SubstanceAbuse,
        provider: Some(HOME),
        method: CommunicationMethod::Electronic,
        referred_on: d("2024-03-10"),
    };
    check(
        &investigating(),
        CaseCommand::ReferToService(ReferToService {
            referral_id,
            persons: vec![MOTHER],
            service: ServiceType::SubstanceAbuse,
            provider: Some(HOME),
            method: CommunicationMethod::Electronic,
            referred_on: d("2024-03-10"),
        }),
        Ok(vec![referred.clone()]),
    );
    let report = RecordProviderReport {
        report_id: ProviderReportId(id(0x32)),
        provider: HOME,
        referral_id: Some(referral_id),
        method: CommunicationMethod::Verbal,
        received_on: d("2024-04-01"),
        services_received_on: BTreeSet::from([d("2024-03-15"), d("2024-03-22")]),
        summary: text("attended two sessions"),
    };
    let given = with(investigating(), [referred]);
    check(
        &given,
        CaseCommand::RecordProviderReport(report.clone()),
        Ok(vec![CaseEvent::ProviderReportReceived {
            report_id: report.report_id,
            provider: HOME,
            referral_id: Some(referral_id),
            method: CommunicationMethod::Verbal,
            received_on: d("2024-04-01"),
            services_received_on: report.services_received_on.clone(),
            summary: report.summary.clone(),
        }]),
    );
    check(
        &investigating(),
        CaseCommand::RecordProviderReport(report.clone()),
        rejects(Rule::ServiceReferralNotFound, "referral_id"),
    );
    check(
        &given,
        CaseCommand::RecordProviderReport(RecordProviderReport {
            services_received_on: BTreeSet::from([d("2024-04-02")]),
            ..report.clone()
        }),
        rejects(Rule::ServiceAfterReport, "services_received_on"),
    );
    check(
        &given,
        CaseCommand::RecordProviderReport(RecordProviderReport {
            services_received_on: BTreeSet::new(),
            ..report
        }),
        rejects(Rule::Required, "services_received_on"),
    );
}
