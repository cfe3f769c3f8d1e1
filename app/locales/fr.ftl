# Closer pane messages (fr). Project Fluent syntax: https://projectfluent.org/fluent/guide/
# Every message exists in en, de and fr with the same variables (i18n.rs tests it).

## Errors
error-network = Le service de Closer est injoignable. Vérifiez votre connexion et réessayez.
error-unexpected = Le service de Closer a répondu de façon inattendue (HTTP { $status }).
error-signed-out = Connectez-vous pour continuer.
error-sign-in = Échec de la connexion : { $reason }.
error-browser = Ce navigateur ne peut pas exécuter Closer : { $gap }.
error-no-answer = Le modèle d'IA n'a donné aucune réponse.
error-stream-cut = La réponse s'est arrêtée avant d'être complète.
error-code-not-loaded = Cette partie de Closer n'a pas pu être chargée. Vérifiez votre connexion et réessayez.
sign-in-request-not-built = la requête n'a pas pu être construite
sign-in-unreachable = le service de connexion est injoignable
sign-in-unexpected = le service de connexion a répondu de façon inattendue
sign-in-not-started = la connexion n'a pas été lancée depuis cet onglet
sign-in-state-mismatch = la réponse de connexion ne correspond pas à sa requête
sign-in-salesforce = Salesforce ne s'est pas connecté ({ $reason })
browser-no-window = aucune fenêtre
browser-no-web-crypto = pas de Web Crypto
browser-no-random-values = valeurs aléatoires indisponibles
browser-no-sha256 = SHA-256 indisponible
browser-sha256-failed = échec de SHA-256
browser-no-url-search-params = URLSearchParams indisponible
browser-navigation-refused = navigation refusée
browser-request-not-encoded = la requête n'a pas pu être encodée

## Formats
colleagues-not-looked-up = { $count ->
    [one] { $count } collègue non recherché.
   *[other] { $count } collègues non recherchés.
}

## Record kinds
kind-opportunity = opportunité
kind-account = compte
kind-contact = contact
kind-lead = prospect

## Error view
retry = Réessayer
copy-diagnostics = Copier le diagnostic
diagnostics-copied = Copié : collez-le pour votre administrateur ou le support.
diagnostics-copy-by-hand = Copiez ceci pour le support : { $diagnostics }

## First run
first-run-heading = Bienvenue dans Closer
first-run-open = Ouvrez un e-mail ou une réunion : ses personnes, comptes et opportunités de votre CRM s'affichent ici.
first-run-quotes = Les résumés, faits clés et brouillons de réponse citent le fil, pour que vous puissiez vérifier chaque point.
first-run-save = Enregistrez l'e-mail ou la réunion dans le CRM en un clic. Closer ne conserve que les identifiants CRM, jamais vos e-mails.
first-run-dismiss = Compris

## Citations
citation-title = Citation de { $sender }

## Labels
feature-thread-summary = Résumé du fil
feature-key-facts = Faits commerciaux clés
feature-reply-drafts = Brouillons de réponse
feature-opportunity-summary = Résumé de l'opportunité
feature-meeting-recap = Récapitulatif de réunion
field-title = Fonction
field-email = E-mail
field-phone = Téléphone
field-account = Compte
field-industry = Secteur
field-website = Site web
field-stage = Étape
field-amount = Montant
field-close-date = Date de clôture
fact-budget = Budget
fact-authority = Décideurs / parties prenantes
fact-need = Besoin
fact-timing = Calendrier
fact-competitors = Concurrents
fact-pricing = Tarifs
fact-next-steps = Prochaines étapes
fact-sentiment = Sentiment
fact-objections = Objections
draft-category-reply-to-inquiry = Répondre à une demande
draft-category-make-proposal = Faire une proposition
draft-category-address-concern = Répondre à une inquiétude
draft-category-custom = Consigne personnalisée
draft-tone-professional = professionnel
draft-tone-friendly = amical
draft-tone-formal = formel
draft-tone-persuasive = persuasif
draft-length-short = courte
draft-length-medium = moyenne
draft-length-long = longue

## Admin page
admin-title = Administration de Closer
admin-subtitle = Paramètres pour tout le monde dans votre organisation.
admin-back-to-pane = Retour au volet
admin-settings = Paramètres
admin-stored-dynamics = Enregistré dans votre organisation Dynamics 365 (version { $version }).
admin-stored-salesforce = Enregistré dans le stockage de données Closer (locataires Salesforce) (version { $version }).
admin-ai-features = Fonctions d'IA
admin-card-fields = Champs des cartes
admin-column-field = Champ
admin-column-shown = Affiché
admin-column-editable = Modifiable par les vendeurs
admin-show-field = Afficher { $field }
admin-edit-field = Les vendeurs peuvent modifier { $field }
admin-trackers = Suivis
admin-trackers-hint = Un par ligne ; recherchés dans les fils au prochain résumé.
admin-trackers-competitors = Concurrents
admin-trackers-products = Produits
admin-trackers-pricing = Termes tarifaires
admin-retention = Conservation
admin-insight-storage = Stockage des informations
admin-insights-off = Désactivé
admin-insights-days = Activé, { $days } jours
admin-remember-choices = Mémoriser les choix de contact (jours)
admin-saving = Enregistrement
admin-default-regarding = Enregistrer par défaut concernant
admin-regarding-opportunity = L'opportunité ouverte
admin-regarding-account = Le compte
admin-regarding-contact = Le contact
admin-enhanced-email = Salesforce : enregistrer les e-mails en Enhanced Email
admin-save = Enregistrer les paramètres
admin-saved = Enregistré (version { $version }).
admin-reload = Recharger les paramètres
admin-extra-contact = Cartes de contact
admin-extra-account = Cartes de compte
admin-extra-opportunity = Lignes d'opportunité
admin-more-fields = Autres champs du CRM
admin-more-fields-hint = Champs de votre CRM, affichés en lecture seule sur les cartes après ceux ci-dessus.
admin-extra-editable = modifiable par les vendeurs
admin-extra-remove = Retirer
admin-extra-add-label = Ajouter
admin-extra-add = Ajouter le champ
admin-audit = Journal d'audit
admin-audit-refresh = Actualiser
admin-audit-export = Exporter en CSV
admin-audit-empty = Aucune modification pour l'instant.
admin-audit-when = Quand
admin-audit-who = Qui
admin-audit-setting = Paramètre
admin-audit-before = Avant
admin-audit-after = Après

## Shared
open-in-crm = Ouvrir dans le CRM
press-to-try-again = Appuyez sur le bouton pour réessayer.
reading-transcript = Lecture de la transcription…

## Meeting recap
recap-heading = Récapitulatif
recap-again = Récapituler à nouveau
recap-generate = Récapituler depuis la transcription
recap-action-items = Actions à mener
recap-action-owner-due = { " — " }{ $owner }, d'ici le { $due }
recap-action-due = { " — " }d'ici le { $due }
recap-footnote = { $model } · { $kept ->
    [one] { $kept } citation vérifiée
   *[other] { $kept } citations vérifiées
} dans la transcription{ $dropped ->
    [0] {""}
    [one] , { $dropped } écartée
   *[other] , { $dropped } écartées
}{ $parts ->
    [0] {""}
    [1] {""}
   *[other] { " · " }lue en { $parts } parties
}
recap-empty = Rien dans la transcription n'a pu être récapitulé avec une citation réellement prononcée.
recap-summary = Résumé
recap-questions = Questions posées par le client
recap-objections = Objections
recap-next-steps = Prochaines étapes
recap-heard = Entendu pendant la réunion
recap-tracker-title = { $speaker } à { $at } : « { $quote } »
recap-suggestions = Mises à jour CRM suggérées
recap-field-stage = l'étape
recap-field-amount = le montant
recap-field-close-date = la date de clôture
recap-field-title = la fonction
recap-field-phone = le téléphone
recap-task-due = Tâche : { $subject } (échéance { $due })
recap-task = Tâche : { $subject }
recap-create-task = Créer la tâche
recap-note-on = Enregistrer ce récapitulatif comme note sur { $record }
recap-save-note = Enregistrer la note
recap-set-field-now = Mettre { $field } de { $record } à { $value } (actuellement { $current })
recap-set-field = Mettre { $field } de { $record } à { $value }
recap-update = Mettre à jour
recap-task-created = Tâche créée
recap-note-already-saved = Déjà enregistré comme note
recap-note-saved = Enregistré comme note
recap-field-updated = { $field } mis à jour
recap-applying = Application…
recap-conflict = L'opportunité a changé dans le CRM depuis la lecture du récapitulatif ; rien n'a été écrit. Récapitulez à nouveau pour la voir telle qu'elle est.
recap-apply-failed = Rien n'a été signalé comme fait ; appuyez sur le bouton pour réessayer.

## Saving
saving = Enregistrement…
saved = Enregistré.
saved-to-crm = Enregistré dans le CRM.
not-saved = Non enregistré :
regarding = Concernant
save-email-heading = Enregistrer dans le CRM
save-email = Enregistrer l'e-mail
save-email-needs-lookup = L'enregistrement nécessite la recherche CRM ci-dessus ; relancez-la d'abord.
save-email-needs-record = Associez un participant à un contact du CRM pour enregistrer cet e-mail.
save-meeting-heading = Enregistrer la réunion dans le CRM
save-meeting-needs-record = Associez un participant à un contact du CRM pour enregistrer cette réunion.
no-subject = (sans objet)

## Meeting
attendees-heading = Participants
attendees-none = Personne d'extérieur à votre entreprise n'est invité.
meeting-note-title = Note de réunion : { $subject }
meeting-note-heading = Note de réunion
meeting-note-label = Note
meeting-note-on = Sur
meeting-note-save = Enregistrer la note dans le CRM
meeting-note-no-record = Aucun enregistrement CRM pour cette note : aucun participant n'est encore un contact.
meeting-note-saved = { $count ->
    [one] Note enregistrée dans le CRM.
   *[other] { $count } notes enregistrées dans le CRM.
}
meeting-note-kept = Votre texte est conservé ; appuyez sur Enregistrer pour réessayer.
prep-heading = Avant la réunion
prep-loading = Préparation : lecture des e-mails récents et de l'opportunité…
prep-ended = Cette réunion est terminée.
prep-show-anyway = Afficher quand même la préparation
prep-deal = Opportunité :
prep-recent-emails = E-mails récents
prep-no-emails = Aucun e-mail récent avec les participants.
prep-open-tasks = Tâches ouvertes sur l'opportunité
prep-last-recap = Dernier récapitulatif
prep-cares = Ce qui compte pour eux
prep-questions = Questions ouvertes
prep-agenda = Ordre du jour suggéré
prep-brief-empty = Le modèle n'a donné aucun point étayé par les e-mails ou les notes.
prep-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } citation non vérifiée écartée
   *[other] { $dropped } citations non vérifiées écartées
}
talk-time-heading = Temps de parole
talk-time-show = Depuis la transcription
talk-time-turns = { $count ->
    [one] { $count } prise de parole
   *[other] { $count } prises de parole
}

## Feedback
answer-summary = Résumé de l'e-mail
answer-draft = Brouillon de réponse
answer-deal-analysis = Analyse de l'opportunité
answer-recap = Récapitulatif de réunion
answer-meeting-prep = Préparation de réunion
feedback-group = Avis sur cette réponse : { $answer }
feedback-question = Était-ce utile ?
feedback-helpful = Utile
feedback-not-helpful = Pas utile
feedback-what-was-wrong = Qu'est-ce qui n'allait pas ? (facultatif)
feedback-send = Envoyer
feedback-thanks = Merci, avis envoyé
feedback-not-sent = Avis non envoyé :
feedback-card-heading = Avis sur les réponses de l'IA
feedback-column-answer = Réponse
feedback-comments-off = Les commentaires ne sont conservés que si le stockage des informations est activé (Conservation).
feedback-comments-empty = Aucun commentaire pour l'instant.
feedback-recent-comments = Commentaires récents
feedback-vote-up = utile
feedback-vote-down = pas utile

## Email cards
people-heading = Personnes
no-open-opportunities = Aucune opportunité ouverte pour ce compte. Les opportunités créées dans le CRM s'affichent ici.
closes-on = clôture le { $date }
edit-conflict = Cet enregistrement a changé dans le CRM depuis que vous l'avez ouvert. Rien n'a été écrasé.
edit = Modifier
save = Enregistrer
cancel = Annuler
creating = Création…
not-created = Non créé :
task-heading = Tâche de suivi
task-created = Tâche créée.
task-subject = Objet
task-due = Échéance
follow-up = Relance
follow-up-subject = Relance : { $subject }
role-from = de
role-to = à
role-cc = cc
role-organizer = organisateur
role-required = obligatoire
role-optional = facultatif
contact-remembered = Votre choix, mémorisé
contact-ambiguous = { $count } contacts utilisent cette adresse. Lequel est-ce ?
contact-unknown = Absent de votre CRM.
contact-unknown-at = Absent de votre CRM ({ $company }).
contact-add = Ajouter le contact
contact-first-name = Prénom
contact-last-name = Nom
contact-create = Créer le contact

## Summary
summarizing = Résumé en cours…
summarize = Résumer le fil
summary-empty = Le modèle n'a fait aucune affirmation étayée par le fil.
summary-crm-context = Contexte CRM : { $records }
summary-provenance = { $model } · { $used ->
    [one] { $used } message
   *[other] { $used } messages
}{ $cut ->
    [0] {""}
    [one] , { $cut } plus ancien omis
   *[other] , { $cut } plus anciens omis
}{ $dropped ->
    [0] {""}
    [one] { " · " }{ $dropped } citation non vérifiée écartée
   *[other] { " · " }{ $dropped } citations non vérifiées écartées
}
summary-key-facts = Faits clés
summary-note-title = Résumé de l'e-mail : { $subject }
summary-note-target = Enregistrement sur lequel enregistrer le résumé
summary-saved-as-note = Enregistré comme note
summary-save-as-note = Enregistrer comme note
summary-note-already-saved = Déjà enregistré comme note.
summary-note-saved = Enregistré comme note.

## Draft
draft-heading = Rédiger une réponse
drafting = Rédaction…
draft-generate = Générer
draft-stop = Arrêter
draft-category = Catégorie
draft-custom-prompt = Que doit faire la réponse ?
draft-tone = Ton
draft-length = Longueur
draft-language = Langue
draft-slots = Proposer des créneaux de réunion
draft-model-cut = { $model } · coupé à la longueur maximale
draft-stopped = Arrêté.
draft-refine = Affiner
draft-refine-placeholder = p. ex. plus court, mentionner le pilote
draft-undo = Annuler
draft-insert = Insérer
draft-preview-hint = Réponse (aperçu) : dans Outlook, Insérer ouvre la réponse avec ce texte.
draft-preview = Aperçu de la réponse
draft-grounding = À partir de { $used ->
    [one] { $used } message
   *[other] { $used } messages
}{ $cut ->
    [0] {""}
    [one] , { $cut } plus ancien omis
   *[other] , { $cut } plus anciens omis
}

## Health
health-heading = État du service
health-status = État
health-degraded = Dégradé : certains services ne répondent pas
health-ok = Tous les services répondent
health-version = Version
health-upstreams = Services amont
health-store-schema = Schéma de stockage
health-unreachable-because = { $upstream } est injoignable : { $reason }
health-reachable = joignable (HTTP { $status })
health-unreachable = injoignable
health-not-configured = non configuré
upstream-identity = Identité
upstream-llm = Modèle de langage

## CRM connection
crm-connected-as = Connecté à Salesforce en tant que { $name }.
crm-connect-salesforce = Connecter Salesforce à la place
crm-disconnect-salesforce = Déconnecter Salesforce
crm-connected-to = Connecté à
crm-org = Organisation
crm-you-are = Vous êtes
crm-switch-org = Changer d'organisation

## Deal
deal-summarize = Résumer l'opportunité
deal-analysis-unavailable = Risques et prochaines étapes indisponibles :
deal-analysis-empty = Les notes et activités n'étayent encore aucun risque ni prochaine étape.
deal-risks = Risques
deal-suggested-tasks = Tâches suggérées
deal-model-dropped = { $model } · { $dropped ->
    [one] { $dropped } affirmation non étayée omise
   *[other] { $dropped } affirmations non étayées omises
}
deal-timeline-empty = Aucune note ni activité pour l'instant. Les notes, e-mails et réunions enregistrés dans le CRM s'affichent ici.
deal-timeline = Dernières notes et activités
activity-note = note
activity-email = e-mail
activity-meeting = réunion
activity-task = tâche
activity-call = appel
task-due-on = échéance { $date }
task-no-due-date = aucune échéance indiquée
created = Créé.

## Search, mailbox, account
search-heading = Rechercher dans le CRM
search-placeholder = Contacts, comptes, opportunités
searching = Recherche…
search = Rechercher
search-active-only = Actifs uniquement
search-owned-by-me = Les miens
inbox = Boîte de réception
calendar = Calendrier
calendar-around = Calendrier autour du
calendar-day = Jour
calendar-empty = Aucune réunion sur ces quatre semaines. Choisissez un autre jour ci-dessus.
account-signed-out = Connectez-vous pour voir votre CRM à côté de vos e-mails et réunions.
account-expired = Votre session a expiré. Reconnectez-vous pour continuer.
sign-in = Se connecter
fact-not-mentioned = non mentionné

## Item header
header-from = De { $from }, { $others ->
    [one] { $others } autre participant
   *[other] { $others } autres participants
}
header-organized-by = Organisée par { $organizer }, { $count ->
    [one] { $count } participant
   *[other] { $count } participants
}
no-item-hint-email = Ouvrez un e-mail pour voir ses personnes et opportunités.
no-item-hint-meeting = Les personnes et opportunités de cette réunion s'affichent ici.

## Hosts
teams-no-token = La fenêtre de connexion de Teams n'a fourni aucun jeton
teams-refused-sign-in = Teams n'a pas accepté la connexion
teams-did-not-start = Teams n'a pas démarré l'onglet
teams-not-connected = Closer n'a pas pu se connecter à Teams : { $reason }. Rouvrez l'onglet ou utilisez l'aperçu dans le navigateur.
teams-unreadable-context = Teams a signalé un contexte que Closer ne sait pas lire.
teams-no-configuration = Teams n'a pas ouvert la page de configuration
teams-configure-failed = Closer n'a pas pu se connecter à Teams : { $reason }. Fermez cette boîte de dialogue et réessayez.
teams-sign-in-heading = Connexion à Closer
teams-opening-sign-in = Ouverture de la page de connexion de votre organisation…
teams-silent-sign-in-failed = Teams n'a pas pu vous connecter sans demander : { $reason } Appuyez sur Se connecter.
teams-not-in-meeting = Cet onglet n'est pas dans une réunion : ouvrez Closer depuis une réunion Teams (son volet latéral ou un onglet de la conversation de la réunion) pour voir ses cartes CRM.
teams-meeting-not-found = Closer n'a pas trouvé cette réunion dans votre calendrier : { $error }
teams-configure-heading = Ajouter Closer à cette réunion
teams-configure-text = Closer affiche les contacts, comptes et opportunités de cette réunion depuis votre CRM. Appuyez sur Enregistrer pour l'ajouter.
outlook-unreadable-item = Outlook a signalé un élément que Closer ne sait pas lire.
outlook-did-not-start = Outlook n'a pas démarré le complément
outlook-not-connected = Closer n'a pas pu se connecter à Outlook : { $reason }. Rouvrez le volet ou utilisez l'aperçu dans le navigateur.
outlook-did-not-insert = Outlook n'a pas inséré le brouillon
outlook-insert-failed = Le brouillon n'a pas pu être inséré : { $reason }.
outlook-silent-sign-in-failed = Outlook n'a pas pu vous connecter sans demander : { $reason } Appuyez sur Se connecter.

## Preview
preview-theme = Thème
preview-theme-system = Système
preview-theme-light = Clair
preview-theme-dark = Sombre
preview-subtitle = Aperçu dans le navigateur : le volet sans hôte Office.
preview-language = Langue
preview-admin = Administration

## Search
search-empty = Aucun résultat. Essayez moins de mots ou incluez les enregistrements inactifs.

## Worker errors by code (the pane's words where it does not show the worker's English)
api-unauthorized = Votre connexion a expiré. Reconnectez-vous.
api-forbidden = Vous n'avez pas l'autorisation de faire cela.
api-not-found = Cet enregistrement ou élément n'existe plus, ou vous ne pouvez pas le voir.
api-conflict = L'enregistrement a changé dans le CRM depuis sa lecture ; rien n'a été écrasé.
api-busy = Un autre envoi est en train de l'enregistrer. Réessayez dans { $seconds } secondes.
api-throttled = Trop de requêtes. Réessayez dans { $seconds } secondes.
api-upstream-unavailable = Un service dont Closer dépend n'a pas répondu correctement. Réessayez dans un instant.
api-bad-request = Closer n'a pas pu accepter cette requête.
api-internal = Closer a rencontré une erreur. Copiez le diagnostic pour votre administrateur.
