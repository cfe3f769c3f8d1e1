//! The per-mailbox concurrency limit: Outlook allows an app only four concurrent requests per
//! mailbox and answers a fifth with 429 (https://learn.microsoft.com/en-us/graph/throttling,
//! "Outlook service limits"). The edge keeps one [`MailboxLimiter`] per isolate; every
//! [`GraphClient`](super::GraphClient) for the same user (tenant id + object id) shares one
//! semaphore from it, so parallel pane requests queue here instead of being throttled there.
//!
//! Owns only the registry and its permits; what is sent while a permit is held is the client's.

use crate::provider::Sleeper;
use async_lock::{Semaphore, SemaphoreGuardArc};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

/// Outlook's documented limit of concurrent requests per app per mailbox.
pub const MAX_CONCURRENT_PER_MAILBOX: usize = 4;

/// A registry of one semaphore per mailbox, kept per isolate. Entries live as long as a client
/// for that mailbox does; dead ones are pruned on the next lookup, so the map stays as small as
/// the number of users with requests in flight.
#[derive(Debug)]
pub struct MailboxLimiter {
    limit: usize,
    mailboxes: Mutex<BTreeMap<String, Weak<Semaphore>>>,
}

impl MailboxLimiter {
    /// A registry with Outlook's limit; `const` so the edge can hold it in a `static`.
    pub const fn new() -> Self {
        Self::with_limit(MAX_CONCURRENT_PER_MAILBOX)
    }

    /// A registry with another limit (tests; a tenant with a lower documented limit).
    pub const fn with_limit(limit: usize) -> Self {
        Self {
            limit,
            mailboxes: Mutex::new(BTreeMap::new()),
        }
    }

    /// The permits of the mailbox of user `object_id` in tenant `tenant_id`: the same semaphore
    /// for every caller while any of them holds it.
    pub fn permits(&self, tenant_id: &str, object_id: &str) -> MailboxPermits {
        let key = format!(
            "{}/{}",
            tenant_id.to_ascii_lowercase(),
            object_id.to_ascii_lowercase()
        );
        // A poisoned lock only means another request panicked mid-lookup; the map is still valid.
        let mut mailboxes = self
            .mailboxes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        mailboxes.retain(|_, semaphore| semaphore.strong_count() > 0);
        if let Some(semaphore) = mailboxes.get(&key).and_then(Weak::upgrade) {
            return MailboxPermits(semaphore);
        }
        let semaphore = Arc::new(Semaphore::new(self.limit));
        mailboxes.insert(key, Arc::downgrade(&semaphore));
        MailboxPermits(semaphore)
    }

    /// How many mailboxes currently have a live client.
    pub fn tracked(&self) -> usize {
        let mailboxes = self
            .mailboxes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        mailboxes.values().filter(|s| s.strong_count() > 0).count()
    }
}

impl Default for MailboxLimiter {
    fn default() -> Self {
        Self::new()
    }
}

/// One mailbox's share of the limit, held by its clients.
#[derive(Debug, Clone)]
pub struct MailboxPermits(Arc<Semaphore>);

impl MailboxPermits {
    /// Permits shared with no one (a client used outside the edge's registry, e.g. a one-off
    /// script); still capped at `limit`.
    pub fn unshared(limit: usize) -> Self {
        Self(Arc::new(Semaphore::new(limit)))
    }

    /// Waits for a free slot; the slot is released when the guard drops.
    ///
    /// The wait never rests on the semaphore's wake-up: a slot frees when *another* request's
    /// Graph call ends, and in workerd a request woken from another request's context, or
    /// waiting only on another request's I/O, is canceled ("The Workers runtime canceled this
    /// request because it detected that your Worker's code had hung",
    /// https://developers.cloudflare.com/workers/observability/errors/). So the waiter looks
    /// again after each tick of a timer of its own (`sleeper`, a JS timer at the edge), as the
    /// JWKS refresh waits do.
    pub(crate) async fn acquire<S: Sleeper>(&self, sleeper: &S) -> SemaphoreGuardArc {
        loop {
            if let Some(guard) = self.0.try_acquire_arc() {
                return guard;
            }
            sleeper.sleep(PERMIT_POLL).await;
            // A sleeper that does not wait (natively, `NoWait`) must still let the holder run
            // before looking again.
            YieldOnce(false).await;
        }
    }
}

/// How often a request waiting for a mailbox slot looks again.
pub const PERMIT_POLL: Duration = Duration::from_millis(10);

/// Returns `Pending` once (having asked to be polled again), then `Ready`.
struct YieldOnce(bool);

impl std::future::Future for YieldOnce {
    type Output = ();

    fn poll(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<()> {
        if self.0 {
            return std::task::Poll::Ready(());
        }
        self.0 = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_user_shares_one_semaphore_and_others_do_not() {
        let limiter = MailboxLimiter::new();
        let a = limiter.permits("TENANT", "User-1");
        let b = limiter.permits("tenant", "user-1");
        let c = limiter.permits("tenant", "user-2");
        assert!(Arc::ptr_eq(&a.0, &b.0));
        assert!(!Arc::ptr_eq(&a.0, &c.0));
        assert_eq!(limiter.tracked(), 2);
    }

    #[test]
    fn entries_go_away_with_their_last_client() {
        let limiter = MailboxLimiter::new();
        let permits = limiter.permits("t", "u");
        drop(limiter.permits("t", "other"));
        assert_eq!(limiter.tracked(), 1);
        drop(permits);
        let _fresh = limiter.permits("t", "third");
        assert_eq!(limiter.mailboxes.lock().unwrap().len(), 1);
    }

    /// Counts its naps; each is a real (short) timer.
    #[derive(Default)]
    struct CountingSleeper(std::cell::Cell<u32>);

    impl Sleeper for CountingSleeper {
        async fn sleep(&self, _: Duration) {
            self.0.set(self.0.get() + 1);
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    #[tokio::test]
    async fn a_request_waiting_for_a_slot_keeps_a_timer_of_its_own_and_gets_the_freed_slot() {
        let permits = MailboxLimiter::new().permits("t", "u");
        let mut held = Vec::new();
        for _ in 0..MAX_CONCURRENT_PER_MAILBOX {
            held.push(permits.acquire(&crate::provider::NoWait).await);
        }
        let sleeper = CountingSleeper::default();
        let waiting = permits.acquire(&sleeper);
        let release = async {
            tokio::time::sleep(Duration::from_millis(30)).await;
            held.pop();
        };
        let (guard, ()) = tokio::join!(waiting, release);
        // Workerd cancels a request that waits only on another request's I/O: the waiter
        // slept on its own timer meanwhile.
        assert!(sleeper.0.get() > 0);
        drop(guard);
        assert!(permits.0.try_acquire().is_some());
    }

    #[tokio::test]
    async fn with_a_sleeper_that_does_not_wait_the_holder_still_runs() {
        let permits = MailboxLimiter::with_limit(1).permits("t", "u");
        let first = permits.acquire(&crate::provider::NoWait).await;
        let release = async {
            tokio::task::yield_now().await;
            drop(first);
        };
        let (guard, ()) = tokio::join!(permits.acquire(&crate::provider::NoWait), release);
        drop(guard);
    }

    #[tokio::test]
    async fn at_most_the_limit_is_handed_out() {
        let permits = MailboxLimiter::new().permits("t", "u");
        let mut held = Vec::new();
        for _ in 0..MAX_CONCURRENT_PER_MAILBOX {
            held.push(permits.acquire(&crate::provider::NoWait).await);
        }
        assert!(permits.0.try_acquire().is_none());
        held.pop();
        assert!(permits.0.try_acquire().is_some());
    }
}
