"""The notices and training demo parts load through the practice demo, once."""

from __future__ import annotations

import pytest

from confide.disclosures.models import InformationRequest
from confide.notices import access
from confide.notices.demo import load_demo as load_notices
from confide.notices.models import NoticeAcknowledgment, NoticeVersion, PolicyVersion
from confide.practice.demo import load_demo as load_practice
from confide.training.demo import load_demo as load_training
from confide.training.models import TrainingAttempt

pytestmark = pytest.mark.django_db


def test_demo_notice_policy_training_and_caller_load_once() -> None:
    said: list[str] = []
    load_practice(say=said.append)
    assert not [m for m in said if m.startswith("Skipped")], said
    notice = access.current_notice()
    assert notice is not None and "California" in notice.text
    outcomes = set(NoticeAcknowledgment.objects.values_list("outcome", flat=True))
    assert outcomes == {"acknowledged", "declined"}
    assert PolicyVersion.objects.get().is_current
    assert TrainingAttempt.objects.filter(completed_at__isnull=False).count() == 1
    before = (
        NoticeVersion.objects.count(),
        NoticeAcknowledgment.objects.count(),
        TrainingAttempt.objects.count(),
        InformationRequest.objects.count(),
    )
    load_notices()
    load_training()
    after = (
        NoticeVersion.objects.count(),
        NoticeAcknowledgment.objects.count(),
        TrainingAttempt.objects.count(),
        InformationRequest.objects.count(),
    )
    assert after == before
