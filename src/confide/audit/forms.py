from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db import connection
from django.utils.translation import gettext_lazy as _

from confide import words
from confide.audit.models import Action

# The distinct actions, one index probe each (a loose index scan of (action, seq)): a plain
# DISTINCT reads the whole index, ten million entries, on every view of the trail page.
_RECORDED_ACTIONS = """
WITH RECURSIVE recorded(action) AS (
    SELECT MIN(action) FROM audit_auditevent
    UNION ALL
    SELECT (SELECT MIN(action) FROM audit_auditevent WHERE action > recorded.action)
    FROM recorded WHERE recorded.action IS NOT NULL
)
SELECT action FROM recorded WHERE action IS NOT NULL
"""


def recorded_actions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_RECORDED_ACTIONS)
        return [row[0] for row in cursor.fetchall()]


def action_choices() -> list[tuple[str, str]]:
    """The common actions, plus any other action an app has recorded."""
    known = dict(Action.choices)
    for action in recorded_actions():
        known.setdefault(action, words.say(action)[:1].upper() + words.say(action)[1:])
    return sorted(known.items(), key=lambda item: item[1])


BIGGEST_ID = 2**63 - 1  # the database's largest integer key
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(9998, 12, 31)  # the day after must still be a date, in every time zone


def _in_range(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
        )
    return value


class TrailFilterForm(forms.Form):
    actor = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    client_id = forms.IntegerField(
        label=_("Client number"), required=False, min_value=1, max_value=BIGGEST_ID
    )
    case_id = forms.IntegerField(
        label=_("Case number"), required=False, min_value=1, max_value=BIGGEST_ID
    )
    since = forms.DateField(
        label=_("From date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *action_choices()]  # type: ignore[attr-defined]

    def clean_since(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("since"))

    def clean_until(self) -> dt.date | None:
        return _in_range(self.cleaned_data.get("until"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date is before the start date."))
        return data
