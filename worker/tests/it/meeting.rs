//! Meetings in the pane, end to end below HTTP: the production handlers over the production
//! connectors and stores, against the sandbox, for Megan Bowen's seeded calendar, once with
//! Dynamics (appointments, Closer's rows in the org's table) and once with Salesforce (Events,
//! Closer's rows in SQLite-as-D1). What was written is checked in the sandbox's CRM state with
//! each vendor's own field names.

use crate::world::{Vendor, World, both_vendors};
use closer_wire::{
    MeetingContext, MeetingContextRequest, MeetingItem, ParticipantMatch, SaveMeeting, Saved,
};
use closer_worker::crm::RecordKind;
use closer_worker::crm::dataverse::odata;
use closer_worker::crm::salesforce::DEFAULT_API_VERSION;
use closer_worker::error::ApiFailure;
use closer_worker::http::TransportError;
use closer_worker::provider::ProviderError;
use closer_worker::routes::mail::calendar;
use closer_worker::routes::pane::meeting::{meeting_context, save_meeting};
use closer_worker::store::{CloserStore, RowKind};

const PRICING_REVIEW: &str = "Contoso – pricing and order form review";
const QBR: &str = "Adventure Works – quarterly business review";

both_vendors!(
    attendees_are_cards_with_their_roles_and_colleagues_only_counted,
    save_creates_one_activity_with_attendees_and_regarding,
    saving_twice_or_at_once_creates_one_activity,
    a_save_retried_after_a_timeout_creates_one_activity,
    a_failed_create_is_never_reported_saved,
);

/// Megan's events from mid-November to mid-December 2026 (the seeded weeks).
async fn events(world: &World) -> Vec<MeetingItem> {
    calendar(
        &world.graph,
        Some("2026-11-15T00:00:00Z"),
        Some("2026-12-15T00:00:00Z"),
    )
    .await
    .unwrap()
}

async fn event(world: &World, subject: &str) -> MeetingItem {
    events(world)
        .await
        .into_iter()
        .find(|e| e.subject == subject)
        .unwrap_or_else(|| panic!("no event {subject}"))
}

async fn context(world: &World, event: &MeetingItem) -> MeetingContext {
    let request = MeetingContextRequest {
        event_id: event.id.clone(),
    };
    meeting_context(&world.pane(), &world.graph, request)
        .await
        .unwrap()
}

async fn save(
    world: &World,
    event: &MeetingItem,
    regarding: &str,
    token: &str,
) -> Result<Saved, ApiFailure> {
    let request = SaveMeeting {
        event_id: event.id.clone(),
        regarding_kind: "opportunity".into(),
        regarding_id: regarding.into(),
    };
    save_meeting(&world.pane(), &world.graph, World::lock(token), request).await
}

fn appointments(world: &World) -> usize {
    let state = world.sandbox.state().lock();
    match world.vendor {
        Vendor::Dataverse => state
            .dataverse
            .count(odata::table(RecordKind::Appointment).set),
        Vendor::Salesforce => state.salesforce.count("Event"),
    }
}

/// The contacts a saved meeting is linked to (Dataverse: attendee parties pointing at contacts;
/// Salesforce: `WhoId` and `EventRelation`s), sorted, and the record it is regarding.
fn linked(world: &World, id: &str) -> (Vec<String>, Option<String>) {
    let state = world.sandbox.state().lock();
    let (mut contacts, regarding) = match world.vendor {
        Vendor::Dataverse => {
            let contacts = state
                .dataverse
                .activity_parties(id)
                .into_iter()
                .filter(|p| p["partyid_logicalname"] == "contact")
                .filter(|p| p["participationtypemask"].as_u64() == Some(5))
                .filter_map(|p| p["_partyid_value"].as_str().map(str::to_owned))
                .collect::<Vec<_>>();
            let record = state.dataverse.record("appointments", id).unwrap();
            let regarding = record["_regardingobjectid_value"].as_str().map(Into::into);
            (contacts, regarding)
        }
        Vendor::Salesforce => {
            let record = state.salesforce.record("Event", id).unwrap();
            let mut contacts: Vec<String> = state.salesforce.event_relations(id);
            contacts.extend(record["WhoId"].as_str().map(str::to_owned));
            let regarding = record["WhatId"].as_str().map(Into::into);
            (contacts, regarding)
        }
    };
    contacts.sort();
    contacts.dedup();
    (contacts, regarding)
}

fn create_path(vendor: Vendor) -> String {
    match vendor {
        Vendor::Dataverse => "/dataverse/northwind/api/data/v9.2/appointments".into(),
        // One attendee is an sObject create, several a composite request: both under here. The
        // pane's lookup is a composite request too, so the faults below hit the save's first
        // POST only (`times: 1`); its reads before the create are GETs.
        Vendor::Salesforce => format!("/salesforce/services/data/{DEFAULT_API_VERSION}/"),
    }
}

async fn attendees_are_cards_with_their_roles_and_colleagues_only_counted(vendor: Vendor) {
    let world = World::start(vendor).await;
    let review = event(&world, PRICING_REVIEW).await;
    assert_eq!(review.start.as_deref(), Some("2026-11-19T18:00:00Z"));
    world.clear_log();
    let found = context(&world, &review).await;
    assert_eq!(world.contact_lookups(), 1, "one lookup for every attendee");
    let people: Vec<(&str, &str)> = found
        .attendees
        .iter()
        .map(|a| (a.address.as_str(), a.role.as_str()))
        .collect();
    assert_eq!(
        people,
        [
            ("priya.raman@contoso.com", "required"),
            ("daniel.brooks@contoso.com", "required")
        ]
    );
    for attendee in &found.attendees {
        assert!(
            matches!(attendee.matched, ParticipantMatch::Matched { .. }),
            "{attendee:?}"
        );
    }
    // Megan (organizer) and Patti (optional) are colleagues.
    assert_eq!(found.internal_count, 2);
    assert_eq!(found.accounts.len(), 1);
    assert_eq!(
        found.accounts[0].account.id,
        world.seed_id(RecordKind::Account, "contoso")
    );
    let suggested = found.suggested_regarding.expect("an open Contoso deal");
    assert_eq!(suggested.kind, "opportunity");
    assert!(
        found.accounts[0]
            .opportunities
            .iter()
            .any(|o| o.record.id == suggested.id)
    );
    assert_eq!(found.saved_as, None);

    // An external organizer is a card with the organizer's role.
    let qbr = context(&world, &event(&world, QBR).await).await;
    assert_eq!(qbr.attendees.len(), 1, "{:?}", qbr.attendees);
    assert_eq!(qbr.attendees[0].role, "organizer");
}

async fn save_creates_one_activity_with_attendees_and_regarding(vendor: Vendor) {
    let world = World::start(vendor).await;
    let review = event(&world, PRICING_REVIEW).await;
    let regarding = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let before = appointments(&world);
    let saved = save(&world, &review, &regarding, "a").await.unwrap();
    assert!(saved.created);
    assert_eq!(saved.activity.kind, "appointment");
    assert_eq!(saved.activity.name, PRICING_REVIEW);
    assert!(saved.activity.url.contains(&saved.activity.id));
    assert_eq!(appointments(&world), before + 1);

    let (contacts, regarding_id) = linked(&world, &saved.activity.id);
    let mut expected = vec![
        world.seed_id(RecordKind::Contact, "priya"),
        world.seed_id(RecordKind::Contact, "daniel"),
    ];
    expected.sort();
    assert_eq!(contacts, expected);
    assert_eq!(regarding_id, Some(regarding));

    let found = context(&world, &review).await;
    let saved_as = found.saved_as.expect("shown as saved");
    assert_eq!(saved_as.id, saved.activity.id);
    assert_eq!(saved_as.kind, "appointment");
}

async fn saving_twice_or_at_once_creates_one_activity(vendor: Vendor) {
    let world = World::start(vendor).await;
    let review = event(&world, PRICING_REVIEW).await;
    let regarding = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let before = appointments(&world);
    let (a, b) = futures::join!(
        save(&world, &review, &regarding, "a"),
        save(&world, &review, &regarding, "b")
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.activity.id, b.activity.id);
    assert_eq!([a.created, b.created].iter().filter(|c| **c).count(), 1);
    let again = save(&world, &review, &regarding, "c").await.unwrap();
    assert!(!again.created);
    assert_eq!(again.activity.id, a.activity.id);
    assert_eq!(appointments(&world), before + 1);

    // Without Closer's row (a colleague at the same meeting saved it), the CRM knows.
    let pane = world.pane();
    let uid = world
        .graph
        .event(&review.id)
        .await
        .unwrap()
        .ical_uid
        .unwrap();
    world
        .store
        .delete(
            &pane.tenant_scope(),
            RowKind::SavedActivity,
            &closer_worker::routes::pane::meeting::saved_key(&uid),
        )
        .await
        .unwrap();
    let found = save(&world, &review, &regarding, "d").await.unwrap();
    assert!(!found.created);
    assert_eq!(found.activity.id, a.activity.id);
    assert_eq!(appointments(&world), before + 1);
}

/// The pricing review, the deal it is saved regarding and how many meetings the CRM holds,
/// with the vendor's next meeting create failing once as `failure` says (the effect of a fault
/// rule: a status, a late answer).
async fn review_with_a_failing_create(
    world: &World,
    failure: serde_json::Value,
) -> (MeetingItem, String, usize) {
    let review = event(world, PRICING_REVIEW).await;
    let regarding = world.seed_id(RecordKind::Opportunity, "contoso-fulfillment");
    let before = appointments(world);
    let mut rule = serde_json::json!({
        "path_prefix": create_path(world.vendor),
        "method": "POST",
        "times": 1,
    });
    let rule_fields = rule.as_object_mut().expect("a rule is an object");
    rule_fields.extend(failure.as_object().expect("a failure is an object").clone());
    world.fault(rule).await;
    (review, regarding, before)
}

async fn a_save_retried_after_a_timeout_creates_one_activity(vendor: Vendor) {
    let world = World::start(vendor).await;
    // The CRM writes the meeting but answers after the transport's 5 s timeout.
    let (review, regarding, before) =
        review_with_a_failing_create(&world, serde_json::json!({ "respond_after_ms": 6_000 }))
            .await;
    let timed_out = save(&world, &review, &regarding, "a").await;
    assert!(
        matches!(
            timed_out,
            Err(ApiFailure::Provider(ProviderError::Transport {
                source: TransportError::Timeout { .. },
                ..
            }))
        ),
        "{timed_out:?}"
    );
    assert_eq!(appointments(&world), before + 1, "the CRM did the write");
    let retried = save(&world, &review, &regarding, "b").await.unwrap();
    assert!(!retried.created, "the retry finds the first write");
    assert_eq!(appointments(&world), before + 1);
    let (_, regarding_id) = linked(&world, &retried.activity.id);
    assert_eq!(regarding_id, Some(regarding));
}

async fn a_failed_create_is_never_reported_saved(vendor: Vendor) {
    let world = World::start(vendor).await;
    let (review, regarding, before) =
        review_with_a_failing_create(&world, serde_json::json!({ "status": 500 })).await;
    let failed = save(&world, &review, &regarding, "a").await;
    assert!(
        matches!(
            failed,
            Err(ApiFailure::Provider(ProviderError::Server {
                status: 500,
                ..
            }))
        ),
        "{failed:?}"
    );
    assert_eq!(appointments(&world), before);
    assert_eq!(context(&world, &review).await.saved_as, None);
    world.clear_faults().await;
    let saved = save(&world, &review, &regarding, "b").await.unwrap();
    assert!(saved.created);
    assert_eq!(appointments(&world), before + 1);
}

#[tokio::test]
async fn the_calendar_lists_the_range_in_start_order_and_refuses_bad_ranges() {
    let world = World::start(Vendor::Dataverse).await;
    let listed = events(&world).await;
    assert!(listed.iter().any(|e| e.subject == PRICING_REVIEW));
    let starts: Vec<&str> = listed.iter().filter_map(|e| e.start.as_deref()).collect();
    assert!(starts.is_sorted(), "{starts:?}");
    assert_eq!(starts.len(), listed.len());
    for (start, end) in [
        (Some("2026-12-15T00:00:00Z"), Some("2026-11-15T00:00:00Z")),
        (Some("2026-01-01T00:00:00Z"), Some("2026-12-01T00:00:00Z")),
        (Some("tomorrow"), Some("2026-12-01T00:00:00Z")),
        (None, Some("2026-12-01T00:00:00Z")),
    ] {
        let refused = calendar(&world.graph, start, end).await;
        assert!(
            matches!(refused, Err(ApiFailure::BadRequest { .. })),
            "{start:?} {end:?}"
        );
    }
}

/// Talk time from a past meeting's Teams transcript, and each reason there is none: a meeting
/// held without transcription, one that is not a Teams meeting, a tenant that forbids apps to
/// read transcripts.
#[tokio::test]
async fn a_past_meeting_gives_talk_time_or_says_why_there_is_none() {
    use closer_wire::{MeetingTranscript, MeetingTranscriptRequest, NoTranscript};
    use closer_worker::routes::pane::meeting::meeting_transcript;
    let world = World::start(Vendor::Dataverse).await;
    let ask = |event: MeetingItem| MeetingTranscriptRequest { event_id: event.id };
    let ready = meeting_transcript(&world.graph, ask(event(&world, PRICING_REVIEW).await))
        .await
        .unwrap();
    let MeetingTranscript::Ready { speakers, turns } = ready else {
        panic!("{ready:?}");
    };
    assert!(turns >= 4, "{turns}");
    let names: Vec<&str> = speakers.iter().map(|s| s.speaker.as_str()).collect();
    assert!(
        names.contains(&"Megan Bowen") && names.contains(&"Priya Raman"),
        "{names:?}"
    );
    assert!(
        speakers
            .windows(2)
            .all(|w| w[0].talk_seconds >= w[1].talk_seconds)
    );
    let total: f64 = speakers.iter().map(|s| s.share_pct).sum();
    assert!((total - 100.0).abs() < 0.5, "{total}");

    let reason = |answer: MeetingTranscript| match answer {
        MeetingTranscript::Unavailable { reason, message } => {
            assert!(!message.is_empty());
            reason
        }
        ready => panic!("{ready:?}"),
    };
    let unrecorded = event(&world, "Contoso – order form walkthrough").await;
    assert_eq!(
        reason(
            meeting_transcript(&world.graph, ask(unrecorded))
                .await
                .unwrap()
        ),
        NoTranscript::NotRecorded
    );
    // The quarterly business review is held on site: no Teams meeting.
    let in_person = event(&world, QBR).await;
    assert_eq!(
        reason(
            meeting_transcript(&world.graph, ask(in_person))
                .await
                .unwrap()
        ),
        NoTranscript::NotOnline
    );
    world
        .sandbox
        .state()
        .lock()
        .transcripts_disabled_tenants
        .insert(closer_sandbox::demo::NORTHWIND.id.to_owned());
    let pricing = event(&world, PRICING_REVIEW).await;
    assert_eq!(
        reason(
            meeting_transcript(&world.graph, ask(pricing))
                .await
                .unwrap()
        ),
        NoTranscript::Forbidden
    );
}

/// What a Teams tab knows is the meeting chat's id: it leads to the user's own calendar event
/// of the meeting (chat → join URL → online meeting → calendar view); a chat that is not a
/// meeting's is a typed not-found.
#[tokio::test]
async fn a_teams_meeting_chat_leads_to_the_users_calendar_event() {
    use closer_wire::MeetingForChat;
    use closer_worker::routes::pane::meeting::meeting_for_chat;
    const CONTOSO_CHAT: &str = "19:meeting_SLvMtlCfUNGsLHmNlLCiwb8IK_1gBFLMvHVoOfyxvfk@thread.v2";
    let world = World::start(Vendor::Dataverse).await;
    // The pricing review was held on 2026-11-19; a tab opened that day, a week later, and half
    // a year later (its chat lives on: found around the online meeting's scheduled start).
    for now in [1_795_111_200_u64, 1_795_716_000, 1_810_800_000] {
        let item = meeting_for_chat(
            &world.graph,
            MeetingForChat {
                chat_id: CONTOSO_CHAT.into(),
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(item.subject, PRICING_REVIEW);
        assert_eq!(
            item.id,
            event(&world, PRICING_REVIEW).await.id,
            "Megan's own copy"
        );
    }
    let not_a_meeting = meeting_for_chat(
        &world.graph,
        MeetingForChat {
            chat_id: "19:not-a-meeting@thread.v2".into(),
        },
        1_795_111_200,
    )
    .await;
    assert!(
        matches!(
            not_a_meeting,
            Err(ApiFailure::Provider(ProviderError::NotFound { .. }))
        ),
        "{not_a_meeting:?}"
    );
}

/// A recurring Teams meeting has one chat (and join URL) for all its occurrences: the Contoso
/// weekly sync (Tuesdays 16:00–16:30 UTC) opens on the occurrence under way, else the nearest.
#[tokio::test]
async fn a_weekly_series_chat_leads_to_the_occurrence_under_way_or_the_nearest() {
    use closer_wire::MeetingForChat;
    use closer_worker::routes::pane::meeting::meeting_for_chat;
    const WEEKLY_SYNC_CHAT: &str =
        "19:meeting_Nj9kQ2pXs7VnYe4RtLbZu1HfGdJmWa3oPiKxUqE5cTs@thread.v2";
    let world = World::start(Vendor::Dataverse).await;
    let mut ids = Vec::new();
    for (now, expected) in [
        // Tuesday 2026-12-01 16:10 UTC, during that occurrence.
        (1_796_141_400_u64, "2026-12-01T16:00:00Z"),
        // Thursday 2026-12-03 12:00: Tuesday is two days back, the next one five days ahead.
        (1_796_299_200, "2026-12-01T16:00:00Z"),
        // Monday 2026-12-07 12:00: the next day's is nearest.
        (1_796_644_800, "2026-12-08T16:00:00Z"),
    ] {
        let item = meeting_for_chat(
            &world.graph,
            MeetingForChat {
                chat_id: WEEKLY_SYNC_CHAT.into(),
            },
            now,
        )
        .await
        .unwrap();
        assert_eq!(item.subject, "Contoso weekly sync", "{now}");
        assert_eq!(item.start.as_deref(), Some(expected), "{now}");
        ids.push(item.id);
    }
    assert_eq!(ids[0], ids[1], "the same occurrence, the same id");
    assert_ne!(ids[1], ids[2]);
    // The occurrence reads by id, as the pane, the transcript and the save do.
    let event = world.graph.event(&ids[2]).await.unwrap();
    assert_eq!(event.subject, "Contoso weekly sync");
    assert_eq!(
        event.start.unwrap().date_time,
        "2026-12-08T16:00:00.0000000"
    );
}
