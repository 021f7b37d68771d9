//! One decision: evaluate the request without a grant, then with each grant the user
//! holds, and stop at the first allow. A forbid found without a grant ends it at once,
//! since every forbid that fires without a grant fires with one too.
use std::collections::BTreeSet;

use cedar_policy::{Authorizer, Request, Response};

use super::entities::{self, RequestEntities};
use super::error::PolicyError;
use super::facts::{Action, Grant, PrincipalFacts, RequestContext, ResourceFacts};
use super::policy_set::{describe, PolicySet, Ready};
use crate::GrantId;

/// The outcome of [`authorize`], as recorded with the access event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub allowed: bool,
    /// The `@id`s of the policies that decided, sorted: the permits that allowed, or the
    /// forbids that denied. Empty on a deny means no permit applied (paragraph W:
    /// access only where expressly permitted) or the decision failed closed.
    pub deciding_policies: Vec<String>,
    /// [`PolicySet::hash`] of the set that decided.
    pub policy_set_hash: String,
    /// The grant whose scope allowed the request, if a grant was needed.
    pub grant_used: Option<GrantId>,
    /// Why the request could not be evaluated; always a deny.
    pub failure: Option<PolicyError>,
}

impl Decision {
    /// A deny because nothing permitted the request, not because a forbid fired or the
    /// evaluation failed.
    pub fn is_default_deny(&self) -> bool {
        !self.allowed && self.deciding_policies.is_empty() && self.failure.is_none()
    }
}

/// Decides whether `principal` may do `action` on `resource`. Never panics: a policy
/// set that did not load, facts that cannot be turned into entities, and any policy
/// that errors while evaluating all give a deny with `failure` set. Cedar itself skips
/// an erroring policy, which for a forbid would fail open; here any error denies.
pub fn authorize(
    set: &PolicySet,
    principal: &PrincipalFacts,
    action: Action,
    resource: &ResourceFacts,
    context: &RequestContext,
) -> Decision {
    let policy_set_hash = set.hash().to_owned();
    let outcome = match set.ready() {
        Ok(ready) => decide(ready, principal, action, resource, context),
        Err(load_error) => Err(load_error.clone()),
    };
    match outcome {
        Ok(outcome) => Decision {
            allowed: outcome.allowed,
            deciding_policies: outcome.policies.into_iter().collect(),
            policy_set_hash,
            grant_used: outcome.grant,
            failure: None,
        },
        Err(failure) => Decision {
            allowed: false,
            deciding_policies: Vec::new(),
            policy_set_hash,
            grant_used: None,
            failure: Some(failure),
        },
    }
}

struct Outcome {
    allowed: bool,
    policies: BTreeSet<String>,
    grant: Option<GrantId>,
}

enum Evaluation {
    Allowed(BTreeSet<String>),
    Forbidden(BTreeSet<String>),
    NoPermit,
}

fn decide(
    ready: &Ready,
    principal: &PrincipalFacts,
    action: Action,
    resource: &ResourceFacts,
    context: &RequestContext,
) -> Result<Outcome, PolicyError> {
    let request_entities = entities::build(&ready.names, &ready.schema, principal, resource)?;
    let evaluate =
        |grant: Option<&Grant>| evaluate(ready, &request_entities, action, context, grant);

    match evaluate(None)? {
        Evaluation::Allowed(policies) => return Ok(allowed(policies, None)),
        Evaluation::Forbidden(policies) => return Ok(denied(policies)),
        Evaluation::NoPermit => {}
    }
    // Forbids that fire only with a particular grant (expired, revoked, wrong purpose)
    // are collected so the deny says why each grant was refused.
    let mut forbids = BTreeSet::new();
    for grant in &principal.grants {
        match evaluate(Some(grant))? {
            Evaluation::Allowed(policies) => return Ok(allowed(policies, Some(grant.id))),
            Evaluation::Forbidden(policies) => forbids.extend(policies),
            Evaluation::NoPermit => {}
        }
    }
    Ok(denied(forbids))
}

fn allowed(policies: BTreeSet<String>, grant: Option<GrantId>) -> Outcome {
    Outcome {
        allowed: true,
        policies,
        grant,
    }
}

fn denied(policies: BTreeSet<String>) -> Outcome {
    Outcome {
        allowed: false,
        policies,
        grant: None,
    }
}

fn evaluate(
    ready: &Ready,
    request_entities: &RequestEntities,
    action: Action,
    context: &RequestContext,
    grant: Option<&Grant>,
) -> Result<Evaluation, PolicyError> {
    let context = entities::context(&ready.names, &request_entities.principal, context, grant)?;
    let request = Request::new(
        request_entities.principal.clone(),
        ready.names.action(action.cedar_id()),
        request_entities.resource.clone(),
        context,
        Some(&ready.schema),
    )
    .map_err(|e| PolicyError::Request {
        reason: describe(&e),
    })?;
    let response =
        Authorizer::new().is_authorized(&request, &ready.policies, &request_entities.entities);
    interpret(&response)
}

fn interpret(response: &Response) -> Result<Evaluation, PolicyError> {
    if let Some(error) = response.diagnostics().errors().next() {
        let cedar_policy::AuthorizationError::PolicyEvaluationError(error) = error;
        return Err(PolicyError::Evaluation {
            policy: error.policy_id().to_string(),
            reason: describe(error),
        });
    }
    let policies: BTreeSet<String> = response
        .diagnostics()
        .reason()
        .map(ToString::to_string)
        .collect();
    Ok(match response.decision() {
        cedar_policy::Decision::Allow => Evaluation::Allowed(policies),
        cedar_policy::Decision::Deny if policies.is_empty() => Evaluation::NoPermit,
        cedar_policy::Decision::Deny => Evaluation::Forbidden(policies),
    })
}
