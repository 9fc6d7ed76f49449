"""What a candidate changes from their space, beyond hiring's own services."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vivier.core.uploads import check_cv
from vivier.hiring.models import Application, Candidate, Document
from vivier.hiring.services import add_note
from vivier.talent.services import profile_for_applicant


@transaction.atomic
def add_cv(*, application: Application, upload, by) -> Document:
    """A new CV on the application, checked as at application; the earlier ones are kept.

    The team reads the newest first; a note on the application says it came from the space.
    """
    kind = check_cv(upload)
    now = timezone.now()
    document = Document.objects.create(
        application=application,
        file=upload,
        original_name=(upload.name or "cv")[:255],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_at=now,
    )
    add_note(
        application=application,
        body=_("The candidate sent a new CV from their candidate space: %(name)s")
        % {"name": document.original_name},
        by=by,
    )
    Candidate.objects.filter(pk=application.candidate_id).update(last_contact_at=now)
    profile_for_applicant(candidate=Candidate.objects.get(pk=application.candidate_id))
    return document
