//! The service-status card: up or degraded and the version for everyone ([`HealthCard`]);
//! for admins, the store and each upstream's base URL and reachability ([`AdminHealthCard`]).

use crate::api;
use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::tr;
use closer_wire::{Health, HealthStatus, UpstreamCheck, UpstreamKind, UpstreamStatus};
use leptos::prelude::*;

/// Fetches `/api/health` and shows the status and version, or a readable error with a retry.
#[component]
pub fn HealthCard() -> impl IntoView {
    let health = LocalResource::new(api::health);
    view! {
        <section class="card" data-testid="health-card">
            <h2>{tr!("health-heading")}</h2>
            <Suspense fallback=|| view! { <div class="skeleton" data-testid="health-loading"></div> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(status) => view! { <HealthStatusView status /> }.into_any(),
                        Err(error) => view! {
                            <ErrorView error=error testid="health-error" retry=move |_| health.refetch() retry_testid="health-retry" />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HealthStatusView(status: HealthStatus) -> impl IntoView {
    let degraded = status.status != "ok";
    view! {
        <dl class="facts">
            <dt>{tr!("health-status")}</dt>
            <dd data-testid="health-status" class=if degraded { "bad" } else { "ok" }>
                {if degraded { tr!("health-degraded") } else { tr!("health-ok") }}
            </dd>
            <dt>{tr!("health-version")}</dt>
            <dd data-testid="health-version">{status.version}</dd>
        </dl>
    }
}

/// Fetches `/api/admin/health` (admins) and renders every upstream, or the error.
#[component]
pub fn AdminHealthCard() -> impl IntoView {
    let session = expect_context::<Session>();
    let health = LocalResource::new(move || session.call(|api| api.admin_health()));
    view! {
        <section class="card" data-testid="admin-health-card">
            <h2>{tr!("health-upstreams")}</h2>
            <Suspense fallback=|| view! { <div class="skeleton" data-testid="health-loading"></div> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(report) => view! { <HealthReport report /> }.into_any(),
                        Err(error) => view! {
                            <ErrorView error=error testid="health-error" retry=move |_| health.refetch() retry_testid="health-retry" />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn HealthReport(report: Health) -> impl IntoView {
    let unreachable: Vec<UpstreamCheck> = report
        .upstreams
        .iter()
        .filter(|u| matches!(u.status, UpstreamStatus::Unreachable { .. }))
        .cloned()
        .collect();
    view! {
        <dl class="facts">
            <dt>{tr!("health-version")}</dt>
            <dd data-testid="health-version">{report.version}</dd>
            <dt>{tr!("health-store-schema")}</dt>
            <dd data-testid="health-store">{report.store_schema}</dd>
        </dl>
        {(!unreachable.is_empty()).then(|| view! {
            <div class="error" role="alert" data-testid="health-error">
                {unreachable.into_iter().map(|u| view! {
                    <p>{tr!("health-unreachable-because", upstream = kind_label(u.kind), reason = reason(&u.status))}</p>
                }).collect_view()}
            </div>
        })}
        <ul class="upstreams">
            {report.upstreams.into_iter().map(|u| view! { <UpstreamRow check=u /> }).collect_view()}
        </ul>
    }
}

#[component]
fn UpstreamRow(check: UpstreamCheck) -> impl IntoView {
    let (class, text) = match &check.status {
        UpstreamStatus::Reachable { http_status } => {
            ("ok", tr!("health-reachable", status = *http_status))
        }
        UpstreamStatus::Unreachable { .. } => ("bad", tr!("health-unreachable")),
        UpstreamStatus::NotConfigured => ("muted", tr!("health-not-configured")),
    };
    view! {
        <li data-testid=format!("upstream-{}", kind_id(check.kind)) class=class>
            <strong>{kind_label(check.kind)}</strong>
            " "
            <span class="url">{check.base_url}</span>
            " "
            <span class="state">{text}</span>
        </li>
    }
}

fn kind_label(kind: UpstreamKind) -> String {
    match kind {
        UpstreamKind::Identity => tr!("upstream-identity"),
        UpstreamKind::Graph => "Microsoft Graph".to_owned(),
        UpstreamKind::Crm => "CRM".to_owned(),
        UpstreamKind::Llm => tr!("upstream-llm"),
    }
}

fn kind_id(kind: UpstreamKind) -> &'static str {
    match kind {
        UpstreamKind::Identity => "identity",
        UpstreamKind::Graph => "graph",
        UpstreamKind::Crm => "crm",
        UpstreamKind::Llm => "llm",
    }
}

fn reason(status: &UpstreamStatus) -> String {
    match status {
        UpstreamStatus::Unreachable { reason } => reason.clone(),
        _ => String::new(),
    }
}
