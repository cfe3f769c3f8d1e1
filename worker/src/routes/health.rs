//! `GET /api/health`: the worker's version, its configured upstreams and whether they answer,
//! and one value read from Closer's store.
//!
//! Probes are unauthenticated GETs of a public path: any HTTP status counts as reachable (a
//! 401 from Graph proves Graph is there). Reports base URLs only, never secrets.

use crate::config::Config;
use crate::error::ApiFailure;
use crate::http::{HttpTransport, TransportError};
use crate::store::MetaStore;
use bytes::Bytes;
use closer_wire::{Health, HealthStatus, UpstreamCheck, UpstreamKind, UpstreamStatus};
use url::Url;

/// The worker's build version, reported by health and in the pane's footer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Builds the health report: probes every configured upstream concurrently and reads the store.
pub async fn health<T: HttpTransport, S: MetaStore>(
    config: &Config,
    transport: &T,
    store: &S,
) -> Result<Health, ApiFailure> {
    let targets = [
        (UpstreamKind::Identity, &config.authority_url),
        (UpstreamKind::Graph, &config.graph_url),
        (UpstreamKind::Crm, &config.crm_url),
        (UpstreamKind::Llm, &config.llm_url),
    ];
    let probes = targets
        .iter()
        .map(|(kind, base)| probe(*kind, base.as_ref(), transport));
    let (upstreams, store_schema) =
        futures::join!(futures::future::join_all(probes), store.schema_version());
    Ok(Health {
        version: VERSION.to_owned(),
        store_schema: store_schema?,
        upstreams,
    })
}

/// What an anonymous caller learns of `report`: `ok` when no configured upstream was
/// unreachable, else `degraded`; and the version. No URLs, no reasons.
pub fn status(report: &Health) -> HealthStatus {
    let degraded = report
        .upstreams
        .iter()
        .any(|check| matches!(check.status, UpstreamStatus::Unreachable { .. }));
    HealthStatus {
        status: if degraded { "degraded" } else { "ok" }.to_owned(),
        version: report.version.clone(),
    }
}

async fn probe<T: HttpTransport>(
    kind: UpstreamKind,
    base: Option<&Url>,
    transport: &T,
) -> UpstreamCheck {
    let Some(base) = base else {
        return UpstreamCheck {
            kind,
            base_url: String::new(),
            status: UpstreamStatus::NotConfigured,
        };
    };
    let status = match probe_request(kind, base) {
        Ok(request) => match transport.send(request).await {
            Ok(response) => UpstreamStatus::Reachable {
                http_status: response.status().as_u16(),
            },
            Err(err) => UpstreamStatus::Unreachable {
                reason: err.to_string(),
            },
        },
        Err(err) => UpstreamStatus::Unreachable {
            reason: err.to_string(),
        },
    };
    UpstreamCheck {
        kind,
        base_url: base.to_string(),
        status,
    }
}

/// The identity probe asks for the OpenID metadata every Entra-like authority publishes; the
/// others GET their base URL.
fn probe_request(kind: UpstreamKind, base: &Url) -> Result<http::Request<Bytes>, TransportError> {
    let url = match kind {
        UpstreamKind::Identity => base.join("common/v2.0/.well-known/openid-configuration"),
        _ => Ok(base.clone()),
    }
    .map_err(|e| TransportError::InvalidRequest {
        reason: e.to_string(),
    })?;
    http::Request::get(url.as_str())
        .header(http::header::ACCEPT, "application/json")
        .body(Bytes::new())
        .map_err(|e| TransportError::InvalidRequest {
            reason: e.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreError;
    use crate::testing::{Answer, MemoryStore, ScriptedTransport};

    /// Upstreams that refuse every call (401), except `down.example`, which cannot be reached.
    fn scripted() -> ScriptedTransport {
        ScriptedTransport::by_request(|request| {
            if request.uri().to_string().contains("down.example") {
                TransportError::Connect {
                    origin: "http://down.example".into(),
                    reason: "connection refused".into(),
                }
                .into()
            } else {
                Answer::http(401, "")
            }
        })
    }

    fn config(authority: &str, graph: &str) -> Config {
        Config {
            authority_url: Some(Url::parse(authority).unwrap()),
            graph_url: Some(Url::parse(graph).unwrap()),
            crm_url: None,
            llm_url: None,
            ..Config::from_lookup(|_| None).unwrap()
        }
    }

    #[tokio::test]
    async fn reports_each_upstream_and_the_store_value() {
        let transport = scripted();
        let report = health(
            &config("http://auth.example/", "http://down.example/v1.0/"),
            &transport,
            &MemoryStore::default(),
        )
        .await
        .unwrap();
        assert_eq!(report.version, VERSION);
        assert_eq!(report.store_schema, "1");
        assert_eq!(report.upstreams.len(), 4);
        assert_eq!(
            report.upstreams[0].status,
            UpstreamStatus::Reachable { http_status: 401 }
        );
        assert!(matches!(
            &report.upstreams[1].status,
            UpstreamStatus::Unreachable { reason } if reason.contains("connection refused")
        ));
        assert_eq!(report.upstreams[2].status, UpstreamStatus::NotConfigured);
        assert!(transport.uris()[0].ends_with("/common/v2.0/.well-known/openid-configuration"));
    }

    #[tokio::test]
    async fn a_store_failure_fails_the_route() {
        let transport = scripted();
        let result = health(
            &config("http://auth.example/", "http://g.example/"),
            &transport,
            &MemoryStore::with_schema_version(Err(StoreError::NotInitialised {
                key: "schema".into(),
            })),
        )
        .await;
        assert!(matches!(result, Err(ApiFailure::Store(_))));
    }
}
