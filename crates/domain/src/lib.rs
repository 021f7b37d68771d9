//! kinlog's domain: aggregates, commands, events and the access policy. Pure: no IO, no async.
