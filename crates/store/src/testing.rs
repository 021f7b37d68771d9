//! A fresh, migrated database per test. (Owned by the cluster helper.)
