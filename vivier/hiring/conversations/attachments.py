"""Checks on the files candidates send with a reply: the type is read from the content.

PDF and Word (DOCX) go through the same checks as CVs (ZIP limits, virus scan when clamd is
configured); PNG and JPEG images are recognised by their signature. Anything else is not kept
as an attachment (the original message still holds it, for the staff).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from vivier.core.clamav import check_for_viruses
from vivier.core.uploads import check_cv

IMAGES = {b"\x89PNG\r\n\x1a\n": ("image/png", "png"), b"\xff\xd8\xff": ("image/jpeg", "jpg")}


def max_bytes() -> int:
    return getattr(settings, "INBOUND_ATTACHMENT_MAX_BYTES", settings.CV_MAX_BYTES)


def check_attachment(name: str, data: bytes) -> tuple[str, str]:
    """Return (content type, file name to keep) or raise a ValidationError saying what is wrong."""
    name = (name or "attachment").replace("/", "_").replace("\\", "_")[:255]
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if len(data) > max_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    for signature, (content_type, extension) in IMAGES.items():
        if data.startswith(signature):
            upload = SimpleUploadedFile(name, data, content_type=content_type)
            check_for_viruses(upload)
            if not name.lower().endswith("." + extension) and extension != "jpg":
                name = name.rsplit(".", 1)[0] + "." + extension
            return content_type, name
    upload = SimpleUploadedFile(name, data)
    try:
        kind = check_cv(upload)
    except ValidationError as error:
        if error.code == "wrong_type":
            raise ValidationError(
                _("Only PDF, Word (DOCX), PNG and JPEG files are kept."), code="wrong_type"
            ) from error
        raise
    return kind.content_type, upload.name
