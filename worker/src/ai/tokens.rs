//! A model-independent token estimate for budgeting prompts: BPE tokenizers spend about one
//! token per short word and one per ~4 characters of longer words, numbers and punctuation.
//! Deliberately a slight over-estimate, so a prompt that fits here fits the real tokenizer.

/// Approximate tokens of `text`.
pub fn estimate(text: &str) -> usize {
    text.split_whitespace()
        .map(|word| {
            let chars = word.chars().count();
            // Punctuation glued to a word ("March.", "(SSO)") is usually its own token.
            let punctuation = word.chars().filter(|c| c.is_ascii_punctuation()).count();
            // Common words up to ~5 letters are one token; longer ones about one per 4 more.
            1 + chars.saturating_sub(punctuation + 2) / 4 + punctuation.min(3)
        })
        .sum::<usize>()
        + text.lines().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_about_a_token_each() {
        assert_eq!(estimate(""), 0);
        let sentence = "We would like to start in March";
        let n = estimate(sentence);
        assert!((7..=10).contains(&n), "{n}");
    }

    #[test]
    fn long_words_cost_more() {
        assert!(estimate("internationalization") >= 5);
    }
}
