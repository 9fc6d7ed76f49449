"""Serving a stored private file (a CV, an attachment, a data export): one way for every view.

The caller has already decided who may see the file and logs the access itself (after this
returns, so that a file missing from the store is not logged as read).
"""

from django.http import FileResponse, Http404


def private_file_response(
    file, *, filename: str, content_type: str, as_attachment: bool = True
) -> FileResponse:
    """The file's content, never cached; a file gone from the store answers 404, not 500."""
    try:
        handle = file.open("rb")
    except (OSError, ValueError) as error:  # ValueError: a FieldFile with no file
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
