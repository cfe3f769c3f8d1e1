//! Thread preparation and citation verification on the sandbox's demo mailbox, read over
//! Graph exactly as the summary route reads it (HTML bodies, whole conversations): quoted
//! history, signatures and disclaimers are cut without losing a message's own words, the
//! 23-message negotiation fits the 4,000-token budget, and the sandbox model's citations verify.

use crate::support;
use crate::support::ReqwestTransport;
use crate::support::tenant::{MEGAN, graph_requests, megan_graph, model};
use closer_sandbox::Sandbox;
use closer_sandbox::graph::seed::{MAILBOXES, Thread};
use closer_worker::ai::answer_language::AnswerLanguage;
use closer_worker::ai::thread::{PreparedThread, prepare};
use closer_worker::ai::trackers::Trackers;
use closer_worker::graph::{GraphClient, Message};
use closer_worker::routes::ai::summary::{
    THREAD_BUDGET_TOKENS, context::CrmContext, summarize, thread_of,
};
use std::collections::BTreeMap;

const NEGOTIATION: &str = "Northwind Fulfillment Cloud – proposal for Contoso";

/// Every conversation of Megan's inbox, by seeded subject (without `RE: `).
async fn conversations(graph: &GraphClient<ReqwestTransport>) -> BTreeMap<String, Vec<Message>> {
    let mut found = BTreeMap::new();
    for message in graph.inbox(50).await.unwrap() {
        let subject = message.subject.trim_start_matches("RE: ").to_owned();
        if let std::collections::btree_map::Entry::Vacant(entry) = found.entry(subject) {
            entry.insert(thread_of(graph, &message.id, None).await.unwrap());
        }
    }
    found
}

fn seeded(subject: &str) -> &'static Thread {
    MAILBOXES[MEGAN]
        .threads
        .iter()
        .find(|t| t.subject == subject)
        .unwrap()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The longest paragraph a seeded message wrote itself (its substance, not a greeting).
fn substance(text: &str) -> String {
    text.split("\n\n")
        .map(flat)
        .max_by_key(|p| p.len())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_negotiation_fits_the_budget_with_every_message_and_nothing_quoted() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let graph = megan_graph(&sandbox);
    let all = conversations(&graph).await;
    let messages = &all[NEGOTIATION];
    assert_eq!(messages.len(), 23);
    let prepared = prepare(messages, 4_000);
    assert!(
        prepared.approx_tokens <= 4_000,
        "{}",
        prepared.approx_tokens
    );
    assert_eq!(
        (prepared.used, prepared.cut),
        (23, 0),
        "the whole negotiation fits once quoting, signatures and disclaimers are gone"
    );
    // Without preparation the same thread is several times the budget.
    let raw: usize = messages
        .iter()
        .map(|m| closer_worker::ai::tokens::estimate(&m.body.as_ref().unwrap().content))
        .sum();
    assert!(raw > 4 * prepared.approx_tokens, "raw {raw}");
    eprintln!(
        "negotiation: {} tokens prepared ({} characters / 4), {raw} raw",
        prepared.approx_tokens,
        prepared.prompt.chars().count() / 4
    );
    // A tighter budget keeps the newest messages and says how many older ones were cut.
    let tight = prepare(messages, 1_200);
    assert!(tight.cut > 0 && tight.used + tight.cut == 23);
    assert_eq!(tight.sources.last().unwrap().id, messages[22].id);
    assert!(
        tight
            .prompt
            .contains(&format!("({} older messages were left out.)", tight.cut))
    );
}

#[tokio::test]
async fn every_demo_message_keeps_its_words_and_loses_history_signature_and_disclaimer() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let graph = megan_graph(&sandbox);
    let all = conversations(&graph).await;
    assert!(all.len() >= 10, "{}", all.len());
    for (subject, messages) in &all {
        let thread = seeded(subject);
        let prepared = prepare(messages, 100_000);
        assert_eq!(prepared.cut, 0);
        assert_eq!(prepared.sources.len(), thread.mails.len(), "{subject}");
        for (source, mail) in prepared.sources.iter().zip(thread.mails) {
            let text = flat(&source.text);
            let own = substance(mail.text).replace('<', "‹").replace('>', "›");
            assert!(text.contains(&own), "{subject}: lost {own:?} from {text:?}");
            assert_eq!(source.sender_address, mail.from.email);
            for quoted in [
                "-----Original Message-----",
                "wrote:",
                "From: ",
                "Sent: ",
                "Subject: ",
                "________",
                "[cid:",
                "Sent from Outlook",
            ] {
                assert!(!text.contains(quoted), "{subject}: {quoted:?} in {text:?}");
            }
            let signature = format!("{} | {}", mail.from.title, mail.from.company);
            assert!(
                !text.contains(&signature),
                "{subject}: signature in {text:?}"
            );
            assert!(
                !text.contains(mail.from.phone),
                "{subject}: phone in {text:?}"
            );
            for disclaimer in ["intended recipient", "accepts no liability", "Member FDIC"] {
                assert!(
                    !text.contains(disclaimer),
                    "{subject}: disclaimer in {text:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn hidden_html_never_reaches_the_prompt_but_visible_text_does() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let graph = megan_graph(&sandbox);
    let all = conversations(&graph).await;
    let prepared: PreparedThread =
        prepare(&all[closer_sandbox::graph::seed::injection::SUBJECT], 4_000);
    assert!(!prepared.prompt.contains("HIDDEN-"), "{}", prepared.prompt);
    assert!(
        prepared
            .prompt
            .contains("Returns module live by January 10.")
    );
    assert!(
        prepared
            .prompt
            .contains("‹script›alert('xss-in-email')‹/script›"),
        "markup in the text stays text, defused: {}",
        prepared.prompt
    );
}

#[tokio::test]
async fn the_sandbox_models_citations_over_the_demo_threads_all_verify() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let graph = megan_graph(&sandbox);
    let model = model(&sandbox, ReqwestTransport::default());
    let trackers = Trackers::from_config(None).unwrap();
    let all = conversations(&graph).await;
    let (mut kept, mut dropped) = (0, 0);
    for (subject, messages) in &all {
        let prepared = prepare(messages, THREAD_BUDGET_TOKENS);
        let summary = summarize(
            &model,
            &prepared,
            &CrmContext::default(),
            &trackers,
            AnswerLanguage::English,
        )
        .await
        .unwrap();
        assert!(!summary.points.is_empty(), "{subject}");
        kept += summary
            .points
            .iter()
            .map(|p| p.citations.len())
            .sum::<usize>();
        dropped += summary.citations_dropped;
        for citation in summary.points.iter().flat_map(|p| &p.citations) {
            let source = messages.iter().find(|m| m.id == citation.message_id);
            assert!(
                source.is_some(),
                "{subject}: cites a Graph id of the thread"
            );
        }
    }
    assert!(kept > 10);
    assert_eq!(dropped, 0);
}

/// The sandbox model in its imperfect mode paraphrases every 3rd citation, misattributes every
/// 5th and invents every 7th, and says which; the verifier must keep exactly the faithful ones.
#[tokio::test]
async fn the_verifier_keeps_exactly_the_faithful_quotes_of_an_imperfect_model() {
    let sandbox = Sandbox::start(0).await.unwrap();
    support::tenant::control(
        &sandbox,
        "llm/mode",
        serde_json::json!({ "imperfect_citations": true }),
    )
    .await;
    let graph = megan_graph(&sandbox);
    let model = model(&sandbox, ReqwestTransport::default());
    let trackers = Trackers::from_config(None).unwrap();
    let all = conversations(&graph).await;
    let (mut faithful_total, mut unfaithful_total) = (0, 0);
    for (subject, messages) in &all {
        let prepared = prepare(messages, THREAD_BUDGET_TOKENS);
        let summary = summarize(
            &model,
            &prepared,
            &CrmContext::default(),
            &trackers,
            AnswerLanguage::English,
        )
        .await
        .unwrap();
        let truth = sandbox
            .state()
            .lock()
            .llm_requests
            .last()
            .unwrap()
            .citations
            .clone();
        let faithful: std::collections::BTreeSet<&str> = truth
            .iter()
            .filter(|t| t.faithful)
            .map(|t| t.quote.as_str())
            .collect();
        let unfaithful = truth.iter().filter(|t| !t.faithful).count();
        let kept: std::collections::BTreeSet<&str> = summary
            .points
            .iter()
            .flat_map(|p| &p.citations)
            .chain(summary.facts.iter().flat_map(|f| &f.citations))
            .map(|c| c.quote.as_str())
            .collect();
        assert_eq!(
            kept, faithful,
            "{subject}: kept exactly the faithful quotes"
        );
        assert_eq!(
            summary.citations_dropped as usize, unfaithful,
            "{subject}: dropped exactly the unfaithful ones"
        );
        faithful_total += faithful.len();
        unfaithful_total += unfaithful;
    }
    assert!(
        faithful_total > 10 && unfaithful_total > 5,
        "{faithful_total} {unfaithful_total}"
    );
}

#[tokio::test]
async fn the_hosts_conversation_id_spares_a_read_and_a_wrong_one_is_not_trusted() {
    let sandbox = Sandbox::start(0).await.unwrap();
    let graph = megan_graph(&sandbox);
    let inbox = graph.inbox(50).await.unwrap();
    let opened = inbox
        .iter()
        .find(|m| m.subject.ends_with(NEGOTIATION))
        .unwrap();
    let other = inbox
        .iter()
        .find(|m| m.conversation_id != opened.conversation_id)
        .unwrap();

    let without = thread_of(&graph, &opened.id, None).await.unwrap();
    let before = graph_requests(&sandbox);
    let with = thread_of(&graph, &opened.id, opened.conversation_id.as_deref())
        .await
        .unwrap();
    // The whole 23-message thread in one Graph request (one page), no message read first.
    assert_eq!(graph_requests(&sandbox) - before, 1);
    assert_eq!(with.len(), 23);
    let ids = |thread: &[Message]| thread.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&with), ids(&without));

    // Another thread's id: the opened message is not in it, so the worker reads the message
    // and its own thread instead.
    let misled = thread_of(&graph, &opened.id, other.conversation_id.as_deref())
        .await
        .unwrap();
    assert_eq!(ids(&misled), ids(&without));
    // An id of no thread at all falls back the same way.
    let unknown = thread_of(&graph, &opened.id, Some("AAQkAGNvbmp1cmVk"))
        .await
        .unwrap();
    assert_eq!(ids(&unknown), ids(&without));
}
