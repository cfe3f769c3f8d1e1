//! Dates as Graph and mail clients write them: ISO 8601 instants in and out, and the
//! human-readable forms of reply headers (`Sent: Tuesday, October 28, 2026 3:22 PM`). Written
//! independently of the worker's parser on purpose: the sandbox must not share its bugs.

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM[:SS[.f…]][Z|±HH:MM]`; no zone reads as UTC.
pub(super) fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.len() < 16 || !text.is_char_boundary(10) {
        return None;
    }
    let (date, time) = (&text[..10], &text[11..]);
    if !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
        return None;
    }
    let year = digits(&date[0..4])?;
    let month = digits(&date[5..7])?;
    let day = digits(&date[8..10])?;
    if &date[4..5] != "-" || &date[7..8] != "-" || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let (time, offset) = if let Some(time) = time.strip_suffix(['Z', 'z']) {
        (time, 0)
    } else if time.len() > 6 && matches!(time.as_bytes()[time.len() - 6], b'+' | b'-') {
        let (time, zone) = time.split_at(time.len() - 6);
        let minutes = digits(&zone[1..3])? * 60 + digits(&zone[4..6])?;
        (
            time,
            if zone.starts_with('-') {
                -minutes
            } else {
                minutes
            },
        )
    } else {
        (time, 0)
    };
    let time = time.split('.').next()?;
    let mut parts = time.split(':');
    let hour = digits(parts.next()?)?;
    let minute = digits(parts.next()?)?;
    let second = parts.next().map_or(Some(0), digits)?;
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset * 60)
}

fn digits(text: &str) -> Option<i64> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
}

struct Civil {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
    weekday: usize,
}

fn civil(seconds: i64) -> Civil {
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    Civil {
        year: yoe + era * 400 + i64::from(month <= 2),
        month,
        day,
        hour: of_day / 3_600,
        minute: of_day % 3_600 / 60,
        second: of_day % 60,
        // 1970-01-01 was a Thursday (index 3 from Monday).
        weekday: (days + 3).rem_euclid(7) as usize,
    }
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2026-10-28T15:22:00Z`: how Graph writes message dates.
pub(super) fn iso(seconds: i64) -> String {
    let c = civil(seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `2026-10-28T15:22:00.0000000`: how Graph writes `dateTimeTimeZone.dateTime`.
pub(super) fn local(seconds: i64) -> String {
    let c = civil(seconds);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.0000000",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

fn clock_12h(c: &Civil) -> String {
    let (hour, meridiem) = match c.hour {
        0 => (12, "AM"),
        1..=11 => (c.hour, "AM"),
        12 => (12, "PM"),
        _ => (c.hour - 12, "PM"),
    };
    format!("{hour}:{:02} {meridiem}", c.minute)
}

/// `Tuesday, October 28, 2026 3:22 PM`: Outlook's `Sent:` line.
pub(super) fn outlook_header(seconds: i64) -> String {
    let c = civil(seconds);
    format!(
        "{}, {} {}, {} {}",
        DAYS[c.weekday],
        MONTHS[(c.month - 1) as usize],
        c.day,
        c.year,
        clock_12h(&c)
    )
}

/// `Tue, Oct 28, 2026 at 3:22 PM`: the `On … wrote:` line.
pub(super) fn on_wrote(seconds: i64) -> String {
    let c = civil(seconds);
    format!(
        "{}, {} {}, {} at {}",
        &DAYS[c.weekday][..3],
        &MONTHS[(c.month - 1) as usize][..3],
        c.day,
        c.year,
        clock_12h(&c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_round_trip_and_accept_offsets_and_fractions() {
        let t = parse("2026-10-28T15:22:00Z").unwrap();
        assert_eq!(iso(t), "2026-10-28T15:22:00Z");
        assert_eq!(parse("2026-10-28T07:22:00-08:00"), Some(t));
        assert_eq!(parse("2026-10-28T15:22:00.0000000"), Some(t));
        assert_eq!(parse("2026-10-28T15:22"), Some(t));
        assert_eq!(local(t), "2026-10-28T15:22:00.0000000");
        assert_eq!(parse("28/10/2026"), None);
    }

    #[test]
    fn reply_header_dates_read_like_outlook_and_gmail() {
        let t = parse("2026-10-28T15:22:00Z").unwrap();
        assert_eq!(outlook_header(t), "Wednesday, October 28, 2026 3:22 PM");
        assert_eq!(on_wrote(t), "Wed, Oct 28, 2026 at 3:22 PM");
        let midnight = parse("2026-11-29T00:05:00Z").unwrap();
        assert_eq!(on_wrote(midnight), "Sun, Nov 29, 2026 at 12:05 AM");
    }
}
