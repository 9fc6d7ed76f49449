"""manage.py load_esco and the service behind it (vivier/taxonomy/services.py)."""

import pytest
from django.core.management import CommandError, call_command

from tests.taxonomy.esco_fixture import OCCUPATION, RELATIONS, SKILL, write_esco
from vivier.taxonomy.esco_files import EscoFilesMissing
from vivier.taxonomy.models import IscoGroup, Occupation, OccupationSkill, Relevance, Skill
from vivier.taxonomy.services import load_esco

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in (
            (IscoGroup, ("id", "code", "uri", "label_fr", "label_en")),
            (Occupation, ("id", "uri", "code", "isco_group__code", "preferred_label_fr",
                          "preferred_label_en", "alternative_labels_fr", "description_en")),
            (Skill, ("id", "uri", "skill_type", "preferred_label_en", "preferred_label_fr")),
            (OccupationSkill, ("id", "occupation__uri", "skill__uri", "relevance")),
        )
    }  # fmt: skip


def test_it_loads_occupations_skills_groups_and_relations_from_the_zips(tmp_path):
    report = load_esco(directory=write_esco(tmp_path))

    assert (report.isco_groups, report.occupations, report.skills, report.relations) == (3, 3, 4, 4)
    nurse = Occupation.objects.get(uri=OCCUPATION + "nurse")
    assert nurse.code == "2221.1"
    assert nurse.isco_group.label_fr == "Cadres infirmiers"
    assert nurse.preferred_label_fr == "infirmier en soins généraux/infirmière en soins généraux"
    assert nurse.alternative_labels_fr == ["infirmier", "infirmière", "infirmier diplômé d'État"]
    assert nurse.alternative_labels_en == ["nurse", "registered nurse"]
    assert nurse.description_en == "general nurse: en description."
    assert list(nurse.skill_links.values_list("skill__uri", "relevance")) == [
        (SKILL + "care", Relevance.ESSENTIAL)
    ]
    python = Skill.objects.get(uri=SKILL + "python")
    assert (python.skill_type, python.preferred_label_en) == (
        "knowledge",
        "Python (computer programming)",
    )
    assert python.preferred_label_fr == ""  # no skills_fr.csv in this folder
    assert report.languages == {"occupations": ["fr", "en"], "skills": ["en"]}


def test_loading_the_same_files_twice_leaves_the_same_rows(tmp_path):
    folder = write_esco(tmp_path)
    load_esco(directory=folder)
    first = snapshot()

    load_esco(directory=folder)

    assert snapshot() == first


def test_a_relation_esco_dropped_is_removed_and_a_changed_one_updated(tmp_path):
    load_esco(directory=write_esco(tmp_path / "v1"))
    relations = [r for r in RELATIONS if r[2] != "python"]
    relations = [(o, "essential" if s == "bread" else k, s) for o, k, s in relations]

    report = load_esco(directory=write_esco(tmp_path / "v2", relations=relations))

    assert report.relations_removed == 1
    assert not OccupationSkill.objects.filter(skill__uri=SKILL + "python").exists()
    assert OccupationSkill.objects.get(skill__uri=SKILL + "bread").relevance == Relevance.ESSENTIAL
    assert Skill.objects.filter(uri=SKILL + "python").exists()  # the skill itself stays


def test_french_skill_labels_are_loaded_when_skills_fr_is_there(tmp_path):
    load_esco(directory=write_esco(tmp_path, french_skills=True))

    bread = Skill.objects.get(uri=SKILL + "bread")
    assert (bread.preferred_label_fr, bread.alternative_labels_fr) == (
        "produits de boulangerie",
        ["pain"],
    )


def test_missing_files_are_named_and_nothing_is_written(tmp_path):
    folder = write_esco(tmp_path)
    (folder / "occupations_fr.csv").unlink()

    with pytest.raises(EscoFilesMissing, match="occupations_fr.csv") as error:
        load_esco(directory=folder)

    assert "esco.ec.europa.eu" in str(error.value)
    assert not Occupation.objects.exists()
    assert not IscoGroup.objects.exists()


def test_the_command_loads_a_folder_and_reports_a_missing_one_clearly(tmp_path, capsys):
    call_command("load_esco", str(write_esco(tmp_path / "esco")))
    assert Occupation.objects.count() == 3

    with pytest.raises(CommandError, match="nowhere"):
        call_command("load_esco", str(tmp_path / "nowhere"))


def test_the_command_reads_settings_esco_dir_by_default(tmp_path, settings):
    settings.ESCO_DIR = write_esco(tmp_path / "configured")

    call_command("load_esco")

    assert Skill.objects.count() == 4


def test_the_command_warns_while_skills_fr_is_missing_and_not_once_it_is_there(tmp_path):
    import io

    without, with_french = io.StringIO(), io.StringIO()
    call_command("load_esco", str(write_esco(tmp_path / "en")), stdout=without)
    call_command(
        "load_esco", str(write_esco(tmp_path / "fr", french_skills=True)), stdout=with_french
    )

    assert "skills_fr.csv" in without.getvalue()
    assert "skills_fr.csv" not in with_french.getvalue()
    assert (
        Skill.objects.get(uri=SKILL + "care").preferred_label_fr == "dispenser des soins infirmiers"
    )
