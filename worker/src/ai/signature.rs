//! The "Add contact" prefill: first and last name from a display name ([`split_name`]), and
//! title, company and phone from the sender's signature block in a message's plain text
//! ([`parse`]). Heuristics, tested below on the shapes real mail has; the seller edits the
//! result before anything is written.
//!
//! The signature is the lines after the last closing ("Best,", "Regards,", "Thanks,", `-- `)
//! up to a disclaimer, or, without a closing, the last short block before the disclaimer when it
//! looks like one (a phone number or a `Title | Company` line). Quoted history is cut first so
//! an earlier sender's signature is never taken. Pure over a borrowed text: nothing is kept.

use super::clean::{CLOSINGS, unquoted_lines};

/// What a sender's signature says about them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signature {
    /// The name line, when the display name did not already say it.
    pub name: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Company.
    pub company: Option<String>,
    /// Phone number, as written.
    pub phone: Option<String>,
}

/// A signature is short: lines past this are body text or a disclaimer.
const MAX_SIGNATURE_LINES: usize = 8;
/// Words that mark a gateway's legal footer.
const DISCLAIMER_WORDS: &[&str] = &[
    "confidential",
    "intended recipient",
    "disclaimer",
    "privileged",
    "notify the sender",
    "legally",
];
/// Labels written before phone numbers.
const PHONE_LABELS: &[&str] = &[
    "tel.", "tel:", "tel", "phone:", "phone", "mobile:", "mobile", "mob:", "cell:", "direct:",
    "office:", "t:", "m:", "p:", "d:",
];
/// Separators between a title and a company on one line.
const SEPARATORS: &[&str] = &["|", " • ", " · ", " – ", " — ", " - "];

/// Parses the signature in `text` (the message's own text, quoted history allowed), knowing
/// the sender's display name and address domain.
pub fn parse(text: &str, sender_name: Option<&str>, sender_domain: Option<&str>) -> Signature {
    let lines = own_lines(text);
    let block = signature_block(&lines);
    let label = sender_domain.map(domain_label).unwrap_or_default();
    let mut signature = Signature::default();
    for line in block {
        let mut rest = line.to_owned();
        if let Some((start, end)) = find_phone(line) {
            if signature.phone.is_none() {
                signature.phone = Some(line[start..end].to_owned());
            }
            rest = format!("{} {}", &line[..start], &line[end..]);
            rest = strip_phone_labels(&rest);
        }
        let rest = rest.trim();
        if rest.is_empty() || is_contact_detail(rest) {
            continue;
        }
        if is_sender_name(rest, sender_name) {
            // "Marcus" after the closing, then "Marcus Chen" in the block: keep the fuller one.
            let longer = signature
                .name
                .as_ref()
                .is_none_or(|name| rest.len() > name.len());
            if longer && looks_like_name(rest) {
                signature.name = Some(rest.to_owned());
            }
            continue;
        }
        if sender_name.is_none()
            && signature.name.is_none()
            && signature.title.is_none()
            && looks_like_name(rest)
        {
            signature.name = Some(rest.to_owned());
            continue;
        }
        for part in parts(rest) {
            assign(&mut signature, part, &label);
        }
    }
    signature
}

/// First and last name from the display name, else from the address's local part
/// (`priya.raman@…` → Priya, Raman). One word is a first name; "Last, First" is understood.
pub fn split_name(display: Option<&str>, address: &str) -> (Option<String>, Option<String>) {
    if let Some(display) = display {
        let cleaned = without_parentheses(display);
        let cleaned = cleaned
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .trim();
        if let Some((last, first)) = cleaned.split_once(',') {
            return (non_empty(first), non_empty(last));
        }
        let mut words = cleaned.split_whitespace();
        if let Some(first) = words.next() {
            let last = words.collect::<Vec<_>>().join(" ");
            return (Some(first.to_owned()), non_empty(&last));
        }
    }
    let local = address.split('@').next().unwrap_or_default();
    if local.chars().any(|c| c.is_ascii_digit()) {
        return (None, None);
    }
    let parts: Vec<String> = local
        .split(['.', '_', '-'])
        .filter(|part| !part.is_empty())
        .map(capitalized)
        .collect();
    match parts.as_slice() {
        [] => (None, None),
        [first] => (Some(first.clone()), None),
        [first, rest @ ..] => (Some(first.clone()), Some(rest.join(" "))),
    }
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect()
    })
}

fn without_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| match c {
            '(' => {
                depth += 1;
                false
            }
            ')' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The message's own lines, trimmed, up to where quoted history starts.
/// The sender's own lines: quoted history (in any client's shape and language, `>` quotes
/// anywhere) is cut by the same rules as the model's input, so a bottom-posted reply's
/// signature below the quote is found and a quoted sender's never is.
fn own_lines(text: &str) -> Vec<&str> {
    unquoted_lines(text).into_iter().map(str::trim).collect()
}

fn is_closing(line: &str) -> bool {
    if line == "--" || line == "-- " {
        return true;
    }
    let normalized = line.trim_end_matches([',', '!', '.', ' ']).to_lowercase();
    line.chars().count() <= 30 && (normalized == "--" || CLOSINGS.contains(&normalized.as_str()))
}

fn is_disclaimer(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.chars().count() > 150 || DISCLAIMER_WORDS.iter().any(|w| lower.contains(w))
}

/// Lines that are in signatures but say nothing the prefill uses.
fn is_noise(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.starts_with("[cid:")
        || lower.starts_with("sent from my")
        || lower.starts_with("get outlook for")
}

fn is_contact_detail(line: &str) -> bool {
    let lower = line.to_lowercase();
    line.contains('@') || lower.contains("http") || lower.starts_with("www.")
}

/// The signature's lines: after the last closing, else the last block if it looks like one.
fn signature_block<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    if let Some(closing) = lines.iter().rposition(|line| is_closing(line)) {
        let block: Vec<&str> = lines[closing + 1..]
            .iter()
            .take_while(|line| !is_disclaimer(line))
            .filter(|line| !line.is_empty() && !is_noise(line))
            .take(MAX_SIGNATURE_LINES)
            .copied()
            .collect();
        if !block.is_empty() {
            return block;
        }
    }
    // The last block of lines before the disclaimer (and blank lines) at the end.
    let mut end = lines.len();
    while end > 0 && (lines[end - 1].is_empty() || is_disclaimer(lines[end - 1])) {
        end -= 1;
    }
    let start = lines[..end]
        .iter()
        .rposition(|line| line.is_empty())
        .map_or(0, |blank| blank + 1);
    let block: Vec<&str> = lines[start..end]
        .iter()
        .filter(|line| !is_noise(line))
        .copied()
        .collect();
    let looks_like_signature = (2..=6).contains(&block.len())
        && block
            .iter()
            .any(|line| find_phone(line).is_some() || line.contains('|'));
    if looks_like_signature {
        block
    } else {
        Vec::new()
    }
}

/// The byte range of the first phone number in `line`: 7 to 15 digits with the usual
/// separators, starting with `+`, `(` or a digit; dates are not phones.
pub fn find_phone(line: &str) -> Option<(usize, usize)> {
    let allowed = |c: char| c.is_ascii_digit() || " -.()/\u{a0}".contains(c);
    let mut search = 0;
    while search < line.len() {
        let rest = &line[search..];
        let offset = rest.find(|c: char| c == '+' || c == '(' || c.is_ascii_digit())?;
        let start = search + offset;
        let preceded_by_word = line[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let mut end = start + 1;
        for c in line[start + 1..].chars() {
            if !allowed(c) {
                break;
            }
            end += c.len_utf8();
        }
        let run = line[start..end].trim_end_matches(|c: char| !c.is_ascii_digit() && c != ')');
        let end = start + run.len();
        let digits = run.chars().filter(char::is_ascii_digit).count();
        let formatted =
            run.starts_with('+') || run.starts_with('(') || run.contains([' ', '-', '.', '\u{a0}']);
        if !preceded_by_word && (7..=15).contains(&digits) && formatted && !is_date(run) {
            return Some((start, end));
        }
        search = end.max(start + 1);
    }
    None
}

fn is_date(run: &str) -> bool {
    let groups: Vec<&str> = run.split(['-', '/', '.']).collect();
    groups.len() == 3
        && groups
            .iter()
            .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
}

fn strip_phone_labels(text: &str) -> String {
    text.split_whitespace()
        .filter(|word| !PHONE_LABELS.contains(&word.to_lowercase().as_str()))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches(|c: char| c == '|' || c == ',' || c.is_whitespace())
        .to_owned()
}

fn is_sender_name(line: &str, sender_name: Option<&str>) -> bool {
    let Some(sender) = sender_name else {
        return false;
    };
    let line = line.trim_start_matches(['-', '–', '—', ' ']).to_lowercase();
    let sender = sender.to_lowercase();
    let words: Vec<&str> = sender.split_whitespace().collect();
    !line.is_empty()
        && (line == sender || line.split_whitespace().all(|word| words.contains(&word)))
}

fn looks_like_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (1..=4).contains(&words.len())
        && line.chars().count() <= 40
        && words.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '.')
        })
}

/// A line cut into its title and company parts.
fn parts(line: &str) -> Vec<&str> {
    for separator in SEPARATORS {
        if line.contains(separator) {
            return line.split(separator).map(str::trim).collect();
        }
    }
    match line.split_once(", ") {
        Some((a, b)) => vec![a.trim(), b.trim()],
        None => vec![line],
    }
}

/// The letters and digits of the registrable label of a domain: `adventure-works.com` →
/// `adventureworks`, `mail.contoso.co.uk` → `contoso`.
fn domain_label(domain: &str) -> String {
    let labels: Vec<&str> = domain.split('.').collect();
    let label = match labels.as_slice() {
        [.., name, sld, _tld] if ["co", "com", "org", "net", "ac", "gov"].contains(sld) => name,
        [.., name, _tld] => name,
        [only] => only,
        [] => "",
    };
    compact(label)
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn resembles_company(part: &str, label: &str) -> bool {
    let part = compact(part);
    label.len() >= 3 && (part.contains(label) || (part.len() >= 4 && label.contains(&part)))
}

fn assign(signature: &mut Signature, part: &str, label: &str) {
    let part = part
        .trim_matches(|c: char| c == ',' || c == '|' || c.is_whitespace())
        .trim();
    if part.is_empty() || part.chars().count() > 80 {
        return;
    }
    if resembles_company(part, label) {
        if signature.company.is_none() {
            signature.company = Some(part.to_owned());
        }
    } else if signature.title.is_none() {
        signature.title = Some(part.to_owned());
    } else if signature.company.is_none() {
        signature.company = Some(part.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn sig(name: &str, title: &str, company: &str, phone: &str) -> Signature {
        let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        Signature {
            name: some(name),
            title: some(title),
            company: some(company),
            phone: some(phone),
        }
    }

    #[test]
    fn a_closing_then_name_title_company_and_phone() {
        let text = "Hello,\r\n\r\nCould someone tell me about pricing?\r\n\r\nThanks,\r\n\
                    Noah Fischer\r\nOwner, Wingtip Toys\r\n+1 415 555 0196";
        assert_eq!(
            parse(text, Some("Noah Fischer"), Some("wingtiptoys.com")),
            sig("Noah Fischer", "Owner", "Wingtip Toys", "+1 415 555 0196")
        );
    }

    #[test]
    fn a_signed_reply_with_a_disclaimer_and_a_logo() {
        let text = "Hi Megan,\n\nWithout both we can't move forward.\n\nRegards,\nMarcus\n\n\
                    Marcus Chen\nDirector of IT Security | Fabrikam Inc\n+1 312 555 0163\n\
                    [cid:image001.png@01DB5A7C.3E2F1B40]\n\nThis email and any attachments are \
                    confidential and intended solely for the addressee.";
        assert_eq!(
            parse(text, Some("Marcus Chen"), Some("fabrikam.com")),
            sig(
                "Marcus Chen",
                "Director of IT Security",
                "Fabrikam Inc",
                "+1 312 555 0163"
            )
        );
    }

    #[test]
    fn without_a_closing_the_last_block_before_the_disclaimer_is_taken() {
        let text = "Great, thanks.\n\nPlease come prepared.\n\nMarcus\n\nMarcus Chen\n\
                    Director of IT Security | Fabrikam Inc\n+1 312 555 0163\n\n\
                    This email is confidential.";
        let parsed = parse(text, Some("Marcus Chen"), Some("fabrikam.com"));
        assert_eq!(parsed.title.as_deref(), Some("Director of IT Security"));
        assert_eq!(parsed.company.as_deref(), Some("Fabrikam Inc"));
        assert_eq!(parsed.phone.as_deref(), Some("+1 312 555 0163"));
    }

    #[test]
    fn an_earlier_senders_signature_in_the_quoted_history_is_never_taken() {
        for text in [
            "Sounds good.\n\nThanks\n\nOn Mon, Nov 23, 2026 at 2:10 PM Luca <l@a.com> wrote:\n\
             > Best,\n> Luca Moretti\n> General Manager | Alpine Ski House\n> +1 970 555 0134",
            "Sounds good.\n\n-----Original Message-----\nFrom: Luca <l@a.com>\n\nBest,\n\
             Luca Moretti\nGeneral Manager | Alpine Ski House\n+1 970 555 0134",
        ] {
            assert_eq!(
                parse(text, Some("Noah Fischer"), Some("wingtiptoys.com")),
                Signature::default(),
                "{text}"
            );
        }
    }

    #[test]
    fn a_bottom_posted_reply_and_a_foreign_header_block_keep_the_senders_own_signature() {
        let bottom = "Am 03.03.26 um 10:00 schrieb Luca Moretti:\n> Best,\n> Luca Moretti\n\
                      > General Manager | Alpine Ski House\n> +1 970 555 0134\n\nYes, we can.\n\n\
                      Best,\nNoah Fischer\nHead of Purchasing | Wingtip Toys\n+1 206 555 0100";
        let top = "Yes, we can.\n\nBest,\nNoah Fischer\nHead of Purchasing | Wingtip Toys\n\
                   +1 206 555 0100\n\nVon: Luca Moretti <l@a.com>\nGesendet: Dienstag, 3. März 2026\n\
                   Betreff: Angebot\n\nBest,\nLuca Moretti\nGeneral Manager | Alpine Ski House";
        for text in [bottom, top] {
            let parsed = parse(text, Some("Noah Fischer"), Some("wingtiptoys.com"));
            assert_eq!(
                parsed.title.as_deref(),
                Some("Head of Purchasing"),
                "{text}"
            );
            assert_eq!(parsed.company.as_deref(), Some("Wingtip Toys"), "{text}");
            assert_eq!(parsed.phone.as_deref(), Some("+1 206 555 0100"), "{text}");
        }
    }

    #[test]
    fn the_company_is_recognised_by_the_domain_whatever_the_order() {
        let text = "Best regards,\nJane Doe\nLitware Inc | Chief Technology Officer\n\
                    Mobile: +49 (0)171 555-0100\nwww.litware.com";
        assert_eq!(
            parse(text, Some("Jane Doe"), Some("litware.com")),
            sig(
                "Jane Doe",
                "Chief Technology Officer",
                "Litware Inc",
                "+49 (0)171 555-0100"
            )
        );
    }

    #[test]
    fn a_dash_dash_delimiter_starts_a_signature_and_sent_from_lines_are_ignored() {
        let text = "See you then.\n-- \nOlivia Grant\nPurchasing Director\nRelecloud\n\
                    Tel. 020 7946 0321\nSent from my iPhone";
        assert_eq!(
            parse(text, None, Some("relecloud.com")),
            sig(
                "Olivia Grant",
                "Purchasing Director",
                "Relecloud",
                "020 7946 0321"
            )
        );
    }

    #[test]
    fn a_body_without_a_signature_gives_nothing() {
        let text = "Can we meet on 2026-12-04 at 10:00?\n\nThe order total is 1200000.";
        assert_eq!(parse(text, Some("Luca"), None), Signature::default());
        assert_eq!(parse("", None, None), Signature::default());
    }

    #[rstest]
    #[case("+1 415 555 0196", Some("+1 415 555 0196"))]
    #[case("T: (206) 555-0142 ext. 12", Some("(206) 555-0142"))]
    #[case("call 020 7946 0321 today", Some("020 7946 0321"))]
    #[case("+44 20 7946 0321 | M: +44 7700 900123", Some("+44 20 7946 0321"))]
    #[case("2026-11-26", None)]
    #[case("order 1200000", None)]
    #[case("ISO 27001", None)]
    #[case("v2.3.4", None)]
    fn phones_are_found_and_dates_are_not(#[case] line: &str, #[case] phone: Option<&str>) {
        assert_eq!(find_phone(line).map(|(s, e)| &line[s..e]), phone);
    }

    #[rstest]
    #[case(
        Some("Noah Fischer"),
        "noah@wingtiptoys.com",
        Some("Noah"),
        Some("Fischer")
    )]
    #[case(Some("Fischer, Noah"), "x@y.com", Some("Noah"), Some("Fischer"))]
    #[case(
        Some("Ludwig van Beethoven"),
        "x@y.com",
        Some("Ludwig"),
        Some("van Beethoven")
    )]
    #[case(Some("\"Noah\" (Wingtip)"), "x@y.com", Some("Noah"), None)]
    #[case(None, "priya.raman@contoso.com", Some("Priya"), Some("Raman"))]
    #[case(None, "noah@wingtiptoys.com", Some("Noah"), None)]
    #[case(None, "sales2026@x.com", None, None)]
    fn names_split_from_the_display_name_or_the_address(
        #[case] display: Option<&str>,
        #[case] address: &str,
        #[case] first: Option<&str>,
        #[case] last: Option<&str>,
    ) {
        assert_eq!(
            split_name(display, address),
            (first.map(Into::into), last.map(Into::into))
        );
    }
}
