//! A message's own words: its text with the quoted history, the signature block, the legal
//! disclaimer and device taglines cut off. The history is found by general rules in
//! [`quoted`] (localized header blocks, attribution lines, separators and rules, `>` quote
//! levels that keep top-, bottom- and inline-posted words); the signature by sign-offs (in the
//! languages of [`CLOSINGS`]), `-- ` separators and short name/title/phone blocks; disclaimers
//! by their legal phrases. Tested below and on the reply corpus in
//! `worker/tests/fixtures/replies/` (`worker/tests/it/reply_corpus.rs`).

mod locale;
mod quoted;

use locale::{TAGLINE_ENDS, TAGLINE_STARTS};

/// Sign-offs after which only the signature follows (lowercased, trailing `,!.` removed): the
/// one list, also used to find the sender's signature for the "Add contact" prefill
/// ([`super::signature`]).
pub(crate) const CLOSINGS: &[&str] = &[
    "best",
    "best regards",
    "kind regards",
    "warm regards",
    "warmest regards",
    "regards",
    "many thanks",
    "thanks",
    "thanks again",
    "thanks so much",
    "thank you",
    "cheers",
    "sincerely",
    "yours sincerely",
    "all the best",
    "best wishes",
    "with best regards",
    "respectfully",
    "talk soon",
    // de, fr, es, it, nl, ru, pt, pl, sv
    "viele grüße",
    "beste grüße",
    "mit freundlichen grüßen",
    "freundliche grüße",
    "liebe grüße",
    "lg",
    "vg",
    "gruß",
    "grüße",
    "cordialement",
    "bien cordialement",
    "bien à vous",
    "merci",
    "saludos",
    "un saludo",
    "saludos cordiales",
    "atentamente",
    "gracias",
    "cordiali saluti",
    "saluti",
    "grazie",
    "distinti saluti",
    "met vriendelijke groet",
    "met vriendelijke groeten",
    "groeten",
    "groet",
    "с уважением",
    "спасибо",
    "всего доброго",
    "atenciosamente",
    "abraços",
    "obrigado",
    "obrigada",
    "cumprimentos",
    "pozdrawiam",
    "z poważaniem",
    "dziękuję",
    "med vänliga hälsningar",
    "vänliga hälsningar",
    "hälsningar",
    "mvh",
    "tack",
];
/// Phrases of legal footers; a trailing paragraph with two of them is a disclaimer.
const DISCLAIMER_PHRASES: &[&str] = &[
    "confidential",
    "intended recipient",
    "intended solely",
    "disclaimer",
    "privileged",
    "notify the sender",
    "received it in error",
    "received this email in error",
    "delete this message",
    "delete it",
    "accepts no liability",
    "legally",
];
/// A device tagline is short.
const MAX_TAGLINE_CHARS: usize = 80;
/// Words of a device tagline, its link aside ("Sent from Yahoo Mail for iPhone").
const MAX_TAGLINE_WORDS: usize = 10;
/// Lines a signature block may have after its sign-off.
const MAX_SIGNATURE_LINES: usize = 6;

/// The lines of `text` that are not quoted history (signature and disclaimer still there):
/// the same cut the model's input gets, for the "Add contact" signature prefill.
pub(crate) fn unquoted_lines(text: &str) -> Vec<&str> {
    let all: Vec<&str> = text.lines().collect();
    quoted::unquoted(&all)
}

/// The message's own words from its text (`sender_name` helps spot an unsigned-off signature).
pub fn own_words(text: &str, sender_name: &str) -> String {
    let all: Vec<&str> = text.lines().collect();
    // Device taglines go first wherever they stand: iOS puts "Sent from my iPhone" between the
    // reply and the quote, so it would otherwise hide the signature above it.
    let lines: Vec<&str> = quoted::unquoted(&all)
        .into_iter()
        .filter(|line| !is_device_tagline(line) && !is_inline_image_placeholder(line))
        .collect();
    let mut end = without_trailing_disclaimer(&lines);
    end = without_signature(&lines[..end], sender_name);
    super::html::tidy(&lines[..end].join("\n"))
}

/// The end of `lines` without trailing disclaimer paragraphs.
fn without_trailing_disclaimer(lines: &[&str]) -> usize {
    let mut end = trim_blank_end(lines, lines.len());
    loop {
        let start = paragraph_start(lines, end);
        let paragraph = lines[start..end].join(" ").to_lowercase();
        let hits = DISCLAIMER_PHRASES
            .iter()
            .filter(|phrase| paragraph.contains(*phrase))
            .count();
        if start == 0 || hits < 2 {
            return end;
        }
        end = trim_blank_end(lines, start);
    }
}

/// The end of `lines` without the signature: after the last sign-off within the final lines,
/// or a final short block that starts with the sender's name or holds a phone number or a
/// `Title | Company` line, or after a `-- ` separator.
fn without_signature(lines: &[&str], sender_name: &str) -> usize {
    let end = trim_blank_end(lines, lines.len());
    if let Some(dashes) = lines[..end].iter().rposition(|l| l.trim_end() == "--")
        && end - dashes <= MAX_SIGNATURE_LINES + 1
    {
        return trim_blank_end(lines, dashes);
    }
    let window_start = end.saturating_sub(MAX_SIGNATURE_LINES + 1);
    if let Some(closing) = (window_start..end).rev().find(|&i| is_closing(lines[i])) {
        return trim_blank_end(lines, closing);
    }
    let start = paragraph_start(lines, end);
    let block = &lines[start..end];
    let first_is_name = !sender_name.trim().is_empty()
        && block
            .first()
            .is_some_and(|l| l.trim().eq_ignore_ascii_case(sender_name.trim()));
    let looks_like_signature = block.len() <= MAX_SIGNATURE_LINES
        && start > 0
        && (first_is_name || block.iter().any(|l| has_phone(l) || l.contains(" | ")));
    if looks_like_signature {
        trim_blank_end(lines, start)
    } else {
        end
    }
}

/// A mobile or webmail client's tagline, standing alone on its line: "Sent from my iPhone",
/// "Get Outlook for iOS", "Von meinem iPhone gesendet", "Sent with Sparrow (http://…)". A
/// sentence that merely starts the same way ("Sent from my desk, I can confirm …") is not one:
/// a tagline is a few words with no clause after them.
fn is_device_tagline(line: &str) -> bool {
    let t = line.trim();
    if t.chars().count() > MAX_TAGLINE_CHARS {
        return false;
    }
    let lower = t.to_lowercase();
    let marked = TAGLINE_STARTS.iter().any(|start| lower.starts_with(start))
        || TAGLINE_ENDS.iter().any(|end| lower.ends_with(end));
    if !marked {
        return false;
    }
    // Drop a trailing link ("(http://sparrowmailapp.com/?sig)") and a final full stop.
    let words = lower
        .split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("(www") && !w.starts_with("www."))
        .collect::<Vec<_>>()
        .join(" ");
    let words = words.trim_end_matches(['.', '!']);
    let excuse = ["excuse", "brevity", "typos", "pardon"]
        .iter()
        .any(|w| words.contains(w));
    words.split_whitespace().count() <= MAX_TAGLINE_WORDS
        && (excuse || !words.contains([',', ';', ':', '.', '?', '!']))
}

fn is_closing(line: &str) -> bool {
    let t = line.trim().trim_end_matches([',', '!', '.']).to_lowercase();
    CLOSINGS.contains(&t.as_str())
}

fn has_phone(line: &str) -> bool {
    let digits = line.chars().filter(char::is_ascii_digit).count();
    let other = line
        .chars()
        .filter(|c| !c.is_ascii_digit() && !" +-().".contains(*c))
        .count();
    digits >= 7 && other <= 12
}

fn is_inline_image_placeholder(line: &str) -> bool {
    let t = line.trim();
    t.starts_with("[cid:") && t.ends_with(']')
}

fn paragraph_start(lines: &[&str], end: usize) -> usize {
    lines[..end]
        .iter()
        .rposition(|l| l.trim().is_empty())
        .map_or(0, |blank| blank + 1)
}

fn trim_blank_end(lines: &[&str], mut end: usize) -> usize {
    while end > 0 && lines[end - 1].trim().is_empty() {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlook_history_signature_and_disclaimer_are_cut() {
        let text = "Hi Megan,\n\nWe can sign by March 15 if the price holds.\n\nBest regards,\nPriya\n\nPriya Raman\nVP of Operations | Contoso Ltd\n+1 206 555 0142\n\nThis email and any attachments are confidential and may contain privileged information. If you are not the intended recipient, notify the sender and delete it.\n\n________________________________\nFrom: Megan Bowen <meganb@northwind.example>\nSent: Monday, March 2, 2026 9:00 AM\nTo: Priya Raman <priya.raman@contoso.com>\nSubject: RE: Renewal\n\nEarlier words.";
        assert_eq!(
            own_words(text, "Priya Raman"),
            "Hi Megan,\n\nWe can sign by March 15 if the price holds."
        );
    }

    #[test]
    fn gmail_on_wrote_and_angle_quotes_are_cut() {
        let text = "Sounds good, Thursday works.\n\nOn Tue, Mar 3, 2026 at 10:00 AM Megan Bowen <m@n.example>\nwrote:\n> Does Thursday work?\n> Megan";
        assert_eq!(own_words(text, "Sofia"), "Sounds good, Thursday works.");
        let text = "Agreed.\n\n> Can we do 12%?\n> Thanks";
        assert_eq!(own_words(text, ""), "Agreed.");
    }

    #[test]
    fn a_signature_without_sign_off_is_cut_when_it_looks_like_one() {
        let text = "Please send the SOC 2 report.\n\nMarcus Chen\nDirector of IT Security | Fabrikam Inc\n+1 312 555 0163";
        assert_eq!(
            own_words(text, "Marcus Chen"),
            "Please send the SOC 2 report."
        );
    }

    #[test]
    fn mobile_taglines_are_cut() {
        let text =
            "Approved. Please keep the three-year term firm.\nAlex\n\nSent from Outlook for iOS";
        assert_eq!(
            own_words(text, "Alex Wilber"),
            "Approved. Please keep the three-year term firm.\nAlex"
        );
    }

    #[test]
    fn bottom_posted_and_inline_words_are_kept_and_quotes_dropped() {
        let bottom = "On 3/3/26 10:00 AM, Megan Bowen wrote:\n> How many users?\n> Megan\n\n\
                      About 85 users.\n\nSent from my iPhone";
        assert_eq!(own_words(bottom, "Ravi Shah"), "About 85 users.");
        let inline = "> Which sites?\nLeeds and York.\n>> older quote\n> Start date?\nMay 4.";
        assert_eq!(own_words(inline, ""), "Leeds and York.\n\nMay 4.");
    }

    #[test]
    fn header_blocks_in_any_language_or_key_order_and_after_a_rule_are_cut() {
        for header in [
            "От: Megan\nОтправлено: 3 марта 2026 г.\nКому: Иван\nТема: Договор",
            "Von: Megan\nGesendet: Dienstag\nAn: Jonas\nBetreff: Angebot",
            "De : Megan\nEnvoyé : mardi\nÀ : Claire\nObjet : Contrat",
            "Da: Megan\nInviato: martedì\nA: Marco\nOggetto: Demo",
            "Van: Megan\nVerzonden: dinsdag\nAan: Daan\nOnderwerp: Offerte",
            "差出人: Megan\n送信日時: 2026年3月3日\n宛先: 山田\n件名: 見積",
            "Date: Tue, 3 Mar 2026\nFrom: Megan\nSubject: Terms",
            "Subject: Terms\nDate: Tue, 3 Mar 2026\nFrom: Megan",
            "---\nFrom: Megan\nSent: Tuesday",
        ] {
            let text = format!("Agreed, we sign Friday.\n\n{header}\n\nQuoted words.");
            assert_eq!(own_words(&text, ""), "Agreed, we sign Friday.", "{header}");
        }
        // A `To:`/`Subject:` pair alone is an instruction, not a header block.
        let own = "Send it as follows:\nTo: ap@x.example\nSubject: PO-1";
        assert_eq!(own_words(own, ""), own);
    }

    #[test]
    fn attributions_in_many_languages_and_wrapped_over_two_lines_are_cut() {
        for attribution in [
            "Am Di., 3. März 2026 um 10:00 Uhr schrieb Megan <m@x.example>:",
            "Le mar. 3 mars 2026 à 10:00, Megan <m@x.example> a écrit :",
            "El mar, 3 mar 2026 a las 10:00, Megan (<m@x.example>) escribió:",
            "Op di 3 mrt 2026 om 10:00 schreef Megan <m@x.example>:",
            "wt., 3 mar 2026 o 10:00 Megan <m@x.example> napisał(a):",
            "Megan <m@x.example> 于2026年3月3日周二 10:00写道：",
            "On Tue, Mar 3, 2026 at 10:00 AM Megan <m@x.example>\nwrote:",
        ] {
            let text = format!("Yes, Thursday.\n\n{attribution}\nQuoted words, unmarked.");
            assert_eq!(own_words(&text, ""), "Yes, Thursday.", "{attribution}");
        }
    }

    #[test]
    fn a_mailing_list_footer_after_an_underscore_rule_is_cut() {
        let text = "We use RabbitMQ.\n_______________________________________________\n\
                    wms-users mailing list\nwms-users@lists.example.org";
        assert_eq!(own_words(text, ""), "We use RabbitMQ.");
    }

    #[test]
    fn a_sentence_that_starts_like_a_device_tagline_is_kept() {
        let text = "The PO is approved.\nSent from my desk, I can confirm it.";
        assert_eq!(own_words(text, ""), text);
        let text = "The PO is approved.\n\nVon meinem iPhone gesendet";
        assert_eq!(own_words(text, ""), "The PO is approved.");
    }

    #[test]
    fn body_text_that_mentions_confidentiality_is_kept() {
        let text = "Our pricing is confidential, please keep it internal.\n\nThanks,\nDan";
        assert_eq!(
            own_words(text, "Daniel Brooks"),
            "Our pricing is confidential, please keep it internal."
        );
    }

    #[test]
    fn a_message_that_is_only_a_short_note_survives() {
        assert_eq!(own_words("Yes.", "A"), "Yes.");
        assert_eq!(own_words("", "A"), "");
    }
}
