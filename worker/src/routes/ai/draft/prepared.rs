//! The thread a draft rests on, prepared before Generate is pressed (`POST
//! /api/ai/draft/prepare`, sent when the draft card opens) and sealed for the pane to hand
//! back with the draft request, so that Generate starts the model without reading Graph first
//! (issue 16: the thread read was most of the time before the first word).
//!
//! The worker keeps nothing: the prepared thread leaves with the answer, sealed with AES-256-GCM
//! under a key that exists only in this worker instance's memory (drawn at random when the
//! instance first seals; never stored, never logged). The pane cannot read it and keeps it in
//! memory only. The associated data binds it to its purpose, the user (`tid:oid`) and the
//! message; it carries its own expiry ([`PREPARED_TTL_SECS`]). Anything that does not open —
//! another instance's key, another user or message, expired, altered — is simply not used: the
//! draft then reads the thread as it always did.
//!
//! Sealed form: base64url(nonce ‖ ciphertext ‖ tag). The nonce is an input (the edge draws it
//! from `crypto.getRandomValues`; random 96-bit nonces, NIST SP 800-38D §8.3).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// How long a prepared thread opens: long enough to choose a tone and press Generate, short
/// enough that a reply arriving meanwhile is soon read again.
pub const PREPARED_TTL_SECS: u64 = 300;
const NONCE_LEN: usize = 12;
const PURPOSE: &str = "closer:prepared-draft-thread:";

/// What a draft needs of its thread (`ai::thread::PreparedThread` without the sources, which
/// only the summary's citation check reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftThread {
    /// The delimited `<thread>` block of the prompt.
    pub prompt: String,
    /// Messages in it.
    pub used: u32,
    /// Older messages left out for the budget.
    pub cut: u32,
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    expires_at: u64,
    thread: DraftThread,
}

fn associated_data(user_key: &str, message_id: &str) -> String {
    // The user key is `tid:oid` (GUIDs, no `|`), so the pair cannot be confused.
    format!("{PURPOSE}{user_key}|{message_id}")
}

/// Seals `thread` for `user_key` and `message_id` under `key`, opening until `now` +
/// [`PREPARED_TTL_SECS`].
pub fn seal(
    key: &[u8; 32],
    nonce: [u8; NONCE_LEN],
    user_key: &str,
    message_id: &str,
    now: u64,
    thread: DraftThread,
) -> String {
    let plaintext = serde_json::to_vec(&Sealed {
        expires_at: now + PREPARED_TTL_SECS,
        thread,
    })
    .expect("a string and two numbers serialize");
    let sealed = Aes256Gcm::new(key.into())
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &plaintext,
                aad: associated_data(user_key, message_id).as_bytes(),
            },
        )
        .expect("AES-GCM seals any input shorter than 64 GiB");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&sealed);
    URL_SAFE_NO_PAD.encode(out)
}

/// The thread sealed in `sealed`, if it opens under `key` for `user_key` and `message_id` at
/// `now`; `None` for every other case, on purpose without saying which.
pub fn open(
    key: &[u8; 32],
    sealed: &str,
    user_key: &str,
    message_id: &str,
    now: u64,
) -> Option<DraftThread> {
    let bytes = URL_SAFE_NO_PAD.decode(sealed).ok()?;
    if bytes.len() <= NONCE_LEN {
        return None;
    }
    let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
    let plaintext = Aes256Gcm::new(key.into())
        .decrypt(
            Nonce::from_slice(nonce),
            Payload {
                msg: ciphertext,
                aad: associated_data(user_key, message_id).as_bytes(),
            },
        )
        .ok()?;
    let opened: Sealed = serde_json::from_slice(&plaintext).ok()?;
    (now <= opened.expires_at).then_some(opened.thread)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = [7; 32];
    const USER: &str = "9a5c1f7e-3b2d-4e8a-a1c6-5d7e9f0b2c4d:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5";

    fn thread() -> DraftThread {
        DraftThread {
            prompt: "<thread>\nPriya: we need 250 seats\n</thread>".into(),
            used: 3,
            cut: 1,
        }
    }

    #[test]
    fn it_opens_for_its_user_and_message_until_it_expires() {
        let sealed = seal(&KEY, [1; 12], USER, "AAMk-1", 1_000, thread());
        assert!(!sealed.contains("250 seats"), "the pane cannot read it");
        assert_eq!(open(&KEY, &sealed, USER, "AAMk-1", 1_000), Some(thread()));
        assert_eq!(
            open(&KEY, &sealed, USER, "AAMk-1", 1_000 + PREPARED_TTL_SECS),
            Some(thread())
        );
        assert_eq!(
            open(&KEY, &sealed, USER, "AAMk-1", 1_001 + PREPARED_TTL_SECS),
            None
        );
    }

    #[test]
    fn it_does_not_open_for_another_user_message_key_or_once_altered() {
        let sealed = seal(&KEY, [1; 12], USER, "AAMk-1", 1_000, thread());
        let other_user = USER.replace("0c1d", "ffff");
        assert_eq!(open(&KEY, &sealed, &other_user, "AAMk-1", 1_000), None);
        assert_eq!(open(&KEY, &sealed, USER, "AAMk-2", 1_000), None);
        assert_eq!(open(&[8; 32], &sealed, USER, "AAMk-1", 1_000), None);
        let mut bytes = URL_SAFE_NO_PAD.decode(&sealed).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let altered = URL_SAFE_NO_PAD.encode(bytes);
        assert_eq!(open(&KEY, &altered, USER, "AAMk-1", 1_000), None);
        assert_eq!(open(&KEY, "not base64!", USER, "AAMk-1", 1_000), None);
        assert_eq!(open(&KEY, "AAAA", USER, "AAMk-1", 1_000), None);
    }
}
