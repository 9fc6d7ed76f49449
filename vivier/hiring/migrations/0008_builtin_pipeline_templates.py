"""The existing stages become the "standard" template; two more templates are added.

Names are English msgids: PipelineTemplate.label and PipelineStage.label show them translated
(a name the team types itself is shown as typed). Blank stage names show the kind's name.
"""

from django.db import migrations
from django.utils.translation import gettext_noop

STANDARD = (
    gettext_noop("Standard"),
    gettext_noop("The usual process: screening, interviews, offer, hire."),
)
# Days after which an application waiting in a stage is flagged, by kind, in the standard one.
STANDARD_LIMITS = {"new": 7, "screening": 14}

OTHERS = [
    (
        gettext_noop("Internship"),
        gettext_noop(
            "Internships and work-study: an interview with the tutor, then the agreement."
        ),
        [
            ("new", "", 7),
            ("screening", "", 10),
            ("interview", gettext_noop("Interview with the tutor"), 14),
            ("offer", gettext_noop("Internship agreement"), 14),
            ("hired", gettext_noop("Intern taken on"), None),
            ("rejected", "", None),
            ("withdrawn", "", None),
        ],
    ),
    (
        gettext_noop("Public competition"),
        gettext_noop(
            "Civil-service competitions: registration, eligibility, written then oral tests, "
            "the admission list."
        ),
        [
            ("new", gettext_noop("Registration"), 14),
            ("screening", gettext_noop("Eligibility check"), 21),
            ("interview", gettext_noop("Written tests"), None),
            ("interview", gettext_noop("Oral test before the jury"), None),
            ("offer", gettext_noop("Admission list"), None),
            ("hired", gettext_noop("Appointed"), None),
            ("rejected", "", None),
            ("withdrawn", "", None),
        ],
    ),
]


def create_templates(apps, schema_editor):
    PipelineTemplate = apps.get_model("hiring", "PipelineTemplate")
    PipelineStage = apps.get_model("hiring", "PipelineStage")
    JobOffer = apps.get_model("jobs", "JobOffer")
    if PipelineTemplate.objects.exists():
        return
    name, description = STANDARD
    standard = PipelineTemplate.objects.create(name=name, description=description, is_default=True)
    PipelineStage.objects.filter(template__isnull=True).update(template=standard)
    for kind, days in STANDARD_LIMITS.items():
        PipelineStage.objects.filter(
            template=standard, kind=kind, time_limit_days__isnull=True
        ).update(time_limit_days=days)
    JobOffer.objects.filter(pipeline_template__isnull=True).update(pipeline_template=standard)
    for name, description, stages in OTHERS:
        template = PipelineTemplate.objects.create(name=name, description=description)
        for position, (kind, stage_name, days) in enumerate(stages, start=1):
            PipelineStage.objects.create(
                template=template, kind=kind, name=stage_name, position=position * 10,
                time_limit_days=days,
            )  # fmt: skip


def forget_templates(apps, schema_editor):
    PipelineTemplate = apps.get_model("hiring", "PipelineTemplate")
    PipelineStage = apps.get_model("hiring", "PipelineStage")
    JobOffer = apps.get_model("jobs", "JobOffer")
    JobOffer.objects.update(pipeline_template=None)
    standard = PipelineTemplate.objects.filter(is_default=True).first()
    PipelineStage.objects.exclude(template=standard).filter(applications__isnull=True).delete()
    PipelineStage.objects.update(template=None)
    PipelineTemplate.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("hiring", "0007_pipeline_templates_and_collaboration"),
        ("jobs", "0003_offer_pipeline_template"),
    ]

    operations = [migrations.RunPython(create_templates, forget_templates)]
