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
