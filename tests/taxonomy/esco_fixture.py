"""A tiny ESCO download, written by the tests: a few made-up rows in the official CSV layout.

The zips are laid out as the ESCO portal ships them (one per language for the classification,
one for the relations); the French occupations sit loose next to them, as in ../shared/data.
"""

import csv
import io
import zipfile
from pathlib import Path

OCCUPATION = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
OCCUPATION_COLUMNS = [
    "conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels",
    "status", "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme",
    "description", "code",
]  # fmt: skip
SKILL_COLUMNS = [
    "conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
    "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description",
]  # fmt: skip
GROUP_COLUMNS = [
    "conceptType", "conceptUri", "code", "preferredLabel", "status", "altLabels", "inScheme",
    "description",
]  # fmt: skip
RELATION_COLUMNS = ["occupationUri", "relationType", "skillType", "skillUri"]

GROUPS = {  # code: (English, French)
    "3115": ("Mechanical engineering technicians", "Techniciens en génie mécanique"),
    "2221": ("Nursing professionals", "Cadres infirmiers"),
    "5223": ("Shop sales assistants", "Vendeurs en magasin"),
}
OCCUPATIONS = {  # uri suffix: ISCO code, code, English (preferred, alternatives), French
    "maintenance": (
        "3115", "3115.3",
        ("maintenance technician", ["industrial maintenance technician"]),
        ("technicien de maintenance/technicienne de maintenance",
         ["technicien de maintenance", "technicienne de maintenance"]),
    ),
    "nurse": (
        "2221", "2221.1",
        ("general nurse", ["nurse", "registered nurse"]),
        ("infirmier en soins généraux/infirmière en soins généraux",
         ["infirmier", "infirmière", "infirmier diplômé d'État"]),
    ),
    "bakery": (
        "5223", "5223.1",
        ("bakery shop assistant", ["bakery sales assistant"]),
        ("vendeur en boulangerie/vendeuse en boulangerie",
         ["vendeur en boulangerie", "vendeuse en boulangerie"]),
    ),
}  # fmt: skip
SKILLS = {  # uri suffix: type, English preferred, alternatives, French preferred, alternatives
    "repair": (
        "skill/competence",
        "repair machinery",
        ["fix machines"],
        "réparer des machines",
        [],
    ),
    "care": ("skill/competence", "provide nursing care", [], "dispenser des soins infirmiers", []),
    "python": ("knowledge", "Python (computer programming)", ["Python"], "Python", []),
    "bread": ("knowledge", "bakery products", ["bread"], "produits de boulangerie", ["pain"]),
}
RELATIONS = [
    ("maintenance", "essential", "repair"),
    ("nurse", "essential", "care"),
    ("bakery", "optional", "bread"),
    ("maintenance", "optional", "python"),
]


def _csv(columns, rows) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return buffer.getvalue()


def _occupations(language: str):
    for suffix, (group, code, english, french) in OCCUPATIONS.items():
        preferred, alternatives = english if language == "en" else french
        yield {
            "conceptType": "Occupation",
            "conceptUri": OCCUPATION + suffix,
            "iscoGroup": group,
            "preferredLabel": preferred,
            "altLabels": "\n".join(alternatives),
            "status": "released",
            "description": f"{preferred}: {language} description.",
            "code": code,
        }


def _skills(language: str, skills=SKILLS):
    for suffix, (kind, english, english_alt, french, french_alt) in skills.items():
        preferred, alternatives = (
            (english, english_alt) if language == "en" else (french, french_alt)
        )
        yield {
            "conceptType": "KnowledgeSkillCompetence",
            "conceptUri": SKILL + suffix,
            "skillType": kind,
            "preferredLabel": preferred,
            "altLabels": "\n".join(alternatives),
            "status": "released",
        }


def _groups(language: str):
    for code, (english, french) in GROUPS.items():
        yield {
            "conceptType": "ISCOGroup",
            "conceptUri": f"http://data.europa.eu/esco/isco/C{code}",
            "code": code,
            "preferredLabel": english if language == "en" else french,
            "status": "released",
        }


def write_esco(folder: Path, *, relations=RELATIONS, french_skills=False, skills=SKILLS) -> Path:
    """`skills`: {uri suffix: (type, English label, alternatives, French label, alternatives)}."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(
        folder / "ESCO dataset - v1.1.1 - classification - en - csv.zip", "w"
    ) as archive:
        archive.writestr("occupations_en.csv", _csv(OCCUPATION_COLUMNS, _occupations("en")))
        archive.writestr("skills_en.csv", _csv(SKILL_COLUMNS, _skills("en", skills)))
        archive.writestr("ISCOGroups_en.csv", _csv(GROUP_COLUMNS, _groups("en")))
    rows = [
        {"occupationUri": OCCUPATION + occupation, "relationType": kind, "skillUri": SKILL + skill}
        for occupation, kind, skill in relations
    ]
    with zipfile.ZipFile(folder / "ESCO_v1.1.1_relations_csv.zip", "w") as archive:
        archive.writestr("occupationSkillRelations.csv", _csv(RELATION_COLUMNS, rows))
    (folder / "occupations_fr.csv").write_text(_csv(OCCUPATION_COLUMNS, _occupations("fr")))
    (folder / "ISCOGroups_fr.csv").write_text(_csv(GROUP_COLUMNS, _groups("fr")))
    if french_skills:
        (folder / "skills_fr.csv").write_text(_csv(SKILL_COLUMNS, _skills("fr", skills)))
    return folder
