//! The pane's words in the seller's language: the message catalogues (`app/locales/*.ftl`,
//! Project Fluent syntax: plurals and selectors live in the catalogue, not in code), the choice
//! of language, and the one way code asks for a sentence, [`tr!`](crate::tr).
//!
//! The language is the host's (Outlook's `displayLanguage`, Teams' `app.locale`: the host shims
//! write it into `<html lang>` before they report the first item), else the preview's `?lang=`,
//! else the browser's preferred languages; English when none of them is one the pane speaks.
//! `<html lang>` always states the language the pane shows, so screen readers read it right.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;
use std::cell::RefCell;

/// A language the pane speaks completely (the catalogue test checks that every message exists
/// in each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    German,
    French,
}

impl Language {
    /// Every language the pane speaks, English (the fallback) first.
    pub const ALL: [Language; 3] = [Language::English, Language::German, Language::French];

    /// The BCP 47 primary language subtag (`en`, `de`, `fr`).
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::German => "de",
            Self::French => "fr",
        }
    }

    /// The language's name in English, as the AI prompts name the answer's language.
    pub fn english_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "German",
            Self::French => "French",
        }
    }

    /// The language's name in itself, as a language picker offers it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::English => "English",
            Self::German => "Deutsch",
            Self::French => "Français",
        }
    }

    /// The catalogue's source, when it is loaded: English is always; German and French each
    /// come in a wasm module of their own ([`load`]), so a pane in English does not download
    /// them (issue 16).
    fn catalogue(self) -> Option<&'static str> {
        match self {
            Self::English => Some(ENGLISH),
            other => LOADED.with(|loaded| {
                loaded
                    .borrow()
                    .iter()
                    .find(|(language, _)| *language == other)
                    .map(|(_, source)| *source)
            }),
        }
    }

    /// The first of `preferred` (BCP 47 tags, most preferred first: `de-AT`, `fr`, `en-us`)
    /// whose language the pane speaks; English when none.
    pub fn negotiate<'a>(preferred: impl IntoIterator<Item = &'a str>) -> Language {
        preferred
            .into_iter()
            .find_map(|tag| {
                let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
                Self::ALL.into_iter().find(|l| l.tag() == primary)
            })
            .unwrap_or(Language::English)
    }
}

const ENGLISH: &str = include_str!("../locales/en.ftl");
// Referenced only by their split functions (and the tests), so their text lands in those
// functions' modules, not in the main one.
const GERMAN: &str = include_str!("../locales/de.ftl");
const FRENCH: &str = include_str!("../locales/fr.ftl");

#[leptos::wasm_split::wasm_split(catalogue_de, wasm_split_path = ::leptos::wasm_split, fallible)]
fn german_catalogue() -> Result<&'static str, crate::error::AppError> {
    Ok(GERMAN)
}

#[leptos::wasm_split::wasm_split(catalogue_fr, wasm_split_path = ::leptos::wasm_split, fallible)]
fn french_catalogue() -> Result<&'static str, crate::error::AppError> {
    Ok(FRENCH)
}

/// Makes `language`'s catalogue available: at once for English or one already loaded, else
/// after its module is fetched. A failed fetch leaves the pane in English (every message
/// falls back to it), and a later call tries again.
pub async fn load(language: Language) {
    if language.catalogue().is_some() {
        return;
    }
    let source = match language {
        Language::English => Ok(ENGLISH),
        Language::German => german_catalogue().await,
        Language::French => french_catalogue().await,
    };
    if let Ok(source) = source {
        LOADED.with(|loaded| {
            let mut loaded = loaded.borrow_mut();
            if !loaded.iter().any(|(l, _)| *l == language) {
                loaded.push((language, source));
            }
        });
    }
}

/// Loads every catalogue at once, as the tests need them (natively the split functions are
/// plain calls, so nothing is fetched).
#[cfg(test)]
pub(crate) fn load_all() {
    for language in Language::ALL {
        futures::executor::block_on(load(language));
    }
}

thread_local! {
    /// The catalogues loaded besides English.
    static LOADED: RefCell<Vec<(Language, &'static str)>> = const { RefCell::new(Vec::new()) };
    /// One parsed bundle per language, built on first use (the pane is single-threaded).
    static BUNDLES: RefCell<Vec<(Language, FluentBundle<FluentResource>)>> = const { RefCell::new(Vec::new()) };
    /// The last `<html lang>` read and the language it negotiated to.
    static CURRENT: RefCell<(String, Language)> = const { RefCell::new((String::new(), Language::English)) };
}

/// The bundle of `language`, parsed from its catalogue; `None` while the catalogue is not
/// loaded. A catalogue that does not parse is a build error in practice: the catalogue test
/// parses all of them.
fn bundle(language: Language) -> Option<FluentBundle<FluentResource>> {
    let resource = FluentResource::try_new(language.catalogue()?.to_owned())
        .unwrap_or_else(|(resource, _)| resource);
    let id = language
        .tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new(vec![id]);
    // Unicode isolation marks would land in copied text and in tests' text matching; the pane
    // shows left-to-right languages only.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    Some(bundle)
}

/// The sentence `key` in `language` with `args`; English when the language lacks it, the key
/// itself when no catalogue has it (the catalogue test keeps that from shipping).
pub fn message_in(language: Language, key: &str, args: Option<&FluentArgs>) -> String {
    let formatted = |language: Language| -> Option<String> {
        BUNDLES.with(|bundles| {
            let mut bundles = bundles.borrow_mut();
            if !bundles.iter().any(|(l, _)| *l == language) {
                bundles.push((language, bundle(language)?));
            }
            let (_, bundle) = bundles.iter().find(|(l, _)| *l == language)?;
            let pattern = bundle.get_message(key)?.value()?;
            let mut errors = Vec::new();
            Some(
                bundle
                    .format_pattern(pattern, args, &mut errors)
                    .into_owned(),
            )
        })
    };
    formatted(language)
        .or_else(|| formatted(Language::English))
        .unwrap_or_else(|| key.to_owned())
}

/// The sentence `key` in the pane's language. Use [`tr!`](crate::tr).
pub fn message(key: &str, args: Option<&FluentArgs>) -> String {
    message_in(current(), key, args)
}

/// A message argument: text or a number (plural selection needs the number).
pub fn arg<'a>(value: impl Into<FluentValue<'a>>) -> FluentValue<'a> {
    value.into()
}

/// The language the pane shows now: `<html lang>`, as the host or [`adopt_language`] set it.
pub fn current() -> Language {
    let tag = html_lang();
    CURRENT.with(|current| {
        let mut current = current.borrow_mut();
        if current.0 != tag {
            *current = (tag.clone(), Language::negotiate([tag.as_str()]));
        }
        current.1
    })
}

thread_local! {
    /// The language the rendered pane speaks, as a signal: views rendered before a host said
    /// its language (the pane starts before Office.js or TeamsJS is ready) follow it through
    /// [`rendered_in`].
    static SHOWN: ArcRwSignal<Language> = ArcRwSignal::new(Language::English);
}

/// Subscribes the calling view to the pane's language and returns it: a view that calls this
/// in a reactive closure is rendered again, in the new language, when a host changes it.
pub fn rendered_in() -> Language {
    SHOWN.with(|shown| shown.get())
}

/// After a host shim may have written `<html lang>`: moves the views that follow
/// [`rendered_in`] to the language now current, when it changed, once its catalogue is
/// loaded (until then they stay in the language they show).
pub fn follow_document_language() {
    let now = current();
    let show = move || {
        SHOWN.with(|shown| {
            if shown.get_untracked() != now && current() == now {
                shown.set(now);
            }
        })
    };
    if now.catalogue().is_some() {
        show();
    } else {
        // Not Leptos' executor: this also runs before the pane is mounted (which starts it).
        #[cfg(target_family = "wasm")]
        wasm_bindgen_futures::spawn_local(async move {
            load(now).await;
            if now.catalogue().is_some() {
                show();
            }
        });
    }
}

/// The BCP 47 tag for the browser's number and date formatting: the host's full tag when it
/// is the pane's language (`de-AT` keeps Austria's formats), else the pane's language.
pub fn locale_tag() -> String {
    let tag = html_lang();
    let language = current();
    if Language::negotiate([tag.as_str()]) == language && !tag.is_empty() {
        tag
    } else {
        language.tag().to_owned()
    }
}

/// At start, before any host speaks: `?lang=` (the preview's explicit choice), else the
/// browser's preferred languages. Written into `<html lang>`, which a host shim overwrites
/// with the host's language once the host is ready.
pub fn adopt_language() {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(window) = web_sys::window() else {
            return;
        };
        let asked = window
            .location()
            .search()
            .ok()
            .and_then(|query| web_sys::UrlSearchParams::new_with_str(&query).ok())
            .and_then(|params| params.get("lang"));
        let browser: Vec<String> = window
            .navigator()
            .languages()
            .iter()
            .filter_map(|l| l.as_string())
            .collect();
        let preferred = asked.iter().chain(browser.iter()).map(String::as_str);
        let language = Language::negotiate(preferred);
        let tag = asked
            .iter()
            .chain(browser.iter())
            .find(|tag| Language::negotiate([tag.as_str()]) == language)
            .cloned()
            .unwrap_or_else(|| language.tag().to_owned());
        if let Some(root) = window.document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", &tag);
        }
    }
    follow_document_language();
}

#[cfg(target_arch = "wasm32")]
fn html_lang() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|root| root.get_attribute("lang"))
        .unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn html_lang() -> String {
    String::new()
}

/// A sentence from the catalogue in the pane's language:
/// `tr!("save-email")`, `tr!("colleagues-not-looked-up", count = 3)`.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::message($key, None)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = fluent_bundle::FluentArgs::new();
        $( args.set(stringify!($name), $crate::i18n::arg($value)); )+
        $crate::i18n::message($key, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_bundle::FluentResource;
    use std::collections::BTreeSet;

    /// Each catalogue's message ids, and the variables each message uses.
    fn messages(language: Language) -> Vec<(String, BTreeSet<String>)> {
        use fluent_syntax::ast;
        let source = match language {
            Language::English => ENGLISH,
            Language::German => GERMAN,
            Language::French => FRENCH,
        };
        let resource = match FluentResource::try_new(source.to_owned()) {
            Ok(resource) => resource,
            Err((_, errors)) => panic!("{} does not parse: {errors:?}", language.tag()),
        };
        let mut out = Vec::new();
        for entry in resource.entries() {
            if let ast::Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(pattern) = &message.value {
                    collect_variables(pattern, &mut variables);
                }
                out.push((message.id.name.to_owned(), variables));
            }
        }
        out
    }

    fn collect_variables(pattern: &fluent_syntax::ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        fn inline(expression: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            match expression {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.to_owned());
                }
                InlineExpression::FunctionReference { arguments, .. } => {
                    for argument in &arguments.positional {
                        inline(argument, out);
                    }
                }
                InlineExpression::Placeable { expression } => expr(expression, out),
                _ => {}
            }
        }
        fn expr(expression: &Expression<&str>, out: &mut BTreeSet<String>) {
            match expression {
                Expression::Inline(expression) => inline(expression, out),
                Expression::Select { selector, variants } => {
                    inline(selector, out);
                    for variant in variants {
                        collect_variables(&variant.value, out);
                    }
                }
            }
        }
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                expr(expression, out);
            }
        }
    }

    #[test]
    fn every_language_has_every_message_with_the_same_variables() {
        let english = messages(Language::English);
        assert!(
            english.len() > 100,
            "the English catalogue is the pane's words"
        );
        let ids: BTreeSet<_> = english.iter().map(|(id, _)| id.clone()).collect();
        assert_eq!(ids.len(), english.len(), "a message id is defined twice");
        for language in [Language::German, Language::French] {
            let other = messages(language);
            let other_ids: BTreeSet<_> = other.iter().map(|(id, _)| id.clone()).collect();
            let missing: Vec<_> = ids.difference(&other_ids).collect();
            let extra: Vec<_> = other_ids.difference(&ids).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", language.tag());
            assert!(extra.is_empty(), "{} has unknown {extra:?}", language.tag());
            for (id, variables) in &english {
                let (_, theirs) = other.iter().find(|(o, _)| o == id).unwrap();
                assert_eq!(
                    variables,
                    theirs,
                    "{}: {id} uses other variables",
                    language.tag()
                );
            }
        }
    }

    /// Every `tr!("…")` in the pane's source names a message of the English catalogue, and every
    /// message is used (a catalogue does not collect dead sentences).
    #[test]
    fn the_code_and_the_catalogue_name_the_same_messages() {
        let ids: BTreeSet<String> = messages(Language::English)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut used = BTreeSet::new();
        let mut stack = vec![std::path::PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src"
        ))];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                let code: String = source
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                // `tr!("key", …)`, and `message_in(language, "key", …)` where code picks the
                // language itself.
                let calls = code.match_indices("tr!(").map(|(at, _)| (at, at + 4));
                let direct = code.match_indices("message_in(").filter_map(|(at, _)| {
                    let comma = code[at..].find(',')?;
                    Some((at, at + comma + 1))
                });
                for (at, after) in calls.chain(direct).collect::<Vec<_>>() {
                    // `include_str!("…")` and other macros ending in `tr` are not messages.
                    let before = code[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let rest = code[after..].trim_start();
                    let key = rest.strip_prefix('"').and_then(|r| r.split('"').next());
                    // A message id; anything else (this test's own `"tr!("`) is not a call.
                    if let Some(key) = key.filter(|k| {
                        !k.is_empty()
                            && k.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    }) {
                        used.insert(key.to_owned());
                    }
                }
            }
        }
        let unknown: Vec<_> = used.difference(&ids).collect();
        assert!(
            unknown.is_empty(),
            "tr! names messages the catalogue lacks: {unknown:?}"
        );
        let unused: Vec<_> = ids.difference(&used).collect();
        assert!(
            unused.is_empty(),
            "the catalogue has messages no code uses: {unused:?}"
        );
    }

    /// The host shims adopt a host language only when the pane speaks it; their list is this one.
    #[test]
    fn the_host_shims_know_the_panes_languages() {
        let tags: Vec<String> = Language::ALL
            .iter()
            .map(|l| format!("\"{}\"", l.tag()))
            .collect();
        let list = format!("const PANE_LANGUAGES = [{}];", tags.join(", "));
        for shim in ["office_host.js", "teams_host.js"] {
            let source =
                std::fs::read_to_string(format!("{}/js/{shim}", env!("CARGO_MANIFEST_DIR")))
                    .unwrap();
            assert!(source.contains(&list), "{shim} lacks {list}");
            assert!(
                source.contains("adoptHostLanguage("),
                "{shim} does not adopt the host's language"
            );
        }
    }

    #[test]
    fn languages_are_negotiated_by_their_primary_subtag() {
        assert_eq!(Language::negotiate(["de-AT"]), Language::German);
        assert_eq!(Language::negotiate(["fr_CA", "en"]), Language::French);
        assert_eq!(Language::negotiate(["ja-JP", "fr-FR"]), Language::French);
        assert_eq!(Language::negotiate(["ja-JP"]), Language::English);
        assert_eq!(Language::negotiate(["EN-us"]), Language::English);
        assert_eq!(Language::negotiate([""]), Language::English);
    }

    #[test]
    fn a_language_whose_catalogue_is_not_loaded_yet_reads_in_english() {
        assert_eq!(
            message_in(Language::German, "retry", None),
            message_in(Language::English, "retry", None)
        );
        load_all();
        assert_eq!(
            message_in(Language::German, "retry", None),
            "Erneut versuchen"
        );
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        load_all();
        let count = |language, n: u32| {
            let mut args = FluentArgs::new();
            args.set("count", n);
            message_in(language, "colleagues-not-looked-up", Some(&args))
        };
        assert_eq!(count(Language::English, 1), "1 colleague not looked up.");
        assert_eq!(count(Language::English, 3), "3 colleagues not looked up.");
        assert_eq!(
            count(Language::German, 1),
            "1 Kollege nicht nachgeschlagen."
        );
        assert_eq!(
            count(Language::German, 2),
            "2 Kollegen nicht nachgeschlagen."
        );
        // French counts 0 and 1 as singular.
        assert_eq!(count(Language::French, 0), "0 collègue non recherché.");
        assert_eq!(count(Language::French, 2), "2 collègues non recherchés.");
    }

    #[test]
    fn a_missing_message_falls_back_to_english_then_to_its_key() {
        // Built at run time, so the catalogue test does not take it for a message the code uses.
        let key = ["no", "such", "message"].join("-");
        assert_eq!(message_in(Language::German, &key, None), key);
    }
}
