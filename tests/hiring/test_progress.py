"""How far an application went: kept for reports even once it is rejected."""

import pytest

from tests.factories import ApplicationFactory
from vivier.hiring.models import PipelineStage, StageKind
from vivier.hiring.services import move_application, reject_application

pytestmark = pytest.mark.django_db


def test_the_furthest_stage_stays_when_the_application_is_rejected(bob):
    application = ApplicationFactory()
    assert application.furthest_stage == StageKind.NEW
    move_application(application=application, stage=PipelineStage.for_kind("interview"), by=bob)
    move_application(application=application, stage=PipelineStage.for_kind("screening"), by=bob)
    application = reject_application(application=application, reason="", by=bob, send_email=False)
    application.refresh_from_db()
    assert application.furthest_stage == StageKind.INTERVIEW
    assert application.hired_at is None


def test_a_hire_is_dated(bob):
    application = ApplicationFactory()
    move_application(application=application, stage=PipelineStage.for_kind("hired"), by=bob)
    application.refresh_from_db()
    assert application.furthest_stage == StageKind.HIRED
    assert application.hired_at == application.stage_changed_at
