//! The browser preview's mailbox: the signed-in user's inbox and calendar (read through the
//! worker from Graph), standing in for Outlook's message list and calendar. Selecting a message
//! or an event makes it the host's current item, as opening it in Outlook would.

use crate::components::common::error_view::ErrorView;
use crate::components::common::icon::{Icon, IconName};
use crate::contexts::host::{Host, HostItem};
use crate::contexts::session::Session;
use crate::error::AppError;
use crate::format::meeting_time_text;
use crate::tr;
use closer_wire::{MailItem, MeetingItem};
use leptos::prelude::*;

const DAY_MS: f64 = 86_400_000.0;
/// The calendar shows two weeks either side of the chosen day.
const CALENDAR_DAYS_AROUND: f64 = 14.0;

/// Which list the preview shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum View {
    Inbox,
    Calendar,
}

/// The mailbox list, with its Inbox and Calendar views.
#[component]
pub fn Mailbox() -> impl IntoView {
    let view = RwSignal::new(View::Inbox);
    view! {
        <aside class="mailbox" data-testid="mailbox">
            <nav class="mailbox-views" role="tablist">
                <button role="tab" data-testid="view-inbox" class:active=move || view.get() == View::Inbox
                    aria-selected=move || (view.get() == View::Inbox).to_string()
                    on:click=move |_| view.set(View::Inbox)><Icon name=IconName::Mail />{tr!("inbox")}</button>
                <button role="tab" data-testid="view-calendar" class:active=move || view.get() == View::Calendar
                    aria-selected=move || (view.get() == View::Calendar).to_string()
                    on:click=move |_| view.set(View::Calendar)><Icon name=IconName::Calendar />{tr!("calendar")}</button>
            </nav>
            {move || match view.get() {
                View::Inbox => view! { <Inbox /> }.into_any(),
                View::Calendar => view! { <Calendar /> }.into_any(),
            }}
        </aside>
    }
}

fn load_failed(error: AppError, retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    view! {
        <ErrorView error testid="mailbox-error" retry=move |_| retry() retry_testid="mailbox-retry" />
    }
    .into_any()
}

#[component]
fn Inbox() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let inbox = LocalResource::new(move || session.call(|api| api.inbox()));
    view! {
        <h2>{tr!("inbox")}</h2>
        <Suspense fallback=|| view! { <div class="skeleton" data-testid="mailbox-loading"></div> }>
            {move || Suspend::new(async move {
                match inbox.await {
                    Ok(items) => view! {
                        <ul class="mail-list">
                            {items.into_iter().map(|item| view! { <MailRow item host /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => load_failed(error, move || inbox.refetch()),
                }
            })}
        </Suspense>
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
                on:click=move |_| host.open(Some(HostItem::Message(item.clone())))
            >
                <span class="sender">{sender}</span>
                <span class="subject">{subject}</span>
                <span class="snippet">{preview}</span>
            </button>
        </li>
    }
}

/// Today as `YYYY-MM-DD` (UTC).
fn today() -> String {
    let now = js_sys::Date::new_0().to_iso_string();
    String::from(now).chars().take(10).collect()
}

/// The range around `day` (`YYYY-MM-DD`) as two RFC 3339 instants, or `None` for a bad date.
fn range_around(day: &str) -> Option<(String, String)> {
    let midnight = js_sys::Date::parse(&format!("{day}T00:00:00Z"));
    if midnight.is_nan() {
        return None;
    }
    let at = |ms: f64| String::from(js_sys::Date::new(&ms.into()).to_iso_string());
    Some((
        at(midnight - CALENDAR_DAYS_AROUND * DAY_MS),
        at(midnight + (CALENDAR_DAYS_AROUND + 1.0) * DAY_MS),
    ))
}

#[component]
fn Calendar() -> impl IntoView {
    let session = expect_context::<Session>();
    let host = expect_context::<Host>();
    let day = RwSignal::new(today());
    let events = LocalResource::new(move || {
        let range = range_around(&day.get());
        async move {
            match range {
                Some((start, end)) => session.call(|api| api.calendar(&start, &end)).await,
                None => Ok(Vec::new()),
            }
        }
    });
    view! {
        <h2>
            {tr!("calendar-around")}" "
            <input type="date" data-testid="calendar-day" aria-label=tr!("calendar-day") prop:value=move || day.get()
                on:change=move |e| day.set(event_target_value(&e)) />
        </h2>
        <Suspense fallback=|| view! { <div class="skeleton" data-testid="calendar-loading"></div> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(items) if items.is_empty() => view! {
                        <p class="muted empty" data-testid="calendar-empty">{tr!("calendar-empty")}</p>
                    }.into_any(),
                    Ok(items) => view! {
                        <ul class="mail-list">
                            {items.into_iter().map(|meeting| view! { <EventRow meeting host /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => load_failed(error, move || events.refetch()),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EventRow(meeting: MeetingItem, host: Host) -> impl IntoView {
    let id = meeting.id.clone();
    let selected = move || {
        host.meeting
            .with(|current| current.as_ref().is_some_and(|c| c.id == id))
    };
    let when = meeting
        .start
        .as_deref()
        .map(|start| meeting_time_text(start, None))
        .unwrap_or_default();
    let subject = meeting.subject.clone();
    let subject_attribute = subject.clone();
    let place = meeting.location.clone().unwrap_or_default();
    view! {
        <li>
            <button
                class="mail-row event-row"
                class:selected=selected
                data-testid="calendar-item"
                data-subject=subject_attribute
                on:click=move |_| host.open(Some(HostItem::Appointment(meeting.clone())))
            >
                <span class="sender">{when}</span>
                <span class="subject">{subject}</span>
                <span class="snippet">{place}</span>
            </button>
        </li>
    }
}
