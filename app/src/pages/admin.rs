//! The admin page (`?view=admin`, also Closer's "Admin" tab in Teams): the tenant's settings,
//! the audit log with its CSV export, the feedback on AI answers, and the upstreams' health. What an admin may do is the
//! worker's decision: a non-admin sees the worker's refusal, nothing else.
//!
//! The form edits a copy of the settings read at `version`; "Save" sends it with that version,
//! so when another admin saved meanwhile the worker answers a conflict, nothing is lost, and
//! the page offers to reload.

use crate::components::account::Account;
use crate::components::common::error_view::ErrorView;
use crate::components::feedback_card::FeedbackCard;
use crate::components::health_card::AdminHealthCard;
use crate::contexts::session::{Session, SessionState};
use crate::error::AppError;
use closer_wire::{
    AiFeature, ApiErrorCode, AuditLog, CardField, CardKind, ExtraField, FieldSetting,
    RegardingDefault, SaveSettings, SettingsView, TenantSettings,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the page was opened as the admin page (`?view=admin`).
pub fn requested() -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|query| {
            query
                .trim_start_matches('?')
                .split('&')
                .any(|pair| pair == "view=admin")
        })
}

/// The admin page. `in_tab`: shown as a host's own tab (Teams' Admin tab), where there is no
/// pane to go back to.
#[component]
pub fn AdminPage(#[prop(optional)] in_tab: bool) -> impl IntoView {
    let session = expect_context::<Session>();
    let signed_in = move || matches!(session.state(), SessionState::SignedIn(_));
    view! {
        <div class="preview admin-page">
            <header class="preview-header">
                <h1>"Closer admin"</h1>
                <p class="muted">"Settings for everyone in your organization."</p>
                {(!in_tab).then(|| view! {
                    <a href="/" data-testid="back-to-pane">"Back to the pane"</a>
                })}
                <Account />
            </header>
            {move || signed_in().then(|| view! { <AdminSettings /> })}
        </div>
    }
}

const FEATURES: [(AiFeature, &str); 5] = [
    (AiFeature::ThreadSummary, "thread_summary"),
    (AiFeature::KeyFacts, "key_facts"),
    (AiFeature::ReplyDrafts, "reply_drafts"),
    (AiFeature::OpportunitySummary, "opportunity_summary"),
    (AiFeature::MeetingRecap, "meeting_recap"),
];

fn feature_flag(settings: &mut TenantSettings, feature: AiFeature) -> &mut bool {
    let features = &mut settings.features;
    match feature {
        AiFeature::ThreadSummary => &mut features.thread_summary,
        AiFeature::KeyFacts => &mut features.key_facts,
        AiFeature::ReplyDrafts => &mut features.reply_drafts,
        AiFeature::OpportunitySummary => &mut features.opportunity_summary,
        AiFeature::MeetingRecap => &mut features.meeting_recap,
    }
}

fn field_id(field: CardField) -> &'static str {
    match field {
        CardField::Title => "title",
        CardField::Email => "email",
        CardField::Phone => "phone",
        CardField::Account => "account",
        CardField::Industry => "industry",
        CardField::Website => "website",
        CardField::Stage => "stage",
        CardField::Amount => "amount",
        CardField::CloseDate => "close_date",
    }
}

/// Shows or hides `field`, keeping the card order of [`CardField::ALL`].
fn set_shown(settings: &mut TenantSettings, field: CardField, shown: bool) {
    let fields = &mut settings.cards.fields;
    if shown && !fields.iter().any(|f| f.field == field) {
        fields.push(FieldSetting {
            field,
            editable: false,
        });
        fields.sort_by_key(|f| CardField::ALL.iter().position(|all| *all == f.field));
    } else if !shown {
        fields.retain(|f| f.field != field);
    }
}

fn set_editable(settings: &mut TenantSettings, field: CardField, editable: bool) {
    if let Some(setting) = settings.cards.fields.iter_mut().find(|f| f.field == field) {
        setting.editable = editable;
    }
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The settings form, the audit log and the upstreams, once the worker let the admin in.
#[component]
fn AdminSettings() -> impl IntoView {
    let session = expect_context::<Session>();
    let loaded = LocalResource::new(move || session.call(|api| api.admin_settings()));
    view! {
        <Suspense fallback=|| view! { <div class="skeleton" data-testid="admin-loading"></div> }>
            {move || Suspend::new(async move {
                match loaded.await {
                    Ok(view) => view! {
                        <main class="admin" data-testid="admin">
                            <SettingsForm view reload=Callback::new(move |()| loaded.refetch()) />
                            <AuditCard />
                            <FeedbackCard />
                            <AdminHealthCard />
                        </main>
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorView error testid="admin-refused" />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsForm(view: SettingsView, reload: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = RwSignal::new(view.settings.clone());
    let version = RwSignal::new(view.version);
    let status = RwSignal::new(None::<Result<u64, AppError>>);
    let tracker_text = |pick: fn(&TenantSettings) -> &Vec<String>| pick(&view.settings).join("\n");
    let competitors = RwSignal::new(tracker_text(|s| &s.trackers.competitors));
    let products = RwSignal::new(tracker_text(|s| &s.trackers.products));
    let pricing = RwSignal::new(tracker_text(|s| &s.trackers.pricing));
    let save = Action::new_local(move |edit: &SaveSettings| {
        let edit = edit.clone();
        async move { session.call(move |api| api.save_admin_settings(edit)).await }
    });
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            match result {
                Ok(saved) => {
                    version.set(saved.version);
                    draft.set(saved.settings);
                    status.set(Some(Ok(saved.version)));
                }
                Err(error) => status.set(Some(Err(error))),
            }
        }
    });
    let submit = move |_| {
        let mut settings = draft.get_untracked();
        settings.trackers.competitors = lines(&competitors.get_untracked());
        settings.trackers.products = lines(&products.get_untracked());
        settings.trackers.pricing = lines(&pricing.get_untracked());
        status.set(None);
        save.dispatch(SaveSettings {
            version: version.get_untracked(),
            settings,
        });
    };
    let conflict = move || {
        status
            .with(|s| matches!(s, Some(Err(AppError::Api(e))) if e.code == ApiErrorCode::Conflict))
    };
    view! {
        <section class="card" data-testid="admin-settings">
            <h2>"Settings"</h2>
            <p class="muted" data-testid="admin-crm">
                {format!(
                    "Stored with your {} (version {}).",
                    match view.crm {
                        closer_wire::CrmVendor::Dynamics => "Dynamics 365 org",
                        closer_wire::CrmVendor::Salesforce => "Closer data store (Salesforce tenants)",
                    },
                    view.version
                )}
            </p>

            <h3>"AI features"</h3>
            <div class="form">
                {FEATURES.iter().map(|&(feature, id)| view! {
                    <label>
                        <input
                            type="checkbox"
                            data-testid=format!("feature-{id}")
                            prop:checked=move || draft.with(|s| feature.is_on(&s.features))
                            on:change=move |e| {
                                let on = event_target_checked(&e);
                                draft.update(|s| *feature_flag(s, feature) = on);
                            }
                        />
                        {format!(" {}", feature.label())}
                    </label>
                }).collect_view()}
            </div>

            <h3>"Card fields"</h3>
            <table class="fields" data-testid="admin-fields">
                <thead><tr><th>"Field"</th><th>"Shown"</th><th>"Sellers may edit"</th></tr></thead>
                <tbody>
                    {CardField::ALL.iter().map(|&field| {
                        let id = field_id(field);
                        view! {
                            <tr>
                                <td>{field.label()}</td>
                                <td>
                                    <input
                                        type="checkbox"
                                        data-testid=format!("field-show-{id}")
                                        aria-label=format!("Show {}", field.label())
                                        prop:checked=move || draft.with(|s| s.cards.shows(field))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            draft.update(|s| set_shown(s, field, on));
                                        }
                                    />
                                </td>
                                <td>
                                    <input
                                        type="checkbox"
                                        data-testid=format!("field-edit-{id}")
                                        aria-label=format!("Sellers may edit {}", field.label())
                                        disabled=move || !field.can_be_editable() || !draft.with(|s| s.cards.shows(field))
                                        prop:checked=move || draft.with(|s| s.cards.editable(field))
                                        on:change=move |e| {
                                            let on = event_target_checked(&e);
                                            draft.update(|s| set_editable(s, field, on));
                                        }
                                    />
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>

            <ExtraFields draft />

            <h3>"Trackers"</h3>
            <p class="muted">"One per line; matched in threads on the next summary."</p>
            <div class="form">
                <label>"Competitors"
                    <textarea data-testid="trackers-competitors" rows="4" bind:value=competitors></textarea>
                </label>
                <label>"Products"
                    <textarea data-testid="trackers-products" rows="4" bind:value=products></textarea>
                </label>
                <label>"Pricing terms"
                    <textarea data-testid="trackers-pricing" rows="4" bind:value=pricing></textarea>
                </label>
            </div>

            <h3>"Retention"</h3>
            <div class="form">
                <label>"Insight storage "
                    <select
                        data-testid="retention-insights"
                        prop:value=move || draft.with(|s| s.retention.insight_days.map_or("off".to_owned(), |d| d.to_string()))
                        on:change=move |e| {
                            let picked = event_target_value(&e);
                            draft.update(|s| s.retention.insight_days = picked.parse().ok());
                        }
                    >
                        <option value="off">"Off"</option>
                        <option value="30">"On, 30 days"</option>
                        <option value="90">"On, 90 days"</option>
                    </select>
                </label>
                <label>"Remember contact choices (days) "
                    <input
                        type="number"
                        data-testid="retention-choices"
                        prop:value=move || draft.with(|s| s.retention.contact_choice_days.to_string())
                        on:change=move |e| {
                            let typed = event_target_value(&e);
                            // An unreadable number is sent as 0, which the worker refuses with
                            // the valid range.
                            draft.update(|s| s.retention.contact_choice_days = typed.trim().parse().unwrap_or(0));
                        }
                    />
                </label>
            </div>

            <h3>"Saving"</h3>
            <div class="form">
                <label>"Save regarding, by default "
                    <select
                        data-testid="saving-regarding"
                        prop:value=move || draft.with(|s| regarding_id(s.saving.default_regarding))
                        on:change=move |e| {
                            let picked = event_target_value(&e);
                            draft.update(|s| s.saving.default_regarding = regarding_of(&picked));
                        }
                    >
                        <option value="opportunity">"The open opportunity"</option>
                        <option value="account">"The account"</option>
                        <option value="contact">"The contact"</option>
                    </select>
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="saving-enhanced-email"
                        prop:checked=move || draft.with(|s| s.saving.salesforce_enhanced_email)
                        on:change=move |e| {
                            let on = event_target_checked(&e);
                            draft.update(|s| s.saving.salesforce_enhanced_email = on);
                        }
                    />
                    " Salesforce: save emails as Enhanced Email"
                </label>
            </div>

            <div class="actions">
                <button data-testid="admin-save" disabled=move || save.pending().get() on:click=submit>
                    "Save settings"
                </button>
            </div>
            {move || match status.get() {
                Some(Ok(saved)) => view! {
                    <p class="ok" role="status" data-testid="admin-saved">{format!("Saved (version {saved}).")}</p>
                }.into_any(),
                Some(Err(error)) => view! {
                    <div data-testid="admin-error">
                        <ErrorView error />
                        {conflict().then(|| view! {
                            <button data-testid="admin-reload" on:click=move |_| reload.run(())>"Reload settings"</button>
                        })}
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

const CARDS: [(CardKind, &str, &str); 3] = [
    (CardKind::Contact, "contact", "Contact cards"),
    (CardKind::Account, "account", "Account cards"),
    (CardKind::Opportunity, "opportunity", "Opportunity rows"),
];

/// The CRM's own fields added to the cards: chosen from the CRM's metadata (the worker reads
/// Dataverse's entity definitions or Salesforce's describe), shown read-only.
#[component]
fn ExtraFields(draft: RwSignal<TenantSettings>) -> impl IntoView {
    let session = expect_context::<Session>();
    let catalogue = LocalResource::new(move || session.call(|api| api.crm_fields()));
    view! {
        <h3>"More CRM fields"</h3>
        <p class="muted">"Fields of your CRM, shown read-only on the cards after the ones above."</p>
        <Suspense fallback=|| view! { <div class="skeleton" data-testid="extra-loading"></div> }>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(fields) => CARDS.iter().map(|&(card, id, title)| {
                        let offered = fields.of(card).to_vec();
                        let picked = RwSignal::new(offered.first().map(|f| f.name.clone()).unwrap_or_default());
                        let add = {
                            let offered = offered.clone();
                            move |_| {
                                let name = picked.get_untracked();
                                if let Some(field) = offered.iter().find(|f| f.name == name) {
                                    let extra = ExtraField {
                                        card,
                                        name: field.name.clone(),
                                        label: field.label.clone(),
                                        editable: false,
                                        kind: field.kind.clone(),
                                        options: field.options.clone(),
                                    };
                                    draft.update(|s| {
                                        if !s.cards.extra.iter().any(|e| e.card == card && e.name == extra.name) {
                                            s.cards.extra.push(extra);
                                        }
                                    });
                                }
                            }
                        };
                        view! {
                            <div class="form" data-testid=format!("extra-{id}")>
                                <strong>{title}</strong>
                                <ul>
                                    {move || draft.with(|s| s.cards.extra.iter().filter(|e| e.card == card).cloned().collect::<Vec<_>>())
                                        .into_iter()
                                        .map(|extra| {
                                            let name = extra.name.clone();
                                            let toggled = extra.name.clone();
                                            let editable = extra.editable;
                                            view! {
                                                <li data-testid="extra-added">
                                                    {format!("{} ({}) ", extra.label, extra.name)}
                                                    {(card != CardKind::Account).then(|| view! {
                                                        <label>
                                                            <input
                                                                type="checkbox"
                                                                data-testid=format!("extra-editable-{id}-{}", extra.name)
                                                                prop:checked=editable
                                                                on:change=move |e| {
                                                                    let on = event_target_checked(&e);
                                                                    draft.update(|s| {
                                                                        for extra in s.cards.extra.iter_mut() {
                                                                            if extra.card == card && extra.name == toggled {
                                                                                extra.editable = on;
                                                                            }
                                                                        }
                                                                    });
                                                                }
                                                            />
                                                            " sellers may edit "
                                                        </label>
                                                    })}
                                                    <button
                                                        data-testid=format!("extra-remove-{id}-{}", extra.name)
                                                        on:click=move |_| draft.update(|s| s.cards.extra.retain(|e| !(e.card == card && e.name == name)))
                                                    >"Remove"</button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <label>"Add "
                                    <select
                                        data-testid=format!("extra-select-{id}")
                                        prop:value=move || picked.get()
                                        on:change=move |e| picked.set(event_target_value(&e))
                                    >
                                        {offered.iter().map(|field| view! {
                                            <option value=field.name.clone()>{format!("{} ({})", field.label, field.name)}</option>
                                        }).collect_view()}
                                    </select>
                                </label>
                                <button data-testid=format!("extra-add-{id}") on:click=add>"Add field"</button>
                            </div>
                        }
                    }).collect_view().into_any(),
                    Err(error) => view! {
                        <ErrorView error=error testid="extra-error" />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn regarding_id(default: RegardingDefault) -> String {
    match default {
        RegardingDefault::Opportunity => "opportunity",
        RegardingDefault::Account => "account",
        RegardingDefault::Contact => "contact",
    }
    .to_owned()
}

fn regarding_of(id: &str) -> RegardingDefault {
    match id {
        "account" => RegardingDefault::Account,
        "contact" => RegardingDefault::Contact,
        _ => RegardingDefault::Opportunity,
    }
}

/// The audit log, newest first, and its CSV export.
#[component]
fn AuditCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let log = LocalResource::new(move || session.call(|api| api.audit_log()));
    let export_error = RwSignal::new(None::<AppError>);
    let export = move |_| {
        leptos::task::spawn_local(async move {
            match session.call(|api| api.audit_csv()).await {
                Ok(csv) => download("closer-audit.csv", &csv),
                Err(error) => export_error.set(Some(error)),
            }
        });
    };
    view! {
        <section class="card" data-testid="audit-card">
            <h2>"Audit log"</h2>
            <div class="actions">
                <button data-testid="audit-refresh" on:click=move |_| log.refetch()>"Refresh"</button>
                <button data-testid="audit-export" on:click=export>"Export CSV"</button>
            </div>
            {move || export_error.get().map(|error| view! {
                <ErrorView error=error testid="audit-export-error" />
            })}
            <Suspense fallback=|| view! { <div class="skeleton"></div> }>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(log) => view! { <AuditTable log /> }.into_any(),
                        Err(error) => view! {
                            <ErrorView error=error testid="audit-error" />
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn AuditTable(log: AuditLog) -> impl IntoView {
    if log.entries.is_empty() {
        return view! { <p class="muted" data-testid="audit-empty">"No changes yet."</p> }
            .into_any();
    }
    view! {
        <table class="audit" data-testid="audit-log">
            <thead><tr><th>"When"</th><th>"Who"</th><th>"Setting"</th><th>"Before"</th><th>"After"</th></tr></thead>
            <tbody>
                {log.entries.into_iter().map(|entry| view! {
                    <tr data-testid="audit-entry">
                        <td>{entry.at}</td>
                        <td>{entry.by}</td>
                        <td data-testid="audit-setting">{entry.setting}</td>
                        <td><code>{entry.before}</code></td>
                        <td><code>{entry.after}</code></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// Offers `text` as a file download (a Blob URL clicked through a transient link).
fn download(name: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(link) = document.create_element("a")
        && let Ok(link) = link.dyn_into::<web_sys::HtmlAnchorElement>()
    {
        link.set_href(&url);
        link.set_download(name);
        link.set_attribute("data-testid", "audit-download").ok();
        if let Some(body) = document.body() {
            body.append_child(&link).ok();
            link.click();
            body.remove_child(&link).ok();
        }
    }
    web_sys::Url::revoke_object_url(&url).ok();
}
