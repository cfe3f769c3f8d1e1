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
use crate::labels;
use crate::tr;
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
                <h1>{tr!("admin-title")}</h1>
                <p class="muted">{tr!("admin-subtitle")}</p>
                {(!in_tab).then(|| view! {
                    <a href="/" data-testid="back-to-pane">{tr!("admin-back-to-pane")}</a>
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
            <h2>{tr!("admin-settings")}</h2>
            <p class="muted" data-testid="admin-crm">
                {match view.crm {
                    closer_wire::CrmVendor::Dynamics => tr!("admin-stored-dynamics", version = view.version),
                    closer_wire::CrmVendor::Salesforce => tr!("admin-stored-salesforce", version = view.version),
                }}
            </p>

            <h3>{tr!("admin-ai-features")}</h3>
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
                        {format!(" {}", labels::feature(feature))}
                    </label>
                }).collect_view()}
            </div>

            <h3>{tr!("admin-card-fields")}</h3>
            <table class="fields" data-testid="admin-fields">
                <thead><tr><th>{tr!("admin-column-field")}</th><th>{tr!("admin-column-shown")}</th><th>{tr!("admin-column-editable")}</th></tr></thead>
                <tbody>
                    {CardField::ALL.iter().map(|&field| {
                        let id = field_id(field);
                        view! {
                            <tr>
                                <td>{labels::card_field(field)}</td>
                                <td>
                                    <input
                                        type="checkbox"
                                        data-testid=format!("field-show-{id}")
                                        aria-label=tr!("admin-show-field", field = labels::card_field(field))
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
                                        aria-label=tr!("admin-edit-field", field = labels::card_field(field))
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

            <h3>{tr!("admin-trackers")}</h3>
            <p class="muted">{tr!("admin-trackers-hint")}</p>
            <div class="form">
                <label>{tr!("admin-trackers-competitors")}
                    <textarea data-testid="trackers-competitors" rows="4" bind:value=competitors></textarea>
                </label>
                <label>{tr!("admin-trackers-products")}
                    <textarea data-testid="trackers-products" rows="4" bind:value=products></textarea>
                </label>
                <label>{tr!("admin-trackers-pricing")}
                    <textarea data-testid="trackers-pricing" rows="4" bind:value=pricing></textarea>
                </label>
            </div>

            <h3>{tr!("admin-retention")}</h3>
            <div class="form">
                <label>{tr!("admin-insight-storage")}" "
                    <select
                        data-testid="retention-insights"
                        prop:value=move || draft.with(|s| s.retention.insight_days.map_or("off".to_owned(), |d| d.to_string()))
                        on:change=move |e| {
                            let picked = event_target_value(&e);
                            draft.update(|s| s.retention.insight_days = picked.parse().ok());
                        }
                    >
                        <option value="off">{tr!("admin-insights-off")}</option>
                        <option value="30">{tr!("admin-insights-days", days = 30)}</option>
                        <option value="90">{tr!("admin-insights-days", days = 90)}</option>
                    </select>
                </label>
                <label>{tr!("admin-remember-choices")}" "
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

            <h3>{tr!("admin-saving")}</h3>
            <div class="form">
                <label>{tr!("admin-default-regarding")}" "
                    <select
                        data-testid="saving-regarding"
                        prop:value=move || draft.with(|s| regarding_id(s.saving.default_regarding))
                        on:change=move |e| {
                            let picked = event_target_value(&e);
                            draft.update(|s| s.saving.default_regarding = regarding_of(&picked));
                        }
                    >
                        <option value="opportunity">{tr!("admin-regarding-opportunity")}</option>
                        <option value="account">{tr!("admin-regarding-account")}</option>
                        <option value="contact">{tr!("admin-regarding-contact")}</option>
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
                    " "{tr!("admin-enhanced-email")}
                </label>
            </div>

            <div class="actions">
                <button data-testid="admin-save" disabled=move || save.pending().get() on:click=submit>
                    {tr!("admin-save")}
                </button>
            </div>
            {move || match status.get() {
                Some(Ok(saved)) => view! {
                    <p class="ok" role="status" data-testid="admin-saved">{tr!("admin-saved", version = saved)}</p>
                }.into_any(),
                Some(Err(error)) => view! {
                    <div data-testid="admin-error">
                        <ErrorView error />
                        {conflict().then(|| view! {
                            <button data-testid="admin-reload" on:click=move |_| reload.run(())>{tr!("admin-reload")}</button>
                        })}
                    </div>
                }.into_any(),
                None => ().into_any(),
            }}
        </section>
    }
}

const CARDS: [(CardKind, &str); 3] = [
    (CardKind::Contact, "contact"),
    (CardKind::Account, "account"),
    (CardKind::Opportunity, "opportunity"),
];

/// The heading of a card's extra fields.
fn card_title(card: CardKind) -> String {
    match card {
        CardKind::Contact => tr!("admin-extra-contact"),
        CardKind::Account => tr!("admin-extra-account"),
        CardKind::Opportunity => tr!("admin-extra-opportunity"),
    }
}

/// The CRM's own fields added to the cards: chosen from the CRM's metadata (the worker reads
/// Dataverse's entity definitions or Salesforce's describe), shown read-only.
#[component]
fn ExtraFields(draft: RwSignal<TenantSettings>) -> impl IntoView {
    let session = expect_context::<Session>();
    let catalogue = LocalResource::new(move || session.call(|api| api.crm_fields()));
    view! {
        <h3>{tr!("admin-more-fields")}</h3>
        <p class="muted">{tr!("admin-more-fields-hint")}</p>
        <Suspense fallback=|| view! { <div class="skeleton" data-testid="extra-loading"></div> }>
            {move || Suspend::new(async move {
                match catalogue.await {
                    Ok(fields) => CARDS.iter().map(|&(card, id)| {
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
                                <strong>{card_title(card)}</strong>
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
                                                            " "{tr!("admin-extra-editable")}" "
                                                        </label>
                                                    })}
                                                    <button
                                                        data-testid=format!("extra-remove-{id}-{}", extra.name)
                                                        on:click=move |_| draft.update(|s| s.cards.extra.retain(|e| !(e.card == card && e.name == name)))
                                                    >{tr!("admin-extra-remove")}</button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                                <label>{tr!("admin-extra-add-label")}" "
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
                                <button data-testid=format!("extra-add-{id}") on:click=add>{tr!("admin-extra-add")}</button>
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
            <h2>{tr!("admin-audit")}</h2>
            <div class="actions">
                <button data-testid="audit-refresh" on:click=move |_| log.refetch()>{tr!("admin-audit-refresh")}</button>
                <button data-testid="audit-export" on:click=export>{tr!("admin-audit-export")}</button>
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
        return view! { <p class="muted" data-testid="audit-empty">{tr!("admin-audit-empty")}</p> }
            .into_any();
    }
    view! {
        <table class="audit" data-testid="audit-log">
            <thead><tr><th>{tr!("admin-audit-when")}</th><th>{tr!("admin-audit-who")}</th><th>{tr!("admin-audit-setting")}</th><th>{tr!("admin-audit-before")}</th><th>{tr!("admin-audit-after")}</th></tr></thead>
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
