# Closer pane messages (en). Project Fluent syntax: https://projectfluent.org/fluent/guide/
# Every message exists in en, de and fr with the same variables (i18n.rs tests it).

## Errors
error-network = Closer's service could not be reached. Check your connection and retry.
error-unexpected = Closer's service answered unexpectedly (HTTP { $status }).
error-signed-out = Sign in to continue.
error-sign-in = Sign-in failed: { $reason }.
error-browser = This browser cannot run Closer: { $gap }.
error-no-answer = The AI model gave no answer.
error-stream-cut = The answer stopped before it was complete.
error-code-not-loaded = This part of Closer could not be loaded. Check your connection and retry.
sign-in-request-not-built = the request could not be built
sign-in-unreachable = the sign-in service could not be reached
sign-in-unexpected = the sign-in service answered unexpectedly
sign-in-not-started = the sign-in was not started from this tab
sign-in-state-mismatch = the sign-in response does not match its request
sign-in-salesforce = Salesforce did not connect ({ $reason })
browser-no-window = no window
browser-no-web-crypto = no Web Crypto
browser-no-random-values = random values unavailable
browser-no-sha256 = SHA-256 unavailable
browser-sha256-failed = SHA-256 failed
browser-no-url-search-params = URLSearchParams unavailable
browser-navigation-refused = navigation refused
browser-request-not-encoded = the request could not be encoded

## Formats
colleagues-not-looked-up = { $count ->
    [one] { $count } colleague not looked up.
   *[other] { $count } colleagues not looked up.
}

## Record kinds
kind-opportunity = opportunity
kind-account = account
kind-contact = contact
kind-lead = lead

## Error view
retry = Retry
copy-diagnostics = Copy diagnostics
diagnostics-copied = Copied: paste it to your admin or support.
diagnostics-copy-by-hand = Copy this for support: { $diagnostics }

## First run
first-run-heading = Welcome to Closer
first-run-open = Open an email or a meeting: its people, accounts and deals from your CRM show here.
first-run-quotes = Summaries, key facts and reply drafts quote the thread, so you can check every point.
first-run-save = Save the email or meeting to the CRM in one click. Closer keeps only CRM ids, never your mail.
first-run-dismiss = Got it

## Citations
citation-title = Quote from { $sender }

## Labels
feature-thread-summary = Thread summary
feature-key-facts = Key sales facts
feature-reply-drafts = Reply drafts
feature-opportunity-summary = Opportunity summary
feature-meeting-recap = Meeting recap
field-title = Job title
field-email = Email
field-phone = Phone
field-account = Account
field-industry = Industry
field-website = Website
field-stage = Stage
field-amount = Amount
field-close-date = Close date
fact-budget = Budget
fact-authority = Authority / stakeholders
fact-need = Need
fact-timing = Timing
fact-competitors = Competitors
fact-pricing = Pricing
fact-next-steps = Next steps
fact-sentiment = Sentiment
fact-objections = Objections
draft-category-reply-to-inquiry = Reply to an inquiry
draft-category-make-proposal = Make a proposal
draft-category-address-concern = Address a concern
draft-category-custom = Custom prompt
draft-tone-professional = professional
draft-tone-friendly = friendly
draft-tone-formal = formal
draft-tone-persuasive = persuasive
draft-length-short = short
draft-length-medium = medium
draft-length-long = long

## Admin page
admin-title = Closer admin
admin-subtitle = Settings for everyone in your organization.
admin-back-to-pane = Back to the pane
admin-settings = Settings
admin-stored-dynamics = Stored with your Dynamics 365 org (version { $version }).
admin-stored-salesforce = Stored with your Closer data store (Salesforce tenants) (version { $version }).
admin-ai-features = AI features
admin-card-fields = Card fields
admin-column-field = Field
admin-column-shown = Shown
admin-column-editable = Sellers may edit
admin-show-field = Show { $field }
admin-edit-field = Sellers may edit { $field }
admin-trackers = Trackers
admin-trackers-hint = One per line; matched in threads on the next summary.
admin-trackers-competitors = Competitors
admin-trackers-products = Products
admin-trackers-pricing = Pricing terms
admin-retention = Retention
admin-insight-storage = Insight storage
admin-insights-off = Off
admin-insights-days = On, { $days } days
admin-remember-choices = Remember contact choices (days)
admin-saving = Saving
admin-default-regarding = Save regarding, by default
admin-regarding-opportunity = The open opportunity
admin-regarding-account = The account
admin-regarding-contact = The contact
admin-enhanced-email = Salesforce: save emails as Enhanced Email
admin-save = Save settings
admin-saved = Saved (version { $version }).
admin-reload = Reload settings
admin-extra-contact = Contact cards
admin-extra-account = Account cards
admin-extra-opportunity = Opportunity rows
admin-more-fields = More CRM fields
admin-more-fields-hint = Fields of your CRM, shown read-only on the cards after the ones above.
admin-extra-editable = sellers may edit
admin-extra-remove = Remove
admin-extra-add-label = Add
admin-extra-add = Add field
admin-audit = Audit log
admin-audit-refresh = Refresh
admin-audit-export = Export CSV
admin-audit-empty = No changes yet.
admin-audit-when = When
admin-audit-who = Who
admin-audit-setting = Setting
admin-audit-before = Before
admin-audit-after = After

## Shared
open-in-crm = Open in CRM
press-to-try-again = Press the button to try again.
reading-transcript = Reading the transcript…

## Meeting recap
recap-heading = Recap
recap-again = Recap again
recap-generate = Recap from the transcript
recap-action-items = Action items
recap-action-owner-due = { " — " }{ $owner }, by { $due }
recap-action-due = { " — " }by { $due }
recap-footnote = { $model } · { $kept ->
    [one] { $kept } quote
   *[other] { $kept } quotes
} checked against the transcript{ $dropped ->
    [0] {""}
   *[other] , { $dropped } dropped
}{ $parts ->
    [0] {""}
    [1] {""}
   *[other] { " · " }read in { $parts } parts
}
recap-empty = Nothing in the transcript could be recapped with a quote the speakers really said.
recap-summary = Summary
recap-questions = Questions the customer asked
recap-objections = Objections
recap-next-steps = Next steps
recap-heard = Heard in the meeting
recap-tracker-title = { $speaker } at { $at }: “{ $quote }”
recap-suggestions = Suggested CRM updates
recap-field-stage = stage
recap-field-amount = amount
recap-field-close-date = close date
recap-field-title = title
recap-field-phone = phone
recap-task-due = Task: { $subject } (due { $due })
recap-task = Task: { $subject }
recap-create-task = Create task
recap-note-on = Save this recap as a note on { $record }
recap-save-note = Save note
recap-set-field-now = Set the { $field } of { $record } to { $value } (now { $current })
recap-set-field = Set the { $field } of { $record } to { $value }
recap-update = Update
recap-task-created = Task created
recap-note-already-saved = Already saved as a note
recap-note-saved = Saved as a note
recap-field-updated = { $field } updated
recap-applying = Applying…
recap-conflict = The deal changed in the CRM since the recap read it; nothing was written. Recap again to see it as it is now.
recap-apply-failed = Nothing was reported done; press the button to try again.

## Saving
saving = Saving…
saved = Saved.
saved-to-crm = Saved to the CRM.
not-saved = Not saved:
regarding = Regarding
save-email-heading = Save to CRM
save-email = Save email
save-email-needs-lookup = Saving needs the CRM lookup above; retry it first.
save-email-needs-record = Match a participant to a CRM contact to save this email.
save-meeting-heading = Save meeting to CRM
save-meeting-needs-record = Match an attendee to a CRM contact to save this meeting.
no-subject = (no subject)

## Meeting
attendees-heading = Attendees
attendees-none = No one outside your company is invited.
meeting-note-title = Meeting note: { $subject }
meeting-note-heading = Meeting note
meeting-note-label = Note
meeting-note-on = On
meeting-note-save = Save note to CRM
meeting-note-no-record = No CRM record to note this on: none of the attendees is a contact yet.
meeting-note-saved = { $count ->
    [one] Note saved to the CRM.
   *[other] { $count } notes saved to the CRM.
}
meeting-note-kept = Your text is kept; press Save to try again.
prep-heading = Before the meeting
prep-loading = Preparing: reading recent emails and the deal…
prep-ended = This meeting has ended.
prep-show-anyway = Show the prep anyway
prep-deal = Deal:
prep-recent-emails = Recent emails
prep-no-emails = No recent emails with the attendees.
prep-open-tasks = Open tasks on the deal
prep-last-recap = Last recap
prep-cares = What they care about
prep-questions = Open questions
prep-agenda = Suggested agenda
prep-brief-empty = The model gave no point the emails or notes support.
prep-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } unverified citation dropped
   *[other] { $dropped } unverified citations dropped
}
talk-time-heading = Talk time
talk-time-show = From the transcript
talk-time-turns = { $count ->
    [one] { $count } turn
   *[other] { $count } turns
}

## Feedback
answer-summary = Email summary
answer-draft = Reply draft
answer-deal-analysis = Deal analysis
answer-recap = Meeting recap
answer-meeting-prep = Meeting prep
feedback-group = Feedback on this answer: { $answer }
feedback-question = Was this helpful?
feedback-helpful = Helpful
feedback-not-helpful = Not helpful
feedback-what-was-wrong = What was wrong? (optional)
feedback-send = Send
feedback-thanks = Thanks, feedback sent
feedback-not-sent = Feedback not sent:
feedback-card-heading = Feedback on AI answers
feedback-column-answer = Answer
feedback-comments-off = Comments are kept only while insight storage is on (Retention).
feedback-comments-empty = No comments yet.
feedback-recent-comments = Recent comments
feedback-vote-up = helpful
feedback-vote-down = not helpful

## Email cards
people-heading = People
no-open-opportunities = No open opportunities for this account. Deals created in the CRM show here.
closes-on = closes { $date }
edit-conflict = This record changed in the CRM since you opened it. Nothing was overwritten.
edit = Edit
save = Save
cancel = Cancel
creating = Creating…
not-created = Not created:
task-heading = Follow-up task
task-created = Task created.
task-subject = Subject
task-due = Due
follow-up = Follow up
follow-up-subject = Follow up: { $subject }
role-from = from
role-to = to
role-cc = cc
role-organizer = organizer
role-required = required
role-optional = optional
contact-remembered = Your choice, remembered
contact-ambiguous = { $count } contacts use this address. Which one is it?
contact-unknown = Not in your CRM.
contact-unknown-at = Not in your CRM ({ $company }).
contact-add = Add contact
contact-first-name = First name
contact-last-name = Last name
contact-create = Create contact

## Summary
summarizing = Summarizing…
summarize = Summarize thread
summary-empty = The model gave no statement the thread supports.
summary-crm-context = CRM context: { $records }
summary-provenance = { $model } · { $used ->
    [one] { $used } message
   *[other] { $used } messages
}{ $cut ->
    [0] {""}
   *[other] , { $cut } older left out
}{ $dropped ->
    [0] {""}
    [one] { " · " }{ $dropped } unverified citation dropped
   *[other] { " · " }{ $dropped } unverified citations dropped
}
summary-key-facts = Key facts
summary-note-title = Email summary: { $subject }
summary-note-target = Record to save the summary on
summary-saved-as-note = Saved as note
summary-save-as-note = Save as note
summary-note-already-saved = Already saved as a note.
summary-note-saved = Saved as a note.

## Draft
draft-heading = Draft a reply
drafting = Drafting…
draft-generate = Generate
draft-stop = Stop
draft-category = Category
draft-custom-prompt = What should the reply do?
draft-tone = Tone
draft-length = Length
draft-language = Language
draft-slots = Suggest meeting slots
draft-model-cut = { $model } · cut at the length limit
draft-stopped = Stopped.
draft-refine = Refine
draft-refine-placeholder = e.g. shorter, mention the pilot
draft-undo = Undo
draft-insert = Insert
draft-preview-hint = Reply (preview): in Outlook, Insert opens the reply with this text.
draft-preview = Reply preview
draft-grounding = From { $used ->
    [one] { $used } message
   *[other] { $used } messages
}{ $cut ->
    [0] {""}
   *[other] , { $cut } older left out
}

## Health
health-heading = Service status
health-status = Status
health-degraded = Degraded: some services are not answering
health-ok = All services answering
health-version = Version
health-upstreams = Upstreams
health-store-schema = Store schema
health-unreachable-because = { $upstream } is unreachable: { $reason }
health-reachable = reachable (HTTP { $status })
health-unreachable = unreachable
health-not-configured = not configured
upstream-identity = Identity
upstream-llm = Language model

## CRM connection
crm-connected-as = Connected to Salesforce as { $name }.
crm-connect-salesforce = Connect Salesforce instead
crm-disconnect-salesforce = Disconnect Salesforce
crm-connected-to = Connected to
crm-org = Org
crm-you-are = You are
crm-switch-org = Switch org

## Deal
deal-summarize = Summarize deal
deal-analysis-unavailable = Risks and next steps are unavailable:
deal-analysis-empty = The notes and activities support no risks or next steps yet.
deal-risks = Risks
deal-suggested-tasks = Suggested tasks
deal-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } unsupported claim left out
   *[other] { $dropped } unsupported claims left out
}
deal-timeline-empty = No notes or activities yet. Notes, emails and meetings saved to the CRM show here.
deal-timeline = Latest notes and activities
activity-note = note
activity-email = email
activity-meeting = meeting
activity-task = task
activity-call = call
task-due-on = due { $date }
task-no-due-date = no due date stated
created = Created.

## Search, mailbox, account
search-heading = Search CRM
search-placeholder = Contacts, accounts, opportunities
searching = Searching…
search = Search
search-active-only = Active only
search-owned-by-me = Owned by me
inbox = Inbox
calendar = Calendar
calendar-around = Calendar around
calendar-day = Day
calendar-empty = No meetings in these four weeks. Pick another day above.
account-signed-out = Sign in to see your CRM beside your mail and meetings.
account-expired = Your session has expired. Sign in again to continue.
sign-in = Sign in
fact-not-mentioned = not mentioned

## Item header
header-from = From { $from }, { $others ->
    [one] { $others } other participant
   *[other] { $others } other participants
}
header-organized-by = Organized by { $organizer }, { $count ->
    [one] { $count } attendee
   *[other] { $count } attendees
}
no-item-hint-email = Open an email to see its people and deals.
no-item-hint-meeting = This meeting's people and deals show here.

## Hosts
teams-no-token = Teams' sign-in window gave no token
teams-refused-sign-in = Teams did not take the sign-in
teams-did-not-start = Teams did not start the tab
teams-not-connected = Closer could not connect to Teams: { $reason }. Reopen the tab, or use the browser preview.
teams-unreadable-context = Teams reported a context Closer cannot read.
teams-no-configuration = Teams did not open the configuration page
teams-configure-failed = Closer could not connect to Teams: { $reason }. Close this dialog and try again.
teams-sign-in-heading = Closer sign-in
teams-opening-sign-in = Opening your organization's sign-in page…
teams-silent-sign-in-failed = Teams could not sign you in without asking: { $reason } Press Sign in.
teams-not-in-meeting = This tab is not in a meeting: open Closer from a Teams meeting (its side panel or a tab in the meeting's chat) to see the meeting's CRM cards.
teams-meeting-not-found = Closer could not find this meeting in your calendar: { $error }
teams-configure-heading = Add Closer to this meeting
teams-configure-text = Closer shows this meeting's contacts, accounts and deals from your CRM. Press Save to add it.
outlook-unreadable-item = Outlook reported an item Closer cannot read.
outlook-did-not-start = Outlook did not start the add-in
outlook-not-connected = Closer could not connect to Outlook: { $reason }. Reopen the pane, or use the browser preview.
outlook-did-not-insert = Outlook did not insert the draft
outlook-insert-failed = The draft could not be inserted: { $reason }.
outlook-silent-sign-in-failed = Outlook could not sign you in without asking: { $reason } Press Sign in.

## Preview
preview-theme = Theme
preview-theme-system = System
preview-theme-light = Light
preview-theme-dark = Dark
preview-subtitle = Browser preview: the pane with no Office host.
preview-language = Language
preview-admin = Admin

## Search
search-empty = No matches. Try fewer words, or include inactive records.

## Worker errors by code (the pane's words where it does not show the worker's English)
api-unauthorized = Your sign-in has expired. Sign in again.
api-forbidden = You do not have permission to do this.
api-not-found = This record or item no longer exists, or you cannot see it.
api-conflict = The record changed in the CRM since it was read; nothing was overwritten.
api-busy = This is being saved by another request. Try again in { $seconds } seconds.
api-throttled = Too many requests. Try again in { $seconds } seconds.
api-upstream-unavailable = A service Closer relies on did not answer properly. Try again in a moment.
api-bad-request = Closer could not accept this request.
api-internal = Closer failed. Copy the diagnostics for your admin.
