//! The account strip: who is signed in (from the worker's `/api/me`, which reads Graph on the
//! user's behalf), or a button to sign in, or to sign in again after the session expired.

use crate::api;
use crate::components::common::error_view::ErrorView;
use crate::contexts::session::{self, Session, SessionState};
use crate::error::AppError;
use crate::tr;
use leptos::prelude::*;

/// Signs in (completing a redirect first) and shows the signed-in user.
#[component]
pub fn Account() -> impl IntoView {
    let session = expect_context::<Session>();
    let sign_in_error = RwSignal::new(None::<AppError>);
    // A redirect back from the authority carries ?code=: redeem it once, on mount.
    leptos::task::spawn_local(async move {
        if let Err(error) = session::complete_sign_in(session).await {
            sign_in_error.set(Some(error));
        }
    });
    let sign_in = Action::new_local(move |_: &()| async move {
        let config = api::auth_config().await?;
        session::sign_in(session, &config).await
    });
    let failure = move || {
        sign_in_error
            .get()
            .or_else(|| sign_in.value().get().and_then(Result::err))
    };
    view! {
        <section class="account" data-testid="account">
            {move || match session.state() {
                SessionState::SignedIn(_) => view! { <SignedInUser /> }.into_any(),
                SessionState::SignedOut => view! {
                    <p class="muted">{tr!("account-signed-out")}</p>
                }.into_any(),
                SessionState::Expired => view! {
                    <p class="error" role="alert" data-testid="session-expired">
                        {tr!("account-expired")}
                    </p>
                }.into_any(),
            }}
            {move || (!matches!(session.state(), SessionState::SignedIn(_))).then(|| view! {
                <button
                    data-testid="sign-in"
                    disabled=move || sign_in.pending().get()
                    on:click=move |_| { sign_in.dispatch(()); }
                >
                    {tr!("sign-in")}
                </button>
            })}
            {move || failure().map(|error| view! {
                <ErrorView error=error testid="sign-in-error" />
            })}
        </section>
    }
}

#[component]
fn SignedInUser() -> impl IntoView {
    let session = expect_context::<Session>();
    let me = LocalResource::new(move || session.call(|api| api.me()));
    view! {
        <Suspense fallback=|| view! { <div class="skeleton short" data-testid="me-loading"></div> }>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => view! {
                        <div class="me">
                            <strong data-testid="me-name">{me.display_name}</strong>
                            <span class="muted" data-testid="me-email">{me.email}</span>
                            <span class="tenant" data-testid="me-tenant">{me.tenant_name}</span>
                        </div>
                    }.into_any(),
                    // A 401 already flipped the session to Expired; everything else is shown.
                    Err(error) => view! {
                        <ErrorView error=error testid="me-error" retry=move |_| me.refetch() retry_testid="me-retry" />
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
