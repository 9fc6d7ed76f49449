"""An in-memory index of labels, ranked against a short text such as a job title.

Each concept (an ESCO occupation) has many surface forms: preferred, alternative and hidden
labels, in several languages. Every surface form is a small document of stems
(vivier.taxonomy.text). A query is compared with each by a TF-IDF cosine in which a query word
may also match a *similar* word of the label ("informaticien" / "informatique", "montage" /
"monteur", typing mistakes): similarity by shared letter trigrams and 4-grams, found through a
small index of the vocabulary rather than of every label, which keeps queries fast. The concept
then takes the score of its best surface form, plus a little for its other matching forms.

Plain Python and dictionaries: no database and no numerical library at query time. Each posting
stores its weight already divided by the document's norm, so a query costs a few dictionary
additions per matching posting (figures in docs/taxonomy.md).
"""

import math
from collections import defaultdict
from dataclasses import dataclass

from vivier.taxonomy.text import terms

GRAM_SIZES = (3, 4)
# A word of the query matches a different word of a label when their letter n-grams overlap at
# least this much (Dice coefficient), and then counts for this share of an exact match.
# Chosen by a coarse grid on the MELO French benchmark, as the other constants here
# (docs/taxonomy.md).
SIMILAR_WORD_MIN = 0.5
SIMILAR_WORD_SHARE = 0.7
SIMILAR_WORDS_PER_WORD = 6
# How much the query's words that a form lacks count against it, against the form's words that
# the query lacks (0.5: both alike, the cosine).
QUERY_SHARE = 0.7
# A concept's score: its best surface form, plus this share of the mean of its next best ones,
# so that a concept named the same way by several of its labels wins a tie.
SUPPORT_SHARE = 0.1
SUPPORT_FORMS = 3


@dataclass(frozen=True)
class Match:
    concept: object
    score: float
    label: str  # the surface form that matched best
    forms: tuple[tuple[int, float], ...] = ()  # (form position, weighted score), best first


def grams(word: str) -> set[str]:
    padded = f" {word} "
    return {
        padded[start : start + size]
        for size in GRAM_SIZES
        for start in range(len(padded) - size + 1)
    }


class LabelIndex:
    """Surface forms of concepts, searchable by a short text.

    `entries` are (concept, label, weight) or (concept, label, weight, language); the weight
    (at most 1) lowers surface forms that are less direct evidence, such as an alternative label
    or a group of occupations. A form whose language is not the query's is lowered at query
    time (`other_language_weight`), so one index serves queries in every language. The same
    form given twice for a concept keeps its highest weight.
    """

    def __init__(self, entries):
        self.forms: dict[tuple, int] = {}
        self.concepts: list[object] = []
        self.labels: list[str] = []
        self.weights: list[float] = []
        self.languages: list[str | None] = []
        documents: list[list[str]] = []
        for concept, label, weight, *language in entries:
            stems = terms(label)
            if not stems:
                continue
            language = language[0] if language else None
            key = self.form_key(concept, stems, language)
            if key in self.forms:  # "technicien/technicienne" and "technicien" are the same form
                position = self.forms[key]
                self.weights[position] = max(self.weights[position], weight)
                continue
            self.forms[key] = len(self.labels)
            self.concepts.append(concept)
            self.labels.append(label)
            self.weights.append(weight)
            self.languages.append(language)
            documents.append(stems)

        # Document frequency counts concepts, not surface forms: a concept with twenty labels
        # that all say "agent" must not make "agent" look rarer or commoner than it is.
        owners: dict[str, set] = defaultdict(set)
        for stems, concept in zip(documents, self.concepts, strict=True):
            for word in stems:
                owners[word].add(concept)
        concept_count = len(set(self.concepts)) or 1
        self.idf = {word: math.log(1 + concept_count / len(o)) for word, o in owners.items()}
        self.unknown_idf = math.log(1 + concept_count)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.masses: list[float] = []  # a form's squared norm, for the precision side
        for position, stems in enumerate(documents):
            self.masses.append(sum(self.idf[word] ** 2 for word in stems))
            for word in stems:
                postings[word].append((position, self.idf[word]))
        self.postings = dict(postings)
        self.word_grams = {word: grams(word) for word in self.idf}
        by_gram: dict[str, list[str]] = defaultdict(list)
        for word, word_grams in self.word_grams.items():
            for gram in word_grams:
                by_gram[gram].append(word)
        self.by_gram = dict(by_gram)

    @staticmethod
    def form_key(concept, stems: list[str], language: str | None = None) -> tuple:
        return (concept, tuple(sorted(stems)), language)

    def position_of(self, concept, label: str, language: str | None = None) -> int | None:
        """Where a concept's label sits in the index, None if it has no meaningful word."""
        return self.forms.get(self.form_key(concept, terms(label), language))

    def __len__(self) -> int:
        return len(self.labels)

    def similar_words(self, word: str) -> list[tuple[str, float]]:
        """Words of the index that `word` may stand for, with a similarity in ]0, 1]."""
        found = [(word, 1.0)] if word in self.idf else []
        if len(word) < 4:
            return found  # short words share too many n-grams by chance
        word_grams = grams(word)
        shared: dict[str, int] = defaultdict(int)
        for gram in word_grams:
            for other in self.by_gram.get(gram, ()):
                shared[other] += 1
        candidates = []
        for other, count in shared.items():
            dice = 2 * count / (len(word_grams) + len(self.word_grams[other]))
            if other != word and dice >= SIMILAR_WORD_MIN:
                candidates.append((dice, other))
        candidates.sort(reverse=True)
        found += [
            (other, SIMILAR_WORD_SHARE * dice)
            for dice, other in candidates[:SIMILAR_WORDS_PER_WORD]
        ]
        return found

    def score_forms(self, text: str) -> dict[int, float]:
        """Each matching surface form's score with the text, before weights.

        The matched weight over the query's and the form's squared norms, raised to
        QUERY_SHARE and 1 - QUERY_SHARE: 0.5 is the cosine; above, a form that says all the
        query says and more beats a form that says less than the query.
        """
        totals: dict[int, float] = defaultdict(float)
        squares = 0.0
        for word in terms(text):
            similar = self.similar_words(word)
            idf = self.idf.get(word) or max(
                (self.idf[other] for other, _ in similar), default=self.unknown_idf
            )
            squares += idf * idf
            # Each query word counts once per label: its best match there.
            best: dict[int, float] = {}
            for other, similarity in similar:
                for position, weight in self.postings[other]:
                    value = similarity * weight
                    if value > best.get(position, 0.0):
                        best[position] = value
            for position, value in best.items():
                totals[position] += idf * value
        query_mass = (squares or 1.0) ** QUERY_SHARE
        masses, form_share = self.masses, 1 - QUERY_SHARE
        return {
            position: total / (query_mass * masses[position] ** form_share)
            for position, total in totals.items()
        }

    def search(
        self,
        text: str,
        *,
        limit: int = 10,
        language: str | None = None,
        other_language_weight: float = 1.0,
    ) -> list[Match]:
        by_concept: dict[object, list[tuple[float, int]]] = defaultdict(list)
        languages, weights = self.languages, self.weights
        for position, score in self.score_forms(text).items():
            weight = weights[position]
            if language and languages[position] not in (None, language):
                weight *= other_language_weight
            by_concept[self.concepts[position]].append((score * weight, position))
        ranked = []
        for concept, forms in by_concept.items():
            forms.sort(reverse=True)
            best, position = forms[0]
            support = sum(score for score, _ in forms[1 : 1 + SUPPORT_FORMS]) / SUPPORT_FORMS
            ranked.append(
                Match(
                    concept=concept,
                    score=best + SUPPORT_SHARE * support,
                    label=self.labels[position],
                    forms=tuple((position, score) for score, position in forms),
                )
            )
        ranked.sort(key=lambda match: match.score, reverse=True)
        return ranked[:limit]
