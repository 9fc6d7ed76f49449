"""The demo's interviews: some waiting for a choice, some booked, some held with scorecards."""

import random

import pytest

from tests.factories import ApplicationFactory
from vivier.hiring.interviews.demo import load_interviews
from vivier.hiring.interviews.models import Interview, InterviewEmail, Scorecard
from vivier.hiring.models import PipelineStage

pytestmark = pytest.mark.django_db


def test_the_demo_loads_interviews_at_every_step(offer):
    for kind in ["interview", "interview", "interview", "offer", "hired"]:
        ApplicationFactory(offer=offer, stage=PipelineStage.for_kind(kind))
    assert load_interviews(random.Random(2026)) == 5
    statuses = sorted(Interview.objects.values_list("status", flat=True))
    assert statuses.count("proposed") >= 1 and statuses.count("scheduled") >= 3
    submitted = Scorecard.objects.filter(submitted_at__isnull=False)
    assert submitted.count() == 4  # offer and hired: bob and hana each
    assert all(card.scores.count() == 4 for card in submitted)
    assert not InterviewEmail.objects.filter(sent_at__isnull=True).exists()
