//! The refresh-token vault: a Salesforce refresh token is sealed with AES-256-GCM before it is
//! stored (`RowKind::Connection`) and opened only in the worker (PROTOCOLS.md §6: keep it
//! server-side, encrypted with a Worker secret, keyed by Entra `tid`+`oid`).
//!
//! The associated data is a purpose label and the Entra user key
//! (`closer:salesforce-refresh-token:` + `tid:oid`): a sealed value copied to another user's
//! row, or into another use, does not open. The 96-bit nonce is an input (the edge draws it
//! from `crypto.getRandomValues`): random nonces are safe for far more than the number of times
//! one key will seal a token (NIST SP 800-38D §8.3), but a nonce must never be reused with one
//! key. Pure; never logs what it handles.
//!
//! Sealed form: `v2.` + key id + `.` + base64url(nonce ‖ ciphertext ‖ tag). The key id (the
//! first 8 hex digits of SHA-256 of the key; it reveals nothing usable) picks the key that
//! opens it, so `VAULT_KEY` can rotate: the new key seals, the previous one
//! (`VAULT_KEY_PREVIOUS`) still opens what it sealed until those tokens are re-sealed (each
//! refresh-token rotation, or reconnecting). Values sealed before key ids (`v1.`, the user key
//! alone as associated data) still open with any of the keys.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use secrecy::{ExposeSecret, SecretString};

const PREFIX_V1: &str = "v1.";
const PREFIX: &str = "v2.";
const NONCE_LEN: usize = 12;
/// What the sealed value is for, bound into the associated data.
const PURPOSE: &str = "closer:salesforce-refresh-token:";

/// A key's public id: the first 8 hex digits of its SHA-256.
pub fn key_id(secret_key: &[u8; 32]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(secret_key)
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Why a sealed value did not open. One message for every cause on purpose: which check failed
/// (key, user, integrity) is not told to whoever reads the logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The key is not 32 bytes of base64.
    #[error("the vault key is not 32 bytes of base64")]
    BadKey,
    /// The sealed value is damaged, was sealed with another key, or for another user.
    #[error("the sealed value does not open with this key for this user")]
    DoesNotOpen,
}

/// The 32-byte key from its base64 form (the `VAULT_KEY` worker secret; standard or url-safe
/// alphabet, padded or not). Generate one with `openssl rand -base64 32`.
pub fn key_from_base64(text: &str) -> Result<[u8; 32], VaultError> {
    let text = text.trim().trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(text.replace('+', "-").replace('/', "_"))
        .map_err(|_| VaultError::BadKey)?;
    bytes.try_into().map_err(|_| VaultError::BadKey)
}

/// Seals `plaintext` for `user_key` (`tid:oid`) under `secret_key` with `nonce`.
pub fn encrypt(
    secret_key: &[u8; 32],
    nonce: [u8; NONCE_LEN],
    user_key: &str,
    plaintext: &SecretString,
) -> String {
    let cipher = Aes256Gcm::new(secret_key.into());
    let sealed = cipher
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: plaintext.expose_secret().as_bytes(),
                aad: format!("{PURPOSE}{user_key}").as_bytes(),
            },
        )
        .expect("AES-GCM seals any input shorter than 64 GiB");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    format!(
        "{PREFIX}{}.{}",
        key_id(secret_key),
        URL_SAFE_NO_PAD.encode(out)
    )
}

/// Opens a sealed value with whichever of `keys` sealed it (the current `VAULT_KEY` and,
/// during a rotation, the previous one).
pub fn open(keys: &[[u8; 32]], user_key: &str, sealed: &str) -> Result<SecretString, VaultError> {
    if let Some(rest) = sealed.strip_prefix(PREFIX) {
        let (id, _) = rest.split_once('.').ok_or(VaultError::DoesNotOpen)?;
        let key = keys
            .iter()
            .find(|key| key_id(key) == id)
            .ok_or(VaultError::DoesNotOpen)?;
        return decrypt(key, user_key, sealed);
    }
    keys.iter()
        .find_map(|key| decrypt(key, user_key, sealed).ok())
        .ok_or(VaultError::DoesNotOpen)
}

/// Opens a value [`encrypt`] sealed for `user_key` under `secret_key`.
pub fn decrypt(
    secret_key: &[u8; 32],
    user_key: &str,
    sealed: &str,
) -> Result<SecretString, VaultError> {
    let (b64, aad) = if let Some(rest) = sealed.strip_prefix(PREFIX) {
        let (id, b64) = rest.split_once('.').ok_or(VaultError::DoesNotOpen)?;
        if id != key_id(secret_key) {
            return Err(VaultError::DoesNotOpen);
        }
        (b64, format!("{PURPOSE}{user_key}"))
    } else if let Some(b64) = sealed.strip_prefix(PREFIX_V1) {
        (b64, user_key.to_owned())
    } else {
        return Err(VaultError::DoesNotOpen);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(b64)
        .ok()
        .filter(|bytes| bytes.len() > NONCE_LEN)
        .ok_or(VaultError::DoesNotOpen)?;
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    let cipher = Aes256Gcm::new(secret_key.into());
    let plain = cipher
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: aad.as_bytes(),
            },
        )
        .map_err(|_| VaultError::DoesNotOpen)?;
    String::from_utf8(plain)
        .map(SecretString::from)
        .map_err(|_| VaultError::DoesNotOpen)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const MEGAN: &str = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d:4b1e8c2a-6d3f-4a5b-9c7e-1f2a3b4c5d6e";
    const ALEX: &str = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d:7c2d9e3b-8f4a-4b6c-a0d1-2e3f4a5b6c7d";

    fn token() -> SecretString {
        SecretString::from(
            "5Aep8614iLM.Dq661ePDmPEgaAW9Oh_L3JKkDpB4xReb54_pZebnUG0h6Sb4KUVDpNtWEofWM39yg==",
        )
    }

    #[test]
    fn a_sealed_token_opens_for_its_user() {
        let sealed = encrypt(&KEY, [1; 12], MEGAN, &token());
        assert!(
            sealed.starts_with(&format!("v2.{}.", key_id(&KEY))),
            "{sealed}"
        );
        assert!(!sealed.contains("5Aep8614"));
        let opened = decrypt(&KEY, MEGAN, &sealed).unwrap();
        assert_eq!(opened.expose_secret(), token().expose_secret());
    }

    #[test]
    fn another_key_does_not_open_it() {
        let sealed = encrypt(&KEY, [1; 12], MEGAN, &token());
        assert_eq!(
            decrypt(&[8; 32], MEGAN, &sealed).unwrap_err(),
            VaultError::DoesNotOpen
        );
    }

    #[test]
    fn a_row_copied_to_another_user_does_not_open() {
        let sealed = encrypt(&KEY, [1; 12], MEGAN, &token());
        assert_eq!(
            decrypt(&KEY, ALEX, &sealed).unwrap_err(),
            VaultError::DoesNotOpen
        );
    }

    #[test]
    fn a_tampered_value_does_not_open() {
        let sealed = encrypt(&KEY, [1; 12], MEGAN, &token());
        let (head, body) = sealed.rsplit_once('.').unwrap();
        let mut bytes = URL_SAFE_NO_PAD.decode(body).unwrap();
        for index in [0, 12, bytes.len() - 1] {
            bytes[index] ^= 1;
            let tampered = format!("{head}.{}", URL_SAFE_NO_PAD.encode(&bytes));
            assert_eq!(
                decrypt(&KEY, MEGAN, &tampered).unwrap_err(),
                VaultError::DoesNotOpen
            );
            bytes[index] ^= 1;
        }
        for garbage in ["", "v1.", "v1.!!!", "v2.AAAA", &sealed[..20]] {
            assert_eq!(
                decrypt(&KEY, MEGAN, garbage).unwrap_err(),
                VaultError::DoesNotOpen
            );
        }
    }

    #[test]
    fn nonces_make_each_seal_different() {
        let a = encrypt(&KEY, [1; 12], MEGAN, &token());
        let b = encrypt(&KEY, [2; 12], MEGAN, &token());
        assert_ne!(a, b);
        assert_eq!(
            decrypt(&KEY, MEGAN, &b).unwrap().expose_secret(),
            token().expose_secret()
        );
    }

    #[test]
    fn keys_are_read_from_either_base64_alphabet() {
        let standard = "+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/8=";
        let key = key_from_base64(standard).unwrap();
        assert_eq!(
            key_from_base64(&standard.replace('+', "-").replace('/', "_")).unwrap(),
            key
        );
        assert_eq!(key_from_base64("c2hvcnQ="), Err(VaultError::BadKey));
        assert_eq!(
            key_from_base64("not base64 at all!"),
            Err(VaultError::BadKey)
        );
    }

    #[test]
    fn a_rotated_key_still_opens_what_the_previous_one_sealed() {
        let (old, new) = ([7; 32], [9; 32]);
        let sealed_before = encrypt(&old, [1; 12], MEGAN, &token());
        let sealed_after = encrypt(&new, [2; 12], MEGAN, &token());
        for sealed in [&sealed_before, &sealed_after] {
            let opened = open(&[new, old], MEGAN, sealed).unwrap();
            assert_eq!(opened.expose_secret(), token().expose_secret());
        }
        assert_eq!(
            open(&[new], MEGAN, &sealed_before).unwrap_err(),
            VaultError::DoesNotOpen,
            "once the previous key is gone, its values no longer open"
        );
    }

    #[test]
    fn values_sealed_before_key_ids_still_open_and_the_purpose_is_bound() {
        // A v1 value: the user key alone as associated data.
        let cipher = Aes256Gcm::new((&KEY).into());
        let sealed = cipher
            .encrypt(
                Nonce::from_slice(&[3; 12]),
                Payload {
                    msg: token().expose_secret().as_bytes(),
                    aad: MEGAN.as_bytes(),
                },
            )
            .unwrap();
        let v1 = format!(
            "v1.{}",
            URL_SAFE_NO_PAD.encode([&[3u8; 12][..], &sealed].concat())
        );
        assert!(open(&[[1; 32], KEY], MEGAN, &v1).is_ok());
        // A v2 value relabelled as v1 (its purpose stripped) does not open.
        let v2 = encrypt(&KEY, [4; 12], MEGAN, &token());
        let relabelled = format!("v1.{}", v2.rsplit('.').next().unwrap());
        assert_eq!(
            decrypt(&KEY, MEGAN, &relabelled).unwrap_err(),
            VaultError::DoesNotOpen
        );
    }
}
