//! Feedback on AI answers (`POST /api/ai/feedback`, `GET /api/admin/feedback`) through the
//! production handlers and Closer's store for each CRM (the sandbox org's `osc_closerrows`
//! table for Dynamics, the real D1 SQL on SQLite for Salesforce): a vote is stored without its
//! comment while insight storage is off and with it while on, a changed vote counts once, a
//! seller cannot remove a colleague's vote, only admins read the tally, a bad body is a typed
//! 400 that stores nothing, and no tenant sees another's votes.

use crate::support::tenant::MEGAN;
use crate::world::{Vendor, World, both_vendors};
use closer_sandbox::demo::USERS;
use closer_wire::{
    AnswerKind, ApiErrorCode, FeedbackCount, FeedbackReport, SendFeedback, TenantSettings, Vote,
};
use closer_worker::config::Config;
use closer_worker::error::ApiFailure;
use closer_worker::identity::UserContext;
use closer_worker::routes::admin;
use closer_worker::routes::admission::parse_body;
use closer_worker::routes::ai::feedback::{VOTE_DAYS, send, vote_key};
use closer_worker::routes::crm::user_scope;
use closer_worker::store::{CloserStore, RowKind, Scope};

const COMMENT: &str = "It missed the discount Marcus asked for.";

fn config() -> Config {
    Config::from_lookup(|_| None).unwrap()
}

fn user_in(tenant_id: &str, object_id: &str, roles: &[&str]) -> UserContext {
    UserContext {
        tenant_id: tenant_id.into(),
        object_id: object_id.into(),
        name: "Someone".into(),
        username: "someone@example.com".into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        groups: Vec::new(),
    }
}

/// Alex Wilber, the demo tenant's admin.
fn alex() -> UserContext {
    user_in(USERS[MEGAN].tenant_id, "alex-object-id", &["Closer.Admin"])
}

fn megan() -> Scope {
    user_scope(USERS[MEGAN].tenant_id, USERS[MEGAN].id)
}

fn vote(feature: AnswerKind, vote: Vote, comment: Option<&str>) -> SendFeedback {
    SendFeedback {
        feature,
        vote,
        comment: comment.map(str::to_owned),
        answer_id: Some("c0ffee12".into()),
        replaces: None,
    }
}

fn insights_on() -> TenantSettings {
    let mut settings = TenantSettings::default();
    settings.retention.insight_days = Some(30);
    settings
}

fn count(report: &FeedbackReport, feature: AnswerKind) -> (u32, u32) {
    let FeedbackCount { up, down, .. } = report
        .counts
        .iter()
        .find(|c| c.feature == feature)
        .cloned()
        .unwrap();
    (up, down)
}

async fn tally(
    world: &World,
    settings: &TenantSettings,
    admin_user: &UserContext,
) -> FeedbackReport {
    admin::feedback(
        &world.store,
        admin_user,
        &config(),
        settings,
        world.pane().now,
    )
    .await
    .unwrap()
}

async fn stored_without_comment_while_insights_are_off(vendor: Vendor) {
    let world = World::start(vendor).await;
    let now = world.pane().now;
    let settings = TenantSettings::default();
    let key = vote_key(&[1; 16]);
    let sent = send(
        &world.store,
        &megan(),
        &settings,
        vote(AnswerKind::Summary, Vote::Down, Some(COMMENT)),
        key.clone(),
        now,
    )
    .await
    .unwrap();
    assert_eq!(sent.key, key);
    assert!(!sent.comment_kept);

    let row = world
        .store
        .get(&megan(), RowKind::Feedback, &key, now)
        .await
        .unwrap()
        .expect("the vote is stored");
    assert!(!row.value.contains("discount"), "{}", row.value);
    assert!(!row.value.contains("c0ffee12"), "{}", row.value);
    assert!(!row.value.contains('@'), "no address in {}", row.value);
    assert_eq!(row.expires_at, Some(now + u64::from(VOTE_DAYS) * 86_400));

    let report = tally(&world, &settings, &alex()).await;
    assert_eq!(count(&report, AnswerKind::Summary), (0, 1));
    assert_eq!(count(&report, AnswerKind::Draft), (0, 0));
    assert!(!report.insight_storage);
    assert!(report.comments.is_empty());
    // Insight storage turned on later does not bring back what was never kept.
    assert!(report_on(&world).await.comments.is_empty());
}

async fn report_on(world: &World) -> FeedbackReport {
    tally(world, &insights_on(), &alex()).await
}

async fn stored_with_comment_while_insights_are_on(vendor: Vendor) {
    let world = World::start(vendor).await;
    let now = world.pane().now;
    let key = vote_key(&[2; 16]);
    let sent = send(
        &world.store,
        &megan(),
        &insights_on(),
        vote(
            AnswerKind::MeetingPrep,
            Vote::Down,
            Some(&format!("  {COMMENT} ")),
        ),
        key.clone(),
        now,
    )
    .await
    .unwrap();
    assert!(sent.comment_kept);
    let row = world
        .store
        .get(&megan(), RowKind::Feedback, &key, now)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.expires_at, Some(now + 30 * 86_400));

    let report = report_on(&world).await;
    assert_eq!(count(&report, AnswerKind::MeetingPrep), (0, 1));
    assert!(report.insight_storage);
    assert_eq!(report.comments.len(), 1);
    assert_eq!(report.comments[0].comment, COMMENT);
    assert_eq!(report.comments[0].feature, AnswerKind::MeetingPrep);
    assert_eq!(report.comments[0].vote, Vote::Down);
    // Turned off again: counted, the comment no longer shown.
    let off = tally(&world, &TenantSettings::default(), &alex()).await;
    assert_eq!(count(&off, AnswerKind::MeetingPrep), (0, 1));
    assert!(off.comments.is_empty());
}

async fn a_changed_vote_counts_once(vendor: Vendor) {
    let world = World::start(vendor).await;
    let now = world.pane().now;
    let settings = insights_on();
    let first = send(
        &world.store,
        &megan(),
        &settings,
        vote(AnswerKind::Draft, Vote::Up, None),
        vote_key(&[3; 16]),
        now,
    )
    .await
    .unwrap();
    // Changed to down, then a comment added to that down vote: one vote in the end.
    let mut down = vote(AnswerKind::Draft, Vote::Down, None);
    down.replaces = Some(first.key.clone());
    let second = send(
        &world.store,
        &megan(),
        &settings,
        down,
        vote_key(&[4; 16]),
        now,
    )
    .await
    .unwrap();
    let mut commented = vote(AnswerKind::Draft, Vote::Down, Some(COMMENT));
    commented.replaces = Some(second.key.clone());
    send(
        &world.store,
        &megan(),
        &settings,
        commented,
        vote_key(&[5; 16]),
        now,
    )
    .await
    .unwrap();
    let report = report_on(&world).await;
    assert_eq!(count(&report, AnswerKind::Draft), (0, 1));
    assert_eq!(report.comments.len(), 1);

    // A colleague naming Megan's vote removes nothing of hers: `replaces` is in their scope.
    let colleague = user_scope(USERS[MEGAN].tenant_id, "colleague-object-id");
    let mut theirs = vote(AnswerKind::Draft, Vote::Up, None);
    theirs.replaces = Some(vote_key(&[5; 16]));
    send(
        &world.store,
        &colleague,
        &settings,
        theirs,
        vote_key(&[6; 16]),
        now,
    )
    .await
    .unwrap();
    assert_eq!(count(&report_on(&world).await, AnswerKind::Draft), (1, 1));
}

async fn only_admins_read_the_tally(vendor: Vendor) {
    let world = World::start(vendor).await;
    let seller = user_in(USERS[MEGAN].tenant_id, USERS[MEGAN].id, &[]);
    let refused = admin::feedback(
        &world.store,
        &seller,
        &config(),
        &insights_on(),
        world.pane().now,
    )
    .await
    .unwrap_err();
    assert!(matches!(refused, ApiFailure::NotAdmin), "{refused:?}");
    assert_eq!(refused.status(), 403);
}

async fn a_bad_body_is_a_typed_400_and_stores_nothing(vendor: Vendor) {
    let world = World::start(vendor).await;
    let now = world.pane().now;
    for body in [
        r#"{"feature":"poem","vote":"up"}"#,
        r#"{"feature":"summary","vote":"sideways"}"#,
        r#"{"feature":"summary"}"#,
        r#"{"feature":"summary","vote":"up","answer":"the model's text"}"#,
    ] {
        let refused = parse_body::<SendFeedback>(body).unwrap_err();
        assert_eq!(refused.status(), 400, "{body}");
        assert_eq!(refused.to_wire("c").code, ApiErrorCode::BadRequest);
    }
    let mut long = vote(AnswerKind::Recap, Vote::Down, Some(&"x".repeat(501)));
    long.replaces = None;
    let refused = send(
        &world.store,
        &megan(),
        &insights_on(),
        long,
        vote_key(&[7; 16]),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(refused.status(), 400);
    assert!(refused.to_wire("c").message.contains("500"));
    let mut foreign = vote(AnswerKind::Recap, Vote::Down, None);
    foreign.replaces = Some("tenant-settings".into());
    let refused = send(
        &world.store,
        &megan(),
        &insights_on(),
        foreign,
        vote_key(&[8; 16]),
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(refused.to_wire("c").code, ApiErrorCode::BadRequest);
    let report = report_on(&world).await;
    assert_eq!(count(&report, AnswerKind::Recap), (0, 0));
}

async fn no_tenant_sees_another_tenants_votes(vendor: Vendor) {
    let world = World::start(vendor).await;
    let now = world.pane().now;
    let tenant = USERS[MEGAN].tenant_id;
    // Another tenant, and one whose id merely starts with this tenant's.
    for other in ["tenant-b".to_owned(), format!("{tenant}0")] {
        send(
            &world.store,
            &user_scope(&other, USERS[MEGAN].id),
            &insights_on(),
            vote(AnswerKind::DealAnalysis, Vote::Up, Some(COMMENT)),
            vote_key(&[9; 16]),
            now,
        )
        .await
        .unwrap();
    }
    send(
        &world.store,
        &megan(),
        &insights_on(),
        vote(AnswerKind::DealAnalysis, Vote::Down, None),
        vote_key(&[10; 16]),
        now,
    )
    .await
    .unwrap();
    let ours = report_on(&world).await;
    assert_eq!(count(&ours, AnswerKind::DealAnalysis), (0, 1));
    assert!(ours.comments.is_empty());
    let theirs = tally(
        &world,
        &insights_on(),
        &user_in("tenant-b", "admin-b", &["Closer.Admin"]),
    )
    .await;
    assert_eq!(count(&theirs, AnswerKind::DealAnalysis), (1, 0));
    assert_eq!(theirs.comments.len(), 1);
}

both_vendors!(
    stored_without_comment_while_insights_are_off,
    stored_with_comment_while_insights_are_on,
    a_changed_vote_counts_once,
    only_admins_read_the_tally,
    a_bad_body_is_a_typed_400_and_stores_nothing,
    no_tenant_sees_another_tenants_votes,
);
