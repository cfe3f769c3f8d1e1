//! `closer-sandbox [--port P]`: runs the local tenant until Ctrl-C. Prints its base URLs.

use closer_sandbox::Sandbox;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut port = 0u16;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => port = args.next().unwrap_or_default().parse()?,
            other => anyhow::bail!("unknown argument {other}; usage: closer-sandbox [--port P]"),
        }
    }
    let sandbox = Sandbox::start(port).await?;
    let urls = sandbox.urls();
    println!("sandbox listening on http://{}", sandbox.addr());
    println!("  AUTHORITY_URL={}", urls.authority);
    println!("  GRAPH_URL={}", urls.graph);
    println!("  CRM_URL={}", urls.crm);
    println!("  LLM_URL={}", urls.llm);
    tokio::select! {
        result = sandbox.wait() => result,
        _ = tokio::signal::ctrl_c() => Ok(()),
    }
}
