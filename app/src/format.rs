//! How the pane writes CRM values and times as text, in the seller's locale: amounts in the
//! CRM's currency, days, meeting times, the " · " lines that join a record's optional details,
//! and the count of colleagues left out. One place, so an account card and an opportunity
//! summary never show the same amount two ways.
//!
//! Numbers and dates are the browser's `Intl` formats (CLDR, the same data Outlook's own
//! formats come from) for the pane's [`locale_tag`](crate::i18n::locale_tag); where `Intl` is
//! missing or refuses (an unknown currency code), the fallbacks below write plain grouped
//! digits and ISO dates, never a wrong symbol.

use crate::tr;

/// An amount in its CRM currency: `48000.0` with `USD` → `$48,000` (en), `48.000 $` (de),
/// `48 000 $US` (fr). Without a currency (the CRM did not say) the grouped number alone: the
/// pane does not guess dollars.
pub fn amount_text(amount: f64, currency: Option<&str>) -> String {
    let currency = currency.map(str::trim).filter(|c| !c.is_empty());
    intl::amount(amount, currency).unwrap_or_else(|| plain_amount(amount, currency))
}

/// The fallback: `48,000 USD`, `48,000`.
fn plain_amount(amount: f64, currency: Option<&str>) -> String {
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
    match currency {
        Some(code) => format!("{sign}{grouped} {code}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A day (`2026-11-26` or a timestamp) in the seller's words: `Nov 26, 2026`, `26.11.2026`,
/// `26 nov. 2026`; the ISO day where `Intl` cannot read it.
pub fn day_text(at: &str) -> String {
    let day = at.get(..10).unwrap_or(at);
    intl::day(day).unwrap_or_else(|| day.to_owned())
}

/// A meeting's time in the seller's zone and words, one day written once:
/// `Nov 19, 2026, 6:00 – 6:45 PM UTC`. ISO (`2026-11-19 18:00–18:45 UTC`) where `Intl` is
/// missing.
pub fn meeting_time_text(start: &str, end: Option<&str>) -> String {
    intl::time_range(start, end).unwrap_or_else(|| iso_time_range(start, end))
}

/// The fallback: `2026-12-02T18:00:00Z` → `2026-12-02 18:00 UTC`, the end's day written once.
fn iso_time_range(start: &str, end: Option<&str>) -> String {
    let short = |t: &str| t.get(..16).map(|t| t.replace('T', " "));
    let start = short(start).unwrap_or_default();
    match end.and_then(short) {
        Some(end) if end.get(..10) == start.get(..10) => {
            format!("{start}–{} UTC", end.get(11..).unwrap_or_default())
        }
        Some(end) => format!("{start} – {end} UTC"),
        None => format!("{start} UTC"),
    }
}

/// The details a record has, in order, on one line: `Software · contoso.com`.
pub fn dotted(details: impl IntoIterator<Item = Option<String>>) -> String {
    details
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A CRM record kind as the wire names it (`opportunity`, `account`, `contact`, `lead`) in the
/// seller's words; a kind the pane does not know is shown as the CRM named it.
pub fn record_kind(kind: &str) -> String {
    match kind {
        "opportunity" => tr!("kind-opportunity"),
        "account" => tr!("kind-account"),
        "contact" => tr!("kind-contact"),
        "lead" => tr!("kind-lead"),
        other => other.to_owned(),
    }
}

/// `3 colleagues not looked up.`: the internal people a context leaves out (Closer looks up
/// only people outside the seller's company).
pub fn colleagues_not_looked_up(count: u32) -> String {
    tr!("colleagues-not-looked-up", count = count)
}

/// The browser's `Intl`, on wasm only (natively, as in unit tests, every call answers `None` and
/// the fallbacks speak).
#[cfg(target_arch = "wasm32")]
mod intl {
    use js_sys::{Array, Date, Function, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    fn locales() -> Array {
        Array::of1(&JsValue::from_str(&crate::i18n::locale_tag()))
    }

    fn options(pairs: &[(&str, JsValue)]) -> Object {
        let object = Object::new();
        for (name, value) in pairs {
            let _ = Reflect::set(&object, &JsValue::from_str(name), value);
        }
        object
    }

    /// Calls `formatter[method](args…)`; `None` when it throws (an invalid currency code or
    /// date throws a `RangeError`).
    fn call(formatter: &JsValue, method: &str, args: &[JsValue]) -> Option<String> {
        let function: Function = Reflect::get(formatter, &JsValue::from_str(method))
            .ok()?
            .dyn_into()
            .ok()?;
        let array = args.iter().collect::<Array>();
        function.apply(formatter, &array).ok()?.as_string()
    }

    pub fn amount(amount: f64, currency: Option<&str>) -> Option<String> {
        let formatter = cached(&format!("amount|{}", currency.unwrap_or_default()), || {
            let mut pairs = vec![("maximumFractionDigits", JsValue::from(0))];
            if let Some(code) = currency {
                pairs.push(("style", JsValue::from_str("currency")));
                pairs.push(("currency", JsValue::from_str(code)));
                pairs.push(("minimumFractionDigits", JsValue::from(0)));
            }
            construct("NumberFormat", &options(&pairs))
        })?;
        call(&formatter, "format", &[JsValue::from(amount)])
    }

    thread_local! {
        /// The formatters built so far, by locale and use: building one is what costs (the
        /// browser loads the locale's data each time; about a fifth of a cold pane's time
        /// between the CRM's answer and the painted cards went to it), formatting is cheap.
        static BUILT: std::cell::RefCell<Vec<(String, JsValue)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    /// The formatter for `key` in the pane's locale, built by `build` the first time.
    fn cached(key: &str, build: impl FnOnce() -> Option<JsValue>) -> Option<JsValue> {
        let key = format!("{}|{key}", crate::i18n::locale_tag());
        if let Some(found) = BUILT.with(|built| {
            built
                .borrow()
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, formatter)| formatter.clone())
        }) {
            return Some(found);
        }
        let formatter = build()?;
        BUILT.with(|built| built.borrow_mut().push((key, formatter.clone())));
        Some(formatter)
    }

    /// `new Intl[name](locales, options)`, or `None` where it throws.
    fn construct(name: &str, options: &Object) -> Option<JsValue> {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor: Function = Reflect::get(&intl, &JsValue::from_str(name))
            .ok()?
            .dyn_into()
            .ok()?;
        let args = Array::of2(&locales(), options);
        Reflect::construct(&constructor, &args).ok()
    }

    fn date(at: &str) -> Option<Date> {
        let date = Date::new(&JsValue::from_str(at));
        (!date.get_time().is_nan()).then_some(date)
    }

    pub fn day(day: &str) -> Option<String> {
        // A bare day is a calendar day, not an instant: read and write it in UTC so no zone
        // moves it to the day before.
        let date = date(&format!("{day}T00:00:00Z"))?;
        let formatter = cached("day", || {
            construct(
                "DateTimeFormat",
                &options(&[
                    ("dateStyle", JsValue::from_str("medium")),
                    ("timeZone", JsValue::from_str("UTC")),
                ]),
            )
        })?;
        call(&formatter, "format", &[date.into()])
    }

    pub fn time_range(start: &str, end: Option<&str>) -> Option<String> {
        let start = date(start)?;
        let formatter = cached("time-range", || {
            construct(
                "DateTimeFormat",
                &options(&[
                    ("year", JsValue::from_str("numeric")),
                    ("month", JsValue::from_str("short")),
                    ("day", JsValue::from_str("numeric")),
                    ("hour", JsValue::from_str("numeric")),
                    ("minute", JsValue::from_str("2-digit")),
                    ("timeZoneName", JsValue::from_str("short")),
                ]),
            )
        })?;
        match end.and_then(date) {
            Some(end) => call(&formatter, "formatRange", &[start.into(), end.into()]),
            None => call(&formatter, "format", &[start.into()]),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod intl {
    pub fn amount(_: f64, _: Option<&str>) -> Option<String> {
        None
    }
    pub fn day(_: &str) -> Option<String> {
        None
    }
    pub fn time_range(_: &str, _: Option<&str>) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_intl_amounts_are_grouped_digits_with_their_code_never_a_guessed_symbol() {
        assert_eq!(amount_text(48_000.0, Some("USD")), "48,000 USD");
        assert_eq!(amount_text(48_000.0, None), "48,000");
        assert_eq!(amount_text(999.0, None), "999");
        assert_eq!(amount_text(1_234_567.4, Some("EUR")), "1,234,567 EUR");
        assert_eq!(amount_text(-1500.0, Some(" ")), "-1,500");
    }

    #[test]
    fn without_intl_times_are_iso_in_utc_and_one_day_is_written_once() {
        assert_eq!(day_text("2026-11-26T15:00:00Z"), "2026-11-26");
        assert_eq!(day_text("x"), "x");
        assert_eq!(
            meeting_time_text("2026-12-02T18:00:00Z", Some("2026-12-02T18:45:00Z")),
            "2026-12-02 18:00–18:45 UTC"
        );
        assert_eq!(
            meeting_time_text("2026-12-02T23:30:00Z", Some("2026-12-03T00:15:00Z")),
            "2026-12-02 23:30 – 2026-12-03 00:15 UTC"
        );
        assert_eq!(
            meeting_time_text("2026-12-02T18:00:00Z", None),
            "2026-12-02 18:00 UTC"
        );
    }

    #[test]
    fn dotted_lines_and_colleagues() {
        assert_eq!(
            dotted([Some("Software".into()), None, Some("contoso.com".into())]),
            "Software · contoso.com"
        );
        assert_eq!(dotted([None, None]), "");
        assert_eq!(colleagues_not_looked_up(1), "1 colleague not looked up.");
        assert_eq!(colleagues_not_looked_up(2), "2 colleagues not looked up.");
    }
}
