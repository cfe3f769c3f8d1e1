//! Search the CRM from the pane: contacts, accounts and opportunities by name (and contacts by
//! email), optionally only active records and only the seller's own, each result opening the
//! record in the CRM. A failed search shows the worker's message in the card; the rest of the
//! pane is untouched.

use crate::components::common::checkbox::Checkbox;
use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::session::Session;
use crate::format::{dotted, record_kind};
use crate::tr;
use closer_wire::{SearchRequest, SearchResult};
use leptos::prelude::*;

/// The search card.
#[component]
pub fn SearchCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let text = RwSignal::new(String::new());
    let active_only = RwSignal::new(false);
    let mine = RwSignal::new(false);
    let run = Action::new_local(move |request: &SearchRequest| {
        let request = request.clone();
        async move { session.call(move |api| api.search(request)).await }
    });
    let submit = move || {
        run.dispatch(SearchRequest {
            text: text.get_untracked(),
            kinds: Vec::new(),
            active_only: active_only.get_untracked(),
            owned_by_me: mine.get_untracked(),
        });
    };
    view! {
        <section class="card" data-testid="search-card">
            <h2><Icon name=IconName::Search />{tr!("search-heading")}</h2>
            <form
                role="search"
                on:submit=move |e| {
                    e.prevent_default();
                    submit();
                }
            >
                <div class="form">
                    <input
                        type="search"
                        data-testid="search-text"
                        placeholder=tr!("search-placeholder")
                        aria-label=tr!("search-heading")
                        maxlength="100"
                        prop:value=move || text.get()
                        on:input=move |e| text.set(event_target_value(&e))
                    />
                </div>
                <div class="actions">
                    <Checkbox checked=active_only testid="search-active" label=format!(" {}", tr!("search-active-only")) />
                    <Checkbox checked=mine testid="search-mine" label=format!(" {}", tr!("search-owned-by-me")) />
                </div>
                <div class="actions">
                    <button type="submit" data-testid="search-go" disabled=move || run.pending().get()>
                        {move || if run.pending().get() { tr!("searching") } else { tr!("search") }}
                    </button>
                </div>
            </form>
            {move || match run.value().get() {
                None => ().into_any(),
                Some(Ok(results)) if results.is_empty() => view! {
                    <p class="muted" data-testid="search-empty">{tr!("search-empty")}</p>
                }.into_any(),
                Some(Ok(results)) => view! { <Results results /> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorView error=error testid="search-error" />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Results(results: Vec<SearchResult>) -> impl IntoView {
    view! {
        <ul class="opportunities" data-testid="search-results">
            {results.into_iter().map(|result| view! {
                <li data-testid="search-result" data-kind=result.record.kind.clone()>
                    <a href=result.record.url.clone() target="_blank" rel="noopener">
                        {result.record.name.clone()}
                    </a>
                    <span class="muted">
                        {dotted([Some(record_kind(&result.record.kind)), result.subtitle.clone()])}
                    </span>
                </li>
            }).collect_view()}
        </ul>
    }
}
