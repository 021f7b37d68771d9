//! Connection strings: building them, pointing them at another database, and keeping
//! passwords out of logs. Both libpq forms are handled: URLs (`postgres://...`) and
//! key/value strings (`host=... dbname=...`).

const URL_SCHEMES: [&str; 2] = ["postgres://", "postgresql://"];

/// A URL for `user` on the server whose Unix socket lives in `socket_dir`.
pub(crate) fn unix_socket_url(user: &str, socket_dir: &str, port: u16, dbname: &str) -> String {
    format!(
        "postgres://{}@{}:{port}/{}",
        percent_encode(user),
        percent_encode(socket_dir),
        percent_encode(dbname)
    )
}

/// A URL for `user` on a TCP server, without a password (trust auth).
pub(crate) fn tcp_url(user: &str, addr: std::net::SocketAddr, dbname: &str) -> String {
    format!(
        "postgres://{}@{addr}/{}",
        percent_encode(user),
        percent_encode(dbname)
    )
}

/// The same connection string, naming database `dbname` instead.
pub(crate) fn with_dbname(conn: &str, dbname: &str) -> String {
    let Some(scheme) = URL_SCHEMES.iter().find(|s| conn.starts_with(**s)) else {
        // In key/value strings the last occurrence of a key wins.
        let quoted = dbname.replace('\\', "\\\\").replace('\'', "\\'");
        return format!("{conn} dbname='{quoted}'");
    };
    let rest = &conn[scheme.len()..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    // A `dbname` query parameter overrides the path, so it must not survive.
    let query: Vec<&str> = rest[authority_end..]
        .split_once('?')
        .map(|(_, q)| q.split('&').filter(|p| !p.starts_with("dbname=")).collect())
        .unwrap_or_default();
    let mut out = format!("{scheme}{authority}/{}", percent_encode(dbname));
    if !query.is_empty() {
        out.push('?');
        out.push_str(&query.join("&"));
    }
    out
}

/// The connection string with any password replaced, for logs and `Debug`.
pub(crate) fn redact_password(conn: &str) -> String {
    let redacted_params = |params: &str, sep: char| -> String {
        params
            .split(sep)
            .map(|p| {
                if p.starts_with("password=") {
                    "password=***"
                } else {
                    p
                }
            })
            .collect::<Vec<_>>()
            .join(&sep.to_string())
    };
    let Some(scheme) = URL_SCHEMES.iter().find(|s| conn.starts_with(**s)) else {
        // Quoted values with spaces are rare enough in key/value strings that a
        // word-wise pass is good enough for a log line.
        return redacted_params(conn, ' ');
    };
    let rest = &conn[scheme.len()..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, hosts)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{hosts}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => format!("{path}?{}", redacted_params(query, '&')),
        None => tail.to_owned(),
    };
    format!("{scheme}{authority}{tail}")
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so that a socket
/// directory (`/var/lib/...`) can stand in the host part of a URL.
pub(crate) fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tokio_postgres::config::Host;

    use super::*;

    fn parsed(conn: &str) -> tokio_postgres::Config {
        tokio_postgres::Config::from_str(conn).unwrap()
    }

    #[test]
    fn unix_socket_url_parses_to_the_socket_directory() {
        let url = unix_socket_url("kinlog", "/var/lib/kinlog/my data", 54329, "kinlog");
        let config = parsed(&url);
        assert_eq!(
            config.get_hosts(),
            &[Host::Unix("/var/lib/kinlog/my data".into())]
        );
        assert_eq!(config.get_ports(), &[54329]);
        assert_eq!(config.get_user(), Some("kinlog"));
        assert_eq!(config.get_dbname(), Some("kinlog"));
    }

    #[test]
    fn with_dbname_replaces_the_path_and_keeps_everything_else() {
        let url = with_dbname(
            "postgres://app:s3cret@db.example:6432/kinlog?sslmode=disable&dbname=other",
            "kinlog_t_1",
        );
        assert_eq!(
            url,
            "postgres://app:s3cret@db.example:6432/kinlog_t_1?sslmode=disable"
        );
        let config = parsed(&url);
        assert_eq!(config.get_dbname(), Some("kinlog_t_1"));
        assert_eq!(config.get_password(), Some(&b"s3cret"[..]));
    }

    #[test]
    fn with_dbname_adds_a_path_when_there_is_none() {
        assert_eq!(
            with_dbname("postgresql://localhost", "x"),
            "postgresql://localhost/x"
        );
        assert_eq!(
            with_dbname("postgres://localhost?port=5433", "x"),
            "postgres://localhost/x?port=5433"
        );
    }

    #[test]
    fn with_dbname_overrides_a_key_value_string() {
        let conn = with_dbname("host=localhost user=app dbname=kinlog", "kinlog_t_2");
        assert_eq!(parsed(&conn).get_dbname(), Some("kinlog_t_2"));
    }

    #[test]
    fn redact_password_hides_passwords_in_both_forms() {
        assert_eq!(
            redact_password("postgres://app:s3cret@db:5432/kinlog?password=again&x=1"),
            "postgres://app:***@db:5432/kinlog?password=***&x=1"
        );
        assert_eq!(
            redact_password("host=db password=s3cret user=app"),
            "host=db password=*** user=app"
        );
        assert_eq!(
            redact_password("postgres://app@db/kinlog"),
            "postgres://app@db/kinlog"
        );
    }

    #[test]
    fn percent_encode_leaves_unreserved_characters_alone() {
        assert_eq!(percent_encode("a-Z_0.~"), "a-Z_0.~");
        assert_eq!(percent_encode("/tmp/a b"), "%2Ftmp%2Fa%20b");
    }
}
