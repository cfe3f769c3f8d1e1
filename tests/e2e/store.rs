//! Closer's store on the real runtime: the worker's hourly cron handler purges expired rows
//! from the local D1 (the same database `wrangler dev` serves), in every tenant, and leaves
//! the rest.

use closer_e2e::stack::{Stack, StackOptions, d1_execute};

#[tokio::test(flavor = "multi_thread")]
async fn the_scheduled_handler_purges_expired_rows_only() -> anyhow::Result<()> {
    let stack = Stack::start(StackOptions::default()).await?;
    d1_execute(
        &stack.state_dir,
        "INSERT INTO closer_rows (tenant_id, user_id, kind, key, value, expires_at) VALUES \
         ('tenant-a', 'u1', 'insight', 'old-a', '{}', 1000), \
         ('tenant-b', 'u2', 'insight', 'old-b', '{}', 2000), \
         ('tenant-a', 'u1', 'insight', 'fresh', '{}', 99999999999), \
         ('tenant-a', 'u1', 'contact_match', 'kept', 'c-1', NULL)",
    )
    .await?;

    let fired = reqwest::get(format!("{}/__scheduled?cron=17+*+*+*+*", stack.url)).await?;
    assert!(fired.status().is_success(), "{}", fired.status());

    let left = d1_execute(&stack.state_dir, "SELECT key FROM closer_rows ORDER BY key").await?;
    let keys: Vec<&str> = left.iter().filter_map(|r| r["key"].as_str()).collect();
    assert_eq!(keys, ["fresh", "kept"]);
    Ok(())
}
