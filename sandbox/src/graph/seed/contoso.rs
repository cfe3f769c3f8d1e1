//! Megan's long negotiation with Contoso Ltd (23 messages, 27 Oct – 27 Nov 2026): proposal,
//! competitor (Globex at $44,000), budget cap, deal-desk approvals on the same conversation,
//! security review, legal redlines, and the agreed $48,000 with next steps. The conversation
//! the pane summarises in the demo, and the one tests page through.

use super::{ALEX, DANIEL, LEE, MEGAN, Mail, PATTI, PRIYA, Thread};

/// The thread.
pub(super) const NEGOTIATION: Thread = Thread {
    tag: "T01",
    subject: "Northwind Fulfillment Cloud – proposal for Contoso",
    unread: true,
    mails: MAILS,
};

const MAILS: &[Mail] = &[
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL],
        "2026-10-27T16:05:00Z",
        "Hi Priya,

Thank you for the time on Thursday. As promised, attached is our proposal for Northwind Fulfillment Cloud across Contoso's three distribution centers: 250 warehouse seats, the Orders and Returns modules, and onboarding support.

List pricing is $52,000 per year for the subscription plus a one-time onboarding fee of $4,000, so $56,000 in year one.

Could we find 30 minutes next week to walk through it with Daniel?

Best regards,
Megan",
    )
    .first()
    .attach("Northwind_Proposal_Contoso_v1.pdf"),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL],
        "2026-10-28T15:22:00Z",
        "Thanks Megan.

The scope looks right. To be transparent, we are also evaluating Globex, and their quote came in noticeably lower than yours.

Our budget for this fiscal year is capped at $50,000, so $56,000 is a problem. Is there any room to sharpen the pencil? Daniel will coordinate the IT side.

Priya",
    ),
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL, &PATTI],
        "2026-10-28T18:40:00Z",
        "Hi Priya,

Understood, and thank you for being upfront about Globex. I'm copying Patti from our deal desk so we can look at options together.

Two questions so we get this right: does the $50,000 cap cover only the first-year subscription, or onboarding as well? And when do you need to be live?

Best,
Megan",
    ),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL, &PATTI],
        "2026-10-29T14:10:00Z",
        "Hi Megan,

The cap covers everything in year one, onboarding included.

Timing: we need to be live before our peak season starts on February 1, so the contract has to be signed by mid-December at the latest.

On decision making: I own the project, and our CFO, Ana Ruiz, signs anything over $25,000.

Priya",
    ),
    Mail::text(
        &DANIEL,
        &[&MEGAN],
        &[&PRIYA],
        "2026-10-29T16:30:00Z",
        "Hi Megan,

Daniel from IT procurement. Before we go further I need your SOC 2 Type II report and a completed copy of our vendor security questionnaire (attached).

Also, our standard is single sign-on through Entra ID. Can you confirm you support it?

Thanks,
Daniel",
    )
    .attach("Contoso_Vendor_Security_Questionnaire.xlsx"),
    Mail::html(
        &MEGAN,
        &[&DANIEL],
        &[&PRIYA, &LEE],
        "2026-10-29T21:05:00Z",
        "Hi Daniel,

Yes, Entra ID single sign-on (SAML and OpenID Connect) is standard in every plan.

Lee Gu, our solutions engineer, is copied: he will send the SOC 2 Type II report under NDA and return the completed questionnaire by Monday.

Best,
Megan",
    ),
    Mail::html(
        &LEE,
        &[&DANIEL],
        &[&MEGAN],
        "2026-11-02T17:45:00Z",
        "Hi Daniel,

Attached are our SOC 2 Type II report for 2026 and the completed questionnaire.

Two items are marked partial: data residency (we host in US-West and EU-West; Contoso would be in US-West) and customer-managed encryption keys, which are on our roadmap for Q2 2027.

Happy to walk your security team through either.

Regards,
Lee",
    )
    .attach("Northwind_SOC2_Type_II_2026.pdf"),
    Mail::text(
        &DANIEL,
        &[&LEE],
        &[&MEGAN],
        "2026-11-03T15:20:00Z",
        "Thanks Lee.

Customer-managed keys are a should for us, not a must, so that is fine as long as the roadmap commitment is in writing.

Security has no further objections.

Daniel",
    )
    .unsigned(),
    Mail::html(
        &PATTI,
        &[&MEGAN],
        &[],
        "2026-11-04T19:00:00Z",
        "Megan,

For Contoso I can approve 10% off the subscription with a three-year term: $46,800 per year, plus the $4,000 onboarding fee, so $50,800 in year one.

For a one-year term I can't go below $52,000 all-in.

Patti",
    ),
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL],
        "2026-11-05T16:10:00Z",
        "Hi Priya,

Good news: with a three-year agreement we can take 10% off the subscription, which brings year one to $50,800 including onboarding, and $46,800 per year after that.

I know it is still slightly above your cap; let me know how it lands with your team.

Best,
Megan",
    ),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL],
        "2026-11-06T14:35:00Z",
        "Megan,

Closer, but still above our cap. Globex has offered $44,000 for year one.

I would rather work with you: your Returns module is clearly stronger and your references were good. But I need to get to $48,000 or below to take this to our CFO. Is there any flexibility on the onboarding fee?

Priya",
    ),
    Mail::html(
        &MEGAN,
        &[&PATTI],
        &[&ALEX],
        "2026-11-06T17:20:00Z",
        "Patti,

Contoso needs $48,000 all-in for year one to take this to their CFO; Globex is at $44,000. They prefer us on product.

Could we do $46,800 for the subscription and waive all but $1,200 of onboarding? That is $48,000 in year one on the three-year term. Copying Alex for the approval.

Megan",
    ),
    Mail::html(
        &PATTI,
        &[&MEGAN],
        &[&ALEX],
        "2026-11-07T15:05:00Z",
        "Megan,

Deal desk approves $48,000 all-in for year one with a firm three-year commitment, then $46,800 per year for years two and three.

It is over 15% total discount in year one, so it needs Alex's sign-off.

Patti",
    ),
    Mail::text(
        &ALEX,
        &[&MEGAN, &PATTI],
        &[],
        "2026-11-07T16:42:00Z",
        "Approved. Please make sure the three-year term is firm: no termination for convenience in year one.

Alex

Sent from Outlook for iOS",
    )
    .on_wrote()
    .unsigned(),
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL],
        "2026-11-10T16:15:00Z",
        "Hi Priya,

We can do $48,000 all-in for year one, subscription and onboarding, then $46,800 per year for years two and three, on a three-year agreement.

I hope that gets us within your budget. Happy to join the conversation with your CFO if that helps.

Best,
Megan",
    ),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL],
        "2026-11-11T17:30:00Z",
        "Megan,

That works for the budget, thank you.

The three-year commitment is now the sticking point: our CFO is wary of multi-year deals with a new vendor. Could we get an exit after year one if go-live slips past February 1 because of something on your side?

Priya",
    ),
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL],
        "2026-11-12T18:05:00Z",
        "Hi Priya,

That is reasonable. We can add a performance clause: if go-live slips past February 1 for reasons on our side, Contoso may terminate after year one without penalty.

Our counsel will send draft language with the MSA this week.

Best,
Megan",
    ),
    Mail::text(
        &DANIEL,
        &[&MEGAN],
        &[&PRIYA],
        "2026-11-16T20:10:00Z",
        "Hi Megan,

Our legal team reviewed the MSA draft. Two redlines attached: the liability cap at 12 months of fees, and the wording of the performance clause.

Please have your legal team review.

Daniel",
    )
    .attach("Northwind_MSA_Contoso_redlines.docx"),
    Mail::html(
        &MEGAN,
        &[&DANIEL],
        &[&PRIYA],
        "2026-11-18T17:25:00Z",
        "Hi Daniel,

Our counsel accepted both redlines. The updated MSA and order form are attached.

I have sent an invite for tomorrow to walk through pricing and the order form together.

Best,
Megan",
    )
    .attach("Northwind_MSA_Contoso_v3.pdf"),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL],
        "2026-11-20T16:50:00Z",
        "Hi Megan,

Thanks for yesterday's call. Summary from our side: $48,000 for year one is confirmed, and the CFO review is scheduled for December 1.

One open item: the order form needs to list our three distribution centers explicitly.

Priya",
    ),
    Mail::html(
        &MEGAN,
        &[&PRIYA],
        &[&DANIEL],
        "2026-11-24T15:40:00Z",
        "Hi Priya,

Attached is the updated order form listing the three distribution centers: Redmond, Reno and Columbus.

Next steps as agreed:
1. CFO review on December 1
2. Signature by December 4
3. Kickoff on December 8 for a January 15 go-live

I have also sent an invite to walk through the order form on December 2.

Best,
Megan",
    )
    .attach("Northwind_Order_Form_Contoso_v4.pdf"),
    Mail::text(
        &DANIEL,
        &[&MEGAN],
        &[&PRIYA],
        "2026-11-25T14:05:00Z",
        "Thanks Megan.

Procurement has set Northwind up as a vendor. We need your W-9 and bank details in the vendor portal before the PO can be issued.

Daniel",
    ),
    Mail::html(
        &PRIYA,
        &[&MEGAN],
        &[&DANIEL],
        "2026-11-27T17:12:00Z",
        "Hi Megan,

Quick update: the CFO review moved up to Monday. If all goes well, expect the signed order form by Wednesday.

Happy Thanksgiving!
Priya",
    )
    .unsigned(),
];
