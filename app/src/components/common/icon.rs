//! Icons for record kinds and actions: Fluent UI System Icons (MIT; `@fluentui/svg-icons`
//! 1.1.343, vendored unchanged with their licence in `public/assets/icons/`), served from the
//! pane's own origin. Each is a CSS mask over the text colour, so it follows every theme and
//! Windows' forced colours; icons are decoration (`aria-hidden`): the words beside them carry
//! the meaning.

use leptos::prelude::*;

/// The icons the pane uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconName {
    Contact,
    Account,
    Opportunity,
    Save,
    Edit,
    Retry,
    Copy,
    ThumbUp,
    ThumbDown,
    Ai,
    Search,
    Calendar,
    Mail,
    Task,
    Note,
}

impl IconName {
    /// Every icon (the test checks each is vendored).
    #[cfg(test)]
    pub const ALL: [IconName; 15] = [
        Self::Contact,
        Self::Account,
        Self::Opportunity,
        Self::Save,
        Self::Edit,
        Self::Retry,
        Self::Copy,
        Self::ThumbUp,
        Self::ThumbDown,
        Self::Ai,
        Self::Search,
        Self::Calendar,
        Self::Mail,
        Self::Task,
        Self::Note,
    ];

    /// The file under `/assets/icons/`, named as in the icon set.
    pub fn file(self) -> &'static str {
        match self {
            Self::Contact => "person_20_regular.svg",
            Self::Account => "building_20_regular.svg",
            Self::Opportunity => "money_20_regular.svg",
            Self::Save => "save_20_regular.svg",
            Self::Edit => "edit_20_regular.svg",
            Self::Retry => "arrow_clockwise_20_regular.svg",
            Self::Copy => "copy_20_regular.svg",
            Self::ThumbUp => "thumb_like_20_regular.svg",
            Self::ThumbDown => "thumb_dislike_20_regular.svg",
            Self::Ai => "sparkle_20_regular.svg",
            Self::Search => "search_20_regular.svg",
            Self::Calendar => "calendar_20_regular.svg",
            Self::Mail => "mail_20_regular.svg",
            Self::Task => "task_list_square_ltr_20_regular.svg",
            Self::Note => "note_20_regular.svg",
        }
    }
}

/// An icon, decoration only.
#[component]
pub fn Icon(name: IconName) -> impl IntoView {
    view! {
        <span
            class="icon"
            aria-hidden="true"
            data-icon=name.file()
            style=format!("--icon: url(/assets/icons/{})", name.file())
        ></span>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_icon_is_vendored_with_its_licence() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../public/assets/icons");
        for icon in IconName::ALL {
            let svg = std::fs::read_to_string(format!("{dir}/{}", icon.file()))
                .unwrap_or_else(|e| panic!("{icon:?}: {e}"));
            assert!(
                svg.starts_with("<svg") && svg.contains("viewBox"),
                "{icon:?}"
            );
        }
        let licence = std::fs::read_to_string(format!("{dir}/LICENSE")).unwrap();
        assert!(licence.contains("MIT License") && licence.contains("@fluentui/svg-icons"));
    }
}
