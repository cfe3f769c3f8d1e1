// The Outlook host shim: the only code that touches Office.js. It turns Office's callback APIs
// into plain objects and promises the Rust pane consumes (see app/src/host.rs), and never holds
// business logic. Office.js is loaded only when the pane is opened as an Outlook add-in
// (the manifest's URL carries ?host=outlook), so the browser preview never reaches out for it.

const OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
const LOAD_TIMEOUT_MS = 10000;

/** Whether the page was opened as the Outlook task pane. */
export function outlookRequested() {
  return new URLSearchParams(window.location.search).get("host") === "outlook";
}

let officeLoading = null;

function loadOfficeJs() {
  if (window.Office) return Promise.resolve();
  // One script element, however many callers (the early request and the pane's start).
  if (officeLoading) return officeLoading;
  officeLoading = new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = OFFICE_JS;
    const timer = setTimeout(() => reject(new Error("office.js did not load in time")), LOAD_TIMEOUT_MS);
    script.onload = () => { clearTimeout(timer); resolve(); };
    script.onerror = () => { clearTimeout(timer); reject(new Error("office.js could not be loaded")); };
    document.head.appendChild(script);
  });
  officeLoading.catch(() => { officeLoading = null; });
  return officeLoading;
}

// The languages the pane speaks (app/src/i18n.rs, Language::ALL; a unit test there checks this
// list). The host's language becomes `<html lang>`, which the pane's catalogue follows, only
// when the pane speaks it: otherwise the browser's choice stays, so `lang` never names a
// language the text is not in.
const PANE_LANGUAGES = ["en", "de", "fr"];

/** Adopts the host's UI language (`de-DE`, `fr-fr`) for the pane when the pane speaks it. */
function adoptHostLanguage(tag) {
  if (typeof tag !== "string" || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(tag)) return;
  const language = tag.split(/[-_]/)[0].toLowerCase();
  if (PANE_LANGUAGES.includes(language)) document.documentElement.lang = tag.replace(/_/g, "-");
}

function address(details) {
  if (!details || !details.emailAddress) return null;
  return { name: details.displayName || null, address: String(details.emailAddress).toLowerCase() };
}

/** The REST (Graph) id of an item id Office.js gave. */
function restId(itemId) {
  const mailbox = Office.context.mailbox;
  // Read mode gives an EWS id; Graph needs the REST form. Mobile clients already give REST ids.
  return mailbox.diagnostics && /iOS|Android/.test(mailbox.diagnostics.hostName || "")
    ? itemId
    : mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0);
}

function isoTime(value) {
  return value ? new Date(value).toISOString() : null;
}

/** A message as the pane's MailItem (ids and participants only, never the body). */
function messageItem(item) {
  return {
    id: restId(item.itemId),
    subject: item.subject || "",
    from: address(item.from),
    to: (item.to || []).map(address).filter(Boolean),
    cc: (item.cc || []).map(address).filter(Boolean),
    internet_message_id: item.internetMessageId || null,
    conversation_id: item.conversationId || null,
    received: isoTime(item.dateTimeCreated),
    preview: null,
    unread: false,
  };
}

/**
 * An appointment as the pane's MeetingItem (ids, times and people only). In read mode (an
 * attendee's copy, or the organizer's saved meeting) the properties are plain values; an
 * appointment being composed has no item id until it is saved, so it is not reported.
 */
function appointmentItem(item) {
  if (!item.itemId) return null;
  const location = typeof item.location === "string" ? item.location.trim() : "";
  return {
    id: restId(item.itemId),
    subject: typeof item.subject === "string" ? item.subject : "",
    start: isoTime(item.start),
    end: isoTime(item.end),
    organizer: address(item.organizer),
    required: (item.requiredAttendees || []).map(address).filter(Boolean),
    optional: (item.optionalAttendees || []).map(address).filter(Boolean),
    location: location || null,
  };
}

/** The current item, tagged with its kind, or null when it is neither (or not readable). */
function currentItem() {
  const item = Office.context.mailbox.item;
  if (!item) return null;
  const types = Office.MailboxEnums.ItemType;
  if (item.itemType === types.Message) return { kind: "message", item: messageItem(item) };
  if (item.itemType === types.Appointment) {
    const meeting = appointmentItem(item);
    return meeting ? { kind: "appointment", item: meeting } : null;
  }
  return null;
}

/**
 * The open message's CRM cards, asked for while the pane's wasm still downloads and compiles
 * (a cold start spends about as long there as the CRM takes to answer). Only when the pane
 * already holds a token, only for a message, and only as the same request the pane makes:
 * `POST /api/pane/email` with the message's ids and participants (`EmailContextRequest`). The
 * pane uses the answer only if the body it would send is byte for byte this one and the token
 * the same (`takeEarlyEmailContext`); otherwise it asks itself, so a difference costs time, never
 * a wrong card. No business logic: the worker does everything, as for the pane's own request.
 */
async function earlyEmailContext() {
  const token = window.sessionStorage && sessionStorage.getItem("closer.token");
  if (!token) return null;
  await loadOfficeJs();
  const info = await Office.onReady();
  if (!info || info.host !== Office.HostType.Outlook || !Office.context.mailbox) return null;
  const current = currentItem();
  if (!current || current.kind !== "message") return null;
  const m = current.item;
  // Field order and nulls as serde writes EmailContextRequest and MailAddress.
  const who = (a) => (a ? { name: a.name, address: a.address } : null);
  const body = JSON.stringify({
    message_id: m.id,
    internet_message_id: m.internet_message_id,
    from: who(m.from),
    to: m.to.map(who),
    cc: m.cc.map(who),
  });
  const response = fetch("/api/pane/email", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body,
  });
  // A failure is the pane's own request's to report: it asks again.
  response.catch(() => {});
  // What became of it, for diagnostics and tests: sent, then used or unused.
  document.documentElement.dataset.earlyCards = "sent";
  return { body, token, response };
}

let early = outlookRequested() ? earlyEmailContext().catch(() => null) : Promise.resolve(null);

/**
 * Gets the browser's Intl ready while the wasm loads: the first `Intl.NumberFormat` and
 * `Intl.DateTimeFormat` of a fresh page load the locale's data, which cost a cold pane (4x slower
 * CPU) about 100 ms between the CRM's answer and its painted cards, where the deal's amounts and
 * dates are formatted. Built here, once, in a task of its own, they cost nothing there. Nothing
 * is kept: the pane builds its own formatters (app/src/format.rs).
 */
function warmIntl() {
  try {
    const locale = navigator.language || "en";
    new Intl.NumberFormat(locale, { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(1);
    new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(0);
  } catch (_) {
    // An Intl without a locale's data: the pane's own formatters fall back.
  }
}
if (outlookRequested()) setTimeout(warmIntl, 0);

/**
 * The early request's response (a `Response` promise) when `body` and `token` are what it sent,
 * else null. Used once: later items are the pane's own requests.
 */
export async function takeEarlyEmailContext(body, token) {
  const started = await early;
  early = Promise.resolve(null);
  if (!started) return null;
  const used = started.body === body && started.token === token;
  document.documentElement.dataset.earlyCards = used ? "used" : "unused";
  if (!used) return null;
  try {
    return await started.response;
  } catch (_) {
    return null;
  }
}

/**
 * Starts the Outlook host: loads Office.js, waits for Office.onReady, follows the Office theme,
 * reports the current item to `onItem`, and reports it again on every ItemChanged (a pinned pane
 * follows the selection). Resolves to whether the host supports nested app authentication.
 * Rejects with a readable message when Outlook or Office.js is not there.
 */
export async function startOutlook(onItem) {
  await loadOfficeJs();
  const info = await Office.onReady();
  if (!info || info.host !== Office.HostType.Outlook || !Office.context.mailbox) {
    throw new Error("this page is not running inside Outlook");
  }
  applyOfficeTheme(Office.context.officeTheme);
  // Office's UI language (Office.context.displayLanguage, Mailbox 1.1), before the first item
  // renders in it.
  adoptHostLanguage(Office.context.displayLanguage);
  onItem(currentItem());
  const nestedAuth = nestedAuthSupported();
  const mailbox = Office.context.mailbox;
  mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => onItem(currentItem()));
  // Mailbox 1.14+: follow a theme switch while the pane is open. Older hosts lack the event
  // type (or refuse the handler); the theme read at start then stays.
  if (Office.EventType.OfficeThemeChanged) {
    mailbox.addHandlerAsync(Office.EventType.OfficeThemeChanged, (event) =>
      applyOfficeTheme(event && event.officeTheme));
  }
  return nestedAuth;
}

const HEX_COLOR = /^#?([0-9a-f]{6})$/i;

/** `#rrggbb` (Office gives it with or without the `#`), or null. */
function hexColor(value) {
  const match = HEX_COLOR.exec(String(value || "").trim());
  return match ? `#${match[1].toLowerCase()}` : null;
}

/** Whether a colour is dark: relative luminance (sRGB, WCAG) under one half. */
function isDarkColor(hex) {
  const channel = (at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5) < 0.5;
}

/**
 * Follows Outlook's theme: `data-theme` on the root (the stylesheet's light or dark palette)
 * and the host's own body and control colours as the pane's background, text and card colours,
 * so the pane sits in Outlook without a seam. No theme (older hosts): the stylesheet's
 * prefers-color-scheme applies.
 */
export function applyOfficeTheme(theme) {
  const body = theme && hexColor(theme.bodyBackgroundColor);
  if (!body) return;
  const root = document.documentElement;
  const dark = typeof theme.isDarkTheme === "boolean" ? theme.isDarkTheme : isDarkColor(body);
  root.dataset.theme = dark ? "dark" : "light";
  const colours = {
    "--bg": body,
    "--fg": hexColor(theme.bodyForegroundColor),
    "--card": hexColor(theme.controlBackgroundColor),
  };
  for (const [name, value] of Object.entries(colours)) {
    if (value) root.style.setProperty(name, value);
    else root.style.removeProperty(name);
  }
}

/** `text` as HTML that shows exactly that text, line breaks kept. */
function textAsHtml(text) {
  const escaped = String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  return escaped.replace(/\r?\n/g, "<br>");
}

/**
 * Puts a drafted reply where the seller will send it: in read mode Outlook opens its reply
 * form with the text (`displayReplyForm`, Mailbox 1.1; the body is limited to 32 KB); in
 * compose mode the text goes at the top of the body being written (`body.prependAsync` as
 * plain text). Rejects with a readable message when Outlook refuses.
 */
export function insertReply(text) {
  const item = window.Office && Office.context && Office.context.mailbox && Office.context.mailbox.item;
  if (!item) return Promise.reject(new Error("no Outlook item is open"));
  if (typeof item.displayReplyForm === "function") {
    item.displayReplyForm({ htmlBody: textAsHtml(text) });
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    item.body.prependAsync(String(text), { coercionType: Office.CoercionType.Text }, (result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve();
      else reject(new Error((result.error && result.error.message) || "Outlook did not insert the text"));
    });
  });
}

// Nested app authentication (NAA) itself (MSAL.js's nestable client) is host-neutral and lives in
// app/js/nested_auth.js; only whether Outlook brokers tokens is Office's to say.

/** Whether the Office host brokers tokens for the pane (requirement set NestedAppAuth 1.1). */
function nestedAuthSupported() {
  const requirements = Office.context && Office.context.requirements;
  return Boolean(requirements && requirements.isSetSupported
    && requirements.isSetSupported("NestedAppAuth", "1.1"));
}
