//! One external participant: the matched contact, a choice among several (remembered), or
//! "Add contact" prefilled from the display name and the sender's signature.

use crate::components::card_extras::{CardExtras, ExtraEditor, with_value};
use crate::components::common::avatar::Avatar;
use crate::components::common::error_view::ErrorView;
use crate::contexts::session::Session;
use crate::labels;
use crate::split::{self, Deferred};
use crate::tr;
use closer_wire::{AddContact, ChooseContact, ContactCard, Participant, ParticipantMatch};
use closer_wire::{EditableKind, RecordCard};
use leptos::prelude::*;

/// The card for one participant.
#[component]
pub fn ParticipantCardView(participant: Participant, refresh: Callback<()>) -> impl IntoView {
    let address = participant.address.clone();
    let label = participant
        .name
        .clone()
        .unwrap_or_else(|| participant.address.clone());
    let body = match participant.matched {
        ParticipantMatch::Matched {
            contact,
            remembered,
        } => view! { <ContactView contact remembered /> }.into_any(),
        unmatched => view! {
            <Deferred
                load=Box::new(move || split::participant_tools(address.clone(), unmatched.clone(), refresh))
                testid="participant-tools"
            />
        }
        .into_any(),
    };
    view! {
        <article class="participant" data-testid="participant" data-address=participant.address>
            <header class="muted">{format!("{} · {label}", labels::participant_role(&participant.role))}</header>
            {body}
        </article>
    }
}

/// A participant the CRM does not know (a prefilled "Add contact") or knows more than once
/// (a choice, remembered); in the card tools' module ([`split::participant_tools`]).
pub fn unmatched_view(
    address: String,
    matched: ParticipantMatch,
    refresh: Callback<()>,
) -> AnyView {
    match matched {
        ParticipantMatch::Matched { .. } => ().into_any(),
        ParticipantMatch::Ambiguous { candidates } => {
            view! { <ChooseView address candidates refresh /> }.into_any()
        }
        ParticipantMatch::Unknown {
            first_name,
            last_name,
            title,
            phone,
            company,
        } => view! {
            <AddContactForm
                address
                first_name=first_name.unwrap_or_default()
                last_name=last_name.unwrap_or_default()
                title=title.unwrap_or_default()
                phone=phone.unwrap_or_default()
                company=company
                refresh
            />
        }
        .into_any(),
    }
}

/// A matched contact; its values follow the CRM after an inline edit.
#[component]
fn ContactView(contact: ContactCard, remembered: bool) -> impl IntoView {
    let card = RwSignal::new(contact);
    view! {
        <div class="person">
        <Avatar name=Signal::derive(move || card.with(|c| c.name.clone())) />
        <div class="contact" data-testid="contact-card">
            <a href=move || card.with(|c| c.url.clone()) target="_blank" rel="noopener" data-testid="contact-name">
                {move || card.with(|c| c.name.clone())}
            </a>
            {move || card.with(|c| c.title.clone()).map(|t| view! { <span data-testid="contact-title">{t}</span> })}
            {move || card.with(|c| c.account.clone()).map(|a| view! {
                <span class="muted" data-testid="contact-account">{a.name}</span>
            })}
            {move || card.with(|c| c.email.clone()).map(|e| view! { <span class="muted">{e}</span> })}
            {move || card.with(|c| c.phone.clone()).map(|p| view! {
                <span class="muted" data-testid="contact-phone">{p}</span>
            })}
            <CardExtras
                values=Signal::derive(move || card.with(|c| c.extra.clone()))
                editor=ExtraEditor {
                    kind: EditableKind::Contact,
                    id: card.with_untracked(|c| c.id.clone()),
                    version: Signal::derive(move || card.with(|c| c.version.clone())),
                    saved: Callback::new(move |(record, name, value): (RecordCard, String, String)| {
                        if let RecordCard::Contact { contact } = record {
                            card.update(|c| {
                                let extra = with_value(&c.extra, &name, &value);
                                *c = contact;
                                c.extra = extra;
                            });
                        }
                    }),
                }
            />
            {remembered.then(|| view! {
                <span class="badge" data-testid="remembered">{tr!("contact-remembered")}</span>
            })}
            <Deferred load=Box::new(move || split::edit_contact(card)) testid="edit-contact" />
        </div>
        </div>
    }
}

#[component]
fn ChooseView(
    address: String,
    candidates: Vec<ContactCard>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let choose = Action::new_local(move |choice: &ChooseContact| {
        let choice = choice.clone();
        async move {
            let result = session.call(move |api| api.choose_contact(choice)).await;
            if result.is_ok() {
                refresh.run(());
            }
            result
        }
    });
    view! {
        <div class="choose" data-testid="ambiguous">
            <p>{tr!("contact-ambiguous", count = candidates.len())}</p>
            {candidates.into_iter().map(|candidate| {
                let choice = ChooseContact { address: address.clone(), contact_id: candidate.id.clone() };
                let detail = [candidate.title.clone(), candidate.account.clone().map(|a| a.name)]
                    .into_iter().flatten().collect::<Vec<_>>().join(", ");
                view! {
                    <button
                        class="candidate"
                        data-testid="choose-contact"
                        data-contact-id=candidate.id.clone()
                        disabled=move || choose.pending().get()
                        on:click=move |_| { choose.dispatch(choice.clone()); }
                    >
                        <strong>{candidate.name.clone()}</strong>
                        " "
                        <span class="muted">{detail}</span>
                    </button>
                }
            }).collect_view()}
            {move || choose.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView error=e />
            })}
        </div>
    }
}

#[component]
fn AddContactForm(
    address: String,
    first_name: String,
    last_name: String,
    title: String,
    phone: String,
    company: Option<String>,
    refresh: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let first = RwSignal::new(first_name);
    let last = RwSignal::new(last_name);
    let job = RwSignal::new(title);
    let tel = RwSignal::new(phone);
    let open = RwSignal::new(false);
    let add = Action::new_local(move |contact: &AddContact| {
        let contact = contact.clone();
        async move {
            let result = session.call(move |api| api.add_contact(contact)).await;
            if result.is_ok() {
                refresh.run(());
            }
            result
        }
    });
    let optional = |value: String| Some(value.trim().to_owned()).filter(|v| !v.is_empty());
    let submit = move |_| {
        add.dispatch(AddContact {
            email: address.clone(),
            first_name: optional(first.get_untracked()),
            last_name: last.get_untracked().trim().to_owned(),
            title: optional(job.get_untracked()),
            phone: optional(tel.get_untracked()),
        });
    };
    view! {
        <div class="unknown" data-testid="unknown-participant">
            <p class="muted">
                {match company {
                    Some(company) => tr!("contact-unknown-at", company = company),
                    None => tr!("contact-unknown"),
                }}
            </p>
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button data-testid="add-contact" on:click=move |_| open.set(true)>{tr!("contact-add")}</button>
                }
            >
                <div class="form" data-testid="add-contact-form">
                    <label>{tr!("contact-first-name")}" "<input data-testid="add-first-name" bind:value=first /></label>
                    <label>{tr!("contact-last-name")}" "<input data-testid="add-last-name" bind:value=last /></label>
                    <label>{tr!("field-title")}" "<input data-testid="add-title" bind:value=job /></label>
                    <label>{tr!("field-phone")}" "<input data-testid="add-phone" bind:value=tel /></label>
                    <button
                        data-testid="add-contact-save"
                        disabled=move || add.pending().get() || last.get().trim().is_empty()
                        on:click=submit.clone()
                    >{tr!("contact-create")}</button>
                </div>
            </Show>
            {move || add.value().get().and_then(Result::err).map(|e| view! {
                <ErrorView error=e testid="add-contact-error" />
            })}
        </div>
    }
}
