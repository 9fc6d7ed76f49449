"""People's names compared the way a recruiter reads them: accents, case, hyphens and order aside.

"Jean-Pierre DUPONT", "Dupont Jean Pierre" and "jean pierre dupont" are the same name to a reader;
`name_key` gives them the same key, which the pool indexes to find possible duplicates.
"""

import re
import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
NOT_A_LETTER = re.compile(r"[^a-z0-9]+")
NAME_KEY_MAX_LENGTH = 255


def fold(text: str) -> str:
    """Lower case, accents and ligatures removed, anything but letters and digits a space."""
    decomposed = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES).casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(NOT_A_LETTER.sub(" ", bare).split())


def name_key(first_name: str, last_name: str) -> str:
    """The words of the whole name, folded and sorted: the order of first and last is lost."""
    words = sorted(fold(f"{first_name} {last_name}").split())
    return " ".join(words)[:NAME_KEY_MAX_LENGTH]


def _capitalised(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


def split_full_name(full_name: str) -> tuple[str, str]:
    """(first name, last name) of a name written whole, as French and English lists write it.

    "Dupont, Jean" puts the family name first; a word in capitals is the family name ("Jean
    DUPONT", "DUPONT Jean"); otherwise the first word is the first name and the rest the family
    name. A single word is taken as the family name.
    """
    full_name = " ".join(full_name.split())
    if "," in full_name:
        last, first = (part.strip() for part in full_name.split(",", 1))
        return first, last
    words = full_name.split()
    if len(words) < 2:
        return "", full_name
    upper = [word for word in words if word.isupper() and len(word.replace("-", "")) > 1]
    if upper and len(upper) < len(words):
        first = [word for word in words if word not in upper]
        return " ".join(first), " ".join(_capitalised(word) for word in upper)
    return words[0], " ".join(words[1:])
