from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from vivier.accounts.models import User


class StaffCreationForm(BaseUserCreationForm):
    """Django's creation form is tied to its own User model; ours logs in by e-mail."""

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role"]

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class StaffChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
