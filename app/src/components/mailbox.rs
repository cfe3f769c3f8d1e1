//! The browser preview's mailbox: the signed-in user's inbox (read through the worker from
//! Graph), standing in for Outlook's message list. Selecting a message makes it the host's
//! current item, as opening it in Outlook would.

use crate::api;
use crate::contexts::host::Host;
use crate::contexts::session::Session;
use closer_wire::MailItem;
use leptos::prelude::*;

/// The mailbox list.
#[component]
pub fn Mailbox() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let inbox = LocalResource::new(move || api::inbox(session));
    view! {
        <aside class="mailbox" data-testid="mailbox">
            <h2>"Inbox"</h2>
            <Suspense fallback=|| view! { <div class="skeleton" data-testid="mailbox-loading"></div> }>
                {move || Suspend::new(async move {
                    match inbox.await {
                        Ok(items) => view! {
                            <ul class="mail-list">
                                {items.into_iter().map(|item| view! { <MailRow item host /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! {
                            <div class="error" role="alert" data-testid="mailbox-error">
                                <p>{error.to_string()}</p>
                                <button data-testid="mailbox-retry" on:click=move |_| inbox.refetch()>"Retry"</button>
                            </div>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </aside>
    }
}

#[component]
fn MailRow(item: MailItem, host: Host) -> impl IntoView {
    let id = item.id.clone();
    let selected = move || {
        host.item
            .with(|current| current.as_ref().is_some_and(|c| c.id == id))
    };
    let sender = item
        .from
        .as_ref()
        .map(|f| f.name.clone().unwrap_or_else(|| f.address.clone()))
        .unwrap_or_default();
    let subject = item.subject.clone();
    let subject_attribute = subject.clone();
    let preview = item.preview.clone().unwrap_or_default();
    let unread = item.unread;
    view! {
        <li>
            <button
                class="mail-row"
                class:selected=selected
                class:unread=unread
                data-testid="mail-item"
                data-subject=subject_attribute
                on:click=move |_| host.item.set(Some(item.clone()))
            >
                <span class="sender">{sender}</span>
                <span class="subject">{subject}</span>
                <span class="snippet">{preview}</span>
            </button>
        </li>
    }
}
