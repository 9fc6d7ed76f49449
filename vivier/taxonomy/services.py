"""Loading the ESCO classification into the database (manage.py load_esco calls this)."""

from dataclasses import dataclass

from django.db import transaction

from vivier.taxonomy.esco_files import LANGUAGES, EscoFiles, split_labels
from vivier.taxonomy.matching import forget_indexes
from vivier.taxonomy.models import IscoGroup, Occupation, OccupationSkill, Relevance, Skill

BATCH_SIZE = 2000  # rows per INSERT; keeps statements under SQLite's variable limit
LABEL_FIELDS = [
    f"{field}_{language}"
    for language in LANGUAGES
    for field in ("preferred_label", "alternative_labels", "hidden_labels", "description")
]


@dataclass(frozen=True)
class LoadReport:
    isco_groups: int
    occupations: int
    skills: int
    relations: int
    relations_removed: int
    languages: dict  # kind -> languages whose labels were found


def _concepts(files: EscoFiles, kind: str) -> tuple[dict[str, dict], list[str]]:
    """Rows of occupations_<lang>.csv or skills_<lang>.csv merged by URI, one field per language."""
    merged: dict[str, dict] = {}
    languages = []
    for language in LANGUAGES:
        name = f"{kind}_{language}.csv"
        if not files.has(name):
            continue
        languages.append(language)
        for row in files.rows(name):
            concept = merged.setdefault(row["conceptUri"], {"row": row})
            concept[f"preferred_label_{language}"] = row["preferredLabel"].strip()
            concept[f"alternative_labels_{language}"] = split_labels(row.get("altLabels"))
            concept[f"hidden_labels_{language}"] = split_labels(row.get("hiddenLabels"))
            concept[f"description_{language}"] = (row.get("description") or "").strip()
    return merged, languages


def _upsert(model, objects, *, unique_fields, update_fields) -> None:
    model.objects.bulk_create(
        objects,
        batch_size=BATCH_SIZE,
        update_conflicts=True,
        unique_fields=unique_fields,
        update_fields=update_fields,
    )


def _load_isco_groups(files: EscoFiles) -> dict[str, int]:
    groups: dict[str, IscoGroup] = {}
    for language in LANGUAGES:
        name = f"ISCOGroups_{language}.csv"
        if not files.has(name):
            continue
        for row in files.rows(name):
            group = groups.setdefault(
                row["code"], IscoGroup(code=row["code"], uri=row["conceptUri"])
            )
            setattr(group, f"label_{language}", row["preferredLabel"].strip())
    _upsert(
        IscoGroup,
        list(groups.values()),
        unique_fields=["code"],
        update_fields=["uri", "label_fr", "label_en"],
    )
    return dict(IscoGroup.objects.values_list("code", "id"))


def _load_concepts(model, concepts: dict[str, dict], **extra_fields) -> dict[str, int]:
    objects = []
    for uri, values in concepts.items():
        fields = {
            field: values.get(field, [] if "labels_" in field else "") for field in LABEL_FIELDS
        }
        extra = {name: compute(values["row"]) for name, compute in extra_fields.items()}
        objects.append(model(uri=uri, **fields, **extra))
    _upsert(
        model,
        objects,
        unique_fields=["uri"],
        update_fields=[*LABEL_FIELDS, *extra_fields, "updated_at"],
    )
    return dict(model.objects.values_list("uri", "id"))


def _load_relations(files: EscoFiles, occupations: dict[str, int], skills: dict[str, int]):
    wanted: dict[tuple[int, int], str] = {}
    for row in files.rows("occupationSkillRelations.csv"):
        occupation_id = occupations.get(row["occupationUri"])
        skill_id = skills.get(row["skillUri"])
        if occupation_id and skill_id and row["relationType"] in Relevance.values:
            wanted[(occupation_id, skill_id)] = row["relationType"]
    _upsert(
        OccupationSkill,
        [
            OccupationSkill(occupation_id=occupation_id, skill_id=skill_id, relevance=relevance)
            for (occupation_id, skill_id), relevance in wanted.items()
        ],
        unique_fields=["occupation", "skill"],
        update_fields=["relevance"],
    )
    # A relation ESCO dropped since the last load goes too; occupations and skills stay, since
    # profiles and offers may point at them.
    stale = [
        link_id
        for link_id, occupation_id, skill_id in OccupationSkill.objects.values_list(
            "id", "occupation_id", "skill_id"
        ).iterator(chunk_size=BATCH_SIZE)
        if (occupation_id, skill_id) not in wanted
    ]
    for start in range(0, len(stale), BATCH_SIZE):
        OccupationSkill.objects.filter(id__in=stale[start : start + BATCH_SIZE]).delete()
    return len(wanted), len(stale)


@transaction.atomic
def load_esco(*, directory) -> LoadReport:
    """Create or update every ISCO group, occupation, skill and occupation-skill relation.

    Idempotent: rows are matched by ESCO code or URI, so loading the same files twice leaves
    the same rows. Raises EscoFilesMissing (with the list of files) before writing anything.
    """
    files = EscoFiles(directory)
    files.check()
    group_ids = _load_isco_groups(files)
    occupations, occupation_languages = _concepts(files, "occupations")
    occupation_ids = _load_concepts(
        Occupation,
        occupations,
        code=lambda row: (row.get("code") or "").strip(),
        isco_group_id=lambda row: group_ids.get((row.get("iscoGroup") or "").strip()),
    )
    skills, skill_languages = _concepts(files, "skills")
    skill_ids = _load_concepts(
        Skill, skills, skill_type=lambda row: (row.get("skillType") or "").strip()
    )
    relations, removed = _load_relations(files, occupation_ids, skill_ids)
    transaction.on_commit(forget_indexes)
    return LoadReport(
        isco_groups=len(group_ids),
        occupations=len(occupations),
        skills=len(skills),
        relations=relations,
        relations_removed=removed,
        languages={"occupations": occupation_languages, "skills": skill_languages},
    )
