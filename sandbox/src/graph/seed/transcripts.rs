//! WebVTT transcripts of the three held meetings, in the forms Teams produces: cue identifiers
//! and `00:00:03.120` timestamps (Contoso), the short `0:0:3.120` form of Graph's own sample
//! (Litware), and plain cues (Fabrikam). Each names a competitor (Globex) and prices.

/// Contoso – pricing and order form review (19 Nov 2026).
pub(super) const CONTOSO_PRICING_REVIEW: &str = "WEBVTT

0b9e7dda-7d31-5411-9266-ea2e394a68ec/1-0
00:00:03.120 --> 00:00:09.480
<v Megan Bowen>Thanks for making the time, everyone. The goal today is to walk through the pricing and the updated order form.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/2-0
00:00:09.900 --> 00:00:17.260
<v Priya Raman>Great. Before we start, can you confirm we're at $48,000 all-in for year one, onboarding included?</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/3-0
00:00:17.600 --> 00:00:26.040
<v Megan Bowen>Confirmed. $48,000 for year one, then $46,800 per year for years two and three, on a three-year agreement.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/4-0
00:00:26.500 --> 00:00:36.880
<v Patti Fernandez>And the performance clause is in section 7: if go-live slips past February 1 for reasons on our side, Contoso can terminate after year one without penalty.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/5-0
00:00:37.300 --> 00:00:47.150
<v Priya Raman>That's the part our CFO cares about. Honestly, Globex came in at $44,000, but their returns module isn't there yet, and your references were stronger.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/6-0
00:00:47.600 --> 00:00:55.020
<v Daniel Brooks>From IT, the security review is closed. The only open point is customer-managed keys, and the roadmap letter covers it.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/7-0
00:00:55.400 --> 00:01:03.900
<v Megan Bowen>Customer-managed keys ship in Q2 2027. Lee can meet your security team once they're in preview.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/8-0
00:01:04.300 --> 00:01:12.760
<v Priya Raman>One change: the order form needs to list our three distribution centers explicitly. Redmond, Reno and Columbus.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/9-0
00:01:13.100 --> 00:01:18.400
<v Megan Bowen>Easy. I'll send an updated order form by Monday.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/10-0
00:01:18.900 --> 00:01:28.300
<v Daniel Brooks>What does onboarding look like? Our warehouse teams are stretched in December, so training would have to happen in January.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/11-0
00:01:28.700 --> 00:01:39.100
<v Megan Bowen>We'd kick off on December 8 with your IT team for the integrations, then run on-site training in the first two weeks of January, for a January 15 go-live.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/12-0
00:01:39.500 --> 00:01:47.800
<v Priya Raman>That works. Our CFO, Ana Ruiz, reviews the agreement on December 1. If she approves, we sign by December 4.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/13-0
00:01:48.200 --> 00:01:55.600
<v Patti Fernandez>I'll make sure the signature packet goes out the same day as the CFO review.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/14-0
00:01:56.000 --> 00:02:04.400
<v Daniel Brooks>Can you also send your W-9 for the vendor setup? Procurement can't issue a PO without it.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/15-0
00:02:04.800 --> 00:02:12.300
<v Megan Bowen>Will do. So, next steps: updated order form from me by Monday, the W-9 to Daniel, CFO review on December 1, signature by December 4.</v>

0b9e7dda-7d31-5411-9266-ea2e394a68ec/16-0
00:02:12.700 --> 00:02:16.100
<v Priya Raman>Perfect. Thanks, Megan.</v>
";

/// Litware – technical deep dive (24 Nov 2026), in Graph's short timestamp form.
pub(super) const LITWARE_DEEP_DIVE: &str = "WEBVTT

0:0:2.40 --> 0:0:8.910
<v Megan Bowen>Hi Hannah, thanks for joining. Lee will walk through the SAP integration, then we can talk rollout.</v>

0:0:9.300 --> 0:0:19.50
<v Lee Gu>Sure. The connector reads outbound deliveries from SAP and posts goods issues back. Your team reviews the field mappings; we do the setup.</v>

0:0:19.800 --> 0:0:27.120
<v Hannah Schmidt>How long does setup take? My team is small and we're busy until the end of January.</v>

0:0:27.500 --> 0:0:35.900
<v Lee Gu>About three weeks for four sites, and less than two days of your team's time in total, mostly mapping reviews.</v>

0:0:36.200 --> 0:0:46.700
<v Hannah Schmidt>Okay. To be open with you, Globex quoted us $72,000 a year for all four sites, with integration billed separately.</v>

0:0:47.100 --> 0:0:56.400
<v Megan Bowen>For all four sites we'd be at $64,000 a year, integration included. The pilot numbers, 38% fewer pick errors, should make the business case easy.</v>

0:0:56.800 --> 0:1:4.300
<v Hannah Schmidt>The pilot results were convincing. Budget for next year is final on January 15, so I can't sign before then.</v>

0:1:4.700 --> 0:1:12.200
<v Megan Bowen>That works. We could sign in January and start on February 1. Who else needs to approve?</v>

0:1:12.600 --> 0:1:18.900
<v Hannah Schmidt>Our COO, Raj Patel, signs off on anything above $50,000.</v>

0:1:19.300 --> 0:1:26.800
<v Lee Gu>I'll send the SAP mapping workbook this week so your team can review it before the holidays.</v>

0:1:27.200 --> 0:1:33.500
<v Megan Bowen>And I'll send the proposal by December 5. Thanks, Hannah.</v>
";

/// Fabrikam – security review and rollout plan (25 Nov 2026).
pub(super) const FABRIKAM_SECURITY_REVIEW: &str = "WEBVTT

00:00:01.500 --> 00:00:07.800
<v Megan Bowen>Welcome, Marcus. Lee has a demo of EU hosting and the audit export, then we can cover pricing.</v>

00:00:08.200 --> 00:00:18.600
<v Lee Gu>Your tenant would live in EU-West. Audit events stream to Sentinel through our audit API within a minute of happening.</v>

00:00:19.000 --> 00:00:26.400
<v Marcus Chen>Good. Our CISO will want that in writing, including where backups are stored.</v>

00:00:26.800 --> 00:00:33.100
<v Lee Gu>Backups stay in the EU as well, in a second EU region. I'll add it to the data processing addendum.</v>

00:00:33.500 --> 00:00:43.900
<v Marcus Chen>On commercials: Globex offered a dedicated tenant at no extra cost. What would 400 seats cost with you?</v>

00:00:44.300 --> 00:00:53.700
<v Megan Bowen>For 400 seats it's $250 per seat, so $100,000 a year, and the dedicated tenant is included as well.</v>

00:00:54.100 --> 00:01:02.400
<v Marcus Chen>That's in range. Is there a pilot option? We'd want to start with the Rotterdam site.</v>

00:01:02.800 --> 00:01:10.200
<v Megan Bowen>Yes, a January pilot in Rotterdam. Next steps: your CISO's written sign-off, then we schedule the pilot.</v>
";
