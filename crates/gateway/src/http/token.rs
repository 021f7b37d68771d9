//! `kinlog token`: short-lived tokens for the demo and the tests, signed with a local
//! Ed25519 key kept under the data directory. Production accepts its identity
//! provider's tokens instead (a JWKS in the config); this key is then not trusted.
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use kinlog_domain::StaffId;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::auth::VerificationKeys;

const KEY_FILE_HEADER: &str = "kinlog token signing key v1 (Ed25519 seed, base64)";
/// RFC 8410's PKCS#8 prefix for an Ed25519 private key; the 32-byte seed follows.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Why the local token key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum TokenKeyError {
    #[error("{action} the token key {path:?}: {source}")]
    File {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
    #[error("the token key {path:?} is not usable: {reason}")]
    Format { path: PathBuf, reason: &'static str },
    #[error("no randomness for a new token key: {0}")]
    Randomness(getrandom::Error),
    #[error("signing a token: {0}")]
    Signing(jsonwebtoken::errors::Error),
}

/// The local signing key. Its `Debug` shows only the key id.
pub struct TokenKey {
    seed: [u8; 32],
    kid: String,
    public: [u8; 32],
}

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKey").field("kid", &self.kid).finish()
    }
}

/// The claims `kinlog token` signs.
#[derive(Serialize)]
struct MintedClaims<'a> {
    sub: String,
    iss: &'a str,
    aud: &'a str,
    iat: u64,
    exp: u64,
}

impl TokenKey {
    /// The key at `path`, made (mode 0600) if there is none yet.
    pub fn read_or_create(path: &Path) -> Result<TokenKey, TokenKeyError> {
        if path.exists() {
            return Self::read(path);
        }
        let key = Self::generate()?;
        let file_error = |action| {
            move |source| TokenKeyError::File {
                path: path.to_owned(),
                action,
                source,
            }
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(file_error("creating the directory of"))?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(file_error("creating"))?;
        file.write_all(format!("{KEY_FILE_HEADER}\n{}\n", STANDARD.encode(key.seed)).as_bytes())
            .map_err(file_error("writing"))?;
        file.sync_all().map_err(file_error("syncing"))?;
        Ok(key)
    }

    /// A new key kept only in memory, for a process that mints its own tokens.
    pub(crate) fn generate() -> Result<TokenKey, TokenKeyError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(TokenKeyError::Randomness)?;
        Ok(Self::from_seed(seed))
    }

    /// Reads a key; refuses one that group or others may read, as ssh does.
    pub fn read(path: &Path) -> Result<TokenKey, TokenKeyError> {
        let format = |reason| TokenKeyError::Format {
            path: path.to_owned(),
            reason,
        };
        let file_error = |action| {
            move |source| TokenKeyError::File {
                path: path.to_owned(),
                action,
                source,
            }
        };
        let mode = fs::metadata(path)
            .map_err(file_error("inspecting"))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            return Err(format("group or others may access it; chmod 600 it"));
        }
        let text = fs::read_to_string(path).map_err(file_error("reading"))?;
        let mut lines = text.lines();
        if lines.next() != Some(KEY_FILE_HEADER) {
            return Err(format("not a kinlog token key (wrong first line)"));
        }
        let seed = lines
            .next()
            .and_then(|line| STANDARD.decode(line).ok())
            .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
            .ok_or_else(|| format("the key line is not 32 bytes of base64"))?;
        Ok(Self::from_seed(seed))
    }

    fn from_seed(seed: [u8; 32]) -> TokenKey {
        let public = ed25519_dalek::SigningKey::from_bytes(&seed)
            .verifying_key()
            .to_bytes();
        let kid = hex::encode(&Sha256::digest(public)[..8]);
        TokenKey { seed, kid, public }
    }

    /// The key id tokens name in their header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// This key's public half as a one-key JWKS document, for a verifier to trust.
    pub fn jwks_json(&self) -> String {
        serde_json::json!({"keys": [{
            "kty": "OKP",
            "crv": "Ed25519",
            "alg": "EdDSA",
            "use": "sig",
            "kid": self.kid,
            "x": URL_SAFE_NO_PAD.encode(self.public),
        }]})
        .to_string()
    }

    /// The verification keys that accept this key's tokens.
    pub fn verification_keys(&self) -> VerificationKeys {
        VerificationKeys::from_jwks_json(&self.jwks_json())
            .expect("a JWKS made from a valid Ed25519 key loads")
    }

    /// A token for `staff`, valid for `lifetime` from `now_unix` (seconds).
    pub fn mint(
        &self,
        staff: StaffId,
        issuer: &str,
        audience: &str,
        now_unix: u64,
        lifetime: Duration,
    ) -> Result<String, TokenKeyError> {
        let claims = MintedClaims {
            sub: staff.0.to_string(),
            iss: issuer,
            aud: audience,
            iat: now_unix,
            exp: now_unix + lifetime.as_secs(),
        };
        self.sign(&claims)
    }

    /// Any claims, signed with this key under its key id.
    pub(crate) fn sign(&self, claims: &impl Serialize) -> Result<String, TokenKeyError> {
        let mut der = PKCS8_ED25519_PREFIX.to_vec();
        der.extend_from_slice(&self.seed);
        let mut header = Header::new(Algorithm::EdDSA);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &EncodingKey::from_ed_der(&der))
            .map_err(TokenKeyError::Signing)
    }
}

impl Drop for TokenKey {
    fn drop(&mut self) {
        self.seed.fill(0);
    }
}
