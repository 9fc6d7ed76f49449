from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vivier.brand.models import Department
from vivier.community.alerts.models import (
    ANSWER_MAX_CHARS,
    QUESTION_MAX_CHARS,
    Frequency,
)
from vivier.core.antibot import AntiBotFormMixin
from vivier.jobs.models import ContractType

DISTANCES = [("", _("This place only")), ("10", "10 km"), ("30", "30 km"), ("50", "50 km"),
             ("100", "100 km")]  # fmt: skip

CONSENT_TEXT = _(
    "I agree to receive by e-mail the new job offers that match this alert, at the frequency I "
    "chose. I can unsubscribe at any time, in one click, from each e-mail."
)


class AlertForm(AntiBotFormMixin, forms.Form):
    """Public: each alert saved sends a confirmation e-mail, so robots are kept out."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm; nothing is sent before you follow it."),
    )
    keywords = forms.CharField(
        label=_("Keywords"), required=False, max_length=100,
        help_text=_("Words the offer must contain, e.g. nurse, data, accounting."),
    )  # fmt: skip
    contract_type = forms.ChoiceField(label=_("Contract"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    place = forms.CharField(label=_("Place"), required=False, max_length=120)
    distance_km = forms.ChoiceField(label=_("Around it"), required=False, choices=DISTANCES)
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Frequency.choices, initial=Frequency.WEEKLY,
        widget=forms.RadioSelect,
    )  # fmt: skip
    consent = forms.BooleanField(label=CONSENT_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        anything = [("", _("All"))]
        self.fields["contract_type"].choices = anything + list(ContractType.choices)
        departments = Department.objects.order_by("name").values_list("pk", "name")
        self.fields["department"].choices = anything + [(str(pk), name) for pk, name in departments]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_department(self):
        value = self.cleaned_data["department"]
        return int(value) if value else None

    def clean_distance_km(self):
        value = self.cleaned_data["distance_km"]
        return int(value) if value else None

    def clean_keywords(self):
        return " ".join(self.cleaned_data["keywords"].split())


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Frequency.choices, widget=forms.RadioSelect
    )


def _no_control_characters(text: str) -> str:
    return "".join(char for char in text if char in "\n\t" or char.isprintable())


class QuestionForm(AntiBotFormMixin, forms.Form):
    author_name = forms.CharField(
        label=_("Your name or a pseudonym"), max_length=60,
        help_text=_("Shown with your question."),
    )  # fmt: skip
    author_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("Never shown: we only use it to tell you when the answer is online."),
    )
    body = forms.CharField(
        label=_("Your question"),
        max_length=QUESTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "2,000 characters at most. Questions are read before they are published; do not "
            "write personal details here."
        ),
    )

    def clean_author_email(self):
        return self.cleaned_data["author_email"].strip().lower()

    def clean_author_name(self):
        name = " ".join(_no_control_characters(self.cleaned_data["author_name"]).split())
        if not name:
            raise ValidationError(_("Give a name or a pseudonym."))
        return name

    def clean_body(self):
        body = _no_control_characters(self.cleaned_data["body"]).strip()
        if len(body) < 5:
            raise ValidationError(_("Write your question in a few words at least."))
        return body


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=ANSWER_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown. Shown under the question on the offer page."),
    )
    publish = forms.BooleanField(
        label=_("Approve the question and publish the answer"), required=False, initial=True
    )

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise ValidationError(_("Write the answer."))
        return answer
