"""Importing a CSV of people in three steps: the file, its columns, then the worker's report.

Between the first two steps the file waits in private storage (core/pending_uploads.py); the
session holds the signed token naming it and the legal basis chosen.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vivier.accounts.access import recruiter_required
from vivier.core import pending_uploads
from vivier.talent.csv_forms import ColumnMappingForm, CsvUploadForm
from vivier.talent.imports.csv_import import create_csv_batch, read_table
from vivier.talent.imports.people import UnreadableFile

SESSION_KEY = "talent_csv_import"


@recruiter_required
def csv_upload(request):
    form = CsvUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        previous = request.session.get(SESSION_KEY)
        if previous:
            pending_uploads.discard(previous["token"])
        request.session[SESSION_KEY] = {
            "token": pending_uploads.keep(form.cleaned_data["file"]),
            "legal_basis": form.cleaned_data["legal_basis"],
        }
        return redirect("talent:csv_columns")
    return render(request, "talent/csv_upload.html", {"form": form})


@recruiter_required
def csv_columns(request):
    state = request.session.get(SESSION_KEY) or {}
    upload = pending_uploads.claim(state["token"]) if state.get("token") else None
    if upload is None:
        messages.error(request, _("Choose the file first: a file is kept for a day at most."))
        return redirect("talent:csv_import")
    data = upload.read()
    try:
        table = read_table(data)
    except UnreadableFile as error:
        messages.error(request, str(error))
        return redirect("talent:csv_import")
    form = ColumnMappingForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        batch = create_csv_batch(
            name=upload.name, data=data, mapping=form.cleaned_data["mapping"],
            separator=form.cleaned_data["separator"], legal_basis=state["legal_basis"],
            by=request.user, language=request.LANGUAGE_CODE,
        )  # fmt: skip
        pending_uploads.discard(state["token"])
        del request.session[SESSION_KEY]
        return redirect("talent:batch", pk=batch.pk)
    context = {"form": form, "table": table, "name": upload.name, "count": len(table.rows)}
    return render(request, "talent/csv_columns.html", context)
