//! The small mailboxes: Alex Wilber (Northwind's sales director: a customer thread and the
//! forecast thread he shares with Megan) and Diego Siciliani (Tailspin Toys, other customers
//! entirely), there so isolation between mailboxes and tenants has something to isolate.

use super::{ALEX, DIEGO, ETHAN, KENJI, MEGAN, Mail, OLIVIA, Thread};

/// Internal thread present in both Megan's and Alex's mailboxes (each copy has its own ids).
pub(super) const FORECAST: Thread = Thread {
    tag: "T08",
    subject: "Q4 forecast: Contoso and Woodgrove",
    unread: false,
    mails: &[
        Mail::text(
            &ALEX,
            &[&MEGAN],
            &[],
            "2026-11-25T23:10:00Z",
            "Megan,

For Friday's forecast call: can I commit Contoso at $48,000 for December? And where are we on Woodgrove?

Alex",
        )
        .first()
        .unsigned(),
        Mail::html(
            &MEGAN,
            &[&ALEX],
            &[],
            "2026-11-26T16:40:00Z",
            "Alex,

Yes, commit Contoso: CFO review is on December 1 and signature is expected by December 4.

Woodgrove is best case: their RFP closes on December 12 and they decide in January. Globex is on their shortlist too.

Megan",
        )
        .on_wrote()
        .unsigned(),
    ],
};

/// Alex's threads.
pub(super) const ALEX_THREADS: &[Thread] = &[
    Thread {
        tag: "T01",
        subject: "Woodgrove Bank – executive sponsor",
        unread: true,
        mails: &[
            Mail::html(
                &ALEX,
                &[&ETHAN],
                &[&MEGAN],
                "2026-11-24T15:00:00Z",
                "Hi Ethan,

I lead sales at Northwind and will be the executive sponsor for Woodgrove's evaluation. Would you have 30 minutes on December 2 to discuss what success looks like for your team?

Best regards,
Alex",
            )
            .first(),
            Mail::text(
                &ETHAN,
                &[&ALEX],
                &[&MEGAN],
                "2026-11-25T13:30:00Z",
                "Alex,

December 2 at 7am Pacific works. I will bring our head of logistics.

Ethan",
            ),
        ],
    },
    FORECAST,
];

/// Diego's threads.
pub(super) const DIEGO_THREADS: &[Thread] = &[
    Thread {
        tag: "T01",
        subject: "Relecloud – holiday reorder",
        unread: false,
        mails: &[
            Mail::html(
                &OLIVIA,
                &[&DIEGO],
                &[],
                "2026-11-18T10:15:00Z",
                "Hi Diego,

We would like to reorder 2,000 units of the Skyline glider kits for the holidays. Can you confirm delivery to our London warehouse before December 15?

Kind regards,
Olivia",
            )
            .first(),
            Mail::html(
                &DIEGO,
                &[&OLIVIA],
                &[],
                "2026-11-18T15:40:00Z",
                "Hi Olivia,

Confirmed: 2,000 units at $18.50 each, delivered by December 12.

Best,
Diego",
            ),
        ],
    },
    Thread {
        tag: "T02",
        subject: "Proseware – quote follow-up",
        unread: true,
        mails: &[Mail::text(
            &KENJI,
            &[&DIEGO],
            &[],
            "2026-11-26T01:20:00Z",
            "Diego-san,

Thank you for the quote for the spring catalogue. We need a 5% volume discount to match our other supplier. Is that possible?

Kenji",
        )
        .first()],
    },
];
