"""French is the default language: its catalogue must translate every string of the product."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "vivier" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_the_french_catalogue_has_no_untranslated_or_fuzzy_entry():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=True,
    )
    statistics = result.stderr.strip()
    assert "translated message" in statistics
    assert "untranslated" not in statistics, statistics
    assert "fuzzy" not in statistics, statistics


def test_french_is_the_default_and_english_is_available():
    assert settings.LANGUAGE_CODE == "fr"
    with translation.override("fr"):
        assert translation.gettext("Job offers") == "Offres d'emploi"
    with translation.override("en"):
        assert translation.gettext("Job offers") == "Job offers"
