# Closer pane messages (de). Project Fluent syntax: https://projectfluent.org/fluent/guide/
# Every message exists in en, de and fr with the same variables (i18n.rs tests it).

## Errors
error-network = Der Dienst von Closer ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
error-unexpected = Der Dienst von Closer hat unerwartet geantwortet (HTTP { $status }).
error-signed-out = Melden Sie sich an, um fortzufahren.
error-sign-in = Anmeldung fehlgeschlagen: { $reason }.
error-browser = Dieser Browser kann Closer nicht ausführen: { $gap }.
error-no-answer = Das KI-Modell hat keine Antwort gegeben.
error-stream-cut = Die Antwort brach ab, bevor sie vollständig war.
error-code-not-loaded = Dieser Teil von Closer konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
sign-in-request-not-built = die Anfrage konnte nicht erstellt werden
sign-in-unreachable = der Anmeldedienst ist nicht erreichbar
sign-in-unexpected = der Anmeldedienst hat unerwartet geantwortet
sign-in-not-started = die Anmeldung wurde nicht in diesem Tab gestartet
sign-in-state-mismatch = die Antwort der Anmeldung passt nicht zu ihrer Anfrage
sign-in-salesforce = Salesforce wurde nicht verbunden ({ $reason })
browser-no-window = kein Fenster
browser-no-web-crypto = kein Web Crypto
browser-no-random-values = keine Zufallswerte verfügbar
browser-no-sha256 = SHA-256 nicht verfügbar
browser-sha256-failed = SHA-256 fehlgeschlagen
browser-no-url-search-params = URLSearchParams nicht verfügbar
browser-navigation-refused = Navigation verweigert
browser-request-not-encoded = die Anfrage konnte nicht kodiert werden

## Formats
colleagues-not-looked-up = { $count ->
    [one] { $count } Kollege nicht nachgeschlagen.
   *[other] { $count } Kollegen nicht nachgeschlagen.
}

## Record kinds
kind-opportunity = Verkaufschance
kind-account = Firma
kind-contact = Kontakt
kind-lead = Lead

## Error view
retry = Erneut versuchen
copy-diagnostics = Diagnose kopieren
diagnostics-copied = Kopiert: Fügen Sie es für Ihren Admin oder Support ein.
diagnostics-copy-by-hand = Kopieren Sie dies für den Support: { $diagnostics }

## First run
first-run-heading = Willkommen bei Closer
first-run-open = Öffnen Sie eine E-Mail oder eine Besprechung: Personen, Firmen und Verkaufschancen aus Ihrem CRM erscheinen hier.
first-run-quotes = Zusammenfassungen, Kernfakten und Antwortentwürfe zitieren den Verlauf, damit Sie jeden Punkt prüfen können.
first-run-save = Speichern Sie die E-Mail oder Besprechung mit einem Klick im CRM. Closer behält nur CRM-IDs, nie Ihre E-Mails.
first-run-dismiss = Verstanden

## Citations
citation-title = Zitat von { $sender }

## Labels
feature-thread-summary = Zusammenfassung des Verlaufs
feature-key-facts = Wichtige Verkaufsfakten
feature-reply-drafts = Antwortentwürfe
feature-opportunity-summary = Zusammenfassung der Verkaufschance
feature-meeting-recap = Besprechungsrückblick
field-title = Position
field-email = E-Mail
field-phone = Telefon
field-account = Firma
field-industry = Branche
field-website = Website
field-stage = Phase
field-amount = Betrag
field-close-date = Abschlussdatum
fact-budget = Budget
fact-authority = Entscheider / Beteiligte
fact-need = Bedarf
fact-timing = Zeitplan
fact-competitors = Wettbewerber
fact-pricing = Preise
fact-next-steps = Nächste Schritte
fact-sentiment = Stimmung
fact-objections = Einwände
draft-category-reply-to-inquiry = Auf eine Anfrage antworten
draft-category-make-proposal = Ein Angebot machen
draft-category-address-concern = Auf ein Bedenken eingehen
draft-category-custom = Eigene Anweisung
draft-tone-professional = professionell
draft-tone-friendly = freundlich
draft-tone-formal = förmlich
draft-tone-persuasive = überzeugend
draft-length-short = kurz
draft-length-medium = mittel
draft-length-long = lang

## Admin page
admin-title = Closer-Verwaltung
admin-subtitle = Einstellungen für alle in Ihrer Organisation.
admin-back-to-pane = Zurück zum Bereich
admin-settings = Einstellungen
admin-stored-dynamics = Gespeichert in Ihrer Dynamics 365-Organisation (Version { $version }).
admin-stored-salesforce = Gespeichert im Closer-Datenspeicher (Salesforce-Mandanten) (Version { $version }).
admin-ai-features = KI-Funktionen
admin-card-fields = Kartenfelder
admin-column-field = Feld
admin-column-shown = Angezeigt
admin-column-editable = Verkäufer dürfen bearbeiten
admin-show-field = { $field } anzeigen
admin-edit-field = Verkäufer dürfen { $field } bearbeiten
admin-trackers = Tracker
admin-trackers-hint = Einer pro Zeile; ab der nächsten Zusammenfassung in Verläufen gesucht.
admin-trackers-competitors = Wettbewerber
admin-trackers-products = Produkte
admin-trackers-pricing = Preisbegriffe
admin-retention = Aufbewahrung
admin-insight-storage = Speicherung von Erkenntnissen
admin-insights-off = Aus
admin-insights-days = An, { $days } Tage
admin-remember-choices = Kontaktauswahl merken (Tage)
admin-saving = Speichern
admin-default-regarding = Standardmäßig speichern bezüglich
admin-regarding-opportunity = Die offene Verkaufschance
admin-regarding-account = Die Firma
admin-regarding-contact = Den Kontakt
admin-enhanced-email = Salesforce: E-Mails als Enhanced Email speichern
admin-save = Einstellungen speichern
admin-saved = Gespeichert (Version { $version }).
admin-reload = Einstellungen neu laden
admin-extra-contact = Kontaktkarten
admin-extra-account = Firmenkarten
admin-extra-opportunity = Zeilen der Verkaufschancen
admin-more-fields = Weitere CRM-Felder
admin-more-fields-hint = Felder Ihres CRM, schreibgeschützt auf den Karten nach den obigen angezeigt.
admin-extra-editable = Verkäufer dürfen bearbeiten
admin-extra-remove = Entfernen
admin-extra-add-label = Hinzufügen
admin-extra-add = Feld hinzufügen
admin-audit = Änderungsprotokoll
admin-audit-refresh = Aktualisieren
admin-audit-export = CSV exportieren
admin-audit-empty = Noch keine Änderungen.
admin-audit-when = Wann
admin-audit-who = Wer
admin-audit-setting = Einstellung
admin-audit-before = Vorher
admin-audit-after = Nachher

## Shared
open-in-crm = Im CRM öffnen
press-to-try-again = Klicken Sie auf die Schaltfläche, um es erneut zu versuchen.
reading-transcript = Transkript wird gelesen…

## Meeting recap
recap-heading = Rückblick
recap-again = Erneut zusammenfassen
recap-generate = Aus dem Transkript zusammenfassen
recap-action-items = Aufgaben
recap-action-owner-due = { " — " }{ $owner }, bis { $due }
recap-action-due = { " — " }bis { $due }
recap-footnote = { $model } · { $kept ->
    [one] { $kept } Zitat
   *[other] { $kept } Zitate
} mit dem Transkript abgeglichen{ $dropped ->
    [0] {""}
   *[other] , { $dropped } verworfen
}{ $parts ->
    [0] {""}
    [1] {""}
   *[other] { " · " }in { $parts } Teilen gelesen
}
recap-empty = Nichts im Transkript ließ sich mit einem Zitat zusammenfassen, das die Sprecher wirklich gesagt haben.
recap-summary = Zusammenfassung
recap-questions = Fragen des Kunden
recap-objections = Einwände
recap-next-steps = Nächste Schritte
recap-heard = In der Besprechung gehört
recap-tracker-title = { $speaker } bei { $at }: „{ $quote }“
recap-suggestions = Vorgeschlagene CRM-Änderungen
recap-field-stage = Phase
recap-field-amount = Betrag
recap-field-close-date = Abschlussdatum
recap-field-title = Position
recap-field-phone = Telefon
recap-task-due = Aufgabe: { $subject } (fällig { $due })
recap-task = Aufgabe: { $subject }
recap-create-task = Aufgabe erstellen
recap-note-on = Diesen Rückblick als Notiz zu { $record } speichern
recap-save-note = Notiz speichern
recap-set-field-now = { $field } von { $record } auf { $value } setzen (jetzt { $current })
recap-set-field = { $field } von { $record } auf { $value } setzen
recap-update = Aktualisieren
recap-task-created = Aufgabe erstellt
recap-note-already-saved = Bereits als Notiz gespeichert
recap-note-saved = Als Notiz gespeichert
recap-field-updated = { $field } aktualisiert
recap-applying = Wird übernommen…
recap-conflict = Die Verkaufschance hat sich im CRM geändert, seit der Rückblick sie gelesen hat; nichts wurde geschrieben. Fassen Sie erneut zusammen, um den aktuellen Stand zu sehen.
recap-apply-failed = Nichts wurde als erledigt gemeldet; klicken Sie erneut auf die Schaltfläche.

## Saving
saving = Wird gespeichert…
saved = Gespeichert.
saved-to-crm = Im CRM gespeichert.
not-saved = Nicht gespeichert:
regarding = Bezug
save-email-heading = Im CRM speichern
save-email = E-Mail speichern
save-email-needs-lookup = Zum Speichern wird die CRM-Suche oben benötigt; wiederholen Sie sie zuerst.
save-email-needs-record = Ordnen Sie einen Teilnehmer einem CRM-Kontakt zu, um diese E-Mail zu speichern.
save-meeting-heading = Besprechung im CRM speichern
save-meeting-needs-record = Ordnen Sie einen Teilnehmer einem CRM-Kontakt zu, um diese Besprechung zu speichern.
no-subject = (kein Betreff)

## Meeting
attendees-heading = Teilnehmer
attendees-none = Niemand außerhalb Ihres Unternehmens ist eingeladen.
meeting-note-title = Besprechungsnotiz: { $subject }
meeting-note-heading = Besprechungsnotiz
meeting-note-label = Notiz
meeting-note-on = Zu
meeting-note-save = Notiz im CRM speichern
meeting-note-no-record = Kein CRM-Datensatz für diese Notiz: Noch ist keiner der Teilnehmer ein Kontakt.
meeting-note-saved = { $count ->
    [one] Notiz im CRM gespeichert.
   *[other] { $count } Notizen im CRM gespeichert.
}
meeting-note-kept = Ihr Text bleibt erhalten; klicken Sie auf Speichern, um es erneut zu versuchen.
prep-heading = Vor der Besprechung
prep-loading = Vorbereitung: aktuelle E-Mails und die Verkaufschance werden gelesen…
prep-ended = Diese Besprechung ist beendet.
prep-show-anyway = Vorbereitung trotzdem zeigen
prep-deal = Verkaufschance:
prep-recent-emails = Aktuelle E-Mails
prep-no-emails = Keine aktuellen E-Mails mit den Teilnehmern.
prep-open-tasks = Offene Aufgaben zur Verkaufschance
prep-last-recap = Letzter Rückblick
prep-cares = Was ihnen wichtig ist
prep-questions = Offene Fragen
prep-agenda = Vorgeschlagene Tagesordnung
prep-brief-empty = Das Modell nannte keinen Punkt, den die E-Mails oder Notizen belegen.
prep-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } nicht belegtes Zitat verworfen
   *[other] { $dropped } nicht belegte Zitate verworfen
}
talk-time-heading = Redezeit
talk-time-show = Aus dem Transkript
talk-time-turns = { $count ->
    [one] { $count } Wortbeitrag
   *[other] { $count } Wortbeiträge
}

## Feedback
answer-summary = E-Mail-Zusammenfassung
answer-draft = Antwortentwurf
answer-deal-analysis = Analyse der Verkaufschance
answer-recap = Besprechungsrückblick
answer-meeting-prep = Besprechungsvorbereitung
feedback-group = Feedback zu dieser Antwort: { $answer }
feedback-question = War das hilfreich?
feedback-helpful = Hilfreich
feedback-not-helpful = Nicht hilfreich
feedback-what-was-wrong = Was war falsch? (optional)
feedback-send = Senden
feedback-thanks = Danke, Feedback gesendet
feedback-not-sent = Feedback nicht gesendet:
feedback-card-heading = Feedback zu KI-Antworten
feedback-column-answer = Antwort
feedback-comments-off = Kommentare werden nur gespeichert, solange die Speicherung von Erkenntnissen aktiv ist (Aufbewahrung).
feedback-comments-empty = Noch keine Kommentare.
feedback-recent-comments = Neueste Kommentare
feedback-vote-up = hilfreich
feedback-vote-down = nicht hilfreich

## Email cards
people-heading = Personen
no-open-opportunities = Keine offenen Verkaufschancen für diese Firma. Im CRM angelegte Verkaufschancen erscheinen hier.
closes-on = Abschluss { $date }
edit-conflict = Dieser Datensatz wurde im CRM geändert, seit Sie ihn geöffnet haben. Nichts wurde überschrieben.
edit = Bearbeiten
save = Speichern
cancel = Abbrechen
creating = Wird erstellt…
not-created = Nicht erstellt:
task-heading = Folgeaufgabe
task-created = Aufgabe erstellt.
task-subject = Betreff
task-due = Fällig
follow-up = Nachfassen
follow-up-subject = Nachfassen: { $subject }
role-from = von
role-to = an
role-cc = cc
role-organizer = Organisator
role-required = erforderlich
role-optional = optional
contact-remembered = Ihre Auswahl, gemerkt
contact-ambiguous = { $count } Kontakte verwenden diese Adresse. Welcher ist es?
contact-unknown = Nicht in Ihrem CRM.
contact-unknown-at = Nicht in Ihrem CRM ({ $company }).
contact-add = Kontakt hinzufügen
contact-first-name = Vorname
contact-last-name = Nachname
contact-create = Kontakt erstellen

## Summary
summarizing = Wird zusammengefasst…
summarize = Verlauf zusammenfassen
summary-empty = Das Modell machte keine Aussage, die der Verlauf belegt.
summary-crm-context = CRM-Kontext: { $records }
summary-provenance = { $model } · { $used ->
    [one] { $used } Nachricht
   *[other] { $used } Nachrichten
}{ $cut ->
    [0] {""}
   *[other] , { $cut } ältere ausgelassen
}{ $dropped ->
    [0] {""}
    [one] { " · " }{ $dropped } nicht belegtes Zitat verworfen
   *[other] { " · " }{ $dropped } nicht belegte Zitate verworfen
}
summary-key-facts = Kernfakten
summary-note-title = E-Mail-Zusammenfassung: { $subject }
summary-note-target = Datensatz, in dem die Zusammenfassung gespeichert wird
summary-saved-as-note = Als Notiz gespeichert
summary-save-as-note = Als Notiz speichern
summary-note-already-saved = Bereits als Notiz gespeichert.
summary-note-saved = Als Notiz gespeichert.

## Draft
draft-heading = Antwort entwerfen
drafting = Wird entworfen…
draft-generate = Erstellen
draft-stop = Stopp
draft-category = Kategorie
draft-custom-prompt = Was soll die Antwort bewirken?
draft-tone = Ton
draft-length = Länge
draft-language = Sprache
draft-slots = Besprechungstermine vorschlagen
draft-model-cut = { $model } · an der Längengrenze abgeschnitten
draft-stopped = Gestoppt.
draft-refine = Verfeinern
draft-refine-placeholder = z. B. kürzer, den Pilot erwähnen
draft-undo = Rückgängig
draft-insert = Einfügen
draft-preview-hint = Antwort (Vorschau): In Outlook öffnet „Einfügen“ die Antwort mit diesem Text.
draft-preview = Antwortvorschau
draft-grounding = Aus { $used ->
    [one] { $used } Nachricht
   *[other] { $used } Nachrichten
}{ $cut ->
    [0] {""}
   *[other] , { $cut } ältere ausgelassen
}

## Health
health-heading = Dienststatus
health-status = Status
health-degraded = Eingeschränkt: einige Dienste antworten nicht
health-ok = Alle Dienste antworten
health-version = Version
health-upstreams = Angebundene Dienste
health-store-schema = Speicherschema
health-unreachable-because = { $upstream } ist nicht erreichbar: { $reason }
health-reachable = erreichbar (HTTP { $status })
health-unreachable = nicht erreichbar
health-not-configured = nicht konfiguriert
upstream-identity = Identität
upstream-llm = Sprachmodell

## CRM connection
crm-connected-as = Mit Salesforce verbunden als { $name }.
crm-connect-salesforce = Stattdessen Salesforce verbinden
crm-disconnect-salesforce = Salesforce trennen
crm-connected-to = Verbunden mit
crm-org = Organisation
crm-you-are = Sie sind
crm-switch-org = Organisation wechseln

## Deal
deal-summarize = Verkaufschance zusammenfassen
deal-analysis-unavailable = Risiken und nächste Schritte sind nicht verfügbar:
deal-analysis-empty = Die Notizen und Aktivitäten belegen noch keine Risiken oder nächsten Schritte.
deal-risks = Risiken
deal-suggested-tasks = Vorgeschlagene Aufgaben
deal-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } nicht belegte Aussage ausgelassen
   *[other] { $dropped } nicht belegte Aussagen ausgelassen
}
deal-timeline-empty = Noch keine Notizen oder Aktivitäten. Im CRM gespeicherte Notizen, E-Mails und Besprechungen erscheinen hier.
deal-timeline = Neueste Notizen und Aktivitäten
activity-note = Notiz
activity-email = E-Mail
activity-meeting = Besprechung
activity-task = Aufgabe
activity-call = Anruf
task-due-on = fällig { $date }
task-no-due-date = kein Fälligkeitsdatum genannt
created = Erstellt.

## Search, mailbox, account
search-heading = CRM durchsuchen
search-placeholder = Kontakte, Firmen, Verkaufschancen
searching = Wird gesucht…
search = Suchen
search-active-only = Nur aktive
search-owned-by-me = Meine
inbox = Posteingang
calendar = Kalender
calendar-around = Kalender um den
calendar-day = Tag
calendar-empty = Keine Besprechungen in diesen vier Wochen. Wählen Sie oben einen anderen Tag.
account-signed-out = Melden Sie sich an, um Ihr CRM neben E-Mails und Besprechungen zu sehen.
account-expired = Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.
sign-in = Anmelden
fact-not-mentioned = nicht erwähnt

## Item header
header-from = Von { $from }, { $others ->
    [one] { $others } weiterer Teilnehmer
   *[other] { $others } weitere Teilnehmer
}
header-organized-by = Organisiert von { $organizer }, { $count ->
    [one] { $count } Teilnehmer
   *[other] { $count } Teilnehmer
}
no-item-hint-email = Öffnen Sie eine E-Mail, um ihre Personen und Verkaufschancen zu sehen.
no-item-hint-meeting = Die Personen und Verkaufschancen dieser Besprechung erscheinen hier.

## Hosts
teams-no-token = Das Anmeldefenster von Teams hat kein Token geliefert
teams-refused-sign-in = Teams hat die Anmeldung nicht übernommen
teams-did-not-start = Teams hat den Tab nicht gestartet
teams-not-connected = Closer konnte keine Verbindung zu Teams herstellen: { $reason }. Öffnen Sie den Tab erneut oder verwenden Sie die Browservorschau.
teams-unreadable-context = Teams hat einen Kontext gemeldet, den Closer nicht lesen kann.
teams-no-configuration = Teams hat die Konfigurationsseite nicht geöffnet
teams-configure-failed = Closer konnte keine Verbindung zu Teams herstellen: { $reason }. Schließen Sie diesen Dialog und versuchen Sie es erneut.
teams-sign-in-heading = Closer-Anmeldung
teams-opening-sign-in = Die Anmeldeseite Ihrer Organisation wird geöffnet…
teams-silent-sign-in-failed = Teams konnte Sie nicht ohne Nachfrage anmelden: { $reason } Klicken Sie auf Anmelden.
teams-not-in-meeting = Dieser Tab gehört zu keiner Besprechung: Öffnen Sie Closer aus einer Teams-Besprechung (im Seitenbereich oder als Tab im Besprechungschat), um die CRM-Karten der Besprechung zu sehen.
teams-meeting-not-found = Closer konnte diese Besprechung nicht in Ihrem Kalender finden: { $error }
teams-configure-heading = Closer zu dieser Besprechung hinzufügen
teams-configure-text = Closer zeigt die Kontakte, Firmen und Verkaufschancen dieser Besprechung aus Ihrem CRM. Klicken Sie auf Speichern, um es hinzuzufügen.
outlook-unreadable-item = Outlook hat ein Element gemeldet, das Closer nicht lesen kann.
outlook-did-not-start = Outlook hat das Add-In nicht gestartet
outlook-not-connected = Closer konnte keine Verbindung zu Outlook herstellen: { $reason }. Öffnen Sie den Bereich erneut oder verwenden Sie die Browservorschau.
outlook-did-not-insert = Outlook hat den Entwurf nicht eingefügt
outlook-insert-failed = Der Entwurf konnte nicht eingefügt werden: { $reason }.
outlook-silent-sign-in-failed = Outlook konnte Sie nicht ohne Nachfrage anmelden: { $reason } Klicken Sie auf Anmelden.

## Preview
preview-theme = Design
preview-theme-system = System
preview-theme-light = Hell
preview-theme-dark = Dunkel
preview-subtitle = Browservorschau: der Bereich ohne Office-Host.
preview-language = Sprache
preview-admin = Verwaltung

## Search
search-empty = Keine Treffer. Versuchen Sie weniger Wörter oder beziehen Sie inaktive Datensätze ein.

## Worker errors by code (the pane's words where it does not show the worker's English)
api-unauthorized = Ihre Anmeldung ist abgelaufen. Melden Sie sich erneut an.
api-forbidden = Sie haben keine Berechtigung dafür.
api-not-found = Dieser Datensatz oder dieses Element existiert nicht mehr, oder Sie können es nicht sehen.
api-conflict = Der Datensatz wurde im CRM geändert, seit er gelesen wurde; nichts wurde überschrieben.
api-busy = Dies wird gerade von einer anderen Anfrage gespeichert. Versuchen Sie es in { $seconds } Sekunden erneut.
api-throttled = Zu viele Anfragen. Versuchen Sie es in { $seconds } Sekunden erneut.
api-upstream-unavailable = Ein Dienst, auf den Closer angewiesen ist, hat nicht richtig geantwortet. Versuchen Sie es gleich erneut.
api-bad-request = Closer konnte diese Anfrage nicht annehmen.
api-internal = Closer ist ein Fehler unterlaufen. Kopieren Sie die Diagnose für Ihren Admin.
