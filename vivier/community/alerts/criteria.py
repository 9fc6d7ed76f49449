"""What an alert asks for, and which offers answer it.

Matching is done in Python on the offers of one digest window (a few hundred at most), once per
distinct set of criteria, never once per subscriber: 100,000 alerts share far fewer criteria.
"""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from vivier.jobs.models import ContractType, RemotePolicy
from vivier.talent import places

MAX_KEYWORDS = 8


def fold(text: str) -> str:
    """Lower case without accents: "Ingénieure" is found by "ingenieure"."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in text if not unicodedata.combining(char))


@dataclass(frozen=True)
class Criteria:
    keywords: tuple[str, ...] = ()
    contract_type: str = ""
    department_id: int | None = None
    place_key: str = ""
    latitude: float | None = None
    longitude: float | None = None
    distance_km: int | None = None

    @classmethod
    def of(cls, alert) -> "Criteria":
        return cls.from_values(
            keywords=alert.keywords,
            contract_type=alert.contract_type,
            department_id=alert.department_id,
            place=alert.place,
            latitude=alert.latitude,
            longitude=alert.longitude,
            distance_km=alert.distance_km,
        )

    @classmethod
    def from_values(cls, *, keywords="", contract_type="", department_id=None, place="",
                    latitude=None, longitude=None, distance_km=None) -> "Criteria":  # fmt: skip
        words = tuple(sorted(set(fold(keywords).split())))[:MAX_KEYWORDS]
        has_circle = latitude is not None and longitude is not None and distance_km
        return cls(
            keywords=words,
            contract_type=contract_type or "",
            department_id=department_id,
            place_key=places.place_key(place or ""),
            latitude=latitude if has_circle else None,
            longitude=longitude if has_circle else None,
            distance_km=distance_km if has_circle else None,
        )

    @property
    def key(self) -> str:
        text = "|".join(
            [
                " ".join(self.keywords),
                self.contract_type,
                str(self.department_id or ""),
                self.place_key,
                f"{self.latitude:.4f},{self.longitude:.4f}" if self.latitude is not None else "",
                str(self.distance_km or ""),
            ]
        )
        return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


@dataclass
class OfferFacts:
    """What matching reads of an offer, computed once per offer."""

    pk: int
    published_at: object
    text: str
    contract_type: str
    department_id: int | None
    place_key: str
    is_remote: bool
    location: places.Located | None

    @classmethod
    def of(cls, offer) -> "OfferFacts":
        # The Markdown source as it is: its few marks ("##", "-", "**") never make a word match
        # or miss, and rendering 500 offers would cost more than all the matching.
        text = " ".join(
            [offer.title, offer.summary, offer.description, offer.missions, offer.city,
             offer.reference or ""]
        )  # fmt: skip
        return cls(
            pk=offer.pk,
            published_at=offer.published_at,
            text=fold(text),
            contract_type=offer.contract_type,
            department_id=offer.department_id,
            place_key=places.place_key(offer.city),
            is_remote=offer.remote_policy == RemotePolicy.REMOTE,
            location=places.locate(offer.city, postcode=offer.postcode, country=offer.country)
            if offer.city
            else None,
        )


def matches(criteria: Criteria, offer: OfferFacts) -> bool:
    if criteria.contract_type and criteria.contract_type != offer.contract_type:
        return False
    if criteria.department_id and criteria.department_id != offer.department_id:
        return False
    if criteria.place_key and not offer.is_remote and not _is_near(criteria, offer):
        return False
    return all(word in offer.text for word in criteria.keywords)


def _is_near(criteria: Criteria, offer: OfferFacts) -> bool:
    """Within the distance when both places are known; otherwise the same place by name."""
    if criteria.distance_km and criteria.latitude is not None and offer.location is not None:
        distance = places.haversine_km(
            criteria.latitude, criteria.longitude, offer.location.latitude,
            offer.location.longitude,
        )  # fmt: skip
        return distance <= criteria.distance_km
    return criteria.place_key == offer.place_key


class OfferIndex:
    """The offers of a window, indexed so that one set of criteria costs a few set
    intersections rather than a pass over every offer; gives the same answers as matches()."""

    def __init__(self, offers: list[OfferFacts]):
        self.offers = offers
        self.everything = frozenset(offer.pk for offer in offers)
        self.remote = frozenset(offer.pk for offer in offers if offer.is_remote)
        self.by_contract: dict[str, set[int]] = {}
        self.by_department: dict[int | None, set[int]] = {}
        for offer in offers:
            self.by_contract.setdefault(offer.contract_type, set()).add(offer.pk)
            self.by_department.setdefault(offer.department_id, set()).add(offer.pk)
        self._words: dict[str, frozenset[int]] = {}
        self._places: dict[tuple, frozenset[int]] = {}

    def _with_word(self, word: str) -> frozenset[int]:
        found = self._words.get(word)
        if found is None:
            found = frozenset(offer.pk for offer in self.offers if word in offer.text)
            self._words[word] = found
        return found

    def _near(self, criteria: Criteria) -> frozenset[int]:
        key = (criteria.place_key, criteria.latitude, criteria.longitude, criteria.distance_km)
        found = self._places.get(key)
        if found is None:
            near = {offer.pk for offer in self.offers if _is_near(criteria, offer)}
            found = frozenset(near) | self.remote
            self._places[key] = found
        return found

    def match(self, criteria: Criteria) -> frozenset[int]:
        found = self.everything
        if criteria.contract_type:
            found = found & self.by_contract.get(criteria.contract_type, set())
        if criteria.department_id and found:
            found = found & self.by_department.get(criteria.department_id, set())
        if criteria.place_key and found:
            found = found & self._near(criteria)
        for word in criteria.keywords:
            if not found:
                break
            found = found & self._with_word(word)
        return found


def matching_offers(criteria: Criteria, offers: list[OfferFacts]) -> list[int]:
    return [offer.pk for offer in offers if matches(criteria, offer)]


def describe(alert) -> str:
    """The criteria in words, for e-mails and the subscriber's page."""
    parts = []
    if alert.keywords:
        parts.append(f"« {alert.keywords} »")
    if alert.contract_type:
        parts.append(str(ContractType(alert.contract_type).label))
    if alert.department_id:
        parts.append(alert.department.name)
    if alert.place:
        if alert.distance_km:
            parts.append(
                _("within %(km)s km of %(place)s") % {"km": alert.distance_km, "place": alert.place}
            )
        else:
            parts.append(alert.place)
    return ", ".join(parts) if parts else _("Every new offer")
