//! Salesforce date-times (`2026-11-20T10:00:00.000+0000`, the form `LastModifiedDate` takes in
//! REST answers) turned into the HTTP-date `If-Unmodified-Since` needs
//! (`Fri, 20 Nov 2026 10:00:00 GMT`, RFC 9110 §5.6.7), and HTML bodies into the plain text a
//! `Task` description holds. Pure; the day arithmetic is [`crate::time`]'s.

use crate::time::{civil_from_days, days_from_civil};

/// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HHMM|±HH:MM)`; `None` otherwise.
pub(crate) fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !text.is_char_boundary(19) || bytes[10] != b'T' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if [4, 7].iter().any(|&i| bytes[i] != b'-') || [13, 16].iter().any(|&i| bytes[i] != b':') {
        return None;
    }
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        zone if zone.len() == 5 || zone.len() == 6 => {
            let sign = match zone.as_bytes()[0] {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let digits = zone[1..].replace(':', "");
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i64 = digits[..2].parse().ok()?;
            let minutes: i64 = digits[2..].parse().ok()?;
            sign * (hours * 60 + minutes)
        }
        _ => return None,
    };
    Some(
        days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
            - offset_minutes * 60,
    )
}

/// The HTTP-date of a Salesforce date-time, for `If-Unmodified-Since`.
pub(crate) fn http_date(datetime: &str) -> Option<String> {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = parse_datetime(datetime)?;
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    Some(format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        MONTHS[(month - 1) as usize],
        of_day / 3_600,
        of_day % 3_600 / 60,
        of_day % 60
    ))
}

/// Plain text of an HTML body for a `Task` description (which Salesforce shows as text): tags
/// dropped, block ends as line breaks, the five XML entities and `&nbsp;` decoded.
pub(crate) fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        text.push_str(&rest[..start]);
        let tag = rest[start + 1..start + end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if ["p", "br", "div", "li", "tr"].iter().any(|block| {
            tag == *block || tag.starts_with(&format!("{block} ")) || tag == format!("{block}/")
        }) && !text.ends_with('\n')
            && !text.is_empty()
        {
            text.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    text.push_str(rest);
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("2026-11-20T10:00:00.000+0000", "Fri, 20 Nov 2026 10:00:00 GMT")]
    #[case("2026-11-20T10:00:00Z", "Fri, 20 Nov 2026 10:00:00 GMT")]
    #[case("2026-11-20T11:30:05.000+01:30", "Fri, 20 Nov 2026 10:00:05 GMT")]
    #[case("2025-03-04T16:45:00.000+0000", "Tue, 04 Mar 2025 16:45:00 GMT")]
    #[case("2024-02-29T23:59:59.000-0100", "Fri, 01 Mar 2024 00:59:59 GMT")]
    fn last_modified_dates_become_http_dates(#[case] raw: &str, #[case] http: &str) {
        assert_eq!(http_date(raw).as_deref(), Some(http));
    }

    #[rstest]
    #[case("")]
    #[case("2026-11-20")]
    #[case("2026-13-20T10:00:00.000+0000")]
    #[case("2026-11-20T10:00:00.000")]
    #[case("2026-11-20T10:00:00.+0000")]
    #[case("not a date at all, no")]
    fn other_text_is_not_a_date(#[case] raw: &str) {
        assert_eq!(http_date(raw), None);
    }

    #[test]
    fn html_bodies_become_text() {
        assert_eq!(
            html_to_text("<p>Thanks &amp; regards,</p><p>Priya&nbsp;R.<br>CFO</p>"),
            "Thanks & regards,\nPriya R.\nCFO"
        );
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("plain"), "plain");
    }
}
