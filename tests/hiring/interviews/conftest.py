"""An offer with two applications at the interview stage, interviewed by bob (recruiter) and hana
(the offer's hiring manager); slots a few days ahead."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory, CandidateFactory
from vivier.hiring.interviews.services import SlotTimes, schedule_interview
from vivier.hiring.models import PipelineStage, StageKind


@pytest.fixture
def interview_stage(db):
    return PipelineStage.for_kind(StageKind.INTERVIEW)


@pytest.fixture
def application(offer, interview_stage):
    return ApplicationFactory(
        offer=offer, stage=interview_stage,
        candidate=CandidateFactory(first_name="Lou", last_name="Martin", email="lou@example.test"),
    )  # fmt: skip


@pytest.fixture
def other_application(offer, interview_stage):
    return ApplicationFactory(
        offer=offer, stage=interview_stage,
        candidate=CandidateFactory(first_name="Sam", last_name="Roux", email="sam@example.test"),
    )  # fmt: skip


def at(days: int, hour: int, minutes: int = 45) -> SlotTimes:
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=days)
    start = start.replace(hour=hour)
    return SlotTimes(starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))


@pytest.fixture
def schedule(bob, hana):
    def make(application, slots=None, shared=(), interviewers=None, **fields):
        return schedule_interview(
            application=application,
            interviewers=interviewers or [bob, hana],
            new_slots=[at(3, 9), at(3, 11)] if slots is None else slots,
            shared_slots=shared,
            location=fields.pop("location", "Hôtel de Région, salle 4"),
            by=bob,
            **fields,
        )

    return make
