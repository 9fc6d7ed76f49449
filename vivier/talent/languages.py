"""Languages as people write them ("Anglais courant", "English (C1)") to a code and a level.

The search filters on a language's ISO 639-1 code and a minimum CEFR level; profiles say
"anglais", "English", "Englisch", "fluent", "courant", "langue maternelle"…
"""

import re

from django.utils.translation import gettext_lazy as _

from vivier.taxonomy.text import fold

# (code, label shown in the filter, names people write: French, English, the language's own)
LANGUAGES = [
    ("fr", _("French"), ["francais", "french", "fr"]),
    ("en", _("English"), ["anglais", "english", "en"]),
    ("de", _("German"), ["allemand", "german", "deutsch", "de"]),
    ("es", _("Spanish"), ["espagnol", "spanish", "espanol", "castillan", "es"]),
    ("it", _("Italian"), ["italien", "italian", "italiano", "it"]),
    ("pt", _("Portuguese"), ["portugais", "portuguese", "portugues", "pt"]),
    ("nl", _("Dutch"), ["neerlandais", "dutch", "nederlands", "flamand", "nl"]),
    ("br", _("Breton"), ["breton", "brezhoneg", "br"]),
    ("ar", _("Arabic"), ["arabe", "arabic", "ar"]),
    ("zh", _("Chinese"), ["chinois", "chinese", "mandarin", "zh"]),
    ("ru", _("Russian"), ["russe", "russian", "ru"]),
    ("pl", _("Polish"), ["polonais", "polish", "pl"]),
    ("ro", _("Romanian"), ["roumain", "romanian", "ro"]),
    ("tr", _("Turkish"), ["turc", "turkish", "tr"]),
    ("ja", _("Japanese"), ["japonais", "japanese", "ja"]),
    ("oc", _("Occitan"), ["occitan", "oc"]),
    ("eu", _("Basque"), ["basque", "euskara", "eu"]),
    ("ca", _("Catalan"), ["catalan", "catala", "ca"]),
    ("lsf", _("French Sign Language"), ["lsf", "langue des signes", "langue des signes francaise",
                                        "french sign language"]),
]  # fmt: skip
_BY_NAME = {name: code for code, _label, names in LANGUAGES for name in names}
CEFR = ["a1", "a2", "b1", "b2", "c1", "c2"]
NATIVE_RANK = 7
LEVEL_CHOICES = [(str(rank), level.upper()) for rank, level in enumerate(CEFR, start=1)]
# Words people use for a level, folded, to a CEFR rank.
_LEVEL_WORDS = [
    (("maternelle", "native", "natif", "native speaker", "bilingue", "bilingual", "mother tongue"),
     NATIVE_RANK),
    (("courant", "fluent", "fluently", "full professional", "professional working", "avance",
      "advanced", "excellent"), 5),
    (("intermediaire", "intermediate", "professionnel", "working", "bon", "good"), 4),
    (("scolaire", "notions", "basic", "basique", "elementary", "elementaire", "debutant",
      "beginner", "limited"), 2),
]  # fmt: skip
_CEFR_PATTERN = re.compile(r"\b([abc][12])\b")


def language_code(name: str) -> str:
    """ "Anglais courant" -> "en"; "" when the language is not known."""
    folded = re.sub(r"[^a-z ]+", " ", fold(name)).split()
    for size in (4, 3, 2, 1):  # "langue des signes francaise" before "francaise"
        for start in range(len(folded) - size + 1):
            code = _BY_NAME.get(" ".join(folded[start : start + size]))
            if code:
                return code
    return ""


def level_rank(*texts: str) -> int | None:
    """The CEFR level written in the level or the name: 1 = A1 … 6 = C2, 7 = native."""
    text = fold(" ".join(texts))
    found = _CEFR_PATTERN.findall(text)
    if found:
        return max(CEFR.index(level) + 1 for level in found)
    for words, rank in _LEVEL_WORDS:
        if any(re.search(rf"\b{re.escape(word)}\b", text) for word in words):
            return rank
    return None


def label_of(code: str) -> str:
    return next((str(label) for known, label, _names in LANGUAGES if known == code), code)
