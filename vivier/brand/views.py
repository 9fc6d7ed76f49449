"""The team edits the employer's profile here, not only in the Django admin."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vivier.accounts.access import recruiter_required
from vivier.brand.forms import FORMSETS, DepartmentForm, EmployerForm
from vivier.brand.models import Department, Employer


@recruiter_required
def edit_employer(request):
    employer = Employer.current()
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = EmployerForm(data, files, instance=employer)
    formsets = [(name, cls(data, instance=employer, prefix=name)) for name, cls in FORMSETS]
    if request.method == "POST":
        if form.is_valid() and all(formset.is_valid() for _name, formset in formsets):
            with transaction.atomic():
                form.save()
                for _name, formset in formsets:
                    formset.save()
            messages.success(request, _("The employer profile was saved."))
            return redirect("brand:edit")
        messages.error(request, _("Some fields need your attention."))
    return render(request, "brand/employer_form.html", {"form": form, "formsets": dict(formsets)})


@recruiter_required
def departments(request):
    employer = Employer.current()
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        department = form.save(commit=False)
        department.employer = employer
        if Department.objects.filter(employer=employer, name=department.name).exists():
            form.add_error("name", _("A department with this name exists already."))
        else:
            department.save()
            messages.success(request, _("Department added."))
            return redirect("brand:departments")
    rows = Department.objects.filter(employer=employer).annotate(offer_count=Count("offers"))
    return render(request, "brand/departments.html", {"departments": rows, "form": form})


@recruiter_required
@require_POST
def department_delete(request, pk):
    department = get_object_or_404(Department, pk=pk)
    if department.offers.exists():
        messages.error(request, _("Offers belong to this department: it cannot be deleted."))
    else:
        department.delete()
        messages.success(request, _("Department deleted."))
    return redirect("brand:departments")
