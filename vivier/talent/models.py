"""The talent pool: people, what is known of them, and where each piece of it came from.

Every item of a profile points at a `Source`: how it reached Vivier (an application, a CV, a
LinkedIn export, a recruiter's entry…), when, by whom and on which legal basis. The profile page
shows it, and the person can be told exactly where their data comes from (Code du travail
L1221-8 and L1221-9).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.models import private_storage
from vivier.talent.names import name_key


class NetworkKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional network")
    PERSONAL = "personal", _("Personal network")


class Network(models.Model):
    """A site where people have profiles, classed professional or personal (the private sphere)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    domains = models.JSONField(_("domains"), help_text=_("e.g. linkedin.com, lnkd.in"))
    kind = models.CharField(_("kind"), max_length=12, choices=NetworkKind.choices)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    APPLICATION = "application", _("Application form")
    CV = "cv", _("CV upload")
    LINKEDIN_SIGNIN = "linkedin_signin", _("LinkedIn sign-in")
    LINKEDIN_EXPORT = "linkedin_export", _("LinkedIn data export")
    JSON_RESUME = "json_resume", _("JSON Resume")
    PROFESSIONAL_URL = "professional_url", _("Professional profile given by the candidate")
    CSV_IMPORT = "csv_import", _("CSV import")
    MANUAL = "manual", _("Entered by a recruiter")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    APPLICATION = "application", _("Application (steps at the candidate's request)")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")


class Profile(models.Model):
    """A person in the talent pool. Linked to the applicant record when they applied."""

    candidate = models.OneToOneField(
        "hiring.Candidate", null=True, blank=True, related_name="profile",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    first_name = models.CharField(_("first name"), max_length=120)
    last_name = models.CharField(_("last name"), max_length=120)
    email = models.EmailField(_("e-mail address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = models.CharField(_("country code"), max_length=2, blank=True, default="FR")
    available_from = models.DateField(_("available from"), null=True, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    # A person added by a recruiter (not by themselves) must be told within a month (RGPD art. 14).
    must_be_informed_by = models.DateField(_("to be informed by"), null=True, blank=True)
    informed_at = models.DateTimeField(_("informed on"), null=True, blank=True)
    # The whole name folded and sorted (names.name_key): possible duplicates share it.
    name_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    # Derived from what the profile holds, by talent.facts when it is saved (never typed in):
    # the city's coordinates (gazetteer), also as a point on the unit sphere so that "within
    # d km" is a dot product the database computes without trigonometry (talent.places).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    place_x = models.FloatField(null=True, blank=True)
    place_y = models.FloatField(null=True, blank=True)
    place_z = models.FloatField(null=True, blank=True)
    # Years of experience: days of the positions' union (overlaps counted once). When a
    # position is ongoing, `experience_since` is the date the same number of days would have
    # started from, counting to today: the figure grows by itself, with no nightly job.
    experience_days = models.PositiveIntegerField(_("days of experience"), default=0)
    experience_since = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name", "id"], name="talent_profile_name"),
            models.Index(fields=["latitude", "longitude"], name="talent_profile_place"),
            models.Index(Lower("city"), name="talent_profile_city"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.first_name, self.last_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)

    def days_of_experience(self, today=None) -> int:
        """Days of experience to `today`: overlapping positions counted once."""
        if self.experience_since is None:
            return self.experience_days
        return ((today or timezone.localdate()) - self.experience_since).days

    @property
    def years_of_experience(self) -> float:
        return round(self.days_of_experience() / 365.25, 1)

    def applications(self):
        """The applications of the person: their applicant record's, and merged profiles' ones."""
        from vivier.hiring.models import Application

        candidates = [self.candidate_id] if self.candidate_id else []
        candidates += [item.candidate_id for item in self.merged_applicants.all()]
        return Application.objects.filter(candidate__in=candidates)


class Source(models.Model):
    """Where a piece of a profile came from: shown beside it, and to the person on request."""

    profile = models.ForeignKey(Profile, related_name="sources", on_delete=models.CASCADE)
    kind = models.CharField(_("how"), max_length=20, choices=SourceKind.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    network = models.ForeignKey(
        Network, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )
    supplied_by_candidate = models.BooleanField(_("given by the candidate"), default=False)
    legal_basis = models.CharField(_("legal basis"), max_length=20, choices=LegalBasis.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, verbose_name=_("by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.at:%Y-%m-%d}"


class ProfileItem(models.Model):
    profile = models.ForeignKey(Profile, related_name="+", on_delete=models.CASCADE)
    source = models.ForeignKey(Source, related_name="+", on_delete=models.PROTECT)

    class Meta:
        abstract = True


class Experience(ProfileItem):
    profile = models.ForeignKey(Profile, related_name="experiences", on_delete=models.CASCADE)
    title = models.CharField(_("position"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self):
        return self.title


class Education(ProfileItem):
    profile = models.ForeignKey(Profile, related_name="education", on_delete=models.CASCADE)
    title = models.CharField(_("diploma"), max_length=200)
    school = models.CharField(_("school"), max_length=200, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["-ends_on"]

    def __str__(self):
        return self.title


class SkillLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class ProfileSkill(ProfileItem):
    profile = models.ForeignKey(Profile, related_name="skills", on_delete=models.CASCADE)
    label = models.CharField(_("skill"), max_length=200)  # ESCO's preferred label, if recognised
    esco_uri = models.CharField(max_length=200, blank=True)  # when recognised in the taxonomy
    surface = models.CharField(_("as written"), max_length=200, blank=True)  # the file's words
    level = models.CharField(_("level"), max_length=12, choices=SkillLevel.choices, blank=True)
    # The label folded (lower case, no accents) for the search's skill filter; talent.facts.
    key = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["key", "profile"], name="talent_skill_key")]

    def __str__(self):
        return self.label


class ProfileLanguage(ProfileItem):
    profile = models.ForeignKey(Profile, related_name="languages", on_delete=models.CASCADE)
    language = models.CharField(_("language"), max_length=60)
    level = models.CharField(_("level"), max_length=30, blank=True)  # CEFR: A1 … C2, native
    # Read from the two fields above by talent.facts: ISO 639-1 code, and the level as a rank
    # (1 = A1 … 6 = C2, 7 = native), for the search's language filter.
    code = models.CharField(max_length=3, blank=True, default="")
    level_rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["code", "profile"], name="talent_language_code")]

    def __str__(self):
        return self.language


class OccupationStatus(models.TextChoices):
    RECOGNISED = "recognised", _("Recognised by Vivier")
    CONFIRMED = "confirmed", _("Confirmed by a recruiter")
    REJECTED = "rejected", _("Removed by a recruiter")


class ProfileOccupation(models.Model):
    """An ESCO occupation the person's headline or a position's title names.

    Recognised with the taxonomy's suggestion service when the profile is saved; a recruiter can
    confirm it, remove it (it then stays removed) or add another.
    """

    profile = models.ForeignKey(Profile, related_name="occupations", on_delete=models.CASCADE)
    occupation = models.ForeignKey(
        "taxonomy.Occupation", related_name="+", on_delete=models.CASCADE
    )
    isco_code = models.CharField(max_length=4, blank=True)  # the occupation's ISCO-08 unit group
    from_title = models.CharField(_("recognised in"), max_length=200, blank=True)
    score = models.FloatField(default=0)
    status = models.CharField(
        max_length=10, choices=OccupationStatus.choices, default=OccupationStatus.RECOGNISED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "occupation"], name="one_profile_occupation")
        ]
        indexes = [
            models.Index(fields=["occupation", "profile"], name="talent_occupation_profile"),
            models.Index(fields=["isco_code", "profile"], name="talent_occupation_isco"),
        ]

    def __str__(self):
        return f"{self.profile_id}: {self.occupation_id} ({self.status})"


class ProfileLink(ProfileItem):
    """A link to the person's profile elsewhere: professional networks only, unless they gave it."""

    profile = models.ForeignKey(Profile, related_name="links", on_delete=models.CASCADE)
    url = models.URLField(_("address"), max_length=500)
    network = models.ForeignKey(
        Network, null=True, blank=True, related_name="+", on_delete=models.PROTECT
    )

    def __str__(self):
        return self.url


class FieldSource(models.Model):
    """Where one identity field of the profile (e-mail, phone, headline…) came from."""

    profile = models.ForeignKey(Profile, related_name="field_sources", on_delete=models.CASCADE)
    field = models.CharField(max_length=40)
    source = models.ForeignKey(Source, related_name="+", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "field"], name="one_source_per_field")
        ]

    def __str__(self):
        return f"{self.field}: {self.source}"


def profile_document_path(document, filename: str) -> str:
    # A random name: nothing guessable, nothing of the person's in the path.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"talent/{document.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ProfileDocument(ProfileItem):
    """A file kept on a profile (a CV), in private storage; served only by `talent:document`.

    Its text is part of the profile's search text. The same file (by SHA-256) is kept once per
    profile. Deleting the document, or the profile, deletes the file (vivier/talent/documents.py).
    """

    profile = models.ForeignKey(Profile, related_name="documents", on_delete=models.CASCADE)
    # RESTRICT: a source cannot go while its document stays, but the profile takes both along.
    source = models.ForeignKey(Source, related_name="+", on_delete=models.RESTRICT)
    file = models.FileField(_("file"), storage=private_storage, upload_to=profile_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, db_index=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    text = models.TextField(blank=True)  # what could be read of it, for search
    text_error = models.CharField(max_length=300, blank=True)  # why nothing could be read
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL, verbose_name=_("uploaded by"),
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded on"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "sha256"], name="one_copy_of_a_file")
        ]

    def __str__(self):
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


def import_path(instance, filename: str) -> str:
    return f"imports/{instance.batch_id}/{filename}"


class ImportKind(models.TextChoices):
    FILES = "files", _("Files")
    CSV = "csv", _("CSV table")


class ImportBatch(models.Model):
    """Files dropped at once, read by the worker; the report says what became of each."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by_the_person = models.BooleanField(default=False)
    kind = models.CharField(max_length=10, choices=ImportKind.choices, default=ImportKind.FILES)
    # A CSV import's reading and column mapping: see imports/csv_import.py.
    options = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    # [{"file", "action": created|merged|refused, "profile": id or None, "notes": [...]}]
    report = models.JSONField(default=list)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"import {self.pk} ({self.done}/{self.total})"

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100

    @property
    def counts(self) -> dict[str, int]:
        """How many report entries were created, merged, refused, or flagged as duplicates."""
        counts = {"created": 0, "merged": 0, "refused": 0, "duplicates": 0}
        for entry in self.report:
            action = entry.get("action", "refused")
            counts[action] = counts.get(action, 0) + 1
            counts["duplicates"] += bool(entry.get("duplicates"))
        return counts


class ImportFile(models.Model):
    batch = models.ForeignKey(ImportBatch, related_name="files", on_delete=models.CASCADE)
    name = models.CharField(max_length=255)
    file = models.FileField(storage=private_storage, upload_to=import_path)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.name


class ProfileNote(models.Model):
    profile = models.ForeignKey(Profile, related_name="notes", on_delete=models.CASCADE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.body[:40]


class ShortlistEntry(models.Model):
    """A pool profile kept in mind for an offer."""

    offer = models.ForeignKey("jobs.JobOffer", related_name="shortlist", on_delete=models.CASCADE)
    profile = models.ForeignKey(Profile, related_name="shortlists", on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    added_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(_("invited to apply on"), null=True, blank=True)

    class Meta:
        ordering = ["-added_at"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "profile"], name="one_shortlist_entry")
        ]

    def __str__(self):
        return f"{self.profile} → {self.offer}"


class ClaimKind(models.TextChoices):
    DIPLOMA = "diploma", _("Diploma")
    POSITION = "position", _("Past position")
    REFERENCE = "reference", _("Reference")
    OTHER = "other", _("Other")


class ClaimOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    NOT_CONFIRMED = "not_confirmed", _("Not confirmed")


class ClaimCheck(models.Model):
    """What a recruiter checked of what the person says, against what: shown to them on request."""

    profile = models.ForeignKey(Profile, related_name="claim_checks", on_delete=models.CASCADE)
    kind = models.CharField(_("what"), max_length=10, choices=ClaimKind.choices)
    claim = models.CharField(_("claim"), max_length=300)
    evidence = models.TextField(_("checked against"))
    outcome = models.CharField(_("outcome"), max_length=14, choices=ClaimOutcome.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    checked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self):
        return self.claim


class ProfileText(models.Model):
    """Everything searchable of a profile in one text, kept by `search.index_profile`.

    On PostgreSQL a GIN index over French and English text search vectors (unaccented) serves
    it; on SQLite an FTS5 table mirrors it (see the migration and search.py).
    """

    profile = models.OneToOneField(
        Profile, primary_key=True, related_name="text", on_delete=models.CASCADE
    )
    body = models.TextField()
    # Copies of the profile's place and experience (talent.facts), so that on PostgreSQL the
    # words' index and these filters meet in one table: the database intersects both indexes
    # before reading a row, instead of joining a million profiles.
    latitude = models.FloatField(null=True)
    longitude = models.FloatField(null=True)
    place_x = models.FloatField(null=True)
    place_y = models.FloatField(null=True)
    place_z = models.FloatField(null=True)
    experience_days = models.PositiveIntegerField(default=0)
    experience_since = models.DateField(null=True)
    # Copies of the other filters, for the same reason: a search by words reads only this
    # table. `filters` holds them as words the full-text index also holds, so that the words
    # and these filters meet inside the index, before any row is read (search.filter_tokens):
    # the language and each level reached, the rating and each one below, consent, the city,
    # the map's cells, the occupations and their ISCO groups.
    filters = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(null=True)  # the profile's, the order of the candidates
    # the order of a search without words that the index narrows (an occupation, ISCO group)
    last_name = models.CharField(max_length=120, blank=True, default="")
    first_name = models.CharField(max_length=120, blank=True, default="")
    city = models.CharField(max_length=120, blank=True, default="")
    available_from = models.DateField(null=True)
    tags = models.TextField(blank=True, default="")  # each tag between tabs
    # What the facets count, as JSON: {"skills": [[key, label], …], "occupations": [id, …],
    # "languages": [code, …]}; with the city and tags above, the facets read no other table.
    facets = models.TextField(blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="talent_text_place"),
        ]  # not the years: a filter most match, read with the row (an index scan cost more)

    def __str__(self):
        return f"text of {self.profile_id}"


class SavedSearch(models.Model):
    """A search of the pool a recruiter comes back to: its name and its filters."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="saved_searches", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(max_length=1000)  # the search form's query string
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class MergedApplicant(models.Model):
    """The applicant record of a profile merged into this one: its applications show here."""

    profile = models.ForeignKey(Profile, related_name="merged_applicants", on_delete=models.CASCADE)
    candidate = models.OneToOneField(
        "hiring.Candidate", related_name="merged_profile", on_delete=models.CASCADE
    )

    def __str__(self):
        return f"{self.candidate} → {self.profile}"


class DuplicateStatus(models.TextChoices):
    PENDING = "pending", _("To review")
    NOT_SAME = "not_same", _("Not the same person")


class DuplicatePair(models.Model):
    """Two profiles that may be the same person (same name, a close detail), for a recruiter.

    `first` is always the older profile (lower id), so a pair is recorded once; a pair marked
    "not the same person" stays, so that it is never proposed again.
    """

    first = models.ForeignKey(Profile, related_name="+", on_delete=models.CASCADE)
    second = models.ForeignKey(Profile, related_name="+", on_delete=models.CASCADE)
    # [{"code": "city" | "organisation" | ..., "value": "Rennes"}]: what the two share.
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.PENDING
    )
    found_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-found_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_pair_per_profiles"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="pair_in_order"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ~ {self.second_id}"


class ProfileMerge(models.Model):
    """A merge of two profiles of the same person: who, when, and what was kept of each."""

    profile = models.ForeignKey(Profile, related_name="merges", on_delete=models.CASCADE)
    merged_profile_id = models.PositiveIntegerField()
    merged_name = models.CharField(max_length=241)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, related_name="+", on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)
    # {field: {"from": "kept" | "merged", "set_aside": the value not kept}}
    fields = models.JSONField(default=dict)
    # {"experiences": 2, "sources": 1, ...}: how many rows moved to the kept profile
    moved = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.merged_name} → {self.profile}"


class Place(models.Model):
    """A named place with its coordinates: the gazetteer (talent.places), by `load_places`."""

    key = models.CharField(max_length=200, db_index=True)  # places.place_key(name)
    name = models.CharField(_("name"), max_length=200)
    is_alternative_name = models.BooleanField(default=False)  # "Londres" for London
    country = models.CharField(_("country code"), max_length=2)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    department = models.CharField(max_length=3, blank=True)  # French département code
    region = models.CharField(_("region"), max_length=120, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveIntegerField(default=0)
    origin = models.CharField(max_length=40)  # which load brought it: replaced by the next one

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return f"{self.name} ({self.country})"
