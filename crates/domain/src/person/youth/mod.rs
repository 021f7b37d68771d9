//! Youth in transition: independent-living services (NYTD elements 20–33) and the
//! outcome surveys at 17, 19 and 21 (elements 34–58), kept on the person's stream because
//! the survey windows depend on the youth's date of birth.
mod services;
mod survey;
mod window;

pub use services::IndependentLivingService;
pub use survey::{
    Certification, OutcomeAnswers, ParticipationStatus, SurveyAnswer, SurveyPopulation,
};
pub(crate) use window::{check_survey_window, SurveyWindowError};
