//! A stand-in for Outlook's Office.js, defined before the pane's scripts, so that the real
//! Office.js shim and pane run as the task pane here, where Outlook cannot (no Microsoft 365,
//! no network). Shared by the Outlook browser tests and the bench's cold first-card figure.
//!
//! It implements the few Office.js calls the shim makes, with the id forms Exchange uses (EWS
//! ids are the `+`/`/` base64 variant of the REST ids).

/// How the stand-in Outlook behaves beyond the current item.
#[derive(Default)]
pub struct Outlook {
    /// `Office.context.officeTheme`, when the host has one.
    pub theme: Option<serde_json::Value>,
    /// Whether `isSetSupported("NestedAppAuth", "1.1")` is true.
    pub nested_auth: bool,
    /// `Office.context.displayLanguage` (Outlook's UI language); `en-US` when not given.
    pub display_language: Option<&'static str>,
}

/// A minimal Office.js stand-in: `onReady`, `context.mailbox.item` (message or appointment),
/// `convertToRestId`, `addHandlerAsync(ItemChanged | OfficeThemeChanged)`, `officeTheme`,
/// `requirements.isSetSupported`. `window.__outlookSelect(item)` plays the user selecting
/// another message, `window.__outlookSelectMeeting(item)` an appointment, and
/// `window.__outlookTheme(theme)` a theme switch.
pub fn office_stand_in(first: &serde_json::Value, outlook: &Outlook) -> String {
    let theme = outlook.theme.clone().unwrap_or(serde_json::Value::Null);
    let nested = outlook.nested_auth;
    let language = serde_json::Value::String(outlook.display_language.unwrap_or("en-US").into());
    format!(
        r#"
        (() => {{
          const toEws = id => id.replace(/-/g, '+').replace(/_/g, '/');
          const toRest = id => id.replace(/\+/g, '-').replace(/\//g, '_');
          const person = a => ({{ displayName: a.name, emailAddress: a.address }});
          const asItem = m => ({{
            itemType: 'message',
            itemId: toEws(m.id),
            subject: m.subject,
            from: m.from && person(m.from),
            to: m.to.map(person),
            cc: m.cc.map(person),
            internetMessageId: m.internet_message_id,
            conversationId: m.conversation_id,
            dateTimeCreated: m.received,
          }});
          const asAppointment = e => ({{
            itemType: 'appointment',
            itemId: toEws(e.id),
            subject: e.subject,
            start: new Date(e.start),
            end: new Date(e.end),
            organizer: e.organizer && person(e.organizer),
            requiredAttendees: e.required.map(person),
            optionalAttendees: e.optional.map(person),
            location: e.location || '',
          }});
          const handlers = {{}};
          const mailbox = {{
            item: asItem({first}),
            diagnostics: {{ hostName: 'OutlookWebApp' }},
            convertToRestId: (id, version) => toRest(id),
            addHandlerAsync: (type, handler) => {{ handlers[type] = handler; }},
          }};
          window.Office = {{
            HostType: {{ Outlook: 'Outlook' }},
            MailboxEnums: {{
              ItemType: {{ Message: 'message', Appointment: 'appointment' }},
              RestVersion: {{ v2_0: 'v2.0' }},
            }},
            EventType: {{ ItemChanged: 'olkItemSelectedChanged', OfficeThemeChanged: 'officeThemeChanged' }},
            context: {{
              mailbox,
              officeTheme: {theme},
              displayLanguage: {language},
              requirements: {{ isSetSupported: (name, version) =>
                {nested} && name === 'NestedAppAuth' && version === '1.1' }},
            }},
            onReady: () => Promise.resolve({{ host: 'Outlook', platform: 'OfficeOnline' }}),
          }};
          const changed = () => handlers.olkItemSelectedChanged && handlers.olkItemSelectedChanged({{}});
          window.__outlookSelect = m => {{ mailbox.item = asItem(m); changed(); }};
          window.__outlookSelectMeeting = e => {{ mailbox.item = asAppointment(e); changed(); }};
          window.__outlookTheme = theme => {{
            window.Office.context.officeTheme = theme;
            handlers.officeThemeChanged && handlers.officeThemeChanged({{ type: 'officeThemeChanged', officeTheme: theme }});
          }};
        }})();
        "#
    )
}
