//! Meeting-slot suggestions: the first free slots inside the seller's working hours, from their
//! free/busy (`getSchedule`) and mailbox settings (working hours and time zone).
//!
//! [`free_slots`] is pure (instants in, slots out) so every rule is unit-tested: working days
//! and hours in the seller's zone, busy blocks, a lead time before the first slot, and at most
//! a few slots per day so the customer gets a real choice, not one morning.

use super::zone::{Zone, day_label, weekday};
use crate::graph::availability::{MailboxSettings, Schedule};
use crate::time::{format_utc, utc_millis};
use closer_wire::MeetingSlot;

const MINUTE_MS: i64 = 60_000;

/// How slots are cut.
#[derive(Debug, Clone, Copy)]
pub struct SlotRules {
    /// Length of one meeting.
    pub slot_minutes: i64,
    /// Slots start on multiples of this many minutes of the local hour.
    pub step_minutes: i64,
    /// No slot starts sooner than this after now.
    pub lead_minutes: i64,
    /// How many slots to find.
    pub count: usize,
    /// At most this many per local day.
    pub per_day: usize,
    /// How many days ahead to look.
    pub horizon_days: i64,
}

impl Default for SlotRules {
    fn default() -> Self {
        Self {
            slot_minutes: 30,
            step_minutes: 30,
            lead_minutes: 60,
            count: 3,
            per_day: 2,
            horizon_days: 10,
        }
    }
}

/// The seller's working week in their zone.
#[derive(Debug, Clone)]
pub struct WorkingWeek {
    /// Working days, 0 = Monday … 6 = Sunday.
    pub days: [bool; 7],
    /// First working minute of the day, local.
    pub start_minute: i64,
    /// Minute the working day ends, local.
    pub end_minute: i64,
    /// The zone the hours are in.
    pub zone: Zone,
}

impl WorkingWeek {
    /// From `mailboxSettings`: the working hours' own zone, else the mailbox's; Monday to
    /// Friday 09:00–17:00 where Outlook says nothing. An unknown zone reads as UTC.
    pub fn from_settings(settings: &MailboxSettings) -> WorkingWeek {
        let hours = settings.working_hours.as_ref();
        let zone_name = hours
            .and_then(|h| h.time_zone.as_ref())
            .map(|z| z.name.clone())
            .filter(|n| !n.is_empty())
            .or_else(|| settings.time_zone.clone());
        let zone = zone_name
            .as_deref()
            .and_then(Zone::named)
            .unwrap_or_else(Zone::utc);
        const NAMES: [&str; 7] = [
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ];
        let mut days = [true, true, true, true, true, false, false];
        if let Some(listed) = hours.map(|h| &h.days_of_week).filter(|d| !d.is_empty()) {
            days = NAMES.map(|name| listed.iter().any(|d| d.eq_ignore_ascii_case(name)));
        }
        WorkingWeek {
            days,
            start_minute: hours.and_then(|h| h.start_minutes()).unwrap_or(9 * 60) as i64,
            end_minute: hours.and_then(|h| h.end_minutes()).unwrap_or(17 * 60) as i64,
            zone,
        }
    }
}

/// A busy interval, UTC milliseconds, end exclusive.
pub type Busy = (i64, i64);

/// The busy blocks of the seller's own schedule: busy, tentative and out of office block a
/// slot; free and working elsewhere do not. Unparseable times are skipped.
pub fn busy_blocks(schedules: &[Schedule]) -> Vec<Busy> {
    schedules
        .iter()
        .filter(|s| s.error.is_none())
        .flat_map(|s| &s.schedule_items)
        .filter(|item| matches!(item.status.as_str(), "busy" | "tentative" | "oof"))
        .filter_map(|item| {
            let start = utc_millis(&item.start.date_time)?;
            let end = utc_millis(&item.end.date_time)?;
            (end > start).then_some((start, end))
        })
        .collect()
}

/// The first free slots after `now_ms` (UTC milliseconds) within `week`, avoiding `busy`.
pub fn free_slots(now_ms: i64, week: &WorkingWeek, busy: &[Busy], rules: &SlotRules) -> Vec<Busy> {
    let mut slots = Vec::new();
    if week.end_minute <= week.start_minute || rules.slot_minutes <= 0 || rules.step_minutes <= 0 {
        return slots;
    }
    let earliest = now_ms + rules.lead_minutes * MINUTE_MS;
    let (today, _) = week.zone.local(now_ms);
    for day in today..today + rules.horizon_days {
        if !week.days[weekday(day) as usize] {
            continue;
        }
        let mut on_this_day = 0;
        let mut minute = week.start_minute;
        while minute + rules.slot_minutes <= week.end_minute
            && on_this_day < rules.per_day
            && slots.len() < rules.count
        {
            let start = week.zone.to_utc(day, minute);
            let end = start + rules.slot_minutes * MINUTE_MS;
            let free = busy
                .iter()
                .all(|&(b_start, b_end)| end <= b_start || start >= b_end);
            if start >= earliest && free {
                slots.push((start, end));
                on_this_day += 1;
                // Keep offered slots apart so they are real alternatives.
                minute += rules.slot_minutes.max(120);
            } else {
                minute += rules.step_minutes;
            }
        }
        if slots.len() >= rules.count {
            break;
        }
    }
    slots
}

/// `slots` as the wire shows them, labelled in the seller's zone.
pub fn labelled(slots: &[Busy], zone: &Zone) -> Vec<MeetingSlot> {
    slots
        .iter()
        .map(|&(start, end)| {
            let (day, start_minute) = zone.local(start);
            let (_, end_minute) = zone.local(end);
            MeetingSlot {
                start_utc: format_utc(start),
                end_utc: format_utc(end),
                label: format!(
                    "{}, {:02}:{:02}–{:02}:{:02} ({})",
                    day_label(day),
                    start_minute / 60,
                    start_minute % 60,
                    end_minute / 60,
                    end_minute % 60,
                    zone.name
                ),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::availability::parse_mailbox_settings;

    fn at(text: &str) -> i64 {
        utc_millis(text).unwrap()
    }

    fn pacific_week() -> WorkingWeek {
        let settings = parse_mailbox_settings(
            br#"{"timeZone":"Pacific Standard Time","workingHours":{"daysOfWeek":["monday",
            "tuesday","wednesday","thursday","friday"],"startTime":"08:00:00.0000000",
            "endTime":"17:00:00.0000000","timeZone":{"name":"Pacific Standard Time"}}}"#,
        )
        .unwrap();
        WorkingWeek::from_settings(&settings)
    }

    fn starts(slots: &[Busy]) -> Vec<String> {
        slots.iter().map(|&(s, _)| format_utc(s)).collect()
    }

    #[test]
    fn slots_start_at_the_working_day_in_the_sellers_zone() {
        // Monday 30 Nov 2026, 05:00 Pacific (13:00 UTC): the day starts at 08:00 Pacific.
        let slots = free_slots(
            at("2026-11-30T13:00:00Z"),
            &pacific_week(),
            &[],
            &SlotRules::default(),
        );
        assert_eq!(
            starts(&slots),
            [
                "2026-11-30T16:00:00Z",
                "2026-11-30T18:00:00Z",
                "2026-12-01T16:00:00Z"
            ]
        );
        assert!(slots.iter().all(|(s, e)| e - s == 30 * MINUTE_MS));
    }

    #[test]
    fn weekends_are_skipped() {
        // Saturday 28 Nov 2026, noon Pacific.
        let slots = free_slots(
            at("2026-11-28T20:00:00Z"),
            &pacific_week(),
            &[],
            &SlotRules::default(),
        );
        assert_eq!(
            starts(&slots)[0],
            "2026-11-30T16:00:00Z",
            "Monday 08:00 Pacific"
        );
    }

    #[test]
    fn busy_blocks_and_the_lead_time_are_avoided() {
        // Monday 30 Nov, 08:10 Pacific: 08:30 is within the hour of lead time.
        let now = at("2026-11-30T16:10:00Z");
        let busy = [
            (at("2026-11-30T17:00:00Z"), at("2026-11-30T18:30:00Z")),
            (at("2026-11-30T20:45:00Z"), at("2026-11-30T21:15:00Z")),
        ];
        let rules = SlotRules {
            per_day: 5,
            count: 3,
            ..SlotRules::default()
        };
        let slots = free_slots(now, &pacific_week(), &busy, &rules);
        // 09:00-10:30 busy → 10:30 Pacific (18:30Z); then 2 h later 12:30 Pacific (20:30Z)
        // overlaps 20:45 → 13:00 is busy until 13:15 → 13:30 Pacific (21:30Z) → 15:30.
        assert_eq!(
            starts(&slots),
            [
                "2026-11-30T18:30:00Z",
                "2026-11-30T21:30:00Z",
                "2026-11-30T23:30:00Z"
            ]
        );
    }

    #[test]
    fn a_day_fully_busy_moves_to_the_next_working_day_and_a_slot_may_end_at_closing() {
        let now = at("2026-12-04T15:00:00Z"); // Friday 07:00 Pacific
        let busy = [(at("2026-12-04T16:00:00Z"), at("2026-12-05T00:40:00Z"))];
        let rules = SlotRules {
            count: 1,
            ..SlotRules::default()
        };
        let slots = free_slots(now, &pacific_week(), &busy, &rules);
        assert_eq!(starts(&slots), ["2026-12-07T16:00:00Z"], "the next Monday");
        let late = [(at("2026-12-04T16:00:00Z"), at("2026-12-05T00:30:00Z"))];
        let slots = free_slots(now, &pacific_week(), &late, &rules);
        assert_eq!(
            starts(&slots),
            ["2026-12-05T00:30:00Z"],
            "16:30–17:00 Pacific"
        );
    }

    #[test]
    fn free_and_elsewhere_do_not_block_and_labels_use_the_zone() {
        let schedules: Vec<Schedule> = crate::graph::availability::parse_schedules(
            br#"{"value":[{"scheduleId":"me@x","scheduleItems":[
            {"status":"free","start":{"dateTime":"2026-11-30T16:00:00.0000000","timeZone":"UTC"},
             "end":{"dateTime":"2026-11-30T17:00:00.0000000","timeZone":"UTC"}},
            {"status":"workingElsewhere","start":{"dateTime":"2026-11-30T16:00:00","timeZone":"UTC"},
             "end":{"dateTime":"2026-11-30T17:00:00","timeZone":"UTC"}},
            {"status":"oof","start":{"dateTime":"2026-12-01T00:00:00","timeZone":"UTC"},
             "end":{"dateTime":"2026-12-02T00:00:00","timeZone":"UTC"}}]}]}"#,
        )
        .unwrap();
        let busy = busy_blocks(&schedules);
        assert_eq!(
            busy,
            [(at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z"))]
        );
        let week = pacific_week();
        let slots = free_slots(
            at("2026-11-30T13:00:00Z"),
            &week,
            &busy,
            &SlotRules::default(),
        );
        let labels = labelled(&slots, &week.zone);
        assert_eq!(
            labels[0].label,
            "Mon 30 Nov, 08:00–08:30 (Pacific Standard Time)"
        );
        assert_eq!(labels[0].start_utc, "2026-11-30T16:00:00Z");
        // Tuesday 08:00-16:00 Pacific is inside the oof block (UTC day of 1 Dec).
        assert_eq!(labels[2].start_utc, "2026-12-02T00:00:00Z");
        assert_eq!(
            labels[2].label,
            "Tue 1 Dec, 16:00–16:30 (Pacific Standard Time)"
        );
    }

    #[test]
    fn missing_settings_mean_weekdays_nine_to_five_utc() {
        let week = WorkingWeek::from_settings(&MailboxSettings::default());
        assert_eq!(week.zone, Zone::utc());
        assert_eq!((week.start_minute, week.end_minute), (540, 1020));
        assert_eq!(week.days, [true, true, true, true, true, false, false]);
    }
}
