"""Dashboard items: agreements due for revisit, and participants who have not signed.

Reads go through `agreements.access` so a clinician sees items for their own cases only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from confide.agreements import access, gate
from confide.agreements.changes import reasons_for_new_version
from confide.practice import access as practice_access
from confide.practice.attention import AttentionItem, links_to, register
from confide.practice.models import Practice

# Revisits show up this many days before they are due.
REVISIT_NOTICE_DAYS = 14


def agreement_items(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    practice = Practice.current()
    today = timezone.localdate()
    cases = list(access.open_cases(user))
    # with their clients: the gate names who has not signed, the changes check minors' ages
    people = practice_access.participants_by_case(user, cases)
    # every case's agreement and signatures, read at once, with the participants read above
    standing = gate.statuses(cases, people)
    link = links_to("agreements:case")
    for case in cases:
        url = link(case.pk)
        participants = people[case.pk]
        client_ids = tuple(p.client_id for p in participants)
        current, status = standing[case.pk]
        if current is None:
            text = _("%(case)s: no confidentiality agreement yet") % {"case": case.title}
            items.append(AttentionItem(text, url, "warn", None, client_ids))
            continue
        if status.missing:
            names = ", ".join(status.unsigned_names)
            text = _("%(case)s: not signed yet by %(names)s") % {"case": case.title, "names": names}
            items.append(AttentionItem(text, url, "warn", None, client_ids))
        if current.revisit_on <= today + dt.timedelta(days=REVISIT_NOTICE_DAYS):
            level = "danger" if current.revisit_on <= today else "warn"
            text = _("%(case)s: agreement due for revisit") % {"case": case.title}
            items.append(AttentionItem(text, url, level, current.revisit_on, client_ids))
        if practice is not None:
            reasons = [
                r
                for r in reasons_for_new_version(current, case, practice, participants)
                if "revisit date" not in r
            ]
            if reasons:
                # the reasons stay in English: they are compared as data above
                text = _("%(case)s: agreement needs a new version (%(reasons)s)") % {
                    "case": case.title,
                    "reasons": " ".join(reasons),
                }
                items.append(AttentionItem(text, url, "warn", None, client_ids))
    return items


def register_attention() -> None:
    """Called from the app's `ready()`: registering is never an import side effect."""
    register(agreement_items)
