from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that is down: every send fails as a refused connection does."""

    attempts = 0

    def send_messages(self, email_messages):
        FailingBackend.attempts += 1
        raise ConnectionError("the mail server is down")
