//! The read models, one projector each.
/// Implements [`Projector`] for a read model: its handler is an `apply(event, writes)`
/// function and its DDL sits beside it as `<name>.sql`.
macro_rules! read_model {
    ($view:ident, $name:literal, $version:literal, $category:expr, $apply:path) => {
        impl $crate::Projector for $view {
            fn name(&self) -> &'static str {
                $name
            }

            fn version(&self) -> u32 {
                $version
            }

            fn category(&self) -> &'static str {
                $category
            }

            fn tables(&self) -> &'static str {
                include_str!(concat!($name, ".sql"))
            }

            fn handle(
                &self,
                event: &kinlog_store::RecordedEvent,
                writes: &mut $crate::Writes,
            ) -> Result<(), $crate::Error> {
                $apply(event, writes)
            }
        }
    };
}

mod access_log;
mod case_member;
mod case_summary;
mod disclosures;
pub(crate) mod fields;
mod grant_holder;
mod nytd_roster;
mod person_index;
mod person_relationship;
mod provider_registry;
mod removal_episodes;
mod report_case_facts;
mod report_person_facts;

pub use access_log::AccessLogView;
pub use case_member::CaseMemberView;
pub use case_summary::CaseSummaryView;
pub use disclosures::DisclosuresView;
pub use grant_holder::GrantHolderView;
pub use nytd_roster::NytdRosterView;
pub use person_index::{name_search_key, PersonIndexView};
pub use person_relationship::PersonRelationshipView;
pub use provider_registry::ProviderRegistryView;
pub use removal_episodes::RemovalEpisodesView;
pub use report_case_facts::ReportCaseFactsView;
pub use report_person_facts::ReportPersonFactsView;

use crate::{Error, Projector};

/// Every read model this build of kinlog maintains.
pub fn projectors() -> Vec<Box<dyn Projector>> {
    vec![
        Box::new(AccessLogView),
        Box::new(CaseMemberView),
        Box::new(CaseSummaryView),
        Box::new(DisclosuresView),
        Box::new(GrantHolderView),
        Box::new(NytdRosterView),
        Box::new(PersonIndexView),
        Box::new(PersonRelationshipView),
        Box::new(ProviderRegistryView),
        Box::new(RemovalEpisodesView),
        Box::new(ReportCaseFactsView),
        Box::new(ReportPersonFactsView),
    ]
}

/// Brings every read model up to the head of the log, one after another.
pub async fn catch_up_all(
    store: &kinlog_store::Store,
    options: &crate::RunOptions,
) -> Result<(), Error> {
    for projector in projectors() {
        crate::catch_up(store, &*projector, options).await?;
    }
    Ok(())
}

/// The read model named `name`.
pub fn projector(name: &str) -> Result<Box<dyn Projector>, Error> {
    projectors()
        .into_iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| Error::UnknownProjector {
            name: name.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projector_names_are_unique_and_valid() {
        let all = projectors();
        let mut names: Vec<_> = all.iter().map(|p| p.name()).collect();
        for name in &names {
            crate::runtime::check_name(name).unwrap();
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(projector("no_such_view").is_err());
    }
}
