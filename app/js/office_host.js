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

function loadOfficeJs() {
  if (window.Office) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = OFFICE_JS;
    const timer = setTimeout(() => reject(new Error("office.js did not load in time")), LOAD_TIMEOUT_MS);
    script.onload = () => { clearTimeout(timer); resolve(); };
    script.onerror = () => { clearTimeout(timer); reject(new Error("office.js could not be loaded")); };
    document.head.appendChild(script);
  });
}

function address(details) {
  if (!details || !details.emailAddress) return null;
  return { name: details.displayName || null, address: String(details.emailAddress).toLowerCase() };
}

/** The current item as the pane's MailItem (ids and participants only, never the body). */
function currentItem() {
  const mailbox = Office.context.mailbox;
  const item = mailbox.item;
  if (!item || item.itemType !== Office.MailboxEnums.ItemType.Message) return null;
  // Read mode gives an EWS id; Graph needs the REST form. Mobile clients already give REST ids.
  const restId = mailbox.diagnostics && /iOS|Android/.test(mailbox.diagnostics.hostName || "")
    ? item.itemId
    : mailbox.convertToRestId(item.itemId, Office.MailboxEnums.RestVersion.v2_0);
  return {
    id: restId,
    subject: item.subject || "",
    from: address(item.from),
    to: (item.to || []).map(address).filter(Boolean),
    cc: (item.cc || []).map(address).filter(Boolean),
    internet_message_id: item.internetMessageId || null,
    conversation_id: item.conversationId || null,
    received: item.dateTimeCreated ? new Date(item.dateTimeCreated).toISOString() : null,
    preview: null,
    unread: false,
  };
}

/**
 * Starts the Outlook host: loads Office.js, waits for Office.onReady, reports the current item
 * to `onItem`, and reports it again on every ItemChanged (a pinned pane follows the selection).
 * Rejects with a readable message when Outlook or Office.js is not there.
 */
export async function startOutlook(onItem) {
  await loadOfficeJs();
  const info = await Office.onReady();
  if (!info || info.host !== Office.HostType.Outlook || !Office.context.mailbox) {
    throw new Error("this page is not running inside Outlook");
  }
  onItem(currentItem());
  Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => onItem(currentItem()));
}
