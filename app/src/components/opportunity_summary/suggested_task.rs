//! One suggested follow-up task: its subject and due date (when the notes state one), and
//! "Create task", which sends it to `POST /api/pane/task` (the pane's one task creation). A task
//! has no idempotency key in the CRM, so the row guards itself: a second click while the first
//! is in flight, or after it succeeded, sends nothing; once created it shows "Created" and a
//! link instead of the button.

use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::format::day_text;
use crate::tr;
use closer_wire::CreateTask;
use leptos::prelude::*;

/// A suggested task with its one-click creation.
#[component]
pub fn SuggestedTaskRow(task: CreateTask) -> impl IntoView {
    let session = expect_context::<Session>();
    let create = Action::new_local(move |task: &CreateTask| {
        let task = task.clone();
        async move { session.call(move |api| api.create_task(task)).await }
    });
    // Set before dispatching, synchronously in the click handler: a double click's second
    // event arrives before the button's `disabled` is repainted.
    let started = StoredValue::new(false);
    let created = move || create.value().get().and_then(Result::ok);
    let due = task
        .due_date
        .clone()
        .map(|date| tr!("task-due-on", date = day_text(&date)))
        .unwrap_or_else(|| tr!("task-no-due-date"));
    let subject = task.subject.clone();
    let task = StoredValue::new(task);
    let submit = move |_| {
        if started.get_value() {
            return;
        }
        started.set_value(true);
        create.dispatch(task.get_value());
    };
    // A failed creation may be tried again.
    Effect::new(move |_| {
        if matches!(create.value().get(), Some(Err(_))) {
            started.set_value(false);
        }
    });
    view! {
        <li data-testid="suggested-task">
            <span data-testid="suggested-task-subject">{subject}</span>
            <span class="muted" data-testid="suggested-task-due">{format!(" ({due})")}</span>
            {move || match created() {
                Some(link) => view! {
                    <p data-testid="suggested-task-created">
                        {tr!("created")}" "
                        <a href=link.url target="_blank" rel="noopener" data-testid="suggested-task-link">{tr!("open-in-crm")}</a>
                    </p>
                }.into_any(),
                None => view! {
                    <button
                        data-testid="create-suggested-task"
                        disabled=move || create.pending().get()
                        on:click=submit
                    >
                        {move || if create.pending().get() { tr!("creating") } else { tr!("recap-create-task") }}
                    </button>
                }.into_any(),
            }}
            {move || create.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView error=e testid="suggested-task-error" prefix=tr!("not-created") />
            })}
        </li>
    }
}
