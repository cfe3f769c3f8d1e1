//! How the pane writes CRM values as text: amounts, days, the " · " lines that join a record's
//! optional details, and the count of colleagues left out. One place, so an account card and
//! an opportunity summary never show the same amount two ways.

/// `48000.0` with `USD` → `48,000 USD`; without a currency, `$48,000` (the sandbox and most demo
/// orgs are USD; a CRM that knows the currency sends its code).
pub fn amount_text(amount: f64, currency: Option<&str>) -> String {
    let whole = amount.round() as i64;
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    match currency.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => format!("{sign}{grouped} {code}"),
        None => format!("{sign}${grouped}"),
    }
}

/// `2026-11-26T15:00:00Z` → `2026-11-26`.
pub fn day_of(at: &str) -> &str {
    at.get(..10).unwrap_or(at)
}

/// The details a record has, in order, on one line: `Software · contoso.com`.
pub fn dotted(details: impl IntoIterator<Item = Option<String>>) -> String {
    details
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// `3 colleagues not looked up.`: the internal people a context leaves out (Closer looks up
/// only people outside the seller's company).
pub fn colleagues_not_looked_up(count: u32) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} colleague{plural} not looked up.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_grouped_with_their_currency() {
        assert_eq!(amount_text(48_000.0, Some("USD")), "48,000 USD");
        assert_eq!(amount_text(48_000.0, None), "$48,000");
        assert_eq!(amount_text(999.0, None), "$999");
        assert_eq!(amount_text(1_234_567.4, None), "$1,234,567");
        assert_eq!(amount_text(-1500.0, Some(" ")), "-$1,500");
    }

    #[test]
    fn days_dotted_lines_and_colleagues() {
        assert_eq!(day_of("2026-11-26T15:00:00Z"), "2026-11-26");
        assert_eq!(day_of("x"), "x");
        assert_eq!(
            dotted([Some("Software".into()), None, Some("contoso.com".into())]),
            "Software · contoso.com"
        );
        assert_eq!(dotted([None, None]), "");
        assert_eq!(colleagues_not_looked_up(1), "1 colleague not looked up.");
        assert_eq!(colleagues_not_looked_up(2), "2 colleagues not looked up.");
    }
}
