"""What may be said to a requester. None of these confirms that anyone is a client."""

from __future__ import annotations

GENERAL = (
    "I can't share information about anyone's care, or confirm whether someone is in "
    "treatment, without that person's written permission. I'm glad to explain in general how "
    "therapy and confidentiality work. If the person you are concerned about would like you "
    "involved, they can sign a release or ask for a joint session."
)
MINOR_GENERAL = (
    "Sessions with young people are confidential under state law, and I can't share what is "
    "discussed without the young person's agreement. I'm glad to explain in general how "
    "therapy and confidentiality work, and to talk about ways to involve you, such as a joint "
    "session, if the young person agrees."
)
NEITHER_CONFIRM_NOR_DENY = (
    "I can neither confirm nor deny whether any particular person receives services here. "
    "Any request for information needs that person's written authorization or valid legal "
    "process."
)
THIRD_PARTY = (
    "I can't confirm or discuss whether someone is a client without their written "
    "authorization. If the person wishes, they can sign a release naming you and what may be "
    "shared."
)
SUBPOENA = (
    "A subpoena alone does not permit the release of mental health records. Please provide a "
    "court order or the person's written authorization. This response neither confirms nor "
    "denies that the person named is or was a client."
)
SUBPOENA_JOINT = (
    "A subpoena alone does not permit the release of mental health records. Records that hold "
    "what several people said need a court order or the written authorization of each of "
    "them. This response neither confirms nor denies that the person named is or was a client."
)
COURT_NO_PROCESS = (
    "Records are released to a court only under a court order or with the person's written "
    "authorization. This response neither confirms nor denies that the person named is or was "
    "a client."
)
ORDER = (
    "Once the order or warrant is confirmed as valid, the information it expressly requires "
    "will be provided, limited to what is necessary."
)
AUTHORIZED = (
    "With the written authorization on file, the information it covers can be shared once "
    "your identity is confirmed."
)
AUTHORIZED_PART = (
    "With the written authorization on file, the information it covers can be shared once "
    "your identity is confirmed; anything beyond it needs a further authorization."
)
AUTH_DEFECT = (
    "The authorization provided can't be relied on as it stands. A new, complete written "
    "authorization is needed before anything can be shared."
)
EMERGENCY = (
    "Information needed to deal with the immediate safety concern can be shared now; anything "
    "further needs the person's authorization or legal process."
)
REPRESENTATIVE = (
    "Once your identity and legal authority are confirmed, you can have the information you "
    "are entitled to as the person's representative. Psychotherapy notes are not included."
)
CLIENT_SELF = (
    "Once your identity is confirmed, you can have a copy of your records. Psychotherapy notes "
    "and what other participants shared privately are not part of that right."
)
PARTICIPANT_PRIVATE = (
    "What another member of your sessions shared privately stays theirs, and I can't pass it "
    "on. If it matters to you, let's find a way to talk about it together in session."
)
SUPERVISOR = (
    "I can discuss this case with you using de-identified information only, unless the client "
    "authorizes more."
)
PROVIDER = (
    "Information for the person's treatment can be shared once your identity and role are "
    "confirmed."
)
PAYER = "Only the minimum information needed for payment will be provided."
POLICE_PROCESS = (
    "Once the subpoena or request is confirmed as valid, and limited to what it lawfully "
    "requires, the information it specifically seeks will be provided."
)
