//! RS256 — RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3) — the one signature Closer accepts on
//! a token, and nothing else: Entra signs access tokens with RS256
//! (https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-signature).
//!
//! Owns the compact JWS pieces a check needs (header, signing input, signature) and the check
//! itself. At the edge the platform verifies: WebCrypto's `RSASSA-PKCS1-v1_5` in workerd
//! (https://developers.cloudflare.com/workers/runtime-apis/web-crypto/), so the worker ships no
//! big-number or curve code — a general JWT crate's crypto backend brought P-256, P-384 and
//! Ed25519 that Closer never accepts (issue 16: about a tenth of the worker's code). Natively
//! (the tests) the `rsa` crate verifies the same bytes the same way; the end-to-end suites run
//! the edge path under workerd, including a tampered token (`tests/e2e/security.rs`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// An RSA public key as the authority's key set publishes it: modulus and exponent,
/// base64url without padding (RFC 7518 §6.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RsaJwk {
    /// `n`.
    pub n: String,
    /// `e`.
    pub e: String,
}

/// The protected header fields the validation reads.
#[derive(Debug, Deserialize)]
pub struct JwsHeader {
    /// The algorithm the token claims (attacker-controlled: checked before any key is used).
    pub alg: String,
    /// Which published key signed it.
    #[serde(default)]
    pub kid: Option<String>,
}

/// A compact JWS split into what is verified: `header.payload` as sent, and the signature.
#[derive(Debug)]
pub struct CompactJws<'a> {
    /// The decoded protected header.
    pub header: JwsHeader,
    /// The payload segment, still base64url.
    pub payload: &'a str,
    /// `header.payload`, the bytes the signature covers (RFC 7515 §5.2).
    pub signing_input: &'a str,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

/// Splits a compact JWS: exactly three base64url segments, the first a JSON header.
pub fn split(token: &str) -> Option<CompactJws<'_>> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, payload) = signing_input.split_once('.')?;
    if payload.contains('.') || header.is_empty() || payload.is_empty() {
        return None;
    }
    let header = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    Some(CompactJws {
        header,
        payload,
        signing_input,
        signature,
    })
}

/// Whether `signature` is `key`'s RS256 signature of `signed`. A key that cannot be read
/// verifies nothing.
pub async fn verify(key: &RsaJwk, signed: &[u8], signature: &[u8]) -> bool {
    platform::verify(key, signed, signature).await
}

#[cfg(target_arch = "wasm32")]
mod platform {
    //! WebCrypto: `importKey("jwk", …)` then `verify("RSASSA-PKCS1-v1_5", …)`.
    use super::RsaJwk;
    use js_sys::{Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    pub async fn verify(key: &RsaJwk, signed: &[u8], signature: &[u8]) -> bool {
        checked(key, signed, signature).await.unwrap_or(false)
    }

    fn object(fields: &[(&str, JsValue)]) -> Result<Object, JsValue> {
        let object = Object::new();
        for (name, value) in fields {
            Reflect::set(&object, &JsValue::from_str(name), value)?;
        }
        Ok(object)
    }

    async fn checked(key: &RsaJwk, signed: &[u8], signature: &[u8]) -> Result<bool, JsValue> {
        let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))?;
        let subtle: web_sys::SubtleCrypto =
            Reflect::get(&crypto, &JsValue::from_str("subtle"))?.unchecked_into();
        let jwk = object(&[
            ("kty", "RSA".into()),
            ("n", key.n.as_str().into()),
            ("e", key.e.as_str().into()),
            ("alg", "RS256".into()),
            ("ext", true.into()),
        ])?;
        let algorithm = object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("hash", object(&[("name", "SHA-256".into())])?.into()),
        ])?;
        let usages = js_sys::Array::of1(&"verify".into());
        let imported = subtle.import_key_with_object("jwk", &jwk, &algorithm, false, &usages)?;
        let crypto_key: web_sys::CryptoKey = JsFuture::from(imported).await?.unchecked_into();
        let verdict = subtle.verify_with_str_and_u8_array_and_u8_array(
            "RSASSA-PKCS1-v1_5",
            &crypto_key,
            signature,
            signed,
        )?;
        Ok(JsFuture::from(verdict).await?.as_bool() == Some(true))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    //! The `rsa` crate's PKCS#1 v1.5 verifier over SHA-256.
    use super::RsaJwk;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    use rsa::{BigUint, RsaPublicKey};
    use sha2::Sha256;

    pub async fn verify(key: &RsaJwk, signed: &[u8], signature: &[u8]) -> bool {
        let component = |b64: &str| URL_SAFE_NO_PAD.decode(b64).ok();
        let (Some(n), Some(e)) = (component(&key.n), component(&key.e)) else {
            return false;
        };
        let Ok(public) = RsaPublicKey::new(BigUint::from_bytes_be(&n), BigUint::from_bytes_be(&e))
        else {
            return false;
        };
        let Ok(signature) = Signature::try_from(signature) else {
            return false;
        };
        VerifyingKey::<Sha256>::new(public)
            .verify(signed, &signature)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_compact_jws_has_exactly_three_segments() {
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","kid":"k1"}"#);
        let token = format!("{header}.cGF5bG9hZA.c2ln");
        let jws = split(&token).unwrap();
        assert_eq!(jws.header.alg, "RS256");
        assert_eq!(jws.header.kid.as_deref(), Some("k1"));
        assert_eq!(jws.payload, "cGF5bG9hZA");
        assert_eq!(jws.signing_input, format!("{header}.cGF5bG9hZA"));
        assert_eq!(jws.signature, b"sig");
        assert!(split(&format!("{header}.cGF5bG9hZA")).is_none());
        assert!(split(&format!("{header}.cGF5bG9hZA.c2ln.c2ln")).is_none());
        assert!(split(&format!("{header}..c2ln")).is_none());
        assert!(split("bm90IGpzb24.cGF5bG9hZA.c2ln").is_none());
        assert!(split(&format!("{header}.cGF5bG9hZA.not base64")).is_none());
    }
}
