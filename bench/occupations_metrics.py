"""trec_eval's definitions of the figures bench/occupations prints, for rankings already cut."""

import csv


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE) if row]


def evaluate(rankings: dict[str, list[str]], relevant: dict[str, set[str]]) -> dict[str, float]:
    """Means over the queries that have answers (trec_eval's default: judged queries only).

    recip_rank: 1 / rank of the first relevant element, 0 if none in the ranking.
    map: sum of precision at each relevant element's rank, divided by the number of relevant
    elements (those not retrieved count as 0). success_k: a relevant element in the first k.
    """
    totals = {"mrr": 0.0, "map": 0.0, "success_1": 0.0, "success_5": 0.0}
    for query_id, answers in relevant.items():
        ranking = rankings.get(query_id, [])
        hits, precision_sum, first = 0, 0.0, None
        for rank, element in enumerate(ranking, start=1):
            if element in answers:
                hits += 1
                precision_sum += hits / rank
                first = first or rank
        totals["mrr"] += 1 / first if first else 0.0
        totals["map"] += precision_sum / len(answers)
        totals["success_1"] += 1.0 if first == 1 else 0.0
        totals["success_5"] += 1.0 if first and first <= 5 else 0.0
    count = len(relevant) or 1
    return {name: total / count for name, total in totals.items()}
