//! `GET /api/me`: the signed-in user and their tenant, read from Microsoft Graph on the user's
//! behalf (the OBO token the edge obtained). Proves the whole identity chain end to end.

use crate::error::ApiFailure;
use crate::graph::GraphClient;
use crate::http::HttpTransport;
use crate::identity::UserContext;
use crate::provider::Sleeper;
use closer_wire::Me;

/// Reads `/me` and `/organization` concurrently.
pub async fn me<T: HttpTransport, S: Sleeper>(
    user: &UserContext,
    graph: &GraphClient<T, S>,
) -> Result<Me, ApiFailure> {
    let (me, organization) = futures::join!(graph.me(), graph.organization());
    let (me, organization) = (me?, organization?);
    Ok(Me {
        email: me.mail.unwrap_or(me.user_principal_name),
        display_name: me.display_name,
        job_title: me.job_title,
        tenant_id: user.tenant_id.clone(),
        tenant_name: organization.display_name,
    })
}
