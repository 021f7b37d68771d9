//! The time window a replay covers.
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Error;

/// A half-open window `[from, to)`: an instant equal to `from` is inside, one equal to
/// `to` is not, so consecutive windows (one day, the next day) never count an access
/// twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

impl Window {
    /// A window; `to` must be after `from`.
    pub fn new(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Window, Error> {
        if to <= from {
            return Err(Error::ReplayInput {
                field: "to",
                reason: format!("must be after --from ({from})"),
            });
        }
        Ok(Window { from, to })
    }

    pub fn contains(&self, at: DateTime<Utc>) -> bool {
        self.from <= at && at < self.to
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_start_is_inside_and_the_end_is_not() {
        let from = Utc.with_ymd_and_hms(2026, 11, 17, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2026, 11, 18, 0, 0, 0).unwrap();
        let window = Window::new(from, to).unwrap();
        assert!(window.contains(from));
        assert!(!window.contains(to));
        assert!(!window.contains(from - chrono::Duration::nanoseconds(1)));
        assert!(matches!(
            Window::new(to, from),
            Err(Error::ReplayInput { field: "to", .. })
        ));
    }
}
