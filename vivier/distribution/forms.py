from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from vivier.distribution.models import Channel, ChannelKind, ChannelMode
from vivier.distribution.rendering import template_problems

COMMON_FIELDS = ["name", "is_enabled", "audience_tags", "cost_per_month"]
SOCIAL_FIELDS = ["hashtags", "message_template"]
# What each network needs besides the common fields; secrets are separate form fields.
FIELDS_BY_KIND = {
    ChannelKind.LINKEDIN: ["mode", "account_id", *SOCIAL_FIELDS],
    ChannelKind.X: ["mode", *SOCIAL_FIELDS],
    ChannelKind.FACEBOOK: ["mode", "account_id", *SOCIAL_FIELDS],
    ChannelKind.MASTODON: ["api_url", *SOCIAL_FIELDS],
    ChannelKind.WEBHOOK: ["api_url", "message_template"],
    ChannelKind.EMAIL: ["email_recipients", "message_template"],
    ChannelKind.JOB_BOARD: ["slug"],
    ChannelKind.ATOM: [],
    ChannelKind.GOOGLE_JOBS: [],
}
SECRET_FIELD = {
    ChannelKind.LINKEDIN: "access_token",
    ChannelKind.X: "access_token",
    ChannelKind.FACEBOOK: "access_token",
    ChannelKind.MASTODON: "access_token",
    ChannelKind.WEBHOOK: "secret",
}
ACCOUNT_LABELS = {
    ChannelKind.LINKEDIN: (
        _("Organisation URN"),
        _("urn:li:organization: followed by the number of your LinkedIn page."),
    ),
    ChannelKind.FACEBOOK: (_("Page id"), _("The number of the Facebook page.")),
}
API_URL_LABELS = {
    ChannelKind.MASTODON: (
        _("Server"),
        _("The address of the Mastodon server, e.g. https://mastodon.social"),
    ),
    ChannelKind.WEBHOOK: (_("Webhook address"), _("Vivier sends a signed POST request there.")),
}


class ChannelForm(forms.ModelForm):
    """One network's settings; credentials are write-only (never shown back)."""

    audience_tags = forms.CharField(
        label=_("Target audiences"),
        required=False,
        help_text=_("Comma-separated, e.g. students, young graduates, engineers."),
    )

    class Meta:
        model = Channel
        fields = [
            *COMMON_FIELDS,
            "mode",
            "account_id",
            "api_url",
            "slug",
            "email_recipients",
            "is_sandbox",
            *SOCIAL_FIELDS,
        ]
        widgets = {
            "message_template": forms.Textarea(attrs={"rows": 5}),
            "email_recipients": forms.Textarea(attrs={"rows": 5}),
            "mode": forms.RadioSelect,
        }

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance.kind = kind
        wanted = set(COMMON_FIELDS) | set(FIELDS_BY_KIND[kind])
        if settings.SANDBOX_URL and kind in SECRET_FIELD:
            wanted.add("is_sandbox")
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if self.instance.pk:
            self.initial["audience_tags"] = ", ".join(self.instance.audience_tags)
        if kind in ACCOUNT_LABELS:
            label, help_text = ACCOUNT_LABELS[kind]
            self.fields["account_id"].label, self.fields["account_id"].help_text = label, help_text
        if kind in API_URL_LABELS:
            label, help_text = API_URL_LABELS[kind]
            self.fields["api_url"].label, self.fields["api_url"].help_text = label, help_text
        secret = SECRET_FIELD.get(kind)
        if secret:
            stored = self.instance.pk and self.instance.credentials.get(secret)
            self.fields[secret] = forms.CharField(
                label=_("Signing secret") if secret == "secret" else _("Access token"),
                required=False,
                strip=True,
                widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
                help_text=(
                    _("Stored encrypted. Leave empty to keep the one saved.")
                    if stored
                    else _("Stored encrypted and never shown again.")
                ),
            )

    def clean_audience_tags(self):
        raw = self.cleaned_data.get("audience_tags") or ""
        return [tag.strip() for tag in raw.split(",") if tag.strip()][:20]

    def clean_message_template(self):
        template = self.cleaned_data.get("message_template", "")
        if template.strip():
            problems = template_problems(template)
            if problems:
                raise ValidationError(problems)
        return template

    def clean_email_recipients(self):
        raw = self.cleaned_data.get("email_recipients", "")
        addresses = [line.strip() for line in raw.splitlines() if line.strip()]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(_("Not e-mail addresses: %(list)s") % {"list": ", ".join(wrong)})
        if not addresses:
            raise ValidationError(_("Give at least one address."))
        return "\n".join(dict.fromkeys(addresses))

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if not slug:
            raise ValidationError(_("Give the feed a name: it appears in its address."))
        return slug

    def clean(self):
        data = super().clean()
        kind = self.kind
        if data.get("is_sandbox"):
            return data  # the sandbox plays the account: nothing else to check
        account = data.get("account_id") or ""
        uses_api = data.get("mode", ChannelMode.API) == ChannelMode.API
        if kind == ChannelKind.LINKEDIN and uses_api and not account.startswith("urn:li:"):
            self.add_error("account_id", _("Write it as urn:li:organization:12345678."))
        if kind == ChannelKind.FACEBOOK and uses_api and not account.isdigit():
            self.add_error("account_id", _("The page id is a number."))
        if kind in (ChannelKind.MASTODON, ChannelKind.WEBHOOK) and not data.get("api_url"):
            self.add_error("api_url", _("This address is needed."))
        stored_secret = self.instance.pk and self.instance.credentials.get("secret")
        if kind == ChannelKind.WEBHOOK and not (data.get("secret") or stored_secret):
            self.add_error("secret", _("Choose a secret: receivers check signatures with it."))
        return data

    @property
    def credentials(self) -> dict:
        """The secrets typed in this time; empty ones keep what is stored."""
        secret = SECRET_FIELD.get(self.kind)
        if not secret or not self.cleaned_data.get(secret):
            return {}
        return {secret: self.cleaned_data[secret]}


class PublishForm(forms.Form):
    """The recruiter's choice on the distribution screen; texts come per channel (text-<id>)."""

    channels = forms.ModelMultipleChoiceField(
        queryset=Channel.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Channels"),
        error_messages={"required": _("Choose at least one channel.")},
    )
    at = forms.DateTimeField(
        label=_("Publish on"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Empty: now."),
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels


class SharedByHandForm(forms.Form):
    url = forms.URLField(label=_("Address of the post"), required=False, max_length=500)
