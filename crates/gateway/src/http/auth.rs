//! Bearer-token authentication: a JWT whose signature, algorithm, `iss`, `aud` and `exp`
//! all check out names a staff member (`sub`). What that staff member may do is decided
//! later, from the log, by policy; a token only says who is asking.
use std::collections::BTreeMap;
use std::path::Path;

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{DecodingKey, Validation};
use kinlog_domain::StaffId;
use serde::Deserialize;
use uuid::Uuid;

use super::config::AuthConfig;
use super::problem::ApiError;
use super::AppState;

/// Why a set of verification keys could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    #[error("reading the JWKS file {path:?}: {source}")]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the JWKS is not a JSON Web Key Set: {0}")]
    Format(serde_json::Error),
    #[error("JWKS key {kid:?} cannot verify: {source}")]
    Key {
        kid: Option<String>,
        source: jsonwebtoken::errors::Error,
    },
    #[error("the JWKS holds no key")]
    Empty,
}

/// The issuer's public keys, by key id.
#[derive(Clone)]
pub struct VerificationKeys {
    by_kid: BTreeMap<String, DecodingKey>,
    /// A key without a `kid`: used for tokens without one, when it is the only key.
    unnamed: Option<DecodingKey>,
}

impl VerificationKeys {
    /// The keys of a JSON Web Key Set document (RFC 7517), as an issuer publishes it.
    pub fn from_jwks_json(text: &str) -> Result<Self, KeysError> {
        let set: JwkSet = serde_json::from_str(text).map_err(KeysError::Format)?;
        let mut keys = VerificationKeys {
            by_kid: BTreeMap::new(),
            unnamed: None,
        };
        for jwk in &set.keys {
            let kid = jwk.common.key_id.clone();
            let key = DecodingKey::from_jwk(jwk).map_err(|source| KeysError::Key {
                kid: kid.clone(),
                source,
            })?;
            match kid {
                Some(kid) => {
                    keys.by_kid.insert(kid, key);
                }
                None => keys.unnamed = Some(key),
            }
        }
        if keys.by_kid.is_empty() && keys.unnamed.is_none() {
            return Err(KeysError::Empty);
        }
        Ok(keys)
    }

    /// The keys of a JWKS file.
    pub fn from_jwks_file(path: &Path) -> Result<Self, KeysError> {
        let text = std::fs::read_to_string(path).map_err(|source| KeysError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_jwks_json(&text)
    }

    fn for_token(&self, kid: Option<&str>) -> Option<&DecodingKey> {
        match kid {
            Some(kid) => self.by_kid.get(kid),
            None if self.by_kid.is_empty() => self.unnamed.as_ref(),
            None if self.by_kid.len() == 1 && self.unnamed.is_none() => self.by_kid.values().next(),
            None => None,
        }
    }
}

/// Checks bearer tokens against one issuer's keys and the configured claims.
#[derive(Clone)]
pub struct TokenVerifier {
    keys: VerificationKeys,
    validation: Validation,
}

#[derive(Deserialize)]
struct SubjectClaim {
    sub: String,
}

impl TokenVerifier {
    pub fn new(keys: VerificationKeys, config: &AuthConfig) -> Self {
        let mut validation = Validation::new(jsonwebtoken::Algorithm::EdDSA);
        validation.algorithms = config.algorithms.clone();
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.set_issuer(&[&config.issuer]);
        validation.set_audience(&[&config.audience]);
        validation.leeway = config.leeway_seconds;
        validation.validate_exp = true;
        TokenVerifier { keys, validation }
    }

    /// The staff member a token names, or why it is refused.
    pub fn verify(&self, token: &str) -> Result<StaffId, ApiError> {
        let refuse = |reason| ApiError::Unauthenticated { reason };
        let header = jsonwebtoken::decode_header(token)
            .map_err(|_| refuse("the bearer token is not a JWT"))?;
        if !self.validation.algorithms.contains(&header.alg) {
            return Err(refuse("the token's algorithm is not allowed"));
        }
        let key = self
            .keys
            .for_token(header.kid.as_deref())
            .ok_or_else(|| refuse("the token's key id is not one of the issuer's keys"))?;
        let data =
            jsonwebtoken::decode::<SubjectClaim>(token, key, &self.validation).map_err(|e| {
                refuse(match e.kind() {
                    ErrorKind::ExpiredSignature => "the token has expired",
                    ErrorKind::InvalidIssuer => "the token's issuer is not accepted",
                    ErrorKind::InvalidAudience => "the token's audience is not this API",
                    ErrorKind::InvalidSignature => "the token's signature does not verify",
                    ErrorKind::InvalidAlgorithm => "the token's algorithm is not allowed",
                    ErrorKind::MissingRequiredClaim(_) => {
                        "the token lacks a required claim (exp, iss, aud, sub)"
                    }
                    ErrorKind::ImmatureSignature => "the token is not valid yet",
                    _ => "the token is malformed",
                })
            })?;
        Uuid::parse_str(&data.claims.sub)
            .map(StaffId)
            .map_err(|_| refuse("the token's subject is not a staff id"))
    }
}

/// The staff member a request's bearer token names. Extracting it answers 401 when the
/// token is missing or does not verify.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Authenticated {
    pub staff: StaffId,
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .ok_or(ApiError::Unauthenticated {
                reason: "no Authorization header",
            })?
            .to_str()
            .map_err(|_| ApiError::Unauthenticated {
                reason: "the Authorization header is not text",
            })?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
            .ok_or(ApiError::Unauthenticated {
                reason: "the Authorization header is not a Bearer token",
            })?;
        let staff = state.verifier().verify(token.trim())?;
        Ok(Authenticated { staff })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use jsonwebtoken::{Algorithm, EncodingKey, Header};

    use super::*;
    use crate::http::token::TokenKey;

    struct Keys {
        trusted: TokenKey,
        other: TokenKey,
        _dir: tempfile::TempDir,
    }

    fn keys() -> Keys {
        let dir = tempfile::Builder::new()
            .prefix("kinlog-auth-")
            .tempdir()
            .unwrap();
        Keys {
            trusted: TokenKey::read_or_create(&dir.path().join("trusted.key")).unwrap(),
            other: TokenKey::read_or_create(&dir.path().join("other.key")).unwrap(),
            _dir: dir,
        }
    }

    fn now() -> u64 {
        jsonwebtoken::get_current_timestamp()
    }

    fn verifier(keys: &Keys) -> TokenVerifier {
        TokenVerifier::new(keys.trusted.verification_keys(), &AuthConfig::default())
    }

    const STAFF: Uuid = Uuid::from_u128(0x0190f1a0_0000_7000_8000_000000000051);

    fn mint(key: &TokenKey, issuer: &str, audience: &str, issued: u64) -> String {
        key.mint(
            StaffId(STAFF),
            issuer,
            audience,
            issued,
            Duration::from_secs(600),
        )
        .unwrap()
    }

    fn reason(result: Result<StaffId, ApiError>) -> &'static str {
        match result {
            Err(ApiError::Unauthenticated { reason }) => reason,
            other => panic!("expected 401, got {other:?}"),
        }
    }

    #[test]
    fn a_good_token_names_its_staff_member() {
        let keys = keys();
        let token = mint(&keys.trusted, "kinlog-local", "kinlog-api", now());
        assert_eq!(verifier(&keys).verify(&token).unwrap(), StaffId(STAFF));
    }

    #[test]
    fn wrong_issuer_audience_or_expiry_is_refused() {
        let keys = keys();
        let verifier = verifier(&keys);
        let wrong_iss = mint(&keys.trusted, "someone-else", "kinlog-api", now());
        assert!(reason(verifier.verify(&wrong_iss)).contains("issuer"));
        let wrong_aud = mint(&keys.trusted, "kinlog-local", "another-api", now());
        assert!(reason(verifier.verify(&wrong_aud)).contains("audience"));
        let expired = mint(&keys.trusted, "kinlog-local", "kinlog-api", now() - 3600);
        assert!(reason(verifier.verify(&expired)).contains("expired"));
    }

    #[test]
    fn another_keys_signature_is_refused_even_under_the_trusted_kid() {
        let keys = keys();
        let forged = mint(&keys.other, "kinlog-local", "kinlog-api", now());
        assert!(reason(verifier(&keys).verify(&forged)).contains("key id"));
        // The same forgery claiming the trusted key's id fails on the signature.
        let mut parts: Vec<String> = forged.split('.').map(str::to_owned).collect();
        let header = serde_json::json!({"alg": "EdDSA", "typ": "JWT", "kid": keys.trusted.kid()});
        parts[0] = base64::Engine::encode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            header.to_string(),
        );
        let relabelled = parts.join(".");
        assert!(reason(verifier(&keys).verify(&relabelled)).contains("signature"));
    }

    #[test]
    fn an_algorithm_outside_the_allow_list_is_refused() {
        let keys = keys();
        let claims = serde_json::json!({
            "sub": STAFF.to_string(), "iss": "kinlog-local", "aud": "kinlog-api",
            "exp": now() + 600,
        });
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(keys.trusted.kid().to_owned());
        let hmac =
            jsonwebtoken::encode(&header, &claims, &EncodingKey::from_secret(b"guess")).unwrap();
        assert!(reason(verifier(&keys).verify(&hmac)).contains("algorithm"));
        let none = format!(
            "{}.{}.",
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                r#"{"alg":"none","typ":"JWT"}"#
            ),
            base64::Engine::encode(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                claims.to_string()
            )
        );
        verifier(&keys).verify(&none).unwrap_err();
    }

    #[test]
    fn a_token_without_exp_is_refused() {
        let keys = keys();
        let claims = serde_json::json!({
            "sub": STAFF.to_string(), "iss": "kinlog-local", "aud": "kinlog-api",
        });
        let token = keys.trusted.sign(&claims).unwrap();
        assert!(reason(verifier(&keys).verify(&token)).contains("required claim"));
    }
}
