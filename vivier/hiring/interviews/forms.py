import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vivier.hiring.interviews.models import (
    DecisionOutcome,
    InterviewKit,
    Rating,
    Recommendation,
    Slot,
)
from vivier.hiring.interviews.services import SlotTimes

NEW_SLOT_ROWS = 4  # empty rows of the scheduling form; more can be added after


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class InterviewerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class ScheduleForm(forms.Form):
    interviewers = InterviewerChoiceField(
        label=_("Interviewers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    location = forms.CharField(
        label=_("Place"), max_length=300, required=False,
        help_text=_("An address and a room, or leave blank for a video interview."),
    )  # fmt: skip
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), min_value=5, max_value=8 * 60
    )
    instructions = forms.CharField(
        label=_("Instructions for the interviewers"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    shared_slots = forms.ModelMultipleChoiceField(
        label=_("Free slots already proposed to other candidates"),
        queryset=Slot.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The first candidate who picks one takes it."),
    )  # fmt: skip

    def __init__(self, *args, interviewers, open_slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = interviewers
        self.fields["shared_slots"].queryset = open_slots
        if not open_slots.exists():
            del self.fields["shared_slots"]
        for number in range(1, NEW_SLOT_ROWS + 1):
            self.fields[f"slot_{number}_start"] = forms.DateTimeField(
                label=_("Slot %(number)s: start") % {"number": number},
                required=False, widget=LocalDateTimeInput(),
            )  # fmt: skip
            self.fields[f"slot_{number}_end"] = forms.DateTimeField(
                label=_("Slot %(number)s: end") % {"number": number}, required=False,
                widget=LocalDateTimeInput(),
                help_text=_("Blank: the start plus the duration."),
            )  # fmt: skip

    def slot_rows(self):
        return [
            (self[f"slot_{number}_start"], self[f"slot_{number}_end"])
            for number in range(1, NEW_SLOT_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        duration = cleaned.get("duration_minutes")
        now = timezone.now()
        slots = []
        for number in range(1, NEW_SLOT_ROWS + 1):
            start = cleaned.get(f"slot_{number}_start")
            end = cleaned.get(f"slot_{number}_end")
            if start is None:
                if end is not None:
                    self.add_error(f"slot_{number}_start", _("Give the start of this slot."))
                continue
            if end is None and duration:
                end = start + dt.timedelta(minutes=duration)
            if end is None:
                continue
            if end <= start:
                self.add_error(f"slot_{number}_end", _("A slot must end after it starts."))
            elif start <= now:
                self.add_error(f"slot_{number}_start", _("A slot cannot be in the past."))
            else:
                slots.append(SlotTimes(starts_at=start, ends_at=end))
        cleaned["new_slots"] = slots
        if not slots and not cleaned.get("shared_slots") and not self.errors:
            raise forms.ValidationError(_("Propose at least one slot."))
        if not cleaned.get("location", "").strip() and not cleaned.get("video_url"):
            self.add_error("location", _("Give a place or a video link."))
        return cleaned


class InterviewEditForm(forms.Form):
    interviewers = InterviewerChoiceField(
        label=_("Interviewers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    location = forms.CharField(label=_("Place"), max_length=300, required=False)
    video_url = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    def __init__(self, *args, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = interviewers

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("location", "").strip() and not cleaned.get("video_url"):
            self.add_error("location", _("Give a place or a video link."))
        return cleaned


class ChooseSlotForm(forms.Form):
    slot = forms.ModelChoiceField(
        label=_("Your time"), queryset=Slot.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose one of the times."),
            "invalid_choice": _("This time is no longer free. Please choose another one."),
        },
    )  # fmt: skip

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = slot_label


def slot_label(slot) -> str:
    from django.utils.formats import date_format, time_format

    start = timezone.localtime(slot.starts_at)
    end = timezone.localtime(slot.ends_at)
    return _("%(day)s, %(start)s – %(end)s") % {
        "day": date_format(start, "l j F Y"),
        "start": time_format(start, "TIME_FORMAT"),
        "end": time_format(end, "TIME_FORMAT"),
    }


class KitForm(forms.ModelForm):
    class Meta:
        model = InterviewKit
        fields = ["duration_minutes", "criteria", "instructions"]
        widgets = {
            "criteria": forms.Textarea(attrs={"rows": 6}),
            "instructions": forms.Textarea(attrs={"rows": 6}),
        }


class CriterionForm(forms.Form):
    label = forms.CharField(label=_("Criterion"), max_length=200, required=False)
    skill = forms.CharField(
        label=_("Or a skill of the taxonomy"), max_length=300, required=False,
        help_text=_("Its name or its ESCO URI, as in the skills list."),
    )  # fmt: skip

    def clean_skill(self):
        from vivier.taxonomy.models import Skill

        text = self.cleaned_data["skill"].strip()
        if not text:
            return None
        skill = (
            Skill.objects.filter(uri=text).first()
            or Skill.objects.filter(preferred_label_fr__iexact=text).first()
            or Skill.objects.filter(preferred_label_en__iexact=text).first()
        )
        if skill is None:
            raise forms.ValidationError(_("No skill of the taxonomy has this name."))
        return skill

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("label", "").strip() and not cleaned.get("skill"):
            raise forms.ValidationError(_("Give the criterion a name or choose a skill."))
        return cleaned


class ScorecardForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Your recommendation"), required=False,
        choices=[("", "—"), *Recommendation.choices],
    )  # fmt: skip
    comment = forms.CharField(
        label=_("Overall comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"rating_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.label, required=False, coerce=int, empty_value=None,
                choices=Rating.choices, widget=forms.RadioSelect,
            )  # fmt: skip
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                max_length=500, required=False,
            )  # fmt: skip

    def rows(self):
        return [(self[f"rating_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def ratings(self) -> dict:
        return {
            c.pk: (
                self.cleaned_data.get(f"rating_{c.pk}"),
                self.cleaned_data.get(f"comment_{c.pk}"),
            )
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
