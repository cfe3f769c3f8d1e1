//! The service-status card: the worker's version, its store, and each upstream's reachability.

use crate::api;
use closer_wire::{Health, UpstreamCheck, UpstreamKind, UpstreamStatus};
use leptos::prelude::*;

/// Fetches `/api/health` and renders it, or a readable error with a retry.
#[component]
pub fn HealthCard() -> impl IntoView {
    let health = LocalResource::new(api::health);
    view! {
        <section class="card" data-testid="health-card">
            <h2>"Service status"</h2>
            <Suspense fallback=|| view! { <div class="skeleton" data-testid="health-loading"></div> }>
                {move || Suspend::new(async move {
                    match health.await {
                        Ok(report) => view! { <HealthReport report /> }.into_any(),
                        Err(error) => view! {
                            <div class="error" role="alert" data-testid="health-error">
                                <p>{error.to_string()}</p>
                                <button data-testid="health-retry" on:click=move |_| health.refetch()>
                                    "Retry"
                                </button>
                            </div>
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
            <dt>"Version"</dt>
            <dd data-testid="health-version">{report.version}</dd>
            <dt>"Store schema"</dt>
            <dd data-testid="health-store">{report.store_schema}</dd>
        </dl>
        {(!unreachable.is_empty()).then(|| view! {
            <div class="error" role="alert" data-testid="health-error">
                {unreachable.into_iter().map(|u| view! {
                    <p>{format!("{} is unreachable: {}", kind_label(u.kind), reason(&u.status))}</p>
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
            ("ok", format!("reachable (HTTP {http_status})"))
        }
        UpstreamStatus::Unreachable { .. } => ("bad", "unreachable".to_owned()),
        UpstreamStatus::NotConfigured => ("muted", "not configured".to_owned()),
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

fn kind_label(kind: UpstreamKind) -> &'static str {
    match kind {
        UpstreamKind::Identity => "Identity",
        UpstreamKind::Graph => "Microsoft Graph",
        UpstreamKind::Crm => "CRM",
        UpstreamKind::Llm => "Language model",
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
