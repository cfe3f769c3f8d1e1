//! The CRM connection card: which CRM the user works in and who they are there, switching
//! Dynamics orgs (Global Discovery), connecting Salesforce (its OAuth sign-in, run by the
//! worker), and disconnecting. One connection at a time.
//!
//! Back from Salesforce's sign-in, the worker's callback puts Salesforce's answer in the URL
//! fragment; this card takes it out of the address bar and hands it to the worker with the
//! user's own token (the worker completes only a sign-in that same user started), then says
//! who the user is connected as, for them to confirm.

use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::contexts::settings::Settings;
use crate::error::{AppError, BrowserGap, SignInFailure};
use crate::tr;
use closer_wire::{CrmConnection, CrmVendor, FinishSalesforce};
use leptos::prelude::*;

/// The CRM connection card.
#[component]
pub fn CrmConnectionCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let settings = expect_context::<Settings>();
    // Taken once, when the card mounts: a reload must not replay a used code.
    let returned = StoredValue::new(take_salesforce_return());
    let connected_as = RwSignal::new(None::<String>);
    let connection = LocalResource::new(move || async move {
        match returned.try_update_value(Option::take).flatten() {
            Some(SalesforceReturn::Answer(finish)) => {
                let connection = session.call(move |api| api.finish_salesforce(finish)).await;
                if let Ok(current) = &connection {
                    connected_as.set(Some(current.user_name.clone()));
                    settings.reload();
                }
                connection
            }
            Some(SalesforceReturn::Refused(error)) => {
                Err(AppError::SignIn(SignInFailure::Salesforce(error)))
            }
            None => session.call(|api| api.crm_connection()).await,
        }
    });
    let connect_salesforce = Action::new_local(move |_: &()| async move {
        let sign_in = session.call(|api| api.start_salesforce()).await?;
        web_sys::window()
            .ok_or(AppError::Browser(BrowserGap::NoWindow))?
            .location()
            .set_href(&sign_in.authorize_url)
            .map_err(|_| AppError::Browser(BrowserGap::NavigationRefused))
    });
    let disconnect = Action::new_local(move |_: &()| async move {
        let result = session.call(|api| api.disconnect_crm()).await;
        connection.refetch();
        settings.reload();
        result
    });
    let action_error = move || {
        connect_salesforce
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| disconnect.value().get().and_then(Result::err))
    };
    view! {
        <section class="card" data-testid="crm-card">
            <h2>"CRM"</h2>
            {move || connected_as.get().map(|name| view! {
                <p class="notice" role="status" data-testid="crm-connected-as">
                    {tr!("crm-connected-as", name = name)}
                </p>
            })}
            <Suspense fallback=|| view! { <div class="skeleton" data-testid="crm-loading"></div> }>
                {move || Suspend::new(async move {
                    match connection.await {
                        Ok(current) => view! {
                            <ConnectionFacts current=current.clone() />
                            {(current.vendor == CrmVendor::Dynamics).then(|| view! {
                                <OrgSwitcher on_switched=Callback::new(move |()| {
                                    connection.refetch();
                                    settings.reload();
                                }) />
                            })}
                            <div class="actions">
                                {match current.vendor {
                                    CrmVendor::Dynamics => view! {
                                        <button
                                            data-testid="connect-salesforce"
                                            disabled=move || connect_salesforce.pending().get()
                                            on:click=move |_| { connect_salesforce.dispatch(()); }
                                        >{tr!("crm-connect-salesforce")}</button>
                                    }.into_any(),
                                    CrmVendor::Salesforce => view! {
                                        <button
                                            data-testid="disconnect-crm"
                                            disabled=move || disconnect.pending().get()
                                            on:click=move |_| { disconnect.dispatch(()); }
                                        >{tr!("crm-disconnect-salesforce")}</button>
                                    }.into_any(),
                                }}
                            </div>
                        }.into_any(),
                        Err(error) => view! {
                            <ErrorView error=error testid="crm-error" retry=move |_| connection.refetch() retry_testid="crm-retry" />
                        }.into_any(),
                    }
                })}
            </Suspense>
            {move || action_error().map(|error| view! {
                <ErrorView error=error testid="crm-action-error" />
            })}
        </section>
    }
}

/// What the Salesforce callback handed the pane in the fragment.
enum SalesforceReturn {
    /// A code and the sign-in's state, for the worker to finish.
    Answer(FinishSalesforce),
    /// Salesforce's error code (`access_denied`, ...).
    Refused(String),
}

/// Reads `#salesforce_code=…&salesforce_state=…` (or `#salesforce_error=…`) and removes it from
/// the address bar; `None` when the page was not opened by the callback.
fn take_salesforce_return() -> Option<SalesforceReturn> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(hash.strip_prefix('#')?).ok()?;
    let returned = match (
        params.get("salesforce_code"),
        params.get("salesforce_state"),
        params.get("salesforce_error"),
    ) {
        (_, _, Some(error)) => SalesforceReturn::Refused(error),
        (Some(code), Some(state), None) => {
            SalesforceReturn::Answer(FinishSalesforce { code, state })
        }
        _ => return None,
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/"));
    }
    Some(returned)
}

#[component]
fn ConnectionFacts(current: CrmConnection) -> impl IntoView {
    let vendor = match current.vendor {
        CrmVendor::Dynamics => "Dynamics 365",
        CrmVendor::Salesforce => "Salesforce",
    };
    view! {
        <dl class="facts">
            <dt>{tr!("crm-connected-to")}</dt>
            <dd data-testid="crm-vendor">{vendor}</dd>
            <dt>{tr!("crm-org")}</dt>
            <dd data-testid="crm-org">{current.org_name.unwrap_or(current.org_url)}</dd>
            <dt>{tr!("crm-you-are")}</dt>
            <dd data-testid="crm-user">{current.user_name}</dd>
        </dl>
    }
}

#[component]
fn OrgSwitcher(on_switched: Callback<()>) -> impl IntoView {
    let session = expect_context::<Session>();
    let orgs = LocalResource::new(move || session.call(|api| api.dynamics_orgs()));
    let switch = Action::new_local(move |api_url: &String| {
        let api_url = api_url.clone();
        async move {
            let result = session.call(move |api| api.connect_dynamics(api_url)).await;
            if result.is_ok() {
                on_switched.run(());
            }
            result
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match orgs.await {
                    Ok(list) if list.len() > 1 => view! {
                        <label class="org-switcher">
                            {tr!("crm-switch-org")}" "
                            <select
                                data-testid="crm-org-select"
                                disabled=move || switch.pending().get()
                                on:change=move |event| { switch.dispatch(event_target_value(&event)); }
                            >
                                {list.into_iter().map(|org| view! {
                                    <option value=org.api_url.clone() selected=org.selected>
                                        {org.friendly_name}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                    }.into_any(),
                    Ok(_) => ().into_any(),
                    Err(error) => view! {
                        <p class="muted" data-testid="crm-orgs-error">{error.to_string()}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
        {move || switch.value().get().and_then(Result::err).map(|error| view! {
            <ErrorView error=error testid="crm-switch-error" />
        })}
    }
}
