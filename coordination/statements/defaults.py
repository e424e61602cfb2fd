"""The statements InPlace ships: what a place shows until its admins publish their own version.

Each text is written in the small Markdown of rendering.py, with placeholders (``{{ name }}``)
filled in from the place's contacts and the site's settings (selectors.placeholder_values), so the
figures they state are the ones the site applies. A place's admins start their own version from
this text, placeholders and all.

Raising ``DEFAULT_TERMS_VERSION`` (with ``DEFAULT_TERMS_CHANGES`` saying what changed) asks every
person to accept the shipped terms again at their next sign-in.
"""

from .models import Kind

DEFAULT_TERMS_VERSION = 1
DEFAULT_TERMS_CHANGES = "The first terms of use of InPlace."

PRIVACY = """\
This notice says what personal data InPlace holds about you in {{ place }}, why, for how long, \
who can see it and what your rights are.

## Who is responsible for your data

The data controller is {{ controller }}. You can contact them at {{ controller_contact }}.

Their data protection officer can be contacted at {{ dpo_contact }}.

## What we collect

- your name and email address when you create an account
- how to reach you, if you choose to add it to your profile
- your role in the place and the organisation you represent
- what you write and do here: ideas, comments, bids, notes, votes, declarations of interest
- records of signing in, to keep your account safe

## Why we use it, and our lawful basis

- To run InPlace for the council, charities, funders and residents of {{ place }}: public task, \
because coordinating local services is part of the council’s functions.
- To keep the site secure, and to stop misuse: legitimate interests.
- To send you emails you asked for, such as a digest of news: consent. You can turn these off \
at any time in your notification settings.
- To keep the public record of decisions, grants and declarations of interest: legal obligation \
and public task.

## What is public and what is private

Public, for anyone to read: ideas, comments, board minutes and decisions, grants awarded, \
notes of what worked, and the names of people on public records (such as a board member who \
proposed a decision or declared an interest).

Private: your email address, how to reach you, your notifications, your sign-in history, \
draft and sealed bids, and anything a page says only its members can see. Only the people whose \
role needs it can see private information, and only in the place it belongs to.

## How long we keep it

- A “download my data” file: {{ retention_export }}, then it is deleted.
- Your notifications: {{ retention_notifications }}.
- Emails we send you: {{ retention_outbox }} after they are sent or given up.
- An account nobody signs in to for {{ retention_dormant }} is closed. We email you \
{{ retention_dormant_warning }} before.
- Requests to see or erase your data: {{ retention_request_log }}, to show each was answered.

Governance records (decisions, declarations of interest, votes and grants) are kept as the \
public record. If you close your account, they show you as “former member” instead of your name.

## Your rights

- To see the data we hold about you: [Download my data](/accounts/data/).
- To have your data erased: [Close my account](/accounts/close/).
- To have your data corrected: change your [profile](/accounts/profile/), or contact the \
data controller.
- To object to, or restrict, how we use your data: contact the data controller or the data \
protection officer.

## How to complain

If you are unhappy with how we have used your data, contact the data protection officer first.

You can also complain to the Information Commissioner’s Office (ICO), Wycliffe House, Water \
Lane, Wilmslow, Cheshire SK9 5AF, helpline 0303 123 1113, \
[ico.org.uk/make-a-complaint](https://ico.org.uk/make-a-complaint/).
"""

TERMS = """\
These terms apply when you use InPlace in {{ place }}, and when you take part: post ideas or \
comments, bid for funding, answer tenders, or sit on a board.

## Using InPlace

- Keep your password to yourself. You are responsible for what is done with your account.
- Only act for an organisation you are allowed to represent.
- Tell us if you think someone else has used your account.

## What you may post

Post about what matters in {{ place }}. Do not post anything that:

- is unlawful, threatening, abusive, or discriminates against anyone
- gives personal information about someone else without their permission
- is advertising, or is not about the place
- copies someone else’s work without permission

What you post about ideas, comments and decisions is public. Write as you would at a public \
meeting.

## Moderation

The place’s moderators may hide a post that breaks these terms. A hidden post shows that it \
was hidden and the reason, so everyone can see why. If you think a post breaks these terms, use \
“Report” on it and a moderator will look at it.

## Limits for new accounts

For the first {{ new_account_days }} days after you create an account, you can post at most \
{{ new_account_ideas }} ideas and {{ new_account_comments }} comments a day. This slows down \
spam and lets the community get to know you.

## Changes to these terms

When these terms change, we will ask you to read a summary of the changes and accept them the \
next time you sign in.

## Contact

Contact {{ controller }} at {{ controller_contact }}.
"""

COOKIES = """\
Cookies are small files saved on your phone, tablet or computer when you visit a website.

InPlace only uses cookies that are essential for the site to work. We do not use cookies to \
track you, measure how you use the site or show you adverts, so we do not ask for your consent \
to cookies.

## Essential cookies

- {{ session_cookie }}: keeps you signed in as you move between pages. It expires when you \
sign out, after {{ idle_minutes }} minutes without using the site, or after {{ session_hours }} \
hours at most.
- {{ csrf_cookie }}: stops other websites from sending forms in your name. It expires after \
a year.
- {{ messages_cookie }}: shows a message once, such as “Your changes are saved”, on the next \
page. It is deleted when the message has been shown.

None of these cookies contain your name or email address.

## Changes to this statement

If we add a cookie, we will list it here first.
"""

ACCESSIBILITY = """\
This accessibility statement applies to InPlace in {{ place }}.

We want as many people as possible to be able to use this website. For example, that means \
you should be able to:

- change colours, contrast levels and fonts using browser or device settings
- zoom in up to 400% without the text spilling off the screen
- navigate most of the website using a keyboard or speech recognition software
- listen to most of the website using a screen reader

[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use \
if you have a disability.

## Compliance status

{{ compliance }}

## Non-accessible content

The content listed below is non-accessible for the following reasons.

{{ known_issues }}

## Feedback and contact information

If you find any problems not listed on this page, or you need information on this website in \
a different format, contact {{ accessibility_contact }}. We will reply within 10 working days.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing \
{{ regulations }} (the “accessibility regulations”). If you are not happy with how we respond \
to your complaint, contact the \
[Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

If you are in Northern Ireland, contact the \
[Equality Commission for Northern Ireland](https://www.equalityni.org/Home), which is \
responsible for enforcing the regulations there.

## How we tested this website

We tested this website on {{ tested_on }} against the Web Content Accessibility Guidelines \
version {{ wcag }} {{ wcag_level }} standard, with:

{{ how_tested }}

We tested these types of page:

{{ tested_pages }}

## Preparation of this accessibility statement

This statement was prepared on {{ prepared_on }}. It was last reviewed on {{ reviewed_on }}.
"""

DEFAULTS = {
    Kind.PRIVACY: PRIVACY,
    Kind.TERMS: TERMS,
    Kind.COOKIES: COOKIES,
    Kind.ACCESSIBILITY: ACCESSIBILITY,
}
