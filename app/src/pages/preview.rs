//! The browser preview: an Outlook-like page with the demo mailbox on the left and the pane at
//! a real task-pane width on the right, against whatever the worker is wired to (the sandbox in
//! dev and tests). No Office host is needed.

use crate::components::account::Account;
use crate::components::crm_connection::CrmConnectionCard;
use crate::components::email_context::EmailContextCards;
use crate::components::health_card::HealthCard;
use crate::components::item_header::ItemHeader;
use crate::components::mailbox::Mailbox;
use crate::components::search::SearchCard;
use crate::components::summary_card::SummaryCard;
use crate::contexts::host::provide_host_context;
use crate::contexts::session::{Session, SessionState};
use leptos::prelude::*;

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let session = expect_context::<Session>();
    provide_host_context();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    view! {
        <div class="preview">
            <header class="preview-header">
                <h1>"Closer"</h1>
                <p class="muted">"Browser preview: the pane with no Office host."</p>
                <Account />
            </header>
            <div class="preview-shell">
                {move || signed_in().then(|| view! { <Mailbox /> })}
                <main class="pane" data-testid="pane">
                    {move || signed_in().then(|| view! {
                        <ItemHeader />
                        <EmailContextCards />
                        <SummaryCard />
                        <CrmConnectionCard />
                        <SearchCard />
                    })}
                    <HealthCard />
                </main>
            </div>
        </div>
    }
}
