//! Identity against the sandbox authority: every way a token can be wrong is refused, key
//! rotation is followed after one JWKS refresh, and the on-behalf-of exchange is cached and
//! surfaces conditional-access challenges.

use crate::support::ReqwestTransport;
use crate::support::TokioSleeper;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use closer_sandbox::Sandbox;
use closer_sandbox::authority::{MintRequest, mint_user_token};
use closer_sandbox::demo::{CLOSER_CLIENT_ID, CLOSER_CLIENT_SECRET, TAILSPIN, USERS};
use closer_sandbox::faults::FaultRule;
use closer_worker::identity::jwks::{JwksCache, MAX_KEY_AGE_SECS, UNKNOWN_KID_COOLDOWN_SECS};
use closer_worker::identity::obo::{OboCache, OboConfig, token_for};
use closer_worker::identity::token::CONSUMER_TENANT;
use closer_worker::identity::{IdentityConfig, IdentityError, UserContext, validate_bearer};
use closer_worker::provider::{NoWait, ProviderError};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

const KEY_1_PEM: &str = include_str!("../../../sandbox/keys/sandbox-signing-1.pem");
const MEGAN: usize = 0;
const DIEGO: usize = 2;

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Fixture {
    sandbox: Sandbox,
    config: IdentityConfig,
    keys: JwksCache,
    transport: ReqwestTransport,
}

impl Fixture {
    async fn new() -> Self {
        let sandbox = Sandbox::start(0).await.unwrap();
        let config = IdentityConfig {
            authority: Url::parse(&sandbox.urls().authority).unwrap(),
            client_id: CLOSER_CLIENT_ID.into(),
            allowed_tenants: None,
            allowed_client_apps: vec![CLOSER_CLIENT_ID.into()],
        };
        Self {
            sandbox,
            config,
            keys: JwksCache::default(),
            transport: ReqwestTransport::default(),
        }
    }

    fn mint(&self, request: MintRequest) -> String {
        mint_user_token(
            self.sandbox.state(),
            &self.sandbox.urls().authority,
            &request,
        )
        .unwrap()
    }

    fn megan(&self) -> MintRequest {
        MintRequest {
            user_id: USERS[MEGAN].id.into(),
            ..MintRequest::default()
        }
    }

    async fn validate_at(&self, token: &str, now: u64) -> Result<UserContext, IdentityError> {
        let header = format!("Bearer {token}");
        validate_bearer(
            &self.config,
            &self.keys,
            &self.transport,
            &NoWait,
            Some(&header),
            now,
        )
        .await
    }

    async fn validate(&self, token: &str) -> Result<UserContext, IdentityError> {
        self.validate_at(token, now()).await
    }
}

fn b64(json: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(json.to_string())
}

fn claims_of(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

#[tokio::test]
async fn a_valid_token_yields_the_user_keyed_by_tenant_and_object_id() {
    let f = Fixture::new().await;
    let user = f.validate(&f.mint(f.megan())).await.unwrap();
    assert_eq!(user.name, USERS[MEGAN].name);
    assert_eq!(user.username, USERS[MEGAN].email);
    assert_eq!(
        user.user_key(),
        format!("{}:{}", USERS[MEGAN].tenant_id, USERS[MEGAN].id)
    );
}

#[tokio::test]
async fn a_missing_or_non_bearer_header_is_refused() {
    let f = Fixture::new().await;
    for header in [None, Some(""), Some("Basic abc"), Some("Bearer ")] {
        let result =
            validate_bearer(&f.config, &f.keys, &f.transport, &NoWait, header, now()).await;
        assert_eq!(result, Err(IdentityError::MissingToken), "{header:?}");
    }
}

#[tokio::test]
async fn expired_and_not_yet_valid_tokens_are_refused_beyond_the_leeway() {
    let f = Fixture::new().await;
    let expired = f.mint(MintRequest {
        expires_in: Some(-3600),
        ..f.megan()
    });
    assert_eq!(f.validate(&expired).await, Err(IdentityError::Expired));
    let early = f.mint(MintRequest {
        not_before_in: Some(3600),
        ..f.megan()
    });
    assert_eq!(f.validate(&early).await, Err(IdentityError::NotYetValid));
    // Inside the leeway: a token that expired 30 s ago still passes (clock skew).
    let just_expired = f.mint(MintRequest {
        expires_in: Some(-30),
        ..f.megan()
    });
    assert!(f.validate(&just_expired).await.is_ok());
}

#[tokio::test]
async fn wrong_audience_is_refused() {
    let f = Fixture::new().await;
    let token = f.mint(MintRequest {
        audience: Some("00000003-0000-0000-c000-000000000000".into()),
        ..f.megan()
    });
    assert_eq!(f.validate(&token).await, Err(IdentityError::WrongAudience));
}

#[tokio::test]
async fn wrong_issuer_and_another_tenants_issuer_are_refused() {
    let f = Fixture::new().await;
    let foreign = f.mint(MintRequest {
        issuer: Some(format!(
            "https://login.microsoftonline.com/{}/v2.0",
            USERS[MEGAN].tenant_id
        )),
        ..f.megan()
    });
    assert_eq!(f.validate(&foreign).await, Err(IdentityError::WrongIssuer));
    // Signed by our authority, but the issuer names another tenant than the token's `tid`.
    let cross_tenant = f.mint(MintRequest {
        issuer: Some(format!(
            "{}{}/v2.0",
            f.sandbox.urls().authority,
            TAILSPIN.id
        )),
        ..f.megan()
    });
    assert_eq!(
        f.validate(&cross_tenant).await,
        Err(IdentityError::WrongIssuer)
    );
}

#[tokio::test]
async fn a_tenant_outside_the_allow_list_is_refused() {
    let mut f = Fixture::new().await;
    f.config.allowed_tenants = Some(vec![USERS[MEGAN].tenant_id.into()]);
    let diego = f.mint(MintRequest {
        user_id: USERS[DIEGO].id.into(),
        ..MintRequest::default()
    });
    assert_eq!(
        f.validate(&diego).await,
        Err(IdentityError::TenantNotAllowed)
    );
    assert!(f.validate(&f.mint(f.megan())).await.is_ok());
}

#[tokio::test]
async fn a_token_without_access_as_user_is_refused() {
    let f = Fixture::new().await;
    let token = f.mint(MintRequest {
        scope: Some("User.Read Mail.Read".into()),
        ..f.megan()
    });
    assert_eq!(f.validate(&token).await, Err(IdentityError::MissingScope));
}

#[tokio::test]
async fn an_unknown_kid_is_refused() {
    let f = Fixture::new().await;
    let claims = claims_of(&f.mint(f.megan()));
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("not-a-published-key".into());
    let key = EncodingKey::from_rsa_pem(KEY_1_PEM.as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    assert_eq!(f.validate(&token).await, Err(IdentityError::UnknownKey));
}

#[tokio::test]
async fn alg_none_is_refused() {
    let f = Fixture::new().await;
    let claims = claims_of(&f.mint(f.megan()));
    let token = format!(
        "{}.{}.",
        b64(&serde_json::json!({"alg": "none", "typ": "JWT", "kid": "sandbox-key-1"})),
        b64(&claims)
    );
    let result = f.validate(&token).await;
    assert!(
        matches!(
            result,
            Err(IdentityError::Malformed | IdentityError::UnsupportedAlgorithm)
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn hs256_signed_with_the_rsa_public_key_is_refused() {
    let f = Fixture::new().await;
    let claims = claims_of(&f.mint(f.megan()));
    let public_pem = rsa::RsaPrivateKey::from_pkcs8_pem(KEY_1_PEM)
        .unwrap()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some("sandbox-key-1".into());
    let token = jsonwebtoken::encode(
        &header,
        &claims,
        &EncodingKey::from_secret(public_pem.as_bytes()),
    )
    .unwrap();
    assert_eq!(
        f.validate(&token).await,
        Err(IdentityError::UnsupportedAlgorithm)
    );
}

#[tokio::test]
async fn a_tampered_payload_or_signature_is_refused() {
    let f = Fixture::new().await;
    let token = f.mint(f.megan());
    let parts: Vec<&str> = token.split('.').collect();

    let mut claims = claims_of(&token);
    claims["oid"] = serde_json::json!(USERS[1].id);
    let forged_payload = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    assert_eq!(
        f.validate(&forged_payload).await,
        Err(IdentityError::BadSignature)
    );

    let mut signature = parts[2].to_owned();
    let flipped = if signature.starts_with('A') { "B" } else { "A" };
    signature.replace_range(0..1, flipped);
    let forged_signature = format!("{}.{}.{}", parts[0], parts[1], signature);
    assert_eq!(
        f.validate(&forged_signature).await,
        Err(IdentityError::BadSignature)
    );
}

#[tokio::test]
async fn a_rotated_key_is_accepted_after_one_jwks_refresh() {
    let f = Fixture::new().await;
    let start = now();
    f.validate_at(&f.mint(f.megan()), start).await.unwrap();
    let fetches = || {
        f.sandbox
            .state()
            .lock()
            .request_counts
            .get("/entra/common")
            .copied()
    };
    assert_eq!(fetches(), Some(2), "metadata + keys fetched once");

    // A second token with the same key: served from the cache, no fetch.
    f.validate_at(&f.mint(f.megan()), start).await.unwrap();
    assert_eq!(fetches(), Some(2));

    f.sandbox.state().lock().rotated = true;
    let rotated = f.mint(f.megan());
    let later = start + 10;
    let user = f.validate_at(&rotated, later).await.unwrap();
    assert_eq!(user.object_id, USERS[MEGAN].id);
    assert_eq!(fetches(), Some(4), "exactly one refresh (metadata + keys)");
}

/// How many requests reached the authority's metadata and key set (two per fetch).
fn key_fetches(f: &Fixture) -> u32 {
    f.sandbox
        .state()
        .lock()
        .request_counts
        .get("/entra/common")
        .copied()
        .unwrap_or(0)
}

/// `claims` signed with the sandbox's real key under `kid`.
fn signed(claims: &serde_json::Value, kid: &str) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(kid.into());
    let key = EncodingKey::from_rsa_pem(KEY_1_PEM.as_bytes()).unwrap();
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

#[tokio::test]
async fn concurrent_tokens_with_unknown_kids_share_one_key_fetch() {
    let f = Fixture::new().await;
    let claims = claims_of(&f.mint(f.megan()));
    let tokens: Vec<String> = (0..20)
        .map(|n| signed(&claims, &format!("forged-{n}")))
        .collect();
    let start = now();
    // As in the worker, a request waiting for another's fetch sleeps on a timer between looks.
    let f = &f;
    let results = futures::future::join_all(tokens.iter().map(|token| async move {
        let header = format!("Bearer {token}");
        validate_bearer(
            &f.config,
            &f.keys,
            &f.transport,
            &TokioSleeper,
            Some(&header),
            start,
        )
        .await
    }))
    .await;
    assert!(
        results
            .iter()
            .all(|result| *result == Err(IdentityError::UnknownKey)),
        "{results:?}"
    );
    assert_eq!(
        key_fetches(f),
        2,
        "one metadata + key set fetch for all twenty"
    );
}

#[tokio::test]
async fn a_forged_kid_replayed_after_the_cooldown_fetches_nothing_more() {
    let f = Fixture::new().await;
    let forged = signed(&claims_of(&f.mint(f.megan())), "forged");
    let start = now();
    assert_eq!(
        f.validate_at(&forged, start).await,
        Err(IdentityError::UnknownKey)
    );
    assert_eq!(key_fetches(&f), 2);
    let later = start + UNKNOWN_KID_COOLDOWN_SECS + 10;
    assert_eq!(
        f.validate_at(&forged, later).await,
        Err(IdentityError::UnknownKey)
    );
    assert_eq!(
        key_fetches(&f),
        2,
        "a kid known to be unknown is not asked again"
    );
    // A real key still works meanwhile.
    f.validate_at(&f.mint(f.megan()), later).await.unwrap();
}

#[tokio::test]
async fn a_failed_key_refresh_keeps_serving_the_last_good_keys() {
    let f = Fixture::new().await;
    let start = now();
    f.validate_at(&f.mint(f.megan()), start).await.unwrap();
    f.sandbox.state().lock().faults.push(FaultRule {
        path_prefix: "/entra/common".into(),
        status: Some(500),
        ..FaultRule::default()
    });
    // The key set is past its age, the refresh fails: the known key still signs people in.
    let day_later = start + MAX_KEY_AGE_SECS + 60;
    let token = f.mint(MintRequest {
        expires_in: Some((MAX_KEY_AGE_SECS + 3600) as i64),
        ..f.megan()
    });
    let user = f.validate_at(&token, day_later).await;
    assert!(user.is_ok(), "{user:?}");
    let after_failure = key_fetches(&f);
    assert!(after_failure > 2, "a refresh was tried");
    // And the failing authority is not asked again on every request.
    f.validate_at(&token, day_later + 1).await.unwrap();
    assert_eq!(key_fetches(&f), after_failure);
}

#[tokio::test]
async fn tokens_refused_on_their_claims_cost_no_key_fetch() {
    let mut f = Fixture::new().await;
    f.config.allowed_tenants = Some(vec![USERS[MEGAN].tenant_id.into()]);
    let claims = claims_of(&f.mint(f.megan()));
    let with = |name: &str, value: serde_json::Value| {
        let mut claims = claims.clone();
        claims[name] = value;
        signed(&claims, "never-published")
    };
    let cases = [
        (
            with("aud", serde_json::json!("someone-else")),
            IdentityError::WrongAudience,
        ),
        (with("exp", serde_json::json!(1)), IdentityError::Expired),
        (
            with("iss", serde_json::json!("https://evil.example/x/v2.0")),
            IdentityError::WrongIssuer,
        ),
        (
            with("ver", serde_json::json!("1.0")),
            IdentityError::WrongVersion,
        ),
        (
            signed(
                &claims_of(&f.mint(MintRequest {
                    user_id: USERS[DIEGO].id.into(),
                    ..MintRequest::default()
                })),
                "never-published",
            ),
            IdentityError::TenantNotAllowed,
        ),
    ];
    for (token, refused) in cases {
        assert_eq!(
            f.validate(&token).await,
            Err(refused.clone()),
            "{refused:?}"
        );
    }
    assert_eq!(
        key_fetches(&f),
        0,
        "no token above made the worker fetch keys"
    );
}

#[tokio::test]
async fn a_token_issued_to_another_client_app_is_refused_unless_allowed() {
    let mut f = Fixture::new().await;
    let foreign = f.mint(MintRequest {
        client_app: Some("0f4e5bb9-7d3c-4d2a-9a61-8b3f2c1d0e9a".into()),
        ..f.megan()
    });
    assert_eq!(
        f.validate(&foreign).await,
        Err(IdentityError::WrongClientApp)
    );
    let mut claims = claims_of(&f.mint(f.megan()));
    claims.as_object_mut().unwrap().remove("azp");
    assert_eq!(
        f.validate(&signed(&claims, "sandbox-key-1")).await,
        Err(IdentityError::WrongClientApp),
        "no azp at all"
    );
    f.config
        .allowed_client_apps
        .push("0f4e5bb9-7d3c-4d2a-9a61-8b3f2c1d0e9a".into());
    assert!(
        f.validate(&foreign).await.is_ok(),
        "an app the admin allowed"
    );
}

#[tokio::test]
async fn personal_microsoft_accounts_are_refused_even_for_any_tenant() {
    let f = Fixture::new().await;
    let mut claims = claims_of(&f.mint(f.megan()));
    claims["tid"] = serde_json::json!(CONSUMER_TENANT);
    claims["iss"] = serde_json::json!(format!("{}{CONSUMER_TENANT}/v2.0", f.config.authority));
    assert_eq!(f.config.allowed_tenants, None, "any tenant");
    assert_eq!(
        f.validate(&signed(&claims, "sandbox-key-1")).await,
        Err(IdentityError::TenantNotAllowed)
    );
}

#[tokio::test]
async fn a_v1_token_signed_with_the_real_key_is_refused() {
    let f = Fixture::new().await;
    let mut claims = claims_of(&f.mint(f.megan()));
    claims["ver"] = serde_json::json!("1.0");
    assert_eq!(
        f.validate(&signed(&claims, "sandbox-key-1")).await,
        Err(IdentityError::WrongVersion)
    );
}

fn obo_config(f: &Fixture, secret: &str) -> OboConfig {
    OboConfig {
        authority: f.config.authority.clone(),
        client_id: CLOSER_CLIENT_ID.into(),
        client_secret: SecretString::from(secret.to_owned()),
    }
}

const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";

#[tokio::test]
async fn on_behalf_of_is_exchanged_once_per_user_and_scope() {
    let f = Fixture::new().await;
    let assertion = f.mint(f.megan());
    let user = f.validate(&assertion).await.unwrap();
    let cache = OboCache::default();
    let config = obo_config(&f, CLOSER_CLIENT_SECRET);
    let first = token_for(
        &config,
        &cache,
        &f.transport,
        &user,
        &assertion,
        GRAPH_SCOPE,
        now(),
    )
    .await
    .unwrap();
    let second = token_for(
        &config,
        &cache,
        &f.transport,
        &user,
        &assertion,
        GRAPH_SCOPE,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(first.expose_secret(), second.expose_secret());
    assert_eq!(f.sandbox.state().lock().obo_exchanges, 1);
    // The token works for Graph's resource in the sandbox.
    let issued = f
        .sandbox
        .state()
        .lock()
        .issued
        .get(first.expose_secret())
        .cloned()
        .unwrap();
    assert_eq!(issued.resource, "https://graph.microsoft.com");
    assert_eq!(issued.user_id, USERS[MEGAN].id);
    // Near expiry the cache exchanges again.
    token_for(
        &config,
        &cache,
        &f.transport,
        &user,
        &assertion,
        GRAPH_SCOPE,
        now() + 3590,
    )
    .await
    .unwrap();
    assert_eq!(f.sandbox.state().lock().obo_exchanges, 2);
}

#[tokio::test]
async fn interaction_required_becomes_unauthorized_with_the_claims_challenge() {
    let f = Fixture::new().await;
    let assertion = f.mint(f.megan());
    let user = f.validate(&assertion).await.unwrap();
    let challenge = r#"{"access_token":{"polids":{"essential":true,"values":["p1"]}}}"#;
    f.sandbox.state().lock().obo_interaction_required = Some(challenge.into());
    let result = token_for(
        &obo_config(&f, CLOSER_CLIENT_SECRET),
        &OboCache::default(),
        &f.transport,
        &user,
        &assertion,
        GRAPH_SCOPE,
        now(),
    )
    .await;
    match result {
        Err(ProviderError::Unauthorized {
            code,
            claims_challenge,
            ..
        }) => {
            assert_eq!(code, "interaction_required");
            assert_eq!(claims_challenge.as_deref(), Some(challenge));
        }
        other => panic!("expected Unauthorized, got {:?}", other.err()),
    }
}

#[tokio::test]
async fn a_wrong_client_secret_is_a_typed_error_not_a_token() {
    let f = Fixture::new().await;
    let assertion = f.mint(f.megan());
    let user = f.validate(&assertion).await.unwrap();
    let result = token_for(
        &obo_config(&f, "wrong"),
        &OboCache::default(),
        &f.transport,
        &user,
        &assertion,
        GRAPH_SCOPE,
        now(),
    )
    .await;
    assert!(
        matches!(result, Err(ProviderError::Unauthorized { ref code, .. }) if code == "invalid_client"),
        "{:?}",
        result.err()
    );
}
