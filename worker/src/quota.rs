//! Request-rate limits per user and per tenant, checked right after the caller's token is
//! validated and before any work: a seller's runaway pane or a compromised account cannot
//! exhaust the tenant's Graph, CRM or model quotas, nor one tenant the deployment's.
//!
//! At the edge the counters are Cloudflare's Rate Limiting binding (`[[ratelimits]]` in
//! `wrangler.toml`; miniflare runs the same binding locally under `wrangler dev`):
//! https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/ . The binding
//! answers only "allowed or not" for a fixed window of 10 or 60 seconds, so the `Retry-After`
//! Closer sends is the window's length (an upper bound on the wait).

use crate::identity::UserContext;
use std::time::Duration;

/// The window of both limiters (`period` in `wrangler.toml`).
pub const WINDOW: Duration = Duration::from_secs(60);

/// Who exceeded a limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// This user's requests.
    User,
    /// Everyone in this user's tenant together.
    Tenant,
}

/// One counter: "may `key` make one more request in the current window?".
#[allow(
    async_fn_in_trait,
    reason = "implementations run on wasm32 where futures are !Send"
)]
pub trait RateLimit {
    /// Counts one request for `key`; `false` when the window's limit is reached. An error of
    /// the counter itself lets the request through (the limiter protects quotas, it must not
    /// take Closer down), which the edge logs.
    async fn allow(&self, key: &str) -> bool;
}

/// Counts the request against the user's and the tenant's limits, in that order (a user over
/// their own limit does not consume the tenant's).
pub async fn check(
    user_limit: &impl RateLimit,
    tenant_limit: &impl RateLimit,
    user: &UserContext,
) -> Result<(), Limited> {
    // Keys are the stable ids from the validated token, never anything the caller chose.
    if !user_limit.allow(&format!("user:{}", user.user_key())).await {
        return Err(Limited::User);
    }
    if !tenant_limit
        .allow(&format!("tenant:{}", user.tenant_id))
        .await
    {
        return Err(Limited::Tenant);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::HashMap;

    /// A fixed-window counter like the binding's, without the clock.
    struct Counter {
        limit: u32,
        seen: RefCell<HashMap<String, u32>>,
    }

    impl Counter {
        fn new(limit: u32) -> Self {
            Self {
                limit,
                seen: RefCell::default(),
            }
        }
    }

    impl RateLimit for Counter {
        async fn allow(&self, key: &str) -> bool {
            let mut seen = self.seen.borrow_mut();
            let count = seen.entry(key.to_owned()).or_default();
            *count += 1;
            *count <= self.limit
        }
    }

    fn user(tenant: &str, oid: &str) -> UserContext {
        UserContext {
            tenant_id: tenant.into(),
            object_id: oid.into(),
            name: String::new(),
            username: String::new(),
        }
    }

    #[tokio::test]
    async fn each_user_and_each_tenant_has_its_own_window() {
        let (users, tenants) = (Counter::new(2), Counter::new(3));
        let (a, b, c) = (user("t1", "a"), user("t1", "b"), user("t2", "c"));
        assert_eq!(check(&users, &tenants, &a).await, Ok(()));
        assert_eq!(check(&users, &tenants, &a).await, Ok(()));
        assert_eq!(check(&users, &tenants, &a).await, Err(Limited::User));
        // A user over their limit consumed nothing of the tenant's: b still has one left.
        assert_eq!(check(&users, &tenants, &b).await, Ok(()));
        assert_eq!(check(&users, &tenants, &b).await, Err(Limited::Tenant));
        // Another tenant is unaffected.
        assert_eq!(check(&users, &tenants, &c).await, Ok(()));
    }
}
