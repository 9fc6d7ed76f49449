"""Turning job titles and labels into comparable words.

French job titles carry both genders ("Technicien / Technicienne", "chargé(e)", "H/F"), accents
that people type or not, elisions ("d'accueil") and filler words. Both sides of a comparison go
through the same folding, so that "Technicienne de maintenance H/F" and the ESCO label
"technicien de maintenance/technicienne de maintenance" end with the same words.

The stemmer is deliberately light: it folds gender and number, nothing more; words that differ
further ("montage" / "monteur") are left to the index's similar-word matching.
"""

import re
import unicodedata

# Words that carry no meaning of their own in a job title, in French and English.
_STOP_WORDS = """
    a au aux avec ce ces d dans de des du en et l la le les leur lui ou par pour sa se ses sur un
    une y qu que qui n ne pas s son
    an and as at by for from in into of on or the to with
    h f hf fh m x
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# "(e)", "(ne)", "(euse)", "(s)": the inclusive forms glued to a word.
INCLUSIVE_SUFFIX = re.compile(r"(\w)\((?:e|es|s|ne|nne|le|lle|euse|rice|ere|ère|ive|te)\)")
# "H/F", "F/H", "(H/F)", "h-f", "M/F", "H/F/X": gender mentions required by French law.
GENDER_MENTION = re.compile(r"\(?\b[hfmx](?:\s*[/-]\s*[hfmx]){1,2}\b\)?", re.IGNORECASE)
# An elided article or preposition: d', l', qu', j'.
ELISION = re.compile(r"\b(?:d|l|qu|j|n|s|c|m|t)'")
NOT_A_WORD = re.compile(r"[^a-z0-9]+")

# Gender and number endings, longest first: each maps the feminine (or plural) to the masculine.
# The same rules run on English words; they only need to be consistent on both sides.
ENDINGS = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("ennes", "en"),
    ("enne", "en"),
    ("onnes", "on"),
    ("onne", "on"),
    ("elles", "el"),
    ("elle", "el"),
    ("effe", "ef"),
    ("esse", "e"),
    ("eres", "er"),
    ("ere", "er"),
    ("ives", "if"),
    ("ive", "if"),
    ("eaux", "eau"),
    ("aux", "al"),
    ("ees", "e"),
    ("ee", "e"),
    ("ales", "al"),
    ("ale", "al"),
)


def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: "Chargée d’Accueil" -> "chargee d'accueil"."""
    text = text.replace("’", "'").replace("`", "'").replace("œ", "oe").replace("Œ", "oe")
    text = unicodedata.normalize("NFKD", text)
    return "".join(char for char in text if not unicodedata.combining(char)).lower()


def stem(word: str) -> str:
    """Fold gender and number: "technicienne" -> "technicien", "vendeuses" -> "vendeur"."""
    if len(word) <= 3 or word.isdigit():
        return word
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            word = word[: -len(ending)] + replacement
            break
    else:
        if word.endswith(("s", "x")) and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded words of a title, inclusive forms and gender mentions removed, stop words kept."""
    text = INCLUSIVE_SUFFIX.sub(r"\1", text)
    text = GENDER_MENTION.sub(" ", text)
    text = ELISION.sub(" ", fold(text))
    return [word for word in NOT_A_WORD.split(text) if word]


def terms(text: str) -> list[str]:
    """The distinct stems that carry meaning, in order: what the index compares."""
    seen: dict[str, None] = {}
    for word in words(text):
        if word not in STOP_WORDS:
            seen.setdefault(stem(word), None)
    return list(seen)
