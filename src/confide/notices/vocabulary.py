"""The words of notices, acknowledgments and policy documents, as Django choices."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# 45 CFR 164.530(j)(2): documentation is kept six years from its creation or from the date it
# was last in effect, whichever is later.
RETENTION_YEARS = 6


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed, not yet published")
    PUBLISHED = "published", _("Published")


class AckOutcome(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Received the notice")
    DECLINED = "declined", _("Declined to sign: good-faith effort recorded")


class AckMethod(models.TextChoices):
    OFFICE = "office", _("In the office (recorded by staff)")
    PORTAL = "portal", _("In the client portal")


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


def keep_until(created: dt.datetime, last_in_effect: dt.datetime | None) -> dt.date:
    """The last day a document must be kept: six years from the later of the two dates."""
    start = max(created, last_in_effect) if last_in_effect else created
    day = start.date()
    try:
        return day.replace(year=day.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + RETENTION_YEARS, day=28)
