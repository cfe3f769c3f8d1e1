//! [`Avatar`]: a person's initials in a circle (Fluent's avatar), coloured from their name so
//! the same person always gets the same colour. Decorative: the name beside it is what screen
//! readers read, so the avatar is hidden from them.

use leptos::prelude::*;

/// Fluent 2's avatar colours that keep white initials at AA contrast (4.5:1 or more).
const COLOURS: [&str; 8] = [
    "#0f6cbd", "#8a3707", "#0e700e", "#6b2fa6", "#a4262c", "#005b70", "#7a4d00", "#4f52b2",
];

/// Up to two initials: the first letters of the first and last word.
pub fn initials(name: &str) -> String {
    // An address stands in for a name: its local part is the person.
    let name = name.split('@').next().unwrap_or_default();
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '.' || c == '_')
        .filter(|w| w.chars().next().is_some_and(char::is_alphanumeric))
        .collect();
    let first = |w: &&str| w.chars().next().map(|c| c.to_uppercase().to_string());
    match words.as_slice() {
        [] => "?".into(),
        [one] => first(one).unwrap_or_default(),
        [one, .., last] => format!(
            "{}{}",
            first(one).unwrap_or_default(),
            first(last).unwrap_or_default()
        ),
    }
}

/// The colour of `name`'s avatar: a stable hash of the name picks one of [`COLOURS`].
pub fn colour(name: &str) -> &'static str {
    let hash = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    COLOURS[hash as usize % COLOURS.len()]
}

/// A person's avatar.
#[component]
pub fn Avatar(
    /// The person's name (or address, when the CRM has no name).
    #[prop(into)]
    name: Signal<String>,
) -> impl IntoView {
    view! {
        <span
            class="avatar"
            aria-hidden="true"
            data-testid="avatar"
            style=move || format!("--avatar: {}", colour(&name.get()))
        >
            {move || initials(&name.get())}
        </span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_the_first_and_last_words_first_letters() {
        assert_eq!(initials("Priya Raman"), "PR");
        assert_eq!(initials("Ana María de la Cruz"), "AC");
        assert_eq!(initials("megan"), "M");
        assert_eq!(initials("élodie.durand@contoso.fr"), "ÉD");
        assert_eq!(initials(""), "?");
    }

    #[test]
    fn a_name_keeps_its_colour() {
        assert_eq!(colour("Priya Raman"), colour("Priya Raman"));
        assert!(COLOURS.contains(&colour("Diego Siciliani")));
    }
}
