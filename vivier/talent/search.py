"""Full-text search of the talent pool, one interface over two databases.

SQLite: an FTS5 table (accents folded, prefixes matched, ranked by bm25). PostgreSQL: French and
English text search vectors of the unaccented text under one GIN index, ranked by ts_rank. Both
match every word of the query (a word matches as a prefix), and both give the same people.
"""

import re

from django.db import connection

from vivier.talent.models import Profile, ProfileText

WORD = re.compile(r"\w+", re.UNICODE)
MAX_RESULTS = 200


def profile_text(profile: Profile) -> str:
    parts = [profile.first_name, profile.last_name, profile.headline, profile.summary,
             profile.city, profile.region, " ".join(profile.tags)]  # fmt: skip
    parts += [f"{e.title} {e.organisation} {e.description}" for e in profile.experiences.all()]
    parts += [f"{e.title} {e.school}" for e in profile.education.all()]
    parts += [skill.label for skill in profile.skills.all()]
    parts += [language.language for language in profile.languages.all()]
    return "\n".join(part for part in parts if part and part.strip())


def index_profile(profile: Profile) -> None:
    ProfileText.objects.update_or_create(profile=profile, defaults={"body": profile_text(profile)})


def _words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:12]


def search_ids(query: str, limit: int = MAX_RESULTS) -> list[int]:
    """Profile ids matching every word of the query, best first."""
    words = _words(query)
    if not words:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            expression = " & ".join(f"{word}:*" for word in words)
            cursor.execute(
                """
                SELECT profile_id FROM talent_profiletext,
                    to_tsquery('simple', vivier_unaccent(%s)) AS query
                WHERE (to_tsvector('french', vivier_unaccent(body))
                       || to_tsvector('english', vivier_unaccent(body))) @@
                      (to_tsquery('french', vivier_unaccent(%s))
                       || to_tsquery('english', vivier_unaccent(%s)) || query)
                ORDER BY ts_rank(to_tsvector('french', vivier_unaccent(body))
                                 || to_tsvector('english', vivier_unaccent(body)), query) DESC,
                         profile_id
                LIMIT %s
                """,
                [expression, expression, expression, limit],
            )
        else:
            expression = " ".join('"' + word.replace('"', "") + '"*' for word in words)
            cursor.execute(
                "SELECT rowid FROM talent_profiletext_fts WHERE talent_profiletext_fts MATCH %s "
                "ORDER BY bm25(talent_profiletext_fts), rowid LIMIT %s",
                [expression, limit],
            )
        return [row[0] for row in cursor.fetchall()]
