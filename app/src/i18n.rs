//! The pane's words in the seller's language: the message catalogues (`app/locales/*.ftl`,
//! Project Fluent syntax: plurals and selectors live in the catalogue, not in code; read by the
//! pane's own [`ftl`] reader), the choice of language, and the one way code asks for a
//! sentence, [`tr!`](crate::tr).
//!
//! The language is the host's (Outlook's `displayLanguage`, Teams' `app.locale`: the host shims
//! write it into `<html lang>` before they report the first item), else the preview's `?lang=`,
//! else the browser's preferred languages; English when none of them is one the pane speaks.
//! `<html lang>` always states the language the pane shows, so screen readers read it right.

mod ftl;

pub use ftl::{Arg, Args};
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
    /// Each catalogue's messages by id, indexed on first use (the pane is single-threaded).
    static INDEXES: RefCell<Vec<(Language, ftl::Index)>> = const { RefCell::new(Vec::new()) };
    /// The last `<html lang>` read and the language it negotiated to.
    static CURRENT: RefCell<(String, Language)> = const { RefCell::new((String::new(), Language::English)) };
}

/// The sentence `key` in `language` with `args`; English when the language lacks it, the key
/// itself when no catalogue has it (the catalogue test keeps that from shipping).
pub fn message_in(language: Language, key: &str, args: &Args) -> String {
    let formatted = |language: Language| -> Option<String> {
        INDEXES.with(|indexes| {
            let mut indexes = indexes.borrow_mut();
            if !indexes.iter().any(|(l, _)| *l == language) {
                indexes.push((language, ftl::index(language.catalogue()?)));
            }
            let (_, index) = indexes.iter().find(|(l, _)| *l == language)?;
            ftl::format(index, language, key, args)
        })
    };
    formatted(language)
        .or_else(|| formatted(Language::English))
        .unwrap_or_else(|| key.to_owned())
}

/// The sentence `key` in the pane's language. Use [`tr!`](crate::tr).
pub fn message(key: &str, args: &Args) -> String {
    message_in(current(), key, args)
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
        $crate::i18n::message($key, &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::message(
            $key,
            &[$( (stringify!($name), $crate::i18n::Arg::from($value)) ),+],
        )
    };
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

    /// The pane's reader ([`ftl`]) formats every message of every catalogue exactly as Project
    /// Fluent's reference implementation does: with every variable a number (each plural
    /// category and number key of the three languages), and with every variable text.
    #[test]
    fn every_message_reads_as_fluent_reads_it() {
        load_all();
        for language in Language::ALL {
            let source = language.catalogue().unwrap();
            let mut bundle =
                fluent_bundle::FluentBundle::new(vec![language.tag().parse().unwrap()]);
            bundle.set_use_isolating(false);
            bundle
                .add_resource(FluentResource::try_new(source.to_owned()).unwrap())
                .unwrap();
            let index = ftl::index(source);
            let messages = messages(language);
            assert_eq!(
                index.len(),
                messages.len(),
                "{}: messages indexed",
                language.tag()
            );
            for (id, variables) in &messages {
                let mut values: Vec<Arg> = [0i64, 1, 2, 3, 5, 11, 21, 100, 1_000_000]
                    .into_iter()
                    .map(Arg::Number)
                    .collect();
                values.push(Arg::from("Ada Lovelace"));
                for value in values {
                    let args: Vec<(&str, Arg)> = variables
                        .iter()
                        .map(|v| (v.as_str(), value.clone()))
                        .collect();
                    let mut fluent_args = fluent_bundle::FluentArgs::new();
                    for (name, arg) in &args {
                        match arg {
                            Arg::Number(n) => fluent_args.set(*name, *n),
                            Arg::Text(text) => fluent_args.set(*name, text.to_string()),
                        }
                    }
                    let pattern = bundle.get_message(id).unwrap().value().unwrap();
                    let mut errors = Vec::new();
                    let fluent = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                    assert!(errors.is_empty(), "{}: {id}: {errors:?}", language.tag());
                    let ours = ftl::format(&index, language, id, &args);
                    assert_eq!(
                        ours.as_deref(),
                        Some(fluent.as_ref()),
                        "{}: {id} with {value:?}",
                        language.tag()
                    );
                }
            }
        }
    }

    #[test]
    fn a_variable_not_passed_reads_as_fluent_writes_it() {
        let index = ftl::index("greet = Hello { $name }!\n");
        assert_eq!(
            ftl::format(&index, Language::English, "greet", &[]).as_deref(),
            Some("Hello {$name}!")
        );
    }

    #[test]
    fn plural_categories_follow_cldr() {
        use ftl::plural_category as category;
        assert_eq!(category(Language::English, 1), "one");
        assert_eq!(category(Language::English, 0), "other");
        assert_eq!(category(Language::German, -1), "one");
        assert_eq!(category(Language::French, 0), "one");
        assert_eq!(category(Language::French, 1), "one");
        assert_eq!(category(Language::French, 2), "other");
        assert_eq!(category(Language::French, 2_000_000), "many");
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
            message_in(Language::German, "retry", &[]),
            message_in(Language::English, "retry", &[])
        );
        load_all();
        assert_eq!(
            message_in(Language::German, "retry", &[]),
            "Erneut versuchen"
        );
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        load_all();
        let count = |language, n: u32| {
            message_in(
                language,
                "colleagues-not-looked-up",
                &[("count", Arg::from(n))],
            )
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
        assert_eq!(message_in(Language::German, &key, &[]), key);
    }
}
