//! kinlog-projections (not built yet).
