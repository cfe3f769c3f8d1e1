//! Time as the emulated org writes and reads it: `LastModifiedDate`-style date-times
//! (`2026-11-20T10:00:00.000+0000`, second precision as Salesforce stores them), the ISO-8601
//! forms clients send, and the HTTP-dates of `If-Unmodified-Since`. Written apart from the
//! worker's parser on purpose: the sandbox must not share its bugs.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the epoch now.
pub(crate) fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Milliseconds since the epoch now (`issued_at`).
pub(crate) fn now_millis() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// `2026-11-20T10:00:00.000+0000`.
pub(crate) fn format(seconds: i64) -> String {
    let (year, month, day) = civil(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000+0000",
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60
    )
}

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM[:SS[.fff]](Z|±HH:MM|±HHMM)`; no zone is UTC.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.len() < 16 || !text.is_ascii() || !matches!(text.as_bytes()[10], b'T' | b't') {
        return None;
    }
    let days = parse_date(&text[..10])?;
    let (time, offset) = split_zone(&text[11..])?;
    let time = time.split('.').next()?;
    let mut parts = time.split(':');
    let hour = number(parts.next()?)?;
    let minute = number(parts.next()?)?;
    let second = parts.next().map_or(Some(0), number)?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second - offset)
}

/// Days since the epoch of `YYYY-MM-DD`.
pub(crate) fn parse_date(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (
        number(&text[0..4])?,
        number(&text[5..7])?,
        number(&text[8..10])?,
    );
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

fn split_zone(time: &str) -> Option<(&str, i64)> {
    if let Some(time) = time.strip_suffix(['Z', 'z']) {
        return Some((time, 0));
    }
    let Some(sign_at) = time.rfind(['+', '-']) else {
        return Some((time, 0));
    };
    let (time, zone) = time.split_at(sign_at);
    let digits = zone[1..].replace(':', "");
    if time.is_empty() || digits.len() != 4 {
        return None;
    }
    let minutes = number(&digits[..2])? * 60 + number(&digits[2..])?;
    Some((
        time,
        if zone.starts_with('-') {
            -minutes * 60
        } else {
            minutes * 60
        },
    ))
}

/// Seconds since the epoch of an IMF-fixdate (`Fri, 20 Nov 2026 10:00:00 GMT`), the only
/// HTTP-date form senders may generate (RFC 9110 §5.6.7).
pub(crate) fn parse_http_date(text: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.trim().split(' ');
    let weekday = parts.next()?;
    let day = number(parts.next()?)?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as i64 + 1;
    let year = number(parts.next()?)?;
    let time = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() || !weekday.ends_with(',') {
        return None;
    }
    let mut clock = time.split(':').map(number);
    let (hour, minute, second) = (clock.next()??, clock.next()??, clock.next()??);
    if hour > 23 || minute > 59 || second > 60 || !(1..=31).contains(&day) {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

fn number(text: &str) -> Option<i64> {
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

fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_round_trip_in_salesforce_form() {
        let seconds = parse("2026-11-20T10:00:00.000+0000").unwrap();
        assert_eq!(format(seconds), "2026-11-20T10:00:00.000+0000");
        assert_eq!(parse("2026-11-20T10:00:00Z"), Some(seconds));
        assert_eq!(parse("2026-11-20T11:00:00+01:00"), Some(seconds));
        assert_eq!(parse("2026-11-20T05:00:00.000-0500"), Some(seconds));
        assert_eq!(parse("2026-11-20T10:00"), Some(seconds));
        assert_eq!(parse("2026-11-20"), None);
        assert_eq!(parse("2026-11-20T25:00:00Z"), None);
    }

    #[test]
    fn http_dates_parse() {
        assert_eq!(
            parse_http_date("Fri, 20 Nov 2026 10:00:00 GMT"),
            parse("2026-11-20T10:00:00Z")
        );
        assert_eq!(parse_http_date("2026-11-20T10:00:00Z"), None);
        assert_eq!(parse_http_date("Fri, 20 Nov 2026 10:00:00 PST"), None);
    }
}
