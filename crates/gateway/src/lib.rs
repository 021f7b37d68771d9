//! kinlog-gateway (not built yet).
