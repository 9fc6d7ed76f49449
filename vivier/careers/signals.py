from django.db.models.signals import m2m_changed, post_delete, post_save

from vivier.brand.models import Department, Employer, EmployerValue, Location, SocialAccount, Video
from vivier.campaigns.models import Campaign
from vivier.careers.cache import invalidate_public_pages
from vivier.distribution.models import Channel
from vivier.jobs.models import JobOffer

# Everything the public pages show.
PUBLIC_MODELS = [
    JobOffer, Employer, EmployerValue, Location, SocialAccount, Video, Department, Channel,
    Campaign,
]  # fmt: skip


def connect():
    for model in PUBLIC_MODELS:
        post_save.connect(invalidate_public_pages, sender=model, dispatch_uid=f"public-{model}")
        post_delete.connect(invalidate_public_pages, sender=model, dispatch_uid=f"public-{model}-d")
    m2m_changed.connect(
        invalidate_public_pages,
        sender=Campaign.offers.through,
        dispatch_uid="public-campaign-offers",
    )
