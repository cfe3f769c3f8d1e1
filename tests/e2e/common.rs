//! What every e2e scenario shares: how long the pane may take to render, the macro that runs a
//! scenario once per CRM, and the sandbox's control endpoints (`/_sandbox/*`: fault rules,
//! scripted model answers, tokens minted by its authority).

use closer_e2e::stack::Stack;
use serde_json::{Value, json};
use std::time::Duration;

/// How long the pane may take to show what a step waits for.
pub(crate) const RENDER_TIMEOUT: Duration = Duration::from_secs(20);

/// Instantiates each named `async fn scenario(vendor: Vendor) -> anyhow::Result<()>` of the
/// including module as two tests, `dynamics::scenario` and `salesforce::scenario`, so none can
/// be skipped for one of the CRMs.
macro_rules! for_both_crms {
    ($($scenario:ident),* $(,)?) => {
        mod dynamics {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $scenario() -> anyhow::Result<()> {
                    super::$scenario(crate::pane::Vendor::Dynamics).await
                }
            )*
        }
        mod salesforce {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $scenario() -> anyhow::Result<()> {
                    super::$scenario(crate::pane::Vendor::Salesforce).await
                }
            )*
        }
    };
}
pub(crate) use for_both_crms;

/// Posts `body` to the sandbox's control endpoint `/_sandbox/{path}`; fails unless it is taken.
async fn control(stack: &Stack, path: &str, body: &Value) -> anyhow::Result<reqwest::Response> {
    Ok(reqwest::Client::new()
        .post(format!("{}/_sandbox/{path}", stack.sandbox.urls().origin))
        .json(body)
        .send()
        .await?
        .error_for_status()?)
}

/// Adds a sandbox fault rule.
pub(crate) async fn fault(stack: &Stack, rule: Value) -> anyhow::Result<()> {
    control(stack, "faults", &rule).await?;
    Ok(())
}

/// Removes every sandbox fault rule.
pub(crate) async fn clear_faults(stack: &Stack) -> anyhow::Result<()> {
    reqwest::Client::new()
        .delete(format!("{}/_sandbox/faults", stack.sandbox.urls().origin))
        .send()
        .await?
        .error_for_status()?;
    Ok(())
}

/// Queues the sandbox model's next answers, verbatim, in order.
pub(crate) async fn script(stack: &Stack, completions: &[&str]) -> anyhow::Result<()> {
    control(stack, "llm/script", &json!({ "completions": completions })).await?;
    Ok(())
}

/// An access token for Closer's API minted by the sandbox authority for `request`
/// (`{"user_id": …}`, optionally `"expires_in"`), as the pane would hold after signing in.
pub(crate) async fn mint_token(stack: &Stack, request: Value) -> anyhow::Result<String> {
    let minted: Value = control(stack, "authority/token", &request)
        .await?
        .json()
        .await?;
    Ok(minted["access_token"].as_str().expect("a token").to_owned())
}
