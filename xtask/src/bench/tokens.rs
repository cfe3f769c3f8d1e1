//! Token counts with the model family's real tokenizer: OpenAI's `o200k_base` BPE (GPT-4o,
//! o-series and gpt-5 models), embedded in `tiktoken-rs` (no download at run time). Bench-only:
//! the worker's wasm never links it.
//!
//! A chat prompt costs its messages' tokens plus the format's framing: 3 tokens per message
//! (role and delimiters) and 3 that prime the answer, as OpenAI's cookbook counts them
//! ("How to count tokens with tiktoken",
//! https://cookbook.openai.com/examples/how_to_count_tokens_with_tiktoken).

use tiktoken_rs::CoreBPE;

/// Framing tokens per message.
const PER_MESSAGE: usize = 3;
/// Tokens that prime the reply.
const REPLY_PRIMING: usize = 3;

/// The `o200k_base` tokenizer.
pub struct Tokenizer(CoreBPE);

impl Tokenizer {
    /// Loads the embedded `o200k_base` ranks.
    pub fn o200k() -> anyhow::Result<Self> {
        Ok(Self(tiktoken_rs::o200k_base()?))
    }

    /// Tokens of plain text.
    pub fn text(&self, text: &str) -> usize {
        self.0.encode_ordinary(text).len()
    }

    /// Tokens of a chat prompt of `(role, content)` messages, framing included.
    pub fn chat<'a>(&self, messages: impl IntoIterator<Item = (&'a str, &'a str)>) -> usize {
        messages
            .into_iter()
            .map(|(role, content)| PER_MESSAGE + self.text(role) + self.text(content))
            .sum::<usize>()
            + REPLY_PRIMING
    }
}

/// Precision and recall of a verifier against known truth, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Kept and faithful / kept.
    pub precision_pct: f64,
    /// Kept and faithful / faithful.
    pub recall_pct: f64,
}

/// Scores from the counts: `true_pos` kept faithful, `false_pos` kept unfaithful,
/// `false_neg` dropped faithful. An empty denominator scores 100 (nothing to get wrong).
pub fn scores(true_pos: u64, false_pos: u64, false_neg: u64) -> Scores {
    let pct = |num: u64, den: u64| {
        if den == 0 {
            100.0
        } else {
            100.0 * num as f64 / den as f64
        }
    };
    Scores {
        precision_pct: pct(true_pos, true_pos + false_pos),
        recall_pct: pct(true_pos, true_pos + false_neg),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn o200k_counts_known_strings() {
        let tokenizer = Tokenizer::o200k().unwrap();
        assert_eq!(tokenizer.text(""), 0);
        assert_eq!(tokenizer.text("hello world"), 2);
        // Far fewer tokens than characters for English, unlike a 4-chars heuristic on code.
        let text = "We renew the Contoso licence in May; please send the quote.";
        let n = tokenizer.text(text);
        assert!((10..=16).contains(&n), "{n}");
    }

    #[test]
    fn chat_framing_is_counted() {
        let tokenizer = Tokenizer::o200k().unwrap();
        let messages = [("system", "Be brief."), ("user", "hello world")];
        let bare: usize = messages
            .iter()
            .map(|(r, c)| tokenizer.text(r) + tokenizer.text(c))
            .sum();
        assert_eq!(
            tokenizer.chat(messages),
            bare + 2 * PER_MESSAGE + REPLY_PRIMING
        );
    }

    #[test]
    fn scores_compare_against_truth() {
        assert_eq!(
            scores(8, 2, 0),
            Scores {
                precision_pct: 80.0,
                recall_pct: 100.0
            }
        );
        assert_eq!(scores(6, 0, 2).recall_pct, 75.0);
        assert_eq!(scores(0, 0, 0).precision_pct, 100.0);
    }
}
