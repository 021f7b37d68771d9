//! Integration tests of the projector runtime and the read models against real
//! PostgreSQL, one fresh database per test. Scenarios are built through the domain
//! (`decide`, then `encode`, then `Store::append`), as the gateway will.
mod case_summary;
mod federal;
mod person_index;
mod registries;
mod removal_episodes;
mod report_facts;
mod runtime;
mod support;
