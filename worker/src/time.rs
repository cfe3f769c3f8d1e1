//! Dates and times, one owner for the whole worker: ISO 8601 instants as Graph writes them
//! (`2026-11-03T17:14:00Z`, with up to seven fractional digits, an offset, or no zone at all for
//! `dateTimeTimeZone` values in UTC) read into milliseconds since the epoch for sorting and range
//! checks (strings do not sort correctly once fractions or offsets differ); instants written
//! back as RFC 3339 UTC; the calendar dates (`YYYY-MM-DD`) both CRMs accept; and the proleptic
//! Gregorian day arithmetic under all of them. Pure.

/// Milliseconds since the Unix epoch, or `None` when `text` is not an ISO 8601 date-time.
/// A missing zone reads as UTC (the connector asks Graph for UTC).
pub fn utc_millis(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut date_parts = date.splitn(3, '-');
    let year: i64 = number(date_parts.next()?, 4)?;
    let month: i64 = number(date_parts.next()?, 2)?;
    let day: i64 = number(date_parts.next()?, 2)?;
    let (clock, offset_minutes) = split_zone(rest)?;
    let (hms, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms_parts = hms.splitn(3, ':');
    let hour: i64 = number(hms_parts.next()?, 2)?;
    let minute: i64 = number(hms_parts.next()?, 2)?;
    let second: i64 = hms_parts.next().map_or(Some(0), |s| number(s, 2))?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    if second > 60 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let millis: i64 = format!("{fraction:0<3}")[..3].parse().ok()?;
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1_000 + millis)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for an instant in milliseconds (sub-second part dropped).
pub fn format_utc(millis: i64) -> String {
    let seconds = millis.div_euclid(1_000);
    let (days, of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60
    )
}

fn number(text: &str, width: usize) -> Option<i64> {
    (text.len() == width && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// Splits `HH:MM:SS.fff` from a trailing `Z` or `±HH:MM`, returning the offset in minutes.
fn split_zone(rest: &str) -> Option<(&str, i64)> {
    if let Some(clock) = rest.strip_suffix(['Z', 'z']) {
        return Some((clock, 0));
    }
    match rest.rfind(['+', '-']) {
        Some(at) => {
            let (clock, zone) = rest.split_at(at);
            let sign = if zone.starts_with('-') { -1 } else { 1 };
            let (hours, minutes) = zone[1..].split_once(':').unwrap_or((&zone[1..], "00"));
            Some((clock, sign * (number(hours, 2)? * 60 + number(minutes, 2)?)))
        }
        None => Some((rest, 0)),
    }
}

/// The years a calendar date may fall in: Salesforce date fields accept 1700 to 4000 and
/// Dataverse dates start in 1753; a seller's date outside this range is a typo.
pub const YEARS: std::ops::RangeInclusive<i64> = 1900..=3999;

/// `text` as a calendar date `YYYY-MM-DD` (a real Gregorian day in [`YEARS`]): `(year, month,
/// day)`, or `None`. The one check every date a seller or a model gives goes through.
pub fn calendar_date(text: &str) -> Option<(i64, i64, i64)> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (
        number(&text[0..4], 4)?,
        number(&text[5..7], 2)?,
        number(&text[8..10], 2)?,
    );
    is_calendar_day(year, month, day).then_some((year, month, day))
}

/// Whether `year`-`month`-`day` is a real Gregorian day in [`YEARS`].
pub fn is_calendar_day(year: i64, month: i64, day: i64) -> bool {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    YEARS.contains(&year) && (1..=days).contains(&day)
}

/// Whether `text` is a calendar date ([`calendar_date`]).
pub fn is_calendar_date(text: &str) -> bool {
    calendar_date(text).is_some()
}

/// `seconds` since the epoch as RFC 3339 UTC (`2026-12-06T00:00:00Z`).
pub fn rfc3339(seconds: u64) -> String {
    format_utc(
        i64::try_from(seconds)
            .unwrap_or(i64::MAX)
            .saturating_mul(1_000),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of days since 1970-01-01 (Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-12-01", true)]
    #[case("2024-02-29", true)]
    #[case("2026-02-29", false)]
    #[case("1900-02-29", false)]
    #[case("2000-02-29", true)]
    #[case("2026-04-31", false)]
    #[case("1899-12-31", false)]
    #[case("4000-01-01", false)]
    #[case("2026-1-01", false)]
    #[case("2026-01-1x", false)]
    #[case("+026-01-01", false)]
    #[case("2026/01/01", false)]
    fn one_calendar_date_check_for_every_date(#[case] text: &str, #[case] valid: bool) {
        assert_eq!(is_calendar_date(text), valid, "{text}");
    }

    #[test]
    fn rfc3339_formats_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_796_515_200), "2026-12-06T00:00:00Z");
        assert_eq!(rfc3339(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[rstest]
    #[case("1970-01-01T00:00:00Z", Some(0))]
    #[case("2026-11-03T17:14:00Z", Some(1_793_726_040_000))]
    #[case("2026-11-03T17:14:00.5Z", Some(1_793_726_040_500))]
    #[case("2026-11-03T17:14:00.1234567Z", Some(1_793_726_040_123))]
    #[case("2026-11-03T09:14:00-08:00", Some(1_793_726_040_000))]
    #[case("2026-11-03T17:14:00.0000000", Some(1_793_726_040_000))]
    #[case("2026-11-03", None)]
    #[case("yesterday", None)]
    #[case("2026-13-03T17:14:00Z", None)]
    fn instants_parse(#[case] text: &str, #[case] millis: Option<i64>) {
        assert_eq!(utc_millis(text), millis);
    }

    #[test]
    fn formatting_round_trips() {
        for text in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2026-12-01T16:00:00Z",
        ] {
            assert_eq!(format_utc(utc_millis(text).unwrap()), text);
        }
    }
}
