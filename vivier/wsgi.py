import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vivier.settings")
application = get_wsgi_application()

# Imported once Django is set up: the redirect goes around the middleware (see fastpath.py).
from vivier.distribution.fastpath import TrackedLinkShortcut  # noqa: E402

application = TrackedLinkShortcut(application)
