"""The demo's interviews: some waiting for a choice, some booked, some held with scorecards, one
held yesterday with the recruiter's scorecard still to fill."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from tests.factories import ApplicationFactory
from vivier.hiring.interviews.demo import load_interviews
from vivier.hiring.interviews.models import Interview, InterviewEmail, Scorecard
from vivier.hiring.models import PipelineStage

pytestmark = pytest.mark.django_db


def test_the_demo_loads_interviews_at_every_step(offer, bob, hana):
    for kind in ["interview", "interview", "interview", "offer", "hired"]:
        ApplicationFactory(offer=offer, stage=PipelineStage.for_kind(kind))
    assert load_interviews(random.Random(2026)) == 5
    statuses = sorted(Interview.objects.values_list("status", flat=True))
    assert statuses.count("proposed") >= 1 and statuses.count("scheduled") >= 3
    submitted = Scorecard.objects.filter(submitted_at__isnull=False)
    # Offer and hired: bob and hana each; and hana's of yesterday's interview.
    assert submitted.count() == 5
    assert all(card.scores.count() == 4 for card in submitted)
    # Yesterday's: held, hana has assessed, bob (the first recruiter) has his to fill.
    yesterday = Interview.objects.get(starts_at__date=timezone.localdate() - dt.timedelta(days=1))
    assert yesterday.status == "scheduled" and yesterday.ends_at < timezone.now()
    assert list(yesterday.scorecards.values_list("interviewer", flat=True)) == [hana.pk]
    assert bob in yesterday.interviewers.all()
    assert not InterviewEmail.objects.filter(sent_at__isnull=True).exists()
