//! `/api/pane/email*` at the edge: the cards for the open email, remembering the seller's pick
//! among several contacts, adding a contact, and saving the email to the CRM once.
//!
//! Caches nothing of its own (the tenant's domains are cached in `signed_in`). Never sees a
//! message body (the handlers read it from Graph and drop it). The seller's own address, for
//! "incoming or outgoing", is their sign-in name (UPN), their primary SMTP address in most
//! tenants.

use crate::edge::body::json_route;
use crate::edge::signed_in::save_lock;
use crate::edge::{Ctx, correlation_id};
use crate::routes;
use closer_wire::{AddContact, ChooseContact, EmailContextRequest, SaveEmail};
use worker::{Request, Response};

/// `POST /api/pane/email`: the cards for the open email.
pub async fn context(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: EmailContextRequest| {
        let cards = session
            .with_graph_pane(async |pane, graph| {
                routes::pane::email_cards(pane, graph, request).await
            })
            .await?;
        // A section that failed is logged like a failed route, under its own correlation id,
        // and shown in its card; the rest of the answer stands.
        Ok(cards.into_wire(|section, failure| {
            let correlation_id = correlation_id();
            worker::console_error!("[{correlation_id}] {section:?}: {failure}: {failure:?}");
            correlation_id
        }))
    })
    .await
}

/// `POST /api/pane/email/choose`: remember the seller's pick among several contacts.
pub async fn choose(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: ChooseContact| {
        let connected = session.connected().await?;
        let pane = session.pane(&connected, &[]);
        let result = routes::pane::choose_contact(&pane, request).await;
        session.keep_session(&connected).await?;
        result
    })
    .await
}

/// `POST /api/pane/email/contact`: create the contact for an unknown participant.
pub async fn contact(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: AddContact| {
        // Graph only for the tenant's domains: colleagues are not added as contacts.
        session
            .with_graph_pane(async |pane, _| routes::pane::add_contact(pane, request).await)
            .await
    })
    .await
}

/// `POST /api/pane/email/save`: save the email to the CRM, once.
pub async fn save(req: Request, ctx: Ctx) -> worker::Result<Response> {
    json_route(req, &ctx, async |session, request: SaveEmail| {
        let seller = &session.user.username;
        session
            .with_graph_pane(async |pane, graph| {
                let lock = save_lock()?;
                routes::pane::save_email(pane, graph, seller, lock, request).await
            })
            .await
    })
    .await
}
