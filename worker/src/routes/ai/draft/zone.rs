//! The seller's time zone, as Outlook names it in `mailboxSettings` (a Windows zone name such
//! as `Pacific Standard Time`, or an IANA name), turned into UTC offsets at given instants.
//!
//! A full tz database would add hundreds of kilobytes to the worker for a feature that only
//! needs "when does the seller's working day start"; so this knows the common zones and the
//! two daylight-saving rules that cover them (US/Canada since 2007, EU since 1996). An unknown
//! zone is treated as UTC and said so in the slot labels.

use crate::time::{civil_from_days, days_from_civil};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;

/// When a zone shifts its clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DaylightRule {
    /// No daylight saving time.
    None,
    /// Second Sunday of March 02:00 local to first Sunday of November 02:00 local.
    UsCanada,
    /// Last Sunday of March 01:00 UTC to last Sunday of October 01:00 UTC.
    Europe,
}

/// A time zone: its standard offset and its daylight rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Zone {
    /// The name shown to the seller.
    pub name: String,
    standard_offset_minutes: i64,
    rule: DaylightRule,
}

/// Windows zone names (as Outlook writes them) and IANA aliases, with their rules.
const KNOWN: &[(&str, &str, i64, DaylightRule)] = &[
    (
        "Hawaiian Standard Time",
        "Pacific/Honolulu",
        -600,
        DaylightRule::None,
    ),
    (
        "Alaskan Standard Time",
        "America/Anchorage",
        -540,
        DaylightRule::UsCanada,
    ),
    (
        "Pacific Standard Time",
        "America/Los_Angeles",
        -480,
        DaylightRule::UsCanada,
    ),
    (
        "Mountain Standard Time",
        "America/Denver",
        -420,
        DaylightRule::UsCanada,
    ),
    (
        "US Mountain Standard Time",
        "America/Phoenix",
        -420,
        DaylightRule::None,
    ),
    (
        "Central Standard Time",
        "America/Chicago",
        -360,
        DaylightRule::UsCanada,
    ),
    (
        "Eastern Standard Time",
        "America/New_York",
        -300,
        DaylightRule::UsCanada,
    ),
    (
        "Atlantic Standard Time",
        "America/Halifax",
        -240,
        DaylightRule::UsCanada,
    ),
    ("UTC", "Etc/UTC", 0, DaylightRule::None),
    (
        "Greenwich Standard Time",
        "Atlantic/Reykjavik",
        0,
        DaylightRule::None,
    ),
    (
        "GMT Standard Time",
        "Europe/London",
        0,
        DaylightRule::Europe,
    ),
    (
        "W. Europe Standard Time",
        "Europe/Berlin",
        60,
        DaylightRule::Europe,
    ),
    (
        "Romance Standard Time",
        "Europe/Paris",
        60,
        DaylightRule::Europe,
    ),
    (
        "Central Europe Standard Time",
        "Europe/Budapest",
        60,
        DaylightRule::Europe,
    ),
    (
        "Central European Standard Time",
        "Europe/Warsaw",
        60,
        DaylightRule::Europe,
    ),
    (
        "GTB Standard Time",
        "Europe/Bucharest",
        120,
        DaylightRule::Europe,
    ),
    (
        "FLE Standard Time",
        "Europe/Helsinki",
        120,
        DaylightRule::Europe,
    ),
    (
        "India Standard Time",
        "Asia/Kolkata",
        330,
        DaylightRule::None,
    ),
    (
        "China Standard Time",
        "Asia/Shanghai",
        480,
        DaylightRule::None,
    ),
    (
        "Singapore Standard Time",
        "Asia/Singapore",
        480,
        DaylightRule::None,
    ),
    ("Tokyo Standard Time", "Asia/Tokyo", 540, DaylightRule::None),
];

impl Zone {
    /// The zone named `name` (Windows or IANA); `None` when this module does not know it.
    pub fn named(name: &str) -> Option<Zone> {
        let name = name.trim();
        KNOWN
            .iter()
            .find(|(windows, iana, ..)| {
                windows.eq_ignore_ascii_case(name) || iana.eq_ignore_ascii_case(name)
            })
            .map(|(windows, _, offset, rule)| Zone {
                name: (*windows).to_owned(),
                standard_offset_minutes: *offset,
                rule: *rule,
            })
    }

    /// UTC.
    pub fn utc() -> Zone {
        Zone::named("UTC").expect("UTC is known")
    }

    /// The offset from UTC, in milliseconds, in force at the UTC instant `utc_ms`.
    pub fn offset_ms(&self, utc_ms: i64) -> i64 {
        let standard = self.standard_offset_minutes * MINUTE_MS;
        let daylight = match self.rule {
            DaylightRule::None => false,
            DaylightRule::UsCanada => {
                let year = year_of(utc_ms + standard);
                // 02:00 local standard time, and 02:00 local daylight time (= 01:00 standard).
                let start = nth_sunday(year, 3, 2) * DAY_MS + 2 * 3_600_000 - standard;
                let end = nth_sunday(year, 11, 1) * DAY_MS + 3_600_000 - standard;
                (start..end).contains(&utc_ms)
            }
            DaylightRule::Europe => {
                let year = year_of(utc_ms);
                let start = last_sunday(year, 3) * DAY_MS + 3_600_000;
                let end = last_sunday(year, 10) * DAY_MS + 3_600_000;
                (start..end).contains(&utc_ms)
            }
        };
        standard + if daylight { 3_600_000 } else { 0 }
    }

    /// The UTC instant of `minute_of_day` on the local day `local_day` (days since the epoch).
    /// Around a clock change the offset of the instant itself is used, so 09:00 stays 09:00.
    pub fn to_utc(&self, local_day: i64, minute_of_day: i64) -> i64 {
        let local_ms = local_day * DAY_MS + minute_of_day * MINUTE_MS;
        let guess = local_ms - self.offset_ms(local_ms - self.standard_offset_minutes * MINUTE_MS);
        local_ms - self.offset_ms(guess)
    }

    /// The local day (days since the epoch) and minute of day of the UTC instant `utc_ms`.
    pub fn local(&self, utc_ms: i64) -> (i64, i64) {
        let local_ms = utc_ms + self.offset_ms(utc_ms);
        (
            local_ms.div_euclid(DAY_MS),
            local_ms.rem_euclid(DAY_MS) / MINUTE_MS,
        )
    }
}

/// 0 = Monday … 6 = Sunday, for days since the epoch (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> i64 {
    (day + 3).rem_euclid(7)
}

/// `Tue 1 Dec` for days since the epoch.
pub fn day_label(day: i64) -> String {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (_, month, date) = civil_from_days(day);
    format!(
        "{} {date} {}",
        DAYS[weekday(day) as usize],
        MONTHS[(month - 1) as usize]
    )
}

fn year_of(ms: i64) -> i64 {
    civil_from_days(ms.div_euclid(DAY_MS)).0
}

/// Days since the epoch of the `n`th Sunday of `month`.
fn nth_sunday(year: i64, month: i64, n: i64) -> i64 {
    let first = days_from_civil(year, month, 1);
    let to_sunday = (6 - weekday(first)).rem_euclid(7);
    first + to_sunday + 7 * (n - 1)
}

/// Days since the epoch of the last Sunday of `month`.
fn last_sunday(year: i64, month: i64) -> i64 {
    let next_month_first = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    let last = next_month_first - 1;
    last - (weekday(last) + 1) % 7
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::utc_millis;

    fn at(text: &str) -> i64 {
        utc_millis(text).unwrap()
    }

    #[test]
    fn windows_and_iana_names_resolve_and_unknown_ones_do_not() {
        assert_eq!(
            Zone::named("pacific standard time").unwrap(),
            Zone::named("America/Los_Angeles").unwrap()
        );
        assert!(Zone::named("Mars Standard Time").is_none());
    }

    #[test]
    fn us_daylight_saving_starts_and_ends_at_two_in_the_morning() {
        let pacific = Zone::named("Pacific Standard Time").unwrap();
        // 2026: DST from 8 March 10:00 UTC to 1 November 09:00 UTC.
        assert_eq!(
            pacific.offset_ms(at("2026-03-08T09:59:59Z")),
            -8 * 3_600_000
        );
        assert_eq!(
            pacific.offset_ms(at("2026-03-08T10:00:00Z")),
            -7 * 3_600_000
        );
        assert_eq!(
            pacific.offset_ms(at("2026-11-01T08:59:59Z")),
            -7 * 3_600_000
        );
        assert_eq!(
            pacific.offset_ms(at("2026-11-01T09:00:00Z")),
            -8 * 3_600_000
        );
        assert_eq!(
            pacific.offset_ms(at("2026-12-01T17:00:00Z")),
            -8 * 3_600_000
        );
    }

    #[test]
    fn european_daylight_saving_switches_at_one_utc() {
        let berlin = Zone::named("W. Europe Standard Time").unwrap();
        // 2026: last Sundays are 29 March and 25 October.
        assert_eq!(berlin.offset_ms(at("2026-03-29T00:59:00Z")), 3_600_000);
        assert_eq!(berlin.offset_ms(at("2026-03-29T01:00:00Z")), 7_200_000);
        assert_eq!(berlin.offset_ms(at("2026-10-25T00:59:00Z")), 7_200_000);
        assert_eq!(berlin.offset_ms(at("2026-10-25T01:00:00Z")), 3_600_000);
    }

    #[test]
    fn local_nine_o_clock_maps_to_utc_in_winter_and_summer() {
        let eastern = Zone::named("Eastern Standard Time").unwrap();
        let winter = utc_millis("2026-12-01T00:00:00Z").unwrap() / DAY_MS;
        let summer = utc_millis("2026-07-01T00:00:00Z").unwrap() / DAY_MS;
        assert_eq!(eastern.to_utc(winter, 9 * 60), at("2026-12-01T14:00:00Z"));
        assert_eq!(eastern.to_utc(summer, 9 * 60), at("2026-07-01T13:00:00Z"));
        assert_eq!(eastern.local(at("2026-07-01T13:00:00Z")), (summer, 9 * 60));
        let india = Zone::named("Asia/Kolkata").unwrap();
        assert_eq!(india.to_utc(winter, 9 * 60), at("2026-12-01T03:30:00Z"));
    }

    #[test]
    fn weekdays_and_labels() {
        let day = at("2026-12-01T12:00:00Z") / DAY_MS;
        assert_eq!(weekday(day), 1, "1 Dec 2026 is a Tuesday");
        assert_eq!(day_label(day), "Tue 1 Dec");
        assert_eq!(weekday(at("2026-11-29T12:00:00Z") / DAY_MS), 6, "a Sunday");
    }
}
