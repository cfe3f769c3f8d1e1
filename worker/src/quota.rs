//! Request-rate limits per user and per tenant, checked right after the caller's token is
//! validated and before any work: a seller's runaway pane or a compromised account cannot
//! exhaust the tenant's Graph, CRM or model quotas, nor one tenant the deployment's. And the
//! daily language-model token budget per tenant ([`TokenBudget`]).
//!
//! At the edge the counters are Cloudflare's Rate Limiting binding (`[[ratelimits]]` in
//! `wrangler.toml`; miniflare runs the same binding locally under `wrangler dev`):
//! https://developers.cloudflare.com/workers/runtime-apis/bindings/rate-limit/ . The binding
//! answers only "allowed or not" for a fixed window of 10 or 60 seconds, so the `Retry-After`
//! Closer sends is the window's length (an upper bound on the wait).

use crate::identity::UserContext;
use crate::store::{CloserStore, Row, RowKind, Scope, StoreError};
use std::time::Duration;

/// Seconds in a day: budgets reset at 00:00 UTC.
const DAY: u64 = 24 * 3600;

/// A tenant's daily budget of language-model tokens (prompt + completion, as the provider
/// counts them), kept in Closer's store as one counter row per tenant and UTC day.
///
/// Checked before a model call and added to after it: the call that crosses the budget is
/// finished, the next one is refused until midnight UTC. The counter is read, added to and
/// written back, so concurrent calls of one tenant can each miss the other's tokens: the
/// budget is a guard against runaway use, not billing-grade metering.
pub struct TokenBudget<S> {
    store: S,
    tenant_id: String,
    daily_tokens: u64,
}

/// The budget is spent for today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetSpent {
    /// Seconds until it resets (00:00 UTC).
    pub resets_in: u64,
}

impl<S: CloserStore> TokenBudget<S> {
    /// `daily_tokens` for the tenant of `user`, counted in `store`.
    pub fn new(store: S, user: &UserContext, daily_tokens: u64) -> Self {
        Self {
            store,
            tenant_id: user.tenant_id.clone(),
            daily_tokens,
        }
    }

    fn scope(&self) -> Scope {
        Scope {
            tenant_id: self.tenant_id.clone(),
            user_id: None,
        }
    }

    fn key(now: u64) -> String {
        format!("llm-tokens:{}", now / DAY)
    }

    /// Tokens used today.
    pub async fn used(&self, now: u64) -> Result<u64, StoreError> {
        let row = self
            .store
            .get(&self.scope(), RowKind::Usage, &Self::key(now), now)
            .await?;
        Ok(row.and_then(|row| row.value.parse().ok()).unwrap_or(0))
    }

    /// Whether a model call may start now.
    pub async fn check(&self, now: u64) -> Result<Result<(), BudgetSpent>, StoreError> {
        if self.used(now).await? < self.daily_tokens {
            return Ok(Ok(()));
        }
        Ok(Err(BudgetSpent {
            resets_in: DAY - now % DAY,
        }))
    }

    /// Adds `tokens` to today's count.
    pub async fn spend(&self, tokens: u64, now: u64) -> Result<(), StoreError> {
        if tokens == 0 {
            return Ok(());
        }
        let used = self.used(now).await?.saturating_add(tokens);
        let row = Row {
            value: used.to_string(),
            // Kept a day past its own, then purged with other expired rows.
            expires_at: Some(now - now % DAY + 2 * DAY),
        };
        self.store
            .put(&self.scope(), RowKind::Usage, &Self::key(now), &row)
            .await
    }
}

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

    /// Closer's store in memory, keyed like the real one.
    #[derive(Default)]
    struct Memory(RefCell<HashMap<(String, String), Row>>);

    impl CloserStore for Memory {
        async fn get(
            &self,
            scope: &Scope,
            _: RowKind,
            key: &str,
            now: u64,
        ) -> Result<Option<Row>, StoreError> {
            Ok(self
                .0
                .borrow()
                .get(&(scope.tenant_id.clone(), key.to_owned()))
                .filter(|row| row.expires_at.is_none_or(|at| at > now))
                .cloned())
        }

        async fn put(
            &self,
            scope: &Scope,
            _: RowKind,
            key: &str,
            row: &Row,
        ) -> Result<(), StoreError> {
            self.0
                .borrow_mut()
                .insert((scope.tenant_id.clone(), key.to_owned()), row.clone());
            Ok(())
        }

        async fn put_if_absent(
            &self,
            scope: &Scope,
            _: RowKind,
            key: &str,
            row: &Row,
            now: u64,
        ) -> Result<bool, StoreError> {
            let mut rows = self.0.borrow_mut();
            let slot = (scope.tenant_id.clone(), key.to_owned());
            if rows
                .get(&slot)
                .is_some_and(|held| held.expires_at.is_none_or(|at| at > now))
            {
                return Ok(false);
            }
            rows.insert(slot, row.clone());
            Ok(true)
        }

        async fn delete(&self, scope: &Scope, _: RowKind, key: &str) -> Result<(), StoreError> {
            self.0
                .borrow_mut()
                .remove(&(scope.tenant_id.clone(), key.to_owned()));
            Ok(())
        }

        async fn purge_expired(&self, _: u64) -> Result<u64, StoreError> {
            Ok(0)
        }
    }

    fn user(tenant: &str, oid: &str) -> UserContext {
        UserContext {
            tenant_id: tenant.into(),
            object_id: oid.into(),
            name: String::new(),
            username: String::new(),
            roles: Vec::new(),
            groups: Vec::new(),
        }
    }

    #[tokio::test]
    async fn the_token_budget_refuses_after_the_day_is_spent_and_resets_at_midnight() {
        let store = Memory::default();
        let (megan, diego) = (user("t1", "megan"), user("t2", "diego"));
        let budget = TokenBudget::new(&store, &megan, 1_000);
        let noon = 20_000 * DAY + DAY / 2;
        assert_eq!(budget.check(noon).await.unwrap(), Ok(()));
        budget.spend(600, noon).await.unwrap();
        assert_eq!(budget.check(noon).await.unwrap(), Ok(()));
        budget.spend(600, noon + 1).await.unwrap();
        assert_eq!(budget.used(noon + 2).await.unwrap(), 1_200);
        assert_eq!(
            budget.check(noon + 2).await.unwrap(),
            Err(BudgetSpent {
                resets_in: DAY / 2 - 2
            })
        );
        // Another tenant's budget is its own.
        let other = TokenBudget::new(&store, &diego, 1_000);
        assert_eq!(other.check(noon).await.unwrap(), Ok(()));
        // A new UTC day starts from zero.
        assert_eq!(budget.check(noon + DAY / 2).await.unwrap(), Ok(()));
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
