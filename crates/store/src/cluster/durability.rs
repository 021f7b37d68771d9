//! Refusing servers that can lose or corrupt committed events.
use tokio_postgres::Client;

use crate::Error;

/// The server's durability settings, as checked at start.
///
/// `fsync` and `full_page_writes` are always `on` here: [`check_durability`] refuses a
/// server where either is off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    /// `on`, `remote_apply`, `remote_write`, `local` or `off`, as the session sees it.
    pub synchronous_commit: String,
}

impl Durability {
    /// True when a commit is acknowledged only after its WAL is flushed locally and, with
    /// synchronous standbys, on them too. Callers should warn when this is false: with
    /// `off` a crash loses the last acknowledged commits, and with `local` or
    /// `remote_write` a failover can.
    pub fn commits_are_synchronous(&self) -> bool {
        matches!(self.synchronous_commit.as_str(), "on" | "remote_apply")
    }
}

const SETTINGS: &str = "SELECT current_setting('fsync'), current_setting('full_page_writes'), \
                        current_setting('synchronous_commit')";

/// Refuses a server with `fsync=off` or `full_page_writes=off`; returns the settings so
/// the caller can warn when `synchronous_commit` is not `on`.
///
/// `full_page_writes=off` is refused rather than warned about: after a power loss it can
/// leave torn pages in the event log that recovery does not repair and that only
/// `kinlog verify` would notice, long after. The one setup where it is safe (a filesystem
/// with atomic 8 kB writes, such as ZFS) is not something the server can tell us, and the
/// cost of leaving it on is WAL volume, not correctness.
pub async fn check_durability(client: &Client) -> Result<Durability, Error> {
    let row = client
        .query_one(SETTINGS, &[])
        .await
        .map_err(Error::db("reading the server's durability settings"))?;
    let fsync: String = row.get(0);
    let full_page_writes: String = row.get(1);
    refuse_if_off(
        "fsync",
        &fsync,
        "a crash or power loss can lose or corrupt committed events",
    )?;
    refuse_if_off(
        "full_page_writes",
        &full_page_writes,
        "a power loss can leave torn pages in the event log that recovery cannot repair",
    )?;
    Ok(Durability {
        synchronous_commit: row.get(2),
    })
}

fn refuse_if_off(setting: &str, value: &str, consequence: &str) -> Result<(), Error> {
    if value == "on" {
        return Ok(());
    }
    Err(Error::UnsafeServer(format!(
        "{setting} is {value}: {consequence}; set {setting} = on in postgresql.conf"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_on_and_remote_apply_count_as_synchronous() {
        let durability = |s: &str| Durability {
            synchronous_commit: s.to_owned(),
        };
        assert!(durability("on").commits_are_synchronous());
        assert!(durability("remote_apply").commits_are_synchronous());
        for weaker in ["off", "local", "remote_write"] {
            assert!(!durability(weaker).commits_are_synchronous(), "{weaker}");
        }
    }

    #[test]
    fn refusal_names_the_setting() {
        let err = refuse_if_off("fsync", "off", "data loss").unwrap_err();
        assert!(matches!(&err, Error::UnsafeServer(m) if m.starts_with("fsync is off")));
        assert!(refuse_if_off("fsync", "on", "data loss").is_ok());
    }
}
