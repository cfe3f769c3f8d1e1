//! ISO 8601 instants as Graph writes them (`2026-11-03T17:14:00Z`, with up to seven fractional
//! digits, an offset, or no zone at all for `dateTimeTimeZone` values in UTC), read into
//! milliseconds since the epoch for sorting and range checks. Strings do not sort correctly
//! once fractions or offsets differ, hence this.

/// Milliseconds since the Unix epoch, or `None` when `text` is not an ISO 8601 date-time.
/// A missing zone reads as UTC (the connector asks Graph for UTC).
pub(crate) fn utc_millis(text: &str) -> Option<i64> {
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
pub(crate) fn format_utc(millis: i64) -> String {
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
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
