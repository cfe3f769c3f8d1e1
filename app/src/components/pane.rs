//! The pane's column, the same in every host: the open item, its CRM cards, the summary, the
//! CRM connection, search, and the service status.

use crate::components::crm_connection::CrmConnectionCard;
use crate::components::draft_card::DraftCard;
use crate::components::email_context::EmailContextCards;
use crate::components::first_run::FirstRun;
use crate::components::health_card::HealthCard;
use crate::components::item_header::ItemHeader;
use crate::components::meeting_context::MeetingContextCards;
use crate::components::search::SearchCard;
use crate::components::summary_card::SummaryCard;
use crate::contexts::host::Host;
use crate::contexts::session::{Session, SessionState};
use crate::contexts::settings::Settings;
use crate::split::{self, Deferred, FirstCards};
use leptos::prelude::*;

/// The pane at task-pane width.
#[component]
pub fn Pane() -> impl IntoView {
    let session = expect_context::<Session>();
    crate::components::draft_card::provide_connected_opportunity(expect_context::<Host>());
    let settings = expect_context::<Settings>();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    let later_cards_may_load = FirstCards::get_or_provide().later_may_load();
    view! {
        <main
            class="pane"
            data-testid="pane"
            data-settings=move || if settings.loaded() { "loaded" } else { "loading" }
        >
            <FirstRun />
            {move || signed_in().then(|| view! {
                <ItemHeader />
                <EmailContextCards />
                <Deferred
                    load=Box::new(split::later_cards)
                    testid="later-cards"
                    after=later_cards_may_load
                />
            })}
            <HealthCard />
        </main>
    }
}

/// The cards below the open item's CRM cards, in their own wasm module ([`split::later_cards`]):
/// the meeting's cards, the summary, the draft, the CRM connection and search.
pub fn later_cards_view() -> AnyView {
    let settings = expect_context::<Settings>();
    view! {
        <MeetingContextCards />
        // An AI feature the tenant's admin turned off is not offered at all.
        <Show when=move || settings.features().thread_summary>
            <SummaryCard />
        </Show>
        <Show when=move || settings.features().reply_drafts>
            <DraftCard />
        </Show>
        <CrmConnectionCard />
        <SearchCard />
    }
    .into_any()
}
