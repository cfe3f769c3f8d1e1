//! Calendars and Teams meetings. Megan's week around 29 Nov 2026: five held Teams meetings with
//! transcripts (Contoso pricing review, Litware deep dive, Fabrikam security review, the hour-long
//! Contoso renewal negotiation with eight speakers, and the Fabrikam check-in whose transcript
//! carries a prompt injection), upcoming customer meetings, the Contoso weekly sync (a series on
//! Tuesdays from 3 November, one Teams chat for every occurrence), a focus block and Alex's
//! pipeline review; Alex's and Diego's calendars are small. Times are UTC; Megan works
//! 08:00–17:00 Pacific (16:00–01:00 UTC).

use super::{
    ALEX, AMELIA, DANIEL, DIEGO, ETHAN, Event, HANNAH, ISAIAH, Invitee, LEE, LUCA, MARCUS, MEGAN,
    Meeting, OLIVIA, OMAR, PATTI, PRIYA, SOFIA, TranscriptSeed, Weekly,
};
use super::{injection, transcripts};
use crate::demo;

const CONTOSO_PRICING_CHAT: &str =
    "19:meeting_SLvMtlCfUNGsLHmNlLCiwb8IK_1gBFLMvHVoOfyxvfk@thread.v2";
const LITWARE_DEEP_DIVE_CHAT: &str =
    "19:meeting_LKPbJkF8XtOSglMP7Sy7jykItNxCC1ImmmHg_FbC1jw@thread.v2";
const FABRIKAM_SECURITY_CHAT: &str =
    "19:meeting_qAUHBrRuXFiIluOKd2--yikabUCiuFsNjbOlLfW459k@thread.v2";
const CONTOSO_ORDER_FORM_CHAT: &str =
    "19:meeting_bg4Ov_EfWzyQnyVAGS2UJinmWR_lUViJpxW5iORnGU0@thread.v2";
/// The hour-long Contoso renewal and expansion negotiation's Teams chat.
pub const CONTOSO_RENEWAL_CHAT: &str =
    "19:meeting_BfIjLfbLMdKtcLdV6kxx4UUPuzEC-cHLhCNDtUcfxZ8@thread.v2";
/// Its subject.
pub const CONTOSO_RENEWAL_SUBJECT: &str = "Contoso – renewal and expansion negotiation";
/// The Contoso weekly sync's Teams chat: one chat (and join URL) for every occurrence.
pub const CONTOSO_WEEKLY_SYNC_CHAT: &str =
    "19:meeting_Nj9kQ2pXs7VnYe4RtLbZu1HfGdJmWa3oPiKxUqE5cTs@thread.v2";
/// Its subject.
pub const CONTOSO_WEEKLY_SYNC_SUBJECT: &str = "Contoso weekly sync";
const PIPELINE_REVIEW_CHAT: &str =
    "19:meeting_WLKUKO2NXKKeVkFGDfMsOkWVbogoqVvLk7-_1N9uxTY@thread.v2";

const fn required(person: &'static super::Person, response: &'static str) -> Invitee {
    Invitee {
        person,
        kind: "required",
        response,
    }
}

const fn optional(person: &'static super::Person, response: &'static str) -> Invitee {
    Invitee {
        person,
        kind: "optional",
        response,
    }
}

/// Every Teams online meeting, with its chat and transcript.
pub const MEETINGS: &[Meeting] = &[
    Meeting {
        chat_id: CONTOSO_PRICING_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E01",
        subject: "Contoso – pricing and order form review",
        start: "2026-11-19T18:00:00",
        end: "2026-11-19T18:45:00",
        attendees: &[&PRIYA, &DANIEL, &PATTI],
        transcript: Some(TranscriptSeed {
            id: "MSMjMCMjMjJmZjczNzQtZmMzMy01NmI5LWFkNzctZmM5ODk3YjQ1OGY3",
            created: "2026-11-19T18:01:12.4470000Z",
            ended: "2026-11-19T18:43:05.1180000Z",
            vtt: transcripts::CONTOSO_PRICING_REVIEW,
        }),
    },
    Meeting {
        chat_id: LITWARE_DEEP_DIVE_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E02",
        subject: "Litware – technical deep dive",
        start: "2026-11-24T17:00:00",
        end: "2026-11-24T18:00:00",
        attendees: &[&HANNAH, &LEE],
        transcript: Some(TranscriptSeed {
            id: "MSMjMCMjMTYxNzBiMDItNWYxYi01NDU5LWJiMjktNjIyMjkwMzQ0N2Q5",
            created: "2026-11-24T17:02:40.9030000Z",
            ended: "2026-11-24T17:58:11.2040000Z",
            vtt: transcripts::LITWARE_DEEP_DIVE,
        }),
    },
    Meeting {
        chat_id: FABRIKAM_SECURITY_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E03",
        subject: "Fabrikam – security review and rollout plan",
        start: "2026-11-25T19:00:00",
        end: "2026-11-25T19:45:00",
        attendees: &[&MARCUS, &LEE],
        transcript: Some(TranscriptSeed {
            id: "MSMjMCMjN2IzZWE5NWQtNjM4YS01ODZjLWI1ODAtNDhlYmFlM2NlNzky",
            created: "2026-11-25T19:00:58.0210000Z",
            ended: "2026-11-25T19:44:30.6650000Z",
            vtt: transcripts::FABRIKAM_SECURITY_REVIEW,
        }),
    },
    Meeting {
        chat_id: injection::MEETING_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E09",
        subject: injection::MEETING_SUBJECT,
        start: "2026-11-24T20:00:00",
        end: "2026-11-24T20:10:00",
        attendees: &[&MARCUS, &LEE],
        transcript: Some(TranscriptSeed {
            id: "MSMjMCMjYTNlNWM3ZjktMWIyZC01NDYzLThhOWItMGMxZDJlM2Y0YTVi",
            created: "2026-11-24T20:01:41.3870000Z",
            ended: "2026-11-24T20:07:02.5520000Z",
            vtt: injection::MEETING_TRANSCRIPT,
        }),
    },
    // Scheduled for an hour; it ran three minutes over.
    Meeting {
        chat_id: CONTOSO_RENEWAL_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E10",
        subject: CONTOSO_RENEWAL_SUBJECT,
        start: "2026-11-25T17:00:00",
        end: "2026-11-25T18:00:00",
        attendees: &[&PRIYA, &DANIEL, &AMELIA, &OMAR, &PATTI, &LEE, &ISAIAH],
        transcript: Some(TranscriptSeed {
            id: "MSMjMCMjNGQ5YTJjNzEtMGUzYi01ZjY4LWIxYTQtN2MyZTlkNWYzYTgw",
            created: "2026-11-25T17:00:52.7310000Z",
            ended: "2026-11-25T18:02:48.0940000Z",
            vtt: transcripts::CONTOSO_RENEWAL_NEGOTIATION,
        }),
    },
    Meeting {
        chat_id: CONTOSO_ORDER_FORM_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E04",
        subject: "Contoso – order form walkthrough",
        start: "2026-12-02T18:00:00",
        end: "2026-12-02T18:30:00",
        attendees: &[&PRIYA, &DANIEL],
        transcript: None,
    },
    // A weekly series: its start and end are the first occurrence's, as Teams schedules the
    // online meeting of a recurring calendar meeting once for the whole series.
    Meeting {
        chat_id: CONTOSO_WEEKLY_SYNC_CHAT,
        organizer: &demo::USERS[0],
        event_tag: "E11",
        subject: CONTOSO_WEEKLY_SYNC_SUBJECT,
        start: "2026-11-03T16:00:00",
        end: "2026-11-03T16:30:00",
        attendees: &[&PRIYA, &DANIEL],
        transcript: None,
    },
    Meeting {
        chat_id: PIPELINE_REVIEW_CHAT,
        organizer: &demo::USERS[1],
        event_tag: "E01",
        subject: "Weekly pipeline review",
        start: "2026-12-01T16:30:00",
        end: "2026-12-01T17:00:00",
        attendees: &[&MEGAN, &LEE],
        transcript: None,
    },
];

const PIPELINE_REVIEW_UID: &str =
    "040000008200E00074C5B7101A82E00800000000B0E1C7D2F55DDB01000000000000000010000000A7C3E5";

/// Megan's calendar.
pub(super) const MEGAN_EVENTS: &[Event] = &[
    Event {
        tag: "E01",
        ical_uid: "040000008200E00074C5B7101A82E0080000000050A1B2C3D4E5DB01000000000000000010000000C0F1A1",
        subject: "Contoso – pricing and order form review",
        start: "2026-11-19T18:00:00",
        end: "2026-11-19T18:45:00",
        organizer: &MEGAN,
        attendees: &[
            required(&PRIYA, "accepted"),
            required(&DANIEL, "accepted"),
            optional(&PATTI, "accepted"),
        ],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(CONTOSO_PRICING_CHAT),
        body: "Walk through the three-year pricing ($48,000 in year one), the performance clause and the updated order form.",
        recurrence: None,
    },
    Event {
        tag: "E02",
        ical_uid: "040000008200E00074C5B7101A82E0080000000060B2C3D4E5F6DB01000000000000000010000000C0F1A2",
        subject: "Litware – technical deep dive",
        start: "2026-11-24T17:00:00",
        end: "2026-11-24T18:00:00",
        organizer: &MEGAN,
        attendees: &[required(&HANNAH, "accepted"), required(&LEE, "accepted")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(LITWARE_DEEP_DIVE_CHAT),
        body: "SAP integration, rollout plan for four sites, pilot results.",
        recurrence: None,
    },
    Event {
        tag: "E03",
        ical_uid: "040000008200E00074C5B7101A82E0080000000070C3D4E5F607DB01000000000000000010000000C0F1A3",
        subject: "Fabrikam – security review and rollout plan",
        start: "2026-11-25T19:00:00",
        end: "2026-11-25T19:45:00",
        organizer: &MEGAN,
        attendees: &[required(&MARCUS, "accepted"), required(&LEE, "accepted")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(FABRIKAM_SECURITY_CHAT),
        body: "EU data residency, audit export to Sentinel, pricing for 400 seats.",
        recurrence: None,
    },
    Event {
        tag: "E09",
        ical_uid: "040000008200E00074C5B7101A82E00800000000D12A3B4C5D6EDB01000000000000000010000000C0F1A9",
        subject: injection::MEETING_SUBJECT,
        start: "2026-11-24T20:00:00",
        end: "2026-11-24T20:10:00",
        organizer: &MEGAN,
        attendees: &[required(&MARCUS, "accepted"), optional(&LEE, "accepted")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(injection::MEETING_CHAT),
        body: "Rotterdam pilot scope and success criteria before the CISO's review.",
        recurrence: None,
    },
    Event {
        tag: "E10",
        ical_uid: "040000008200E00074C5B7101A82E00800000000E23B4C5D6E7FDB01000000000000000010000000C0F1AA",
        subject: CONTOSO_RENEWAL_SUBJECT,
        start: "2026-11-25T17:00:00",
        end: "2026-11-25T18:00:00",
        organizer: &MEGAN,
        attendees: &[
            required(&PRIYA, "accepted"),
            required(&DANIEL, "accepted"),
            required(&AMELIA, "tentativelyAccepted"),
            optional(&OMAR, "accepted"),
            optional(&PATTI, "accepted"),
            optional(&LEE, "accepted"),
            optional(&ISAIAH, "accepted"),
        ],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(CONTOSO_RENEWAL_CHAT),
        body: "Pilot results, the three distribution centers and the EDI add-on, security review, pricing and contract, next steps.",
        recurrence: None,
    },
    Event {
        tag: "E04",
        ical_uid: "040000008200E00074C5B7101A82E0080000000080D4E5F60718DB01000000000000000010000000C0F1A4",
        subject: "Contoso – order form walkthrough",
        start: "2026-12-02T18:00:00",
        end: "2026-12-02T18:30:00",
        organizer: &MEGAN,
        attendees: &[
            required(&PRIYA, "accepted"),
            required(&DANIEL, "tentativelyAccepted"),
        ],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(CONTOSO_ORDER_FORM_CHAT),
        body: "Final review of the order form before signature.",
        recurrence: None,
    },
    // Weekly on Tuesdays 16:00–16:30 UTC from 3 November 2026, no end: a series master.
    Event {
        tag: "E11",
        ical_uid: "040000008200E00074C5B7101A82E00800000000F34C5D6E7F80DB01000000000000000010000000C0F1AB",
        subject: CONTOSO_WEEKLY_SYNC_SUBJECT,
        start: "2026-11-03T16:00:00",
        end: "2026-11-03T16:30:00",
        organizer: &MEGAN,
        attendees: &[required(&PRIYA, "accepted"), required(&DANIEL, "accepted")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(CONTOSO_WEEKLY_SYNC_CHAT),
        body: "Rollout status across the distribution centers, open questions, next steps.",
        recurrence: Some(Weekly {
            interval: 1,
            days_of_week: &["tuesday"],
            end_date: None,
        }),
    },
    Event {
        tag: "E05",
        ical_uid: PIPELINE_REVIEW_UID,
        subject: "Weekly pipeline review",
        start: "2026-12-01T16:30:00",
        end: "2026-12-01T17:00:00",
        organizer: &ALEX,
        attendees: &[required(&MEGAN, "accepted"), optional(&LEE, "none")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "accepted",
        chat_id: Some(PIPELINE_REVIEW_CHAT),
        body: "Commit and best-case deals for December.",
        recurrence: None,
    },
    Event {
        tag: "E06",
        ical_uid: "040000008200E00074C5B7101A82E00800000000A0F60718293ADB01000000000000000010000000C0F1A6",
        subject: "Focus time: Woodgrove RFP response",
        start: "2026-12-01T20:00:00",
        end: "2026-12-01T22:00:00",
        organizer: &MEGAN,
        attendees: &[],
        location: "",
        show_as: "busy",
        response: "organizer",
        chat_id: None,
        body: "",
        recurrence: None,
    },
    Event {
        tag: "E07",
        ical_uid: "040000008200E00074C5B7101A82E00800000000B00718293A4BDB01000000000000000010000000C0F1A7",
        subject: "Adventure Works – quarterly business review",
        start: "2026-12-03T21:00:00",
        end: "2026-12-03T22:30:00",
        organizer: &SOFIA,
        attendees: &[required(&MEGAN, "accepted")],
        location: "Adventure Works HQ, 1 Riverfront Plaza, Portland",
        show_as: "busy",
        response: "accepted",
        chat_id: None,
        body: "Renewal for 220 seats, Returns module option, FY27 volumes.",
        recurrence: None,
    },
    Event {
        tag: "E08",
        ical_uid: "040000008200E00074C5B7101A82E00800000000C018293A4B5CDB01000000000000000010000000C0F1A8",
        subject: "Alpine Ski House – requirements check-in",
        start: "2026-12-04T17:30:00",
        end: "2026-12-04T17:50:00",
        organizer: &MEGAN,
        attendees: &[required(&LUCA, "tentativelyAccepted")],
        location: "Phone: +1 970 555 0134",
        show_as: "tentative",
        response: "organizer",
        chat_id: None,
        body: "Scope rental inventory requirements ahead of April budget.",
        recurrence: None,
    },
];

/// Alex's calendar.
pub(super) const ALEX_EVENTS: &[Event] = &[
    Event {
        tag: "E01",
        ical_uid: PIPELINE_REVIEW_UID,
        subject: "Weekly pipeline review",
        start: "2026-12-01T16:30:00",
        end: "2026-12-01T17:00:00",
        organizer: &ALEX,
        attendees: &[required(&MEGAN, "accepted"), optional(&LEE, "none")],
        location: "Microsoft Teams Meeting",
        show_as: "busy",
        response: "organizer",
        chat_id: Some(PIPELINE_REVIEW_CHAT),
        body: "Commit and best-case deals for December.",
        recurrence: None,
    },
    Event {
        tag: "E02",
        ical_uid: "040000008200E00074C5B7101A82E00800000000D0293A4B5C6DDB01000000000000000010000000A7C3E6",
        subject: "Woodgrove Bank – executive sponsor call",
        start: "2026-12-02T15:00:00",
        end: "2026-12-02T15:30:00",
        organizer: &ALEX,
        attendees: &[required(&ETHAN, "accepted"), optional(&MEGAN, "accepted")],
        location: "Phone",
        show_as: "busy",
        response: "organizer",
        chat_id: None,
        body: "What success looks like for Woodgrove's logistics team.",
        recurrence: None,
    },
];

/// Diego's calendar.
pub(super) const DIEGO_EVENTS: &[Event] = &[Event {
    tag: "E01",
    ical_uid: "040000008200E00074C5B7101A82E00800000000E03A4B5C6D7EDB01000000000000000010000000D1E5F9",
    subject: "Relecloud – reorder sync",
    start: "2026-12-01T15:00:00",
    end: "2026-12-01T15:30:00",
    organizer: &DIEGO,
    attendees: &[required(&OLIVIA, "accepted")],
    location: "Phone",
    show_as: "busy",
    response: "organizer",
    chat_id: None,
    body: "Holiday reorder logistics.",
    recurrence: None,
}];
