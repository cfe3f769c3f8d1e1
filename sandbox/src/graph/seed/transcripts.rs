//! WebVTT transcripts of the held meetings, in the forms Teams produces: cue identifiers and
//! `00:00:03.120` timestamps (both Contoso meetings, the second an hour long), the short
//! `0:0:3.120` form of Graph's own sample (Litware), and plain cues (Fabrikam). Each names a
//! competitor (Globex) and prices. The Fabrikam check-in with a spoken prompt injection is in
//! [`super::injection`].

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

/// Contoso – renewal and expansion negotiation (25 Nov 2026): 62 minutes, eight speakers (Megan,
/// Patti, Lee and Isaiah for Northwind; Priya, Daniel, Amelia and Omar for Contoso), in Teams'
/// form with cue identifiers (`<guid>/<n>-<m>`; an utterance too long for one cue continues in
/// `-1`) and a few cues on two lines. Questions, objections (price over the $50,000 budget cap,
/// the security review of the EDI add-on, the integration effort), Globex, prices, owners with
/// due dates, the close date (December 18th), the total ($156,000 over three years), the stage
/// ("legal has the order form now") and, in the last two minutes, the CFO's commitment to add
/// the Dallas distribution center in year two, which a recap that drops the end would miss.
pub(super) const CONTOSO_RENEWAL_NEGOTIATION: &str = "WEBVTT

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/1-0
00:00:04.210 --> 00:00:17.061
<v Megan Bowen>Good morning, everyone, and thanks for making the time the day before the holiday. I know a few of you are already half out the door.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/2-0
00:00:17.433 --> 00:00:29.443
<v Priya Raman>Morning, Megan. Half of my team is, anyway. Omar is joining from the Reno floor, so if you hear forklifts, that's him.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/3-0
00:00:30.140 --> 00:00:46.102
<v Omar Haddad>Yeah, sorry about that. It's the last big inbound day before the weekend, so I'm on the mezzanine. I'll stay on mute when I'm not talking.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/4-0
00:00:47.009 --> 00:00:56.300
<v Megan Bowen>Honestly, it's good to hear the building busy. How's the volume looking this week compared to last year?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/5-0
00:00:57.716 --> 00:01:16.267
<v Omar Haddad>Up about twelve percent on inbound, and outbound starts tomorrow night. The online orders for Friday started dropping in at five this morning. So yes, busy, but it's the good kind.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/6-0
00:01:17.928 --> 00:01:31.576
<v Priya Raman>That's also why I wanted this meeting before the holiday and not after. After tomorrow none of us will have the head space until mid-December.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/7-0
00:01:32.973 --> 00:01:53.602
<v Megan Bowen>No problem at all, Omar. Let me do quick introductions on our side. You know Patti from our deal desk, and Lee, our solutions engineer. New face today is Isaiah Langer, who will be your customer success manager once we go live.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/8-0
00:01:55.208 --> 00:02:10.307
<v Isaiah Langer>Hi everyone.
Great to meet you. I've been reading the pilot notes from Redmond for the last two weeks, so I feel like I already know your pick lines.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/9-0
00:02:11.096 --> 00:02:15.777
<v Patti Fernandez>Hi all. Good to see you again, Priya, Daniel.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/10-0
00:02:17.162 --> 00:02:28.252
<v Lee Gu>Morning. I've got the EDI mapping workbook open, so whenever we get to integration I can share it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/11-0
00:02:29.004 --> 00:02:39.184
<v Daniel Brooks>Morning. Amelia is finishing another call and will join in about five minutes. She asked us to start without her.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/12-0
00:02:40.324 --> 00:02:52.865
<v Megan Bowen>Before we start, I've turned on transcription, so Isaiah and I don't have to take notes while we talk. Is everyone okay with that?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/13-0
00:02:53.558 --> 00:02:55.504
<v Priya Raman>Fine with me.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/14-0
00:02:57.224 --> 00:03:04.255
<v Daniel Brooks>Fine. Our policy only needs us to be told, so thanks for saying it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/15-0
00:03:05.126 --> 00:03:41.001
<v Megan Bowen>Perfect. So here's what I'd suggest for the hour. First, Isaiah gives a short recap of the Redmond pilot, since that's really the basis for everything else. Second, the scope of the expansion: the three distribution centers plus the EDI integration add-on. Third, the integration effort and the security review, Daniel, I know you have questions there. And then pricing and the contract, once Amelia is here. Does that work?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/16-0
00:03:42.400 --> 00:04:00.451
<v Priya Raman>That works. The one thing I'd add: I need to leave this meeting knowing exactly what goes to Amelia and when. Our budget process closes in December and I don't want this slipping into next year.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/17-0
00:04:00.836 --> 00:04:06.904
<v Megan Bowen>Understood, and that's my goal too. We'll end with owners and dates.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/18-0
00:04:07.711 --> 00:04:43.798
<v Priya Raman>And maybe some context for Isaiah and Lee, since they're newer to this. Our priorities for next year are really three things. One, get returns under control, because online returns went from eleven to almost seventeen percent of orders in two years. Two, stop losing money on partner chargebacks. And three, do all of that without adding headcount in the warehouses, because hiring in Reno has been really hard.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/19-0
00:04:44.766 --> 00:04:58.377
<v Isaiah Langer>That's really helpful, thank you. Those three map almost one to one to how we'd measure success, so I'll build the success plan around them.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/20-0
00:04:59.709 --> 00:05:28.801
<v Isaiah Langer>Okay, pilot recap. Redmond went live on Fulfillment Cloud on September 8th, with two pick lines and the returns flow. Over the ten weeks we measured, mis-picks went down 31 percent, and average pick time per order went from about four minutes ten seconds to just under three minutes.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/21-0
00:05:29.732 --> 00:05:50.227
<v Isaiah Langer>The returns flow is the part I'd highlight. Before the pilot, a return took your team about six days from dock to restock. In the last four weeks it's been two and a half days.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/22-0
00:05:51.191 --> 00:06:07.434
<v Priya Raman>Those are the numbers I showed our leadership team, and honestly the returns number is the one that got their attention. Omar, does that match what you see on the floor?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/23-0
00:06:09.071 --> 00:06:33.424
<v Omar Haddad>Mostly, yes. The pick time is real. The scanners took the team about a week to get used to, and then it just clicked. The returns number, I'd say it's real for the standard returns. The damaged ones still go to a manual bench, and that's still slow.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/24-0
00:06:35.147 --> 00:07:01.298
<v Isaiah Langer>That's fair, and it's in my notes. Damaged returns are about eight percent of your volume, and the pilot didn't change that flow. The Returns module has a grading step we didn't turn on in the pilot, because it needed the Reno setup to make sense.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/25-0
00:07:01.757 --> 00:07:14.936
<v Omar Haddad>Right. And one complaint from the team: the label printer integration dropped twice in October. Both times we lost maybe forty minutes.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/26-0
00:07:16.226 --> 00:07:35.283
<v Lee Gu>Yes, those were on us. It was the print agent on the Windows host, and we shipped a fix on October 21st. Since then there hasn't been a drop. I can send you the incident notes if that helps.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/27-0
00:07:36.800 --> 00:07:41.069
<v Omar Haddad>Please do. My shift leads will ask me.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/28-0
00:07:42.228 --> 00:07:46.761
<v Lee Gu>Will do, I'll send them to you today.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/29-0
00:07:48.502 --> 00:08:03.367
<v Omar Haddad>While we're on returns, can you say more about that grading step? The damaged bench is where I lose people's time. Two people sit there all day in peak.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/30-0
00:08:04.336 --> 00:08:40.238
<v Isaiah Langer>Sure. With grading turned on, the person at the returns dock scans the item and answers three questions on the scanner: is the packaging intact, is the item damaged, and is it complete. Based on the answers, the system decides: restock, refurbish, return to vendor, or write off. It also prints the right label for where it goes next, so nobody has to look it up.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/31-0
00:08:41.868 --> 00:09:06.477
<v Isaiah Langer>At another customer of ours, a sporting goods retailer with a similar return rate, the damaged returns bench went from three people to one and a half in peak.
I can share their numbers, they agreed to be a reference.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/32-0
00:09:06.862 --> 00:09:23.257
<v Omar Haddad>One and a half people would already be a lot. Does the return-to-vendor part create anything for the vendor, or is that still our buyers sending emails?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/33-0
00:09:24.048 --> 00:09:48.388
<v Lee Gu>It creates a return authorization request, and with the EDI add-on that can go to the vendor as a standard message for the partners who support it. For the others it's a PDF the buyer sends. So it gets better with EDI, which is one reason we suggested doing them together.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/34-0
00:09:49.094 --> 00:09:54.465
<v Omar Haddad>Okay. That's useful. I didn't realize the two were connected.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/35-0
00:09:55.330 --> 00:10:09.792
<v Priya Raman>That's the part I want to explain to leadership, actually. Could you send me a one-pager on how Returns and EDI fit together? Something I can forward without editing.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/36-0
00:10:10.731 --> 00:10:18.027
<v Isaiah Langer>Yes, I'll put that together. I'll send it with the onboarding plan.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/37-0
00:10:19.341 --> 00:10:35.583
<v Daniel Brooks>From the IT side, the pilot was quiet, which is what I want. Two tickets in ten weeks, both the printer thing. The single sign-on worked the first day.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/38-0
00:10:36.508 --> 00:11:00.340
<v Megan Bowen>That's good to hear. So the pilot ends November 30th, and the agreement we reviewed on the 19th converts it into the full rollout. Today is about what changes if we add the EDI add-on and do all three distribution centers in one go.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/39-0
00:11:01.671 --> 00:11:25.454
<v Priya Raman>Exactly. And to be clear about where we are, the pilot contract was $35,000 for last year, which was an easy signature. What we're talking about now is a three-year commitment, which is a different conversation for us internally.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/40-0
00:11:26.941 --> 00:11:29.604
<v Megan Bowen>Absolutely. Let's get into scope.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/41-0
00:11:34.218 --> 00:11:46.222
<v Amelia Scott>Hi, sorry, I'm here. Amelia Scott from finance. My last call ran over. Please don't restart for me, Priya will fill me in.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/42-0
00:11:47.644 --> 00:12:09.169
<v Megan Bowen>Welcome, Amelia. Quick summary: the Redmond pilot numbers look good, 31 percent fewer mis-picks and returns processed in two and a half days instead of six, and we're just moving on to the scope of the expansion.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/43-0
00:12:09.910 --> 00:12:14.429
<v Amelia Scott>Great, thanks. That's all I need for now.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/44-0
00:12:14.794 --> 00:12:37.526
<v Megan Bowen>So, scope. Fulfillment Cloud across Redmond, Reno and Columbus, with the Returns module, and the EDI integration add-on so your trading partners' orders and advance ship notices flow in directly instead of through the portal. Lee, do you want to take the EDI piece?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/45-0
00:12:38.718 --> 00:12:45.647
<v Lee Gu>Sure. Let me share my screen. Can everyone see the mapping workbook?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/46-0
00:12:46.074 --> 00:12:48.195
<v Priya Raman>Yes, we see it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/47-0
00:12:49.396 --> 00:13:32.533
<v Lee Gu>Before the workbook, let me show you the flow itself, in our demo tenant, so you can picture it. This is an incoming 850 purchase order from a test partner. It arrives over AS2, we acknowledge it within a few seconds with a 997, and then it shows up here, in the order queue, next to your web orders, with a small tag that says which partner it came from.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/48-0
00:13:33.689 --> 00:13:41.789
<v Omar Haddad>So my pickers see it the same way as any other order? No separate screen?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/49-0
00:13:42.292 --> 00:14:14.819
<v Lee Gu>Exactly, no separate screen. The only difference on the floor is that some partners require their own carton labels, the GS1 labels with their SSCC numbers. When the picker closes the carton, the right label prints automatically. That's the piece that replaces the manual labeling your team does today for the big-box partners.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/50-0
00:14:16.322 --> 00:14:24.106
<v Omar Haddad>That manual labeling is a whole station in Reno. If that goes away, that's real.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/51-0
00:14:25.739 --> 00:14:56.987
<v Lee Gu>Then when the order ships, the advance ship notice, the 856, goes out automatically with the carton details, and when your ERP posts the invoice, the 810 goes out. Here you can see the status of each document, and if a partner rejects one, it turns red and the person on your side who owns that partner gets an email.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/52-0
00:14:57.615 --> 00:15:07.079
<v Daniel Brooks>Who would that be by default? Because I don't want those emails coming to IT for business errors.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/53-0
00:15:08.233 --> 00:15:22.200
<v Lee Gu>You choose per partner. Most customers route rejections to the customer service team, and only connection errors to IT. We'd set that up with you during the first wave.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/54-0
00:15:23.689 --> 00:15:29.724
<v Daniel Brooks>Good.
Connection errors to IT, everything else to customer service.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/55-0
00:15:39.352 --> 00:16:05.964
<v Lee Gu>Sorry, my demo tenant is a bit slow this morning. Okay, here. This is the partner scorecard. It shows, per partner, on-time ship rate, how many documents were rejected and why, and chargebacks. Most retailers we work with find money here, because the big partners charge you for late or wrong ASNs.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/56-0
00:16:06.591 --> 00:16:13.268
<v Priya Raman>How much are we paying in chargebacks today, Omar, do you know?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/57-0
00:16:13.846 --> 00:16:25.684
<v Omar Haddad>I don't know the exact number. Finance would know. But I know it's more than we'd like. Reno had a bad month in August.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/58-0
00:16:26.776 --> 00:16:44.124
<v Amelia Scott>I can tell you, since I'm here. Last fiscal year it was a little over $60,000 in chargebacks across all partners. I remember it because it was a line item in the audit.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/59-0
00:16:45.480 --> 00:16:59.276
<v Megan Bowen>That's a meaningful number. If the EDI add-on brings the ASN errors down even by half, that alone is more than the add-on costs per year.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/60-0
00:17:00.811 --> 00:17:15.246
<v Amelia Scott>I'd want to see that in the business case, not just hear it. But yes, if that's realistic, it changes how I look at the add-on.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/61-0
00:17:16.187 --> 00:17:28.688
<v Isaiah Langer>I can include an estimate based on the pilot and the other customers, with the assumptions written out, so you can challenge them.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/62-0
00:17:29.621 --> 00:17:31.568
<v Amelia Scott>Please. Conservative assumptions.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/63-0
00:17:33.180 --> 00:17:36.575
<v Lee Gu>Okay, now back to the workbook.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/64-0
00:17:37.814 --> 00:18:08.347
<v Lee Gu>So the EDI add-on handles the 850 purchase orders, the 856 advance ship notices, and the 810 invoices, both directions where it applies. It connects over AS2 or SFTP, whichever each trading partner uses. For each partner we load their implementation guide and map it once. This tab is the list of partners you sent us in October. It's forty-one partners.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/65-0
00:18:09.951 --> 00:18:19.912
<v Omar Haddad>Forty-one sounds right. But most of them we barely hear from. The big ones are maybe ten or twelve.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/66-0
00:18:21.283 --> 00:18:44.861
<v Lee Gu>That matches the volume data. The top twelve partners are about 83 percent of your order lines. So the plan we'd propose is a wave approach: the top twelve in the first wave, live with Redmond in January, then the rest in two more waves through March.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/67-0
00:18:46.441 --> 00:18:55.196
<v Daniel Brooks>What happens to the other twenty-nine during the first wave? They can't just stop sending us orders.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/68-0
00:18:55.728 --> 00:19:09.676
<v Lee Gu>Nothing changes for them. They keep using your current EDI provider until their wave. We run in parallel, so there's no cutover where anyone is in limbo.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/69-0
00:19:11.331 --> 00:19:22.944
<v Daniel Brooks>And the current provider is on a monthly contract, so we could keep it through March. Okay. That's workable.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/70-0
00:19:24.093 --> 00:19:32.861
<v Priya Raman>How long does mapping one partner take? I mean end to end, not just your part.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/71-0
00:19:33.982 --> 00:19:55.449
<v Lee Gu>For a partner with a clean implementation guide, about two days of our time, and roughly two hours of yours, mostly testing with the partner. The messy ones, and there are always two or three, can take a week.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/72-0
00:19:56.571 --> 00:20:08.922
<v Omar Haddad>Who on our side does the testing? Because if it's my team, I need to know now. December and January are our peak.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/73-0
00:20:10.446 --> 00:20:31.770
<v Lee Gu>The testing is mostly done by the partner and us. What we need from your side is someone who can confirm the item numbers and the ship-to codes. In the pilot that was Daniel's team, not the warehouse.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/74-0
00:20:32.915 --> 00:20:45.047
<v Omar Haddad>Okay. Then I'm less worried. As long as my floor leads aren't pulled into mapping sessions in the middle of peak.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/75-0
00:20:46.117 --> 00:21:02.321
<v Isaiah Langer>That's a good point for the onboarding plan as well. I'll schedule all the warehouse training for the second week of January, after your peak, and keep December purely IT.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/76-0
00:21:03.120 --> 00:21:06.164
<v Omar Haddad>That's what I want to hear.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/77-0
00:21:07.391 --> 00:21:35.888
<v Daniel Brooks>Let me push on integration effort a bit, because this is where I got burned before.
When we did the last WMS project, the vendor said four weeks and it was five months. Our ERP team is three people, and they have a year-end close in December. What do you actually need from them?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/78-0
00:21:36.927 --> 00:22:11.189
<v Lee Gu>Fair question. Three things. First, the item master export, which they already send nightly for the pilot. Second, the order import into your ERP, which is where the EDI orders end up. That's the one real piece of work: it's a standard interface, and in the pilot we used the same one for web orders. Third, the invoice confirmation back from the ERP so the 810s can go out.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/79-0
00:22:12.570 --> 00:22:24.819
<v Daniel Brooks>The order import, we already have that for web orders, yes. So you're saying EDI orders would come through the same interface?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/80-0
00:22:26.338 --> 00:22:48.806
<v Daniel Brooks>Just so everyone is on the same page: our ERP is SAP, S/4HANA since last year. Any change to the interfaces goes through our change board, which meets every second Thursday. So whatever you need has to be planned around that.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/81-0
00:22:49.977 --> 00:23:19.835
<v Lee Gu>Understood. In that case I'd want the interface change for the three new fields at the change board on December 10th, so it can be deployed in the first week of January. I can send Daniel the interface specification before then. The fields are optional on the SAP side, so it doesn't break the web orders if they're empty.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/82-0
00:23:20.477 --> 00:23:29.731
<v Daniel Brooks>Optional fields help a lot. The change board is much friendlier when nothing existing breaks.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/83-0
00:23:30.729 --> 00:23:52.282
<v Lee Gu>Same interface, with three extra fields: the partner id, the partner's PO number, and the requested ship date. I'd estimate four to six days of your ERP team's time in total, spread over December and January.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/84-0
00:23:53.396 --> 00:24:04.661
<v Daniel Brooks>Four to six days I can find. If it turns into four to six weeks, we'll have a problem.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/85-0
00:24:05.381 --> 00:24:26.176
<v Megan Bowen>Let's put that in writing then. Lee, can we include the integration plan with the named tasks and the estimated hours on Contoso's side as an exhibit to the order form? That way it's not just a promise in a meeting.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/86-0
00:24:26.938 --> 00:24:29.965
<v Lee Gu>Yes, I can do that.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/87-0
00:24:31.017 --> 00:24:42.287
<v Daniel Brooks>I'd like that. And who's the technical lead from your side for the whole rollout? Is it you, Lee?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/88-0
00:24:43.499 --> 00:24:54.893
<v Lee Gu>For the integration, yes, through go-live of the third site. After that Isaiah's team owns it, with a named support engineer.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/89-0
00:24:56.544 --> 00:25:09.477
<v Priya Raman>Isaiah, how does the hand-over work? The thing I worry about is that the people who sold it to us disappear after signature.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/90-0
00:25:09.917 --> 00:25:42.438
<v Isaiah Langer>Completely understand. You'd have me as your named CSM from signature, not from go-live, and I join the weekly project call from the start. There's a quarterly business review with you and Amelia, and a health check every month in the first year. And if anything about the hand-over goes badly, you call me, and if that doesn't help, you call Megan.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/91-0
00:25:43.296 --> 00:25:54.173
<v Megan Bowen>And I'll still be around. I'm on the account for renewal and expansion, so it's in my interest as much as yours.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/92-0
00:25:54.998 --> 00:26:11.943
<v Priya Raman>One more on my side, on reporting. Leadership will ask me every month how the rollout is going. In the pilot I built the slides by hand from exports. Is there something better?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/93-0
00:26:12.563 --> 00:26:39.001
<v Isaiah Langer>There's the operations dashboard, which you've seen, and in the full product there's a monthly summary report per site: orders, pick accuracy, returns cycle time, chargebacks once EDI is live. You can schedule it to go to whoever you want. Most customers send it to their leadership team directly.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/94-0
00:26:40.276 --> 00:26:54.064
<v Priya Raman>Can I add our own targets? Like, Redmond's target for returns cycle time is three days, so I'd want it to show green and red.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/95-0
00:26:54.510 --> 00:27:03.955
<v Isaiah Langer>Yes, per site and per measure. I'll set those up with you in the first health check.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/96-0
00:27:05.640 --> 00:27:27.756
<v Omar Haddad>Can I ask a practical one? The Columbus building has really poor Wi-Fi in the back half, near the cold storage. The scanners in the pilot needed a good connection. Is that going to be a problem?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/97-0
00:27:28.788 --> 00:28:00.629
<v Lee Gu>The scanners can work offline for up to four hours and sync when they're back in range. Picks are queued locally. What doesn't work offline is the real-time inventory check, so a picker could be sent to an empty slot in the dead zone. We've seen that in two other customers' cold storage. The usual answer is two extra access points.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/98-0
00:28:01.652 --> 00:28:12.178
<v Omar Haddad>We've been asking facilities for those access points for a year. Maybe this is the reason they finally happen.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/99-0
00:28:13.699 --> 00:28:25.238
<v Daniel Brooks>I'll take that one. I'll get a quote for the access points for Columbus, it's not a big number.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/100-0
00:28:26.917 --> 00:28:28.863
<v Omar Haddad>Okay.
Thanks, Daniel.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/101-0
00:28:29.676 --> 00:28:40.953
<v Omar Haddad>And hardware. In the pilot you lent us twenty-four scanners. For three sites we'd need something like ninety. Is that in the price?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/102-0
00:28:41.437 --> 00:29:09.069
<v Lee Gu>Hardware isn't in the subscription. You buy the scanners directly, and we certify the models. The ones from the pilot are about $1,150 each from the distributor, and there's a cheaper model at around $800 that works fine for receiving and returns, where you don't need the long-range scanner.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/103-0
00:29:10.771 --> 00:29:19.361
<v Omar Haddad>Ninety times $1,150 is more than a hundred thousand dollars. That's not a small number.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/104-0
00:29:20.666 --> 00:29:30.008
<v Daniel Brooks>We have about forty scanners from the old system that are less than three years old. Are those certified?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/105-0
00:29:31.205 --> 00:29:51.152
<v Lee Gu>If they're the Android ones, most likely. Send me the model numbers and I'll check this week. If they work, you'd need maybe fifty new ones, and mixing in the cheaper model for returns and receiving brings it down further.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/106-0
00:29:52.526 --> 00:29:59.123
<v Daniel Brooks>I'll send you the model numbers. It's in our asset list.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/107-0
00:30:00.498 --> 00:30:18.959
<v Omar Haddad>One more thing from the floor. About a third of the Reno team prefers Spanish, and we have some Somali speakers in Columbus. In the pilot the scanner screens were English only. Is that going to change?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/108-0
00:30:20.348 --> 00:30:52.142
<v Isaiah Langer>Spanish is available today, we just didn't turn it on in Redmond because nobody asked. Somali isn't, I'll be honest. What we've done with other customers is icons and color codes on the scanner screens, so the main flows don't depend on reading. And the training material can be translated, we've done Somali before for another customer in Minneapolis.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/109-0
00:30:53.740 --> 00:31:02.339
<v Omar Haddad>Spanish alone would cover most of Reno. And translated training would be great for Columbus.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/110-0
00:31:03.170 --> 00:31:14.921
<v Isaiah Langer>Then I'll put both in the onboarding plan. Spanish screens from day one in Reno, and translated quick-reference cards for Columbus.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/111-0
00:31:15.488 --> 00:31:30.056
<v Megan Bowen>Daniel, do you want to move to the security side? I know the EDI add-on changes the picture a bit compared to what your team reviewed in October.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/112-0
00:31:30.560 --> 00:32:17.099
<v Daniel Brooks>Yes. So, the security review we closed in October covered Fulfillment Cloud as it was in the pilot: single sign-on, data hosted in the US, the SOC 2 Type II report, and the open item on customer-managed keys, which your roadmap letter covers. EDI is new. It's an external data flow with our trading partners, over the internet, with credentials we have to manage. Our information security team will want to review that before anything is signed.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/113-0
00:32:17.922 --> 00:32:48.944
<v Daniel Brooks>Specifically, they'll ask where the AS2 certificates are stored, who at Northwind can see partner data, whether the EDI traffic goes through the same US region, and what the retention is on the raw EDI files. And they'll want our standard vendor security questionnaire updated for the add-on. The one you filled in was for the base product.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/114-0
00:32:49.317 --> 00:33:21.204
<v Lee Gu>All reasonable. Quick answers, and then I'll put it all in writing. The certificates are stored in a hardware-backed key vault, per tenant. The EDI traffic terminates in the same US region as your tenant, East US, and doesn't leave it. Raw EDI files are kept for ninety days by default, configurable down to thirty.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/114-1
00:33:21.499 --> 00:33:41.036
<v Lee Gu>And access to partner data at Northwind is limited to the support engineers assigned to your account, with just-in-time access that's logged and that your admins can see in the audit log.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/115-0
00:33:41.747 --> 00:33:48.582
<v Daniel Brooks>Can our admins get an alert when someone at Northwind uses just-in-time access?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/116-0
00:33:49.233 --> 00:34:04.558
<v Lee Gu>Yes, the audit export can send those events to your SIEM. In the pilot you're sending audit events to Splunk already, so it'd be one more event type.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/117-0
00:34:05.602 --> 00:34:35.894
<v Daniel Brooks>Another one, not EDI, but it came up in the pilot. We hire around two hundred seasonal workers across the three sites from October to January. In the pilot we created their accounts by hand. For three sites that won't work. Can you do automatic provisioning from Entra ID?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/118-0
00:34:37.616 --> 00:35:05.453
<v Lee Gu>Yes, SCIM provisioning from Entra ID is included. You put the seasonal workers in a group, and they get an account when they're added and lose access within forty minutes when they're removed. The scanners use a badge login, so they don't need to remember a password.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/119-0
00:35:05.895 --> 00:35:16.759
<v Daniel Brooks>And when they're removed, do we lose their history? Because the pick records need to stay for audits.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/120-0
00:35:18.020 --> 00:35:26.591
<v Lee Gu>No, the records stay. The account is disabled, not deleted, and the history stays attached to it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/121-0
00:35:27.058 --> 00:35:38.705
<v Amelia Scott>Does that affect the price? If it's two hundred more people in peak, is that two hundred more seats?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/122-0
00:35:39.790 --> 00:35:57.753
<v Patti Fernandez>No, the pricing for Fulfillment Cloud is per site, not per seat.
There's no per-seat charge, seasonal workers included. That was one of the reasons we priced it that way for retailers.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/123-0
00:35:58.815 --> 00:36:02.660
<v Amelia Scott>Good. That's one less thing to model.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/124-0
00:36:03.913 --> 00:36:20.795
<v Daniel Brooks>And one for legal, really, but it's security too. If we leave after three years, how do we get our data out, and how long until it's deleted on your side?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/125-0
00:36:22.053 --> 00:36:49.830
<v Lee Gu>You can export everything at any time, through the API or as a full export in CSV and JSON. At the end of the contract you have sixty days to export, then we delete within thirty days and send you a deletion certificate. That's in the data processing addendum already.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/126-0
00:36:50.844 --> 00:36:57.562
<v Daniel Brooks>Good. Sixty plus thirty. I'll point the team at the addendum.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/127-0
00:36:59.189 --> 00:37:22.487
<v Daniel Brooks>Good. Then the process on our side is: you send the updated questionnaire and a data flow diagram for EDI, our security team reviews it, and I send you the signed-off security review. Their turnaround is usually a week if nothing surprising is in there.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/128-0
00:37:23.738 --> 00:37:30.467
<v Megan Bowen>Lee, when can we get the questionnaire and the diagram to Daniel?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/129-0
00:37:32.049 --> 00:37:42.669
<v Lee Gu>I can have the updated questionnaire and the EDI data flow diagram to Daniel by Tuesday December 1st.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/130-0
00:37:43.621 --> 00:38:01.819
<v Daniel Brooks>Then, if the answers are what Lee just said, I will send the signed security questionnaire back by Friday December 4th. If the team has questions, I'll tell you by Wednesday so we don't lose the week.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/131-0
00:38:03.095 --> 00:38:19.326
<v Amelia Scott>Can I jump in with a question? What's the risk if the security review finds something? Does that blow up the timeline, or is it something you fix after signing?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/132-0
00:38:20.894 --> 00:38:40.353
<v Daniel Brooks>Depends what it is. If it's a documentation gap, we fix it in the addendum. If it's something structural, like data leaving the US, then it's a stop. But from what Lee just said, I don't expect anything structural.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/133-0
00:38:40.797 --> 00:38:55.304
<v Lee Gu>And if your team wants a call with our security lead, we can set that up within a day or two. We did that with another retailer last month.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/134-0
00:38:56.843 --> 00:39:03.127
<v Amelia Scott>Okay. I just need to know whether to plan around it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/135-0
00:39:03.665 --> 00:39:09.317
<v Priya Raman>And customer-managed keys are still Q2 2027, right? Nothing changed there?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/136-0
00:39:10.337 --> 00:39:24.784
<v Lee Gu>Still Q2 2027, preview in April. The roadmap letter from October still stands, and the offer to meet your security team once it's in preview.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/137-0
00:39:26.269 --> 00:39:31.779
<v Daniel Brooks>Good. That's fine for us, it's a nice-to-have for year two.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/138-0
00:39:32.477 --> 00:39:42.739
<v Megan Bowen>Okay. Amelia, since you're here, let's talk about pricing. Patti, do you want to walk through where we are?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/139-0
00:39:44.350 --> 00:40:09.669
<v Patti Fernandez>Sure. So, as agreed on the 19th, Fulfillment Cloud for the three distribution centers is $46,800 a year on a three-year term, with onboarding, and year one comes to $48,000 all-in. The EDI integration add-on lists at $14,400 a year. At list, that would take the annual subscription to $61,200.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/140-0
00:40:10.642 --> 00:40:38.929
<v Amelia Scott>That's the problem. Our budget cap for this project is $50,000 a year. I've already stretched to $48,000 for the base product. $61,200 is not something I can take to the board in December. Frankly, the price is too high for what is, from where I sit, a connector.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/141-0
00:40:39.779 --> 00:40:55.326
<v Priya Raman>And to be transparent, Globex has come back to us. They're at $44,000 a year for their platform, and they've offered to include EDI for free in the first year.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/142-0
00:40:56.349 --> 00:41:05.631
<v Megan Bowen>I appreciate you telling us. Can I ask what happens with Globex in year two?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/143-0
00:41:06.459 --> 00:41:19.458
<v Priya Raman>In year two their EDI goes to list, which I think is around $12,000. And their returns flow is still on the roadmap. That hasn't changed.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/144-0
00:41:20.867 --> 00:41:46.713
<v Megan Bowen>So over three years, Globex would be roughly $44,000 a year plus EDI at about $12,000 in years two and three, and no returns flow. That's about $156,000 over three years, with the part of the product that moved your returns from six days to two and a half missing.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/145-0
00:41:47.828 --> 00:41:57.980
<v Amelia Scott>That's a fair comparison.
But I can't show the board a comparison, I can only show them a number.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/146-0
00:41:58.760 --> 00:42:18.430
<v Priya Raman>And I'll add, we did reference calls for both vendors. Globex's references were fine, but both of them were using the product for outbound only. Nobody could show us returns. Yours showed us returns working at scale.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/147-0
00:42:19.452 --> 00:42:35.351
<v Amelia Scott>I read the reference notes. I agree they were stronger. But let's be honest, at some point the difference in price is bigger than the difference in references.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/148-0
00:42:36.082 --> 00:43:02.688
<v Patti Fernandez>Understood. Let me tell you what I can do on our side. The EDI add-on alone, I can take from $14,400 down to $10,800 on a three-year term. That's 25 percent off. Combined with the base, the subscription would be $57,600 a year.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/149-0
00:43:03.590 --> 00:43:05.536
<v Amelia Scott>Still over fifty.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/150-0
00:43:06.832 --> 00:43:25.662
<v Patti Fernandez>Right. The other lever is the onboarding. In year one we have $1,200 of onboarding in the $48,000. For the EDI add-on, onboarding would normally be another $6,000 for the mapping of the first wave. I could waive both.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/151-0
00:43:26.893 --> 00:43:37.639
<v Amelia Scott>That helps year one, but not the run rate. My issue is the annual number, not year one.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/152-0
00:43:39.027 --> 00:44:06.922
<v Megan Bowen>Can I propose something different? What if we flatten it: one price, $52,000 a year, for three years, for Fulfillment Cloud across all three distribution centers, the Returns module and the EDI add-on, with all onboarding waived. That's $156,000 over three years, which is about what Globex would cost you without the returns flow.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/153-0
00:44:08.597 --> 00:44:13.653
<v Amelia Scott>$52,000 a year. Still two thousand over my cap.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/154-0
00:44:14.548 --> 00:44:29.151
<v Priya Raman>Amelia, the EDI add-on replaces our current EDI provider. We pay them about $9,000 a year. That budget is on Daniel's side, not in this project.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/155-0
00:44:30.682 --> 00:44:43.121
<v Daniel Brooks>That's right. The current provider is around $9,000 a year, in the IT budget. If we move all partners by March, we cancel it in April.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/156-0
00:44:43.717 --> 00:45:06.796
<v Amelia Scott>Okay, so the net increase to the company is much smaller than the number on the order form. That changes the conversation. I could take the subscription out of this project's budget at $50,000 and charge the EDI difference to IT, as a replacement for an existing contract.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/157-0
00:45:07.249 --> 00:45:29.502
<v Patti Fernandez>And if it helps the paperwork, we can show it as two lines on the order form: Fulfillment Cloud at $44,400, and the EDI add-on at $7,600, for a total of $52,000 a year. Same total, it just maps to your two budgets.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/158-0
00:45:30.245 --> 00:45:51.072
<v Amelia Scott>That would actually make my life easier. Let me make sure I understand the total: $52,000 a year, fixed for three years, so the total comes to $156,000 over three years, no onboarding fees, all three sites, Returns, and EDI.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/159-0
00:45:52.046 --> 00:45:56.488
<v Patti Fernandez>Correct. $156,000 over three years, billed annually in advance.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/160-0
00:45:57.513 --> 00:46:10.272
<v Amelia Scott>And just so I can explain it: what is that compared to list? If the board asks how hard we negotiated, I want the honest number.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/161-0
00:46:10.965 --> 00:46:34.031
<v Patti Fernandez>At list, the base subscription is $52,000 a year and EDI $14,400, so $66,400 a year, or $199,200 over three years, plus about $10,000 of onboarding. So roughly $209,000 at list, against $156,000. That's about 25 percent below list over the term.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/162-0
00:46:34.801 --> 00:46:40.333
<v Amelia Scott>Twenty-five percent. Okay. That's a number I can defend.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/163-0
00:46:41.559 --> 00:46:54.705
<v Amelia Scott>Annually in advance is a problem in year one. Our fiscal year starts in February. Can we do the first invoice on February 1st, not at signature?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/164-0
00:46:55.456 --> 00:47:12.052
<v Patti Fernandez>I can do the first invoice on February 1st, with the subscription term starting on the go-live of the first site. I'd need the three-year commitment to be firm for that.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/165-0
00:47:13.506 --> 00:47:24.882
<v Amelia Scott>And what happens at renewal, after three years? I don't want to be back here with a 20 percent increase.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/166-0
00:47:25.293 --> 00:47:33.573
<v Patti Fernandez>We can cap the renewal increase at 5 percent for the first renewal term.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/167-0
00:47:34.874 --> 00:47:36.821
<v Amelia Scott>Three.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/168-0
00:47:38.299 --> 00:47:51.135
<v Patti Fernandez>Let me think.
I can do 4 percent, and that's truly the floor for me without going back to Alex for approval.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/169-0
00:47:58.744 --> 00:48:01.058
<v Amelia Scott>Four percent is acceptable.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/170-0
00:48:02.253 --> 00:48:41.627
<v Megan Bowen>So let me summarize pricing so we all agree. $52,000 a year for three years, $156,000 in total, split on the order form as $44,400 for Fulfillment Cloud and $7,600 for the EDI add-on. All onboarding waived. First invoice February 1st. Renewal increase capped at 4 percent. And the performance clause from the 19th stays: if go-live slips past February 1st because of us, you can exit after year one without penalty.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/171-0
00:48:42.487 --> 00:48:59.055
<v Priya Raman>Yes. And that compares well to Globex for us. I want to be clear, though, we haven't told Globex no yet. We will, once this is signed.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/172-0
00:49:00.561 --> 00:49:03.664
<v Megan Bowen>That's fair. I'd do the same.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/173-0
00:49:05.070 --> 00:49:11.906
<v Megan Bowen>Let's talk about the paperwork. Where are we on the order form?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/174-0
00:49:12.467 --> 00:49:34.606
<v Priya Raman>Legal has the order form now, so I'd say we're in negotiation. They got it Monday. They had two comments so far: the limitation of liability cap, and they want the data processing addendum to explicitly list the EDI data.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/175-0
00:49:35.147 --> 00:49:44.620
<v Patti Fernandez>On the liability cap, our standard is twelve months of fees. What are they asking for?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/176-0
00:49:45.736 --> 00:49:47.683
<v Priya Raman>Twenty-four months.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/177-0
00:49:48.464 --> 00:50:01.426
<v Patti Fernandez>I can't agree to twenty-four on my own. Eighteen months is something I've gotten approved before. I'll check with our legal team and come back.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/178-0
00:50:02.320 --> 00:50:05.344
<v Priya Raman>Okay. And the data processing addendum?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/179-0
00:50:06.508 --> 00:50:18.844
<v Lee Gu>That's easy. I'll add the EDI data categories, the retention, and the subprocessor list to the addendum along with the questionnaire.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/180-0
00:50:20.554 --> 00:50:37.917
<v Daniel Brooks>While legal is looking at it, I'd like the uptime commitment to cover EDI as well. In the base agreement the SLA is 99.9 percent for Fulfillment Cloud. Does that include the EDI connections?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/181-0
00:50:38.828 --> 00:50:52.535
<v Lee Gu>It includes our side of the EDI service, the gateway and the processing. It can't cover the partner's side, obviously, if their AS2 server is down.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/182-0
00:50:52.932 --> 00:50:58.562
<v Daniel Brooks>Of course. And the service credits, are they the same?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/183-0
00:50:59.855 --> 00:51:15.047
<v Patti Fernandez>Same schedule. Ten percent of the monthly fee below 99.9, twenty-five percent below 99.5. I can make that explicit for EDI in the order form, so legal doesn't have to ask.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/184-0
00:51:16.546 --> 00:51:20.009
<v Daniel Brooks>Please do. It saves a round trip.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/185-0
00:51:21.666 --> 00:51:35.593
<v Patti Fernandez>I'll send the revised order form with the new pricing lines and the liability language to Priya and your legal team by Wednesday December 2nd.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/186-0
00:51:35.971 --> 00:51:47.235
<v Amelia Scott>What's the approval path on our side, Priya? I want to make sure there's no surprise at the end.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/187-0
00:51:48.976 --> 00:52:16.667
<v Priya Raman>The way it works: once legal is happy with the order form and Daniel's team has signed off the security review, it goes to you, Amelia, for the financial approval, because it's over $45,000. Then I sign. Procurement issues the purchase order after the signature.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/188-0
00:52:18.316 --> 00:52:34.826
<v Amelia Scott>I have a budget committee meeting on Monday December 14th. If I have the final order form and the security sign-off before then, I can approve it there.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/189-0
00:52:36.235 --> 00:52:49.883
<v Priya Raman>Then we aim to sign by December 18th. That's the Friday. It leaves a few days for anything that comes up in the committee.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/190-0
00:52:50.909 --> 00:53:00.487
<v Megan Bowen>December 18th works for us. Our quarter ends December 31st, so it gives us both a little room.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/191-0
00:53:01.735 --> 00:53:08.945
<v Daniel Brooks>And the purchase order, how quickly do you need that after signature?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/192-0
00:53:10.285 --> 00:53:17.448
<v Patti Fernandez>Before the first invoice, so before February 1st. No rush on our side.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/193-0
00:53:18.306 --> 00:53:38.313
<v Isaiah Langer>If you sign on the 18th, I'd propose the project kickoff on Tuesday January 5th, then Redmond's expansion and the first EDI wave go live January 19th, Reno February 8th and Columbus March 1st.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/194-0
00:53:39.245 --> 00:53:51.777
<v Omar Haddad>Can we switch Reno and Columbus? Reno's peak is longer, it runs into February with the returns after the holidays. Columbus is quiet in February.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/195-0
00:53:52.707 --> 00:54:02.817
<v Isaiah Langer>We can. Columbus February 8th, Reno March 1st. The access points in Columbus need to be in before the 8th, though.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/196-0
00:54:04.208 --> 00:54:17.974
<v Priya Raman>What happens with the data from the pilot? Redmond has three months of history now. I'd hate to lose that, it's our baseline.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/197-0
00:54:19.056 --> 00:54:42.656
<v Lee Gu>Nothing is lost. The pilot tenant becomes the production tenant, so Redmond's history stays where it is. Reno and Columbus start fresh, but we can import the last twelve months of their order history from SAP if you want comparisons from day one.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/198-0
00:54:43.061 --> 00:54:48.935
<v Priya Raman>Yes, please. The comparison is the whole point for my leadership reporting.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/199-0
00:54:50.238 --> 00:55:03.302
<v Lee Gu>Then I'll add the history import to the integration plan. It's a one-time extract from SAP, a day of Daniel's team's time at most.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/200-0
00:55:04.584 --> 00:55:10.320
<v Daniel Brooks>A day is fine. Put it in January, not December.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/201-0
00:55:12.019 --> 00:55:17.866
<v Daniel Brooks>That's fine, I'll have them in by end of January.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/202-0
00:55:18.572 --> 00:55:32.090
<v Priya Raman>One more on the contract: do you need anything from us in terms of reference calls or case studies? Some vendors put that in the order form.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/203-0
00:55:33.601 --> 00:55:47.653
<v Megan Bowen>We don't put it in the order form. We'd love a case study once Reno is live, but that's a separate conversation, and only if you're happy.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/204-0
00:55:48.549 --> 00:55:53.300
<v Priya Raman>Good. I'd rather not have it in the contract.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/205-0
00:55:54.384 --> 00:56:06.982
<v Priya Raman>And on your side, who's the executive sponsor? Our leadership will want to know there's someone senior they can call if things go wrong.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/206-0
00:56:08.520 --> 00:56:31.763
<v Megan Bowen>That's Alex Wilber, our sales director. He approved the pricing from the 19th, and he'll join the first quarterly business review. I can set up a short intro call with Amelia and Alex in December if that's useful.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/207-0
00:56:32.199 --> 00:56:39.875
<v Amelia Scott>After the committee, please. Before that, I'd rather keep it to the people in this meeting.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/208-0
00:56:41.388 --> 00:56:44.253
<v Megan Bowen>Of course. After the 14th, then.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/209-0
00:56:45.584 --> 00:56:56.839
<v Megan Bowen>Okay. We have about eight minutes left, so let me go through next steps and owners, and please correct me.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/210-0
00:56:58.012 --> 00:57:12.175
<v Megan Bowen>One. Lee sends the updated security questionnaire, the EDI data flow diagram and the updated data processing addendum to Daniel by Tuesday December 1st.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/211-0
00:57:13.457 --> 00:57:15.403
<v Lee Gu>Confirmed.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/212-0
00:57:15.936 --> 00:57:26.046
<v Megan Bowen>Two. Daniel will send the signed security questionnaire by Friday December 4th, and flags any questions by Wednesday the 2nd.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/213-0
00:57:26.751 --> 00:57:28.697
<v Daniel Brooks>Yes.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/214-0
00:57:29.431 --> 00:57:46.550
<v Megan Bowen>Three.
Patti sends the revised order form, with the two pricing lines, $44,400 and $7,600, and the liability language, to Priya and Contoso legal by Wednesday December 2nd.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/215-0
00:57:47.824 --> 00:57:55.005
<v Patti Fernandez>Yes, and I'll have an answer on the eighteen-month liability cap by then.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/216-0
00:57:56.285 --> 00:58:11.164
<v Megan Bowen>Four. Omar sends Lee the contact list for the top twelve trading partners by Monday December 7th, so Lee can start the first EDI wave in December.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/217-0
00:58:12.217 --> 00:58:20.922
<v Omar Haddad>I can do that. Actually, most of them are in Daniel's list already, but I'll add the contacts.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/218-0
00:58:21.418 --> 00:58:34.432
<v Megan Bowen>Five. Isaiah sends the onboarding plan, with the January dates and the warehouse training in the second week of January, by Wednesday December 9th.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/219-0
00:58:34.838 --> 00:58:40.651
<v Isaiah Langer>Confirmed. I'll include the switched dates for Columbus and Reno.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/220-0
00:58:41.219 --> 00:59:17.238
<v Megan Bowen>Six. Daniel gets the quote for the Columbus access points. And seven, Amelia takes the order form to the budget committee on December 14th, and we aim to sign by December 18th. And for me: I'll send a written summary of today's pricing to Priya and Amelia by end of day today, so there's no confusion about the numbers.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/221-0
00:59:18.197 --> 00:59:21.233
<v Priya Raman>Perfect. That's exactly what I wanted.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/222-0
00:59:22.697 --> 00:59:41.663
<v Amelia Scott>And just to be sure about the business case that Isaiah mentioned, with the chargebacks. When will I get that? I'd want to read it before the committee, not at the committee.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/223-0
00:59:42.332 --> 00:59:53.749
<v Isaiah Langer>I'll send the business case with the chargeback estimate by Tuesday December 8th. That gives you almost a week before the 14th.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/224-0
00:59:54.788 --> 00:59:57.739
<v Amelia Scott>Good. Conservative assumptions, as I said.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/225-0
00:59:58.199 --> 01:00:02.698
<v Isaiah Langer>Conservative assumptions. I'll show the low case first.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/226-0
01:00:03.502 --> 01:00:05.449
<v Megan Bowen>Anything I've missed?</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/227-0
01:00:06.656 --> 01:00:11.321
<v Daniel Brooks>The integration plan as an exhibit, with our hours.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/228-0
01:00:13.010 --> 01:00:22.612
<v Lee Gu>Right, I'll add that to the order form package for Patti by December 1st as well.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/229-0
01:00:24.082 --> 01:01:00.603
<v Amelia Scott>One last thing before we drop, and I want it in the summary. If the security sign-off is clean and the order form comes back as we discussed, I will approve the $156,000 agreement at the December 14th committee, and I'll commit now to adding the Dallas distribution center in year two, at $14,000 a year, provided the first three sites are live by March 31st.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/230-0
01:01:01.712 --> 01:01:22.429
<v Megan Bowen>That's a big commitment, Amelia, thank you. We'll hold the Dallas price at $14,000 a year through March 31st, 2028, and Patti will put that in the order form as an option so it's in writing.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/231-0
01:01:23.692 --> 01:01:32.004
<v Patti Fernandez>I'll add it as an option line, no commitment on your side until you exercise it.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/232-0
01:01:33.396 --> 01:01:38.913
<v Amelia Scott>Good. Then I'm done. Thanks, everyone. This was useful.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/233-0
01:01:40.025 --> 01:01:44.395
<v Priya Raman>Thanks, Megan, thanks all. Have a good Thanksgiving.</v>

6f1d2c3b-94a8-5e7f-b0c1-2d3e4f5a6b7c/234-0
01:01:45.729 --> 01:01:52.640
<v Megan Bowen>Thank you all. Happy Thanksgiving, and I'll send the summary this afternoon.</v>
";
