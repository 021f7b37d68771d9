//! The OpenAPI 3.1 document, generated from the handlers' annotations and served at
//! `/openapi.json`. A test checks it lists exactly the routes the router serves.
use axum::Json;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::routes::{
    administration, case_records, caseload, cases, disclosures, persons, providers, replay,
    reports, subject_rights,
};
use super::{health, metrics, problem};

#[derive(OpenApi)]
#[openapi(
    info(title = "kinlog", description = "The authenticated, audited API of kinlog's child-welfare record. Every response carrying protected data is preceded by one durable AccessRecorded event; every refusal by one AccessDenied event."),
    paths(health::healthz, health::readyz, metrics::metrics, document,
        cases::summary, cases::command, caseload::caseload, administration::staff, administration::grant, case_records::note, case_records::visit, disclosures::accounting, disclosures::record,
        persons::by_external_id, persons::record, persons::command, subject_rights::export, subject_rights::request_correction, subject_rights::erase, providers::entry, providers::command, replay::who_accessed, replay::user_activity, replay::monitor, replay::rejudge, replay::case_as_of, reports::run, reports::file),
    components(schemas(problem::Problem)),
    modifiers(&BearerAuth),
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "operations",
    responses((status = 200, description = "The OpenAPI 3.1 document")))]
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
