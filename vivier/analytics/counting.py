"""Keeping the daily counts right: events mark a key stale, the worker computes it again.

Computing a key again from the source rows (rather than adding one here and there) makes the
counts right whatever happens: a retried task, two events at once, a deleted application. The
worker claims a stale key by deleting it before computing, so an event that arrives meanwhile
marks it stale again and it is computed once more. The same goes up the grains: the offer's day
from the clicks and applications, the department's day from its offers' days, the department's
month from its days.
"""

import datetime as dt
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from vivier.analytics.models import DepartmentDay, DepartmentMonth, OfferDay, StaleCounts
from vivier.distribution.models import Click, TrackedLink
from vivier.hiring.models import PROGRESS, Application
from vivier.jobs.models import JobOffer

COUNTERS = [
    "clicks_people",
    "clicks_robots",
    "applications",
    "screened",
    "interviewed",
    "offered",
    "hired",
    "days_to_hire",
]
# The furthest stage an application reached, and the counters it adds one to.
REACHED = {
    stage: [
        name
        for name, step in zip(
            ["screened", "interviewed", "offered", "hired"], PROGRESS[1:], strict=True
        )
        if PROGRESS.index(step) <= PROGRESS.index(stage)
    ]
    for stage in PROGRESS
}
REFRESH_BATCH = 500
KEY_FIELDS = ["day", "offer_id", "channel_id", "campaign_id", "audience", "declared_source"]
# The department rows' keys besides their day or month.
DEPARTMENT_KEYS = ["department_id", "channel_id", "campaign_id", "audience", "declared_source"]


def _key(day, offer_id, channel_id, campaign_id) -> str:
    return f"{day.isoformat()}|{offer_id or ''}|{channel_id or ''}|{campaign_id or ''}"


def mark_stale(keys) -> None:
    """keys: (day, offer id, channel id, campaign id) tuples, ids may be None."""
    rows = {
        _key(*key): StaleCounts(
            key=_key(*key), day=key[0], offer_id=key[1], channel_id=key[2], campaign_id=key[3]
        )
        for key in keys
    }
    StaleCounts.objects.bulk_create(rows.values(), ignore_conflicts=True)


def mark_application(application: Application) -> None:
    link = application.last_touch
    mark_stale(
        [
            (
                timezone.localdate(application.submitted_at),
                application.offer_id,
                link.channel_id if link else None,
                link.campaign_id if link else None,
            )
        ]
    )


def mark_clicks(clicks) -> None:
    """clicks: (time, link id) pairs, as the click buffer writes them."""
    days = {(timezone.localdate(at), link_id) for at, link_id in clicks}
    links = TrackedLink.objects.in_bulk({link_id for _day, link_id in days})
    mark_stale(
        (day, link.offer_id, link.channel_id, link.campaign_id)
        for day, link_id in days
        if (link := links.get(link_id))
    )


def refresh_stale(limit: int = REFRESH_BATCH) -> int:
    """Compute the stale keys again; returns how many were done."""
    done = 0
    for stale in StaleCounts.objects.order_by("pk")[:limit]:
        if StaleCounts.objects.filter(pk=stale.pk).delete()[0]:  # claimed by this worker
            recompute(stale.day, stale.offer_id, stale.channel_id, stale.campaign_id)
            done += 1
    return done


def _day_bounds(day: dt.date):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def recompute(day: dt.date, offer_id, channel_id, campaign_id) -> None:
    start, end = _day_bounds(day)
    rows: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    if channel_id is not None:
        clicks = Click.objects.filter(
            at__gte=start,
            at__lt=end,
            link__channel_id=channel_id,
            link__offer_id=offer_id,
            link__campaign_id=campaign_id,
        ).aggregate(
            people=Count("id", filter=Q(is_bot=False)), robots=Count("id", filter=Q(is_bot=True))
        )
        rows["", ""]["clicks_people"] += clicks["people"]
        rows["", ""]["clicks_robots"] += clicks["robots"]
    if offer_id is not None:
        applications = Application.objects.filter(
            offer_id=offer_id,
            submitted_at__gte=start,
            submitted_at__lt=end,
            last_touch__channel_id=channel_id,
            last_touch__campaign_id=campaign_id,
        ).values_list(
            "career_stage", "declared_source", "furthest_stage", "submitted_at", "hired_at"
        )
        for audience, declared, furthest, submitted_at, hired_at in applications:
            row = rows[audience, declared]
            row["applications"] += 1
            for counter in REACHED.get(furthest, []):
                row[counter] += 1
            if hired_at:
                row["days_to_hire"] += max(0, (hired_at - submitted_at).days)
    same_key = {"day": day, "channel_id": channel_id, "campaign_id": campaign_id}
    department_id = (
        JobOffer.objects.filter(pk=offer_id).values_list("department_id", flat=True).first()
        if offer_id
        else None
    )
    with transaction.atomic():
        OfferDay.objects.filter(offer_id=offer_id, **same_key).delete()
        OfferDay.objects.bulk_create(
            OfferDay(
                offer_id=offer_id, audience=audience, declared_source=declared, **same_key, **counts
            )
            for (audience, declared), counts in rows.items()
            if any(counts.values())
        )
        _recompute_department(department_id, same_key)
        _recompute_month(department_id, day, channel_id, campaign_id)


def _recompute_department(department_id, same_key: dict) -> None:
    """The department's row: the sum of its offers' rows for this day, channel and campaign."""
    sums = (
        OfferDay.objects.filter(offer__department_id=department_id, **same_key)
        .values("audience", "declared_source")
        .annotate(**{name: Sum(name) for name in COUNTERS})
        .order_by()
    )
    DepartmentDay.objects.filter(department_id=department_id, **same_key).delete()
    DepartmentDay.objects.bulk_create(
        DepartmentDay(department_id=department_id, **same_key, **row) for row in sums
    )


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the day's month, and the first day of the next."""
    first = day.replace(day=1)
    return first, (first + dt.timedelta(days=32)).replace(day=1)


def _recompute_month(department_id, day: dt.date, channel_id, campaign_id) -> None:
    """The department's month row: the sum of its day rows for this channel and campaign."""
    first, following = month_of(day)
    same_key = {
        "department_id": department_id,
        "channel_id": channel_id,
        "campaign_id": campaign_id,
    }
    sums = (
        DepartmentDay.objects.filter(day__gte=first, day__lt=following, **same_key)
        .values("audience", "declared_source")
        .annotate(**{name: Sum(name) for name in COUNTERS})
        .order_by()
    )
    DepartmentMonth.objects.filter(month=first, **same_key).delete()
    DepartmentMonth.objects.bulk_create(
        DepartmentMonth(month=first, **same_key, **row) for row in sums
    )


def rebuild_all() -> int:
    """Compute every count from scratch in a few grouped queries (after an import, a restore,
    or to check the counts); returns the number of offer rows."""
    rows: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    clicks = (
        Click.objects.annotate(day=TruncDate("at"))
        .values("day", "link__offer_id", "link__channel_id", "link__campaign_id")
        .annotate(
            people=Count("id", filter=Q(is_bot=False)), robots=Count("id", filter=Q(is_bot=True))
        )
        .order_by()
    )
    for row in clicks.iterator():
        key = (
            row["day"],
            row["link__offer_id"],
            row["link__channel_id"],
            row["link__campaign_id"],
            "",
            "",
        )
        rows[key]["clicks_people"] += row["people"]
        rows[key]["clicks_robots"] += row["robots"]
    fields = [
        "offer_id",
        "last_touch__channel_id",
        "last_touch__campaign_id",
        "career_stage",
        "declared_source",
    ]
    applications = (
        Application.objects.annotate(day=TruncDate("submitted_at"))
        .values("day", *fields, "furthest_stage")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in applications.iterator():
        counts = rows[(row["day"], *(row[name] for name in fields))]
        counts["applications"] += row["count"]
        for counter in REACHED.get(row["furthest_stage"], []):
            counts[counter] += row["count"]
    hires = Application.objects.filter(hired_at__isnull=False).values_list(
        "submitted_at", "hired_at", *fields
    )
    for submitted_at, hired_at, *key in hires.iterator():
        rows[(timezone.localdate(submitted_at), *key)]["days_to_hire"] += max(
            0, (hired_at - submitted_at).days
        )
    with transaction.atomic():
        for model in (OfferDay, DepartmentDay, DepartmentMonth):
            model.objects.all().delete()
        _insert_offer_days(rows)
        _insert_department_rows()
    return len(rows)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column_list(model, names, prefix: str = "") -> list[str]:
    """The quoted columns of the model's fields (names or attnames), each after prefix."""
    quote = connection.ops.quote_name
    return [prefix + quote(model._meta.get_field(name).column) for name in names]


def _columns(model, names, prefix: str = "") -> str:
    return ", ".join(_column_list(model, names, prefix))


def _sums(model, prefix: str = "") -> str:
    return ", ".join(f"SUM({column})" for column in _column_list(model, COUNTERS, prefix))


def _insert_offer_days(rows: dict) -> None:
    """Plain rows of values, no model instance for each of the (hundreds of thousands of) rows:
    PostgreSQL's COPY, elsewhere one INSERT run for every row (executemany). A thousand rows to a
    statement were 45 times slower than COPY and 6 times slower than SQLite's executemany: binding
    their parameters costs more than writing them."""
    columns = f"{_table(OfferDay)} ({_columns(OfferDay, [*KEY_FIELDS, *COUNTERS])})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {columns} FROM STDIN") as copy:
                for key, counts in rows.items():
                    copy.write_row((*key, *(counts[name] for name in COUNTERS)))
            return
        adapt_date = connection.ops.adapt_datefield_value
        marks = ", ".join(["%s"] * (len(KEY_FIELDS) + len(COUNTERS)))
        cursor.executemany(
            f"INSERT INTO {columns} VALUES ({marks})",
            [
                (adapt_date(key[0]), *key[1:], *(counts[name] for name in COUNTERS))
                for key, counts in rows.items()
            ],
        )


def _insert_department_rows() -> None:
    """The department days summed from the offer days, then the months from the days, each in
    one INSERT … SELECT … GROUP BY: the database adds them up where they are."""
    keys = DEPARTMENT_KEYS[1:]  # besides the department, which is the offer's
    offer_keys = _columns(OfferDay, ["day", *keys], prefix="o.")
    department = _columns(JobOffer, ["department"], prefix="j.")
    join = f"{_columns(JobOffer, ['id'], 'j.')} = {_columns(OfferDay, ['offer'], 'o.')}"
    first_day, params = connection.ops.date_trunc_sql("month", _columns(DepartmentDay, ["day"]), ())
    day_keys = _columns(DepartmentDay, DEPARTMENT_KEYS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(DepartmentDay)} "
            f"({_columns(DepartmentDay, ['day', *keys, 'department', *COUNTERS])}) "
            f"SELECT {offer_keys}, {department}, {_sums(OfferDay, 'o.')} "
            f"FROM {_table(OfferDay)} o LEFT JOIN {_table(JobOffer)} j ON {join} "
            f"GROUP BY {offer_keys}, {department}"
        )
        # The month in a sub-query, so that its expression (and parameters) appear once.
        cursor.execute(
            f"INSERT INTO {_table(DepartmentMonth)} "
            f"({_columns(DepartmentMonth, ['month', *DEPARTMENT_KEYS, *COUNTERS])}) "
            f"SELECT first_day, {day_keys}, {_sums(DepartmentDay)} FROM ("
            f"SELECT {first_day} AS first_day, {day_keys}, {_columns(DepartmentDay, COUNTERS)} "
            f"FROM {_table(DepartmentDay)}) days GROUP BY first_day, {day_keys}",
            params,
        )
