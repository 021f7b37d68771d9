//! The provider registry: every provider with its licensing status, and the licensing
//! history step by step.
use chrono::NaiveDate;
use kinlog_domain::provider::ProviderEvent;
use kinlog_domain::ProviderId;
use kinlog_store::RecordedEvent;

use super::fields::{stream_uuid, variant_name};
use crate::runtime::params;
use crate::{decode, Error, Writes};

/// The `provider_registry` projector: tables `provider_registry` and
/// `provider_license_step`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderRegistryView;

read_model!(
    ProviderRegistryView,
    "provider_registry",
    1,
    ProviderId::CATEGORY,
    apply
);

fn apply(event: &RecordedEvent, writes: &mut Writes) -> Result<(), Error> {
    let (fact, _) = decode::<ProviderEvent>(event)?;
    let provider_id = stream_uuid(event, ProviderId::CATEGORY)?;
    let position = event.position as i64;
    let step = match &fact {
        ProviderEvent::ProviderRegistered {
            kind,
            name,
            organization_id,
            occurred_on,
            ..
        } => {
            writes.push(
                "INSERT INTO provider_registry (provider_id, kind, name, organization_id, \
                 registered_on, license_status, status_changed_on, last_position) \
                 VALUES ($1, $2, $3, $4, $5, 'registered', $5, $6)",
                params![
                    provider_id,
                    variant_name(kind, event, "kind")?,
                    name.0.clone(),
                    organization_id.0,
                    *occurred_on,
                    position,
                ],
                "registering a provider",
            );
            return Ok(());
        }
        ProviderEvent::LicenseApplied { occurred_on } => Step::status("applied", *occurred_on),
        ProviderEvent::HomeStudyCompleted { occurred_on, .. } => {
            Step::status("studied", *occurred_on)
        }
        ProviderEvent::ApplicationDenied { occurred_on } => Step::status("denied", *occurred_on),
        ProviderEvent::LicenseApproved {
            license_number,
            expires_on,
            occurred_on,
        } => {
            writes.push(
                "UPDATE provider_registry SET license_number = $2, licensed_on = $3 \
                 WHERE provider_id = $1",
                params![provider_id, license_number.0.clone(), *occurred_on],
                "recording a provider's license",
            );
            Step::licensed("licensed", *occurred_on, *expires_on)
        }
        ProviderEvent::LicenseRenewed {
            expires_on,
            occurred_on,
        } => Step::licensed("renewed", *occurred_on, *expires_on),
        ProviderEvent::LicenseRevoked {
            reason,
            occurred_on,
        } => {
            writes.push(
                "UPDATE provider_registry SET revocation_reason = $2 WHERE provider_id = $1",
                params![provider_id, variant_name(reason, event, "reason")?],
                "recording a license revocation",
            );
            Step::status("revoked", *occurred_on)
        }
        // Caregivers, recruitment, training, visits and discharge planning do not change
        // the license.
        _ => return Ok(()),
    };
    step.record(writes, provider_id, position);
    Ok(())
}

/// One licensing step.
struct Step {
    /// The step as the history names it.
    name: &'static str,
    /// The status it leaves the license in.
    status: &'static str,
    occurred_on: NaiveDate,
    expires_on: Option<NaiveDate>,
}

impl Step {
    fn status(name: &'static str, occurred_on: NaiveDate) -> Step {
        Step {
            name,
            status: name,
            occurred_on,
            expires_on: None,
        }
    }

    fn licensed(name: &'static str, occurred_on: NaiveDate, expires_on: NaiveDate) -> Step {
        Step {
            name,
            status: "licensed",
            occurred_on,
            expires_on: Some(expires_on),
        }
    }

    fn record(&self, writes: &mut Writes, provider_id: uuid::Uuid, position: i64) {
        // A revocation or denial keeps the last expiry date: it shows what was cut short.
        writes.push(
            "UPDATE provider_registry SET license_status = $2, status_changed_on = $3, \
             license_expires_on = COALESCE($4, license_expires_on), last_position = $5 \
             WHERE provider_id = $1",
            params![
                provider_id,
                self.status,
                self.occurred_on,
                self.expires_on,
                position
            ],
            "updating a provider's license status",
        );
        writes.push(
            "INSERT INTO provider_license_step (provider_id, position, step, occurred_on, \
             expires_on) VALUES ($1, $2, $3, $4, $5)",
            params![
                provider_id,
                position,
                self.name,
                self.occurred_on,
                self.expires_on
            ],
            "recording a licensing step",
        );
    }
}
