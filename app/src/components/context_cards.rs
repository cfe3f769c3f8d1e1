//! The frame around the CRM cards of whatever the host has open (an email, a meeting): a
//! skeleton while the one worker call runs, nothing when nothing is open, the cards once they
//! arrive, and in their place the call's error with a Retry when it fails. A Retry (or a card's
//! own refresh) asks for the same item's context again.

use crate::components::common::error_view::ErrorView;
use crate::error::AppError;
use leptos::prelude::*;
use std::future::Future;

/// `load` reads what the host has open (tracked, so opening another item reloads) and gives the
/// worker call for it, or `None` when nothing is open. `testid` prefixes the frame's test ids
/// (`{testid}-loading`, `{testid}-error`, `{testid}-retry`).
#[component]
pub fn ContextCards<Load, Call, Found>(
    load: Load,
    testid: &'static str,
    /// The cards for a found context, given the refresh that reloads it.
    cards: fn(Found, Callback<()>) -> AnyView,
) -> impl IntoView
where
    Load: Fn() -> Option<Call> + 'static,
    Call: Future<Output = Result<Found, AppError>> + 'static,
    Found: Clone + 'static,
{
    let context = LocalResource::new(move || {
        let call = load();
        async move {
            match call {
                Some(call) => call.await.map(Some),
                None => Ok(None),
            }
        }
    });
    let refresh = Callback::new(move |()| context.refetch());
    view! {
        <Transition fallback=move || view! {
            <div class="card" data-testid=format!("{testid}-loading")>
                <div class="skeleton"></div>
            </div>
        }>
            {move || Suspend::new(async move {
                let found = context.await;
                if !matches!(found, Ok(None)) {
                    crate::split::FirstCards::settle();
                }
                match found {
                    Ok(None) => ().into_any(),
                    Ok(Some(found)) => cards(found, refresh),
                    Err(error) => view! {
                        <section class="card" data-testid=format!("{testid}-error")>
                            <ErrorView
                                error
                                retry=move |_| context.refetch()
                                retry_testid=format!("{testid}-retry")
                            />
                        </section>
                    }.into_any(),
                }
            })}
        </Transition>
    }
}
