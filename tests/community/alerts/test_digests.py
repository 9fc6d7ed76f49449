"""The digests: which offers match, what the e-mail says, and that it goes once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.community.alerts.conftest import path_of
from tests.factories import DepartmentFactory, JobOfferFactory
from vivier.community.alerts import digests, services
from vivier.community.alerts.criteria import Criteria, OfferFacts, matches
from vivier.community.alerts.models import Alert, Digest, DigestRun, Subscriber
from vivier.jobs.models import OfferStatus, RemotePolicy
from vivier.privacy.notices import rights_url
from vivier.talent.models import Place

pytestmark = pytest.mark.django_db


def published(hours_ago=1, **fields):
    return JobOfferFactory(
        status=OfferStatus.PUBLISHED,
        published_at=timezone.now() - dt.timedelta(hours=hours_ago),
        **fields,
    )


def confirm_long_ago(alert, days=3):
    """The alert was confirmed before the offers of the test were published."""
    then = timezone.now() - dt.timedelta(days=days)
    Alert.objects.filter(pk=alert.pk).update(confirmed_at=then)
    Subscriber.objects.filter(pk=alert.subscriber_id).update(confirmed_at=then)


def criteria(**values):
    return Criteria.from_values(**values)


def test_keywords_match_whatever_the_accents_and_case(employer):
    offer = OfferFacts.of(published(title="Infirmière de bloc opératoire"))
    assert matches(criteria(keywords="infirmiere BLOC"), offer)
    assert not matches(criteria(keywords="infirmière pédiatrie"), offer)  # every word must be in


def test_contract_department_and_place_must_all_match(employer):
    department = DepartmentFactory()
    offer = OfferFacts.of(published(contract_type="cdd", department=department, city="Saint-Malo"))
    assert matches(criteria(contract_type="cdd", department_id=department.pk), offer)
    assert not matches(criteria(contract_type="cdi"), offer)
    assert not matches(criteria(department_id=department.pk + 1000), offer)
    assert matches(criteria(place="st malo"), offer)
    assert not matches(criteria(place="Rennes"), offer)


def test_a_place_with_a_distance_uses_the_gazetteer_and_remote_offers_match_anywhere(employer):
    towns = [("Rennes", 48.1147, -1.6794), ("Saint-Malo", 48.6493, -2.0257),
             ("Brest", 48.3903, -4.4863)]  # fmt: skip
    for name, latitude, longitude in towns:
        Place.objects.create(
            key=name.lower().replace("-", " "), name=name, country="FR", latitude=latitude,
            longitude=longitude, population=1000, origin="test",
        )  # fmt: skip
    near = criteria(place="Rennes", latitude=48.1147, longitude=-1.6794, distance_km=80)
    assert matches(near, OfferFacts.of(published(city="Saint-Malo", postcode="35400")))  # ~65 km
    assert not matches(near, OfferFacts.of(published(city="Brest", postcode="29200")))  # ~210 km
    remote = published(city="Brest", postcode="29200", remote_policy=RemotePolicy.REMOTE)
    assert matches(near, OfferFacts.of(remote))


def test_the_distance_is_looked_up_when_the_alert_is_saved(employer):
    Place.objects.create(
        key="rennes", name="Rennes", country="FR", latitude=48.11, longitude=-1.68,
        population=200000, origin="test",
    )  # fmt: skip
    alert = services.subscribe(
        email="a@example.test", frequency="daily", consent_text="x", language="fr",
        criteria=services.AlertCriteria(place="Rennes", distance_km=30),
    )  # fmt: skip
    assert (alert.latitude, alert.longitude, alert.distance_km) == (48.11, -1.68, 30)


def test_the_digest_lists_the_new_matching_offers_with_unsubscribe_and_privacy_footer(
    employer, confirmed_alert, django_capture_on_commit_callbacks
):
    data_alert = confirmed_alert(keywords="données")
    nurse_alert = confirmed_alert(keywords="infirmier")
    confirm_long_ago(data_alert)
    confirm_long_ago(nurse_alert)
    data = published(title="Analyste de données")
    nurse = published(title="Infirmier de nuit")
    published(title="Jardinier")  # matches no alert
    published(title="Ancienne offre de données", hours_ago=24 * 5)  # before the window
    with django_capture_on_commit_callbacks(execute=True):
        run = digests.compute_digests(frequency="daily")
    assert run.digest_count == 1
    (message,) = mail.outbox
    assert message.to == ["lou@example.test"]
    assert "2" in message.subject and employer.name in message.subject
    body = message.body
    assert "Analyste de données" in body and "Infirmier de nuit" in body
    assert "Jardinier" not in body and "Ancienne offre" not in body
    assert body.index("« données »") < body.index("Analyste de données")  # grouped by alert
    assert data.get_absolute_url() in body and nurse.get_absolute_url() in body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe[1:-1] in body  # the visible link too
    assert rights_url("fr") in body  # the privacy footer
    assert reverse("alerts:manage", kwargs={"token": data_alert.subscriber.token}) in body


def test_the_unsubscribe_header_works_in_one_click(client, employer, confirmed_alert):
    alert = confirmed_alert()
    confirm_long_ago(alert)
    published()
    digests.compute_digests(frequency="daily")
    header = mail.outbox[0].extra_headers["List-Unsubscribe"][1:-1]
    assert client.post(path_of(header), {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert not Subscriber.objects.exists()


def test_an_unconfirmed_alert_gets_nothing(employer, save_alert):
    save_alert()
    Alert.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    mail.outbox.clear()
    published()
    run = digests.compute_digests(frequency="daily")
    assert run.digest_count == 0 and not mail.outbox and not Digest.objects.exists()


def test_offers_published_before_the_confirmation_are_not_sent(employer, confirmed_alert):
    published(hours_ago=2)
    confirmed_alert()  # confirmed now, after that offer
    digests.compute_digests(frequency="daily")
    assert not mail.outbox


def test_a_weekly_subscriber_is_not_in_the_daily_digest(employer, confirmed_alert):
    alert = confirmed_alert()
    confirm_long_ago(alert, days=10)
    Subscriber.objects.update(frequency="weekly")
    published()
    digests.compute_digests(frequency="daily")
    assert not mail.outbox
    digests.compute_digests(frequency="weekly")
    assert len(mail.outbox) == 1


def test_the_digest_is_never_sent_twice(
    employer, confirmed_alert, django_capture_on_commit_callbacks
):
    alert = confirmed_alert()
    confirm_long_ago(alert)
    published()
    now = timezone.now()
    digests.compute_digests(frequency="daily", now=now)
    # The task retried, a second worker on the same schedule, a sweep of pending digests:
    digests.compute_digests(frequency="daily", now=now + dt.timedelta(minutes=5))
    DigestRun.objects.update(finished_at=None)  # as if the first run had died before the end
    digests.compute_digests(frequency="daily", now=now + dt.timedelta(hours=1))
    digests.send_pending_digests(now=now + dt.timedelta(days=1))
    digests.deliver_digests(list(Digest.objects.values_list("pk", flat=True)))
    assert len(mail.outbox) == 1
    assert Digest.objects.count() == 1


def test_a_digest_claimed_by_another_worker_is_left_to_it_until_its_lease_ends(
    employer, confirmed_alert
):
    alert = confirmed_alert()
    confirm_long_ago(alert)
    published()
    digests.compute_digests(frequency="daily", queue=False)
    digest = Digest.objects.get()
    Digest.objects.update(claimed_at=timezone.now())  # another worker is sending it
    assert digests.deliver_digests([digest.pk]) == 0 and not mail.outbox
    assert digests.send_pending_digests() == 0
    lease_over = timezone.now() - dt.timedelta(seconds=digests.DIGEST_LEASE_S + 1)
    Digest.objects.update(claimed_at=lease_over)  # that worker died mid-send
    assert digests.send_pending_digests() == 1  # queued again, and sent
    assert len(mail.outbox) == 1


def test_the_next_digest_starts_where_the_last_one_ended(employer, confirmed_alert):
    alert = confirmed_alert()
    confirm_long_ago(alert)
    first = published(title="Première offre", hours_ago=26)
    digests.compute_digests(frequency="daily", now=timezone.now() - dt.timedelta(hours=25))
    assert first.title in mail.outbox[0].body
    mail.outbox.clear()
    published(title="Seconde offre", hours_ago=1)
    digests.compute_digests(frequency="daily")
    (message,) = mail.outbox
    assert "Seconde offre" in message.body and "Première offre" not in message.body


def test_an_offer_closed_before_the_send_is_left_out(employer, confirmed_alert):
    alert = confirmed_alert()
    confirm_long_ago(alert)
    offer = published()
    digests.compute_digests(frequency="daily", queue=False)
    offer.status = OfferStatus.CLOSED
    offer.save()
    digests.deliver_digests(list(Digest.objects.values_list("pk", flat=True)))
    assert not mail.outbox
    assert Digest.objects.get().sent_at is not None  # done, nothing left to say


def test_many_subscribers_sharing_criteria_are_matched_once(
    employer, django_assert_max_num_queries
):
    offers = [published(title=f"Développeur {n}") for n in range(5)]
    then = timezone.now() - dt.timedelta(days=3)
    subscribers = Subscriber.objects.bulk_create(
        Subscriber(email=f"s{n}@example.test", frequency="daily", confirmed_at=then)
        for n in range(60)
    )
    key = Criteria.from_values(keywords="développeur").key
    Alert.objects.bulk_create(
        Alert(subscriber=s, keywords="développeur", criteria_key=key, confirmed_at=then)
        for s in subscribers
    )
    # A constant, whatever the number of subscribers (PostgreSQL's one INSERT … SELECT adds its
    # SET LOCAL work_mem and savepoint).
    with django_assert_max_num_queries(16):
        run = digests.compute_digests(frequency="daily", queue=False)
    assert run.digest_count == 60
    assert set(Digest.objects.values_list("offer_ids", flat=True)[0]) == {o.pk for o in offers}


def test_the_atom_feed_of_an_alert_lists_its_open_offers(client, employer, confirmed_alert):
    alert = confirmed_alert(keywords="données")
    published(title="Analyste de données")
    published(title="Jardinier")
    response = client.get(reverse("alerts:feed", kwargs={"token": alert.feed_token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "Analyste de données" in text and "Jardinier" not in text


def test_the_feed_of_a_wrong_token_or_an_unconfirmed_alert_is_not_found(client, employer,
                                                                         save_alert):  # fmt: skip
    assert client.get(reverse("alerts:feed", kwargs={"token": "wrong"})).status_code == 404
    save_alert()
    alert = Alert.objects.get()
    assert client.get(reverse("alerts:feed", kwargs={"token": alert.feed_token})).status_code == 404


def test_the_offer_index_gives_the_same_answers_as_matching_each_offer():
    """The digest's fast path (set intersections) against the plain rule, on random data."""
    import random

    from vivier.community.alerts.criteria import OfferIndex, matching_offers
    from vivier.talent.places import Located

    rng = random.Random(7)
    towns = {"rennes": (48.11, -1.68), "saint malo": (48.65, -2.03), "brest": (48.39, -4.49)}
    words = ["data", "infirmier", "nuit", "chef", "projet", "web"]
    offers = []
    for pk in range(60):
        town = rng.choice(list(towns))
        offers.append(
            OfferFacts(
                pk=pk, published_at=None, text=" ".join(rng.sample(words, 3)),
                contract_type=rng.choice(["cdi", "cdd", "internship"]),
                department_id=rng.choice([None, 1, 2]), place_key=town,
                is_remote=rng.random() < 0.15,
                location=Located(town, *towns[town], "", "FR") if rng.random() < 0.8 else None,
            )
        )  # fmt: skip
    index = OfferIndex(offers)
    for _ in range(300):
        town = rng.choice(["", *towns])
        distance = rng.choice([None, 10, 100, 300]) if town else None
        latitude, longitude = towns[town] if town and distance else (None, None)
        criteria = Criteria.from_values(
            keywords=" ".join(rng.sample(words, rng.choice([0, 1, 2]))),
            contract_type=rng.choice(["", "cdi", "cdd"]), department_id=rng.choice([None, 1]),
            place=town, latitude=latitude, longitude=longitude, distance_km=distance,
        )  # fmt: skip
        assert index.match(criteria) == set(matching_offers(criteria, offers)), criteria
