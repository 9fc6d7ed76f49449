import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import DepartmentFactory, JobOfferFactory
from vivier.brand.models import Department, Employer, Video, parse_video_url

pytestmark = pytest.mark.django_db


def management(prefix, total=0):
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}


def employer_form(**overrides):
    data = {"name": "Région Armor-Océan", "tagline": "Servir", "description": "**Bienvenue**"}
    for prefix in ["values", "locations", "social_accounts", "videos"]:
        data.update(management(prefix))
    data.update(overrides)
    return data


def test_a_recruiter_edits_the_employer_profile_with_values_and_videos(client, employer, bob):
    client.force_login(bob)
    data = employer_form(
        **management("values", 1),
        **{
            "values-0-title": "Engagement",
            "values-0-text": "Au service du public",
            "values-0-position": "1",
        },
        **management("videos", 1),
        **{
            "videos-0-title": "Nos métiers",
            "videos-0-url": "https://dai.ly/x8abcd1",
            "videos-0-position": "1",
        },
    )
    response = client.post(reverse("brand:edit"), data)
    assert response.status_code == 302
    employer = Employer.current()
    assert employer.tagline == "Servir"
    assert [value.title for value in employer.values.all()] == ["Engagement"]
    video = Video.objects.get()
    assert video.embed_url.startswith("https://geo.dailymotion.com/player.html?video=x8abcd1")


def test_a_video_that_is_not_youtube_or_dailymotion_is_refused_and_nothing_is_lost(
    client, employer, bob
):
    client.force_login(bob)
    data = employer_form(
        tagline="Nouveau slogan",
        **management("videos", 1),
        **{
            "videos-0-title": "Ailleurs",
            "videos-0-url": "https://example.org/video",
            "videos-0-position": "1",
        },
    )
    response = client.post(reverse("brand:edit"), data)
    assert response.status_code == 200
    assert "Nouveau slogan" in response.content.decode()
    assert Video.objects.count() == 0
    assert Employer.current().tagline != "Nouveau slogan"


def test_a_logo_that_is_not_an_image_is_refused(client, employer, bob):
    client.force_login(bob)
    fake = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(reverse("brand:edit"), {**employer_form(), "logo": fake})
    assert response.status_code == 200
    assert "logo" in response.context["form"].errors


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://youtu.be/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", ("youtube", "dQw4w9WgXcQ")),
        ("https://www.dailymotion.com/video/x8abcd1_titre", ("dailymotion", "x8abcd1")),
        ("https://dai.ly/x8abcd1", ("dailymotion", "x8abcd1")),
        ("https://vimeo.com/123", None),
        ("https://www.youtube.com/watch?v=short", None),
    ],
)
def test_video_addresses_are_recognised(url, expected):
    assert parse_video_url(url) == expected


def test_departments_are_added_and_deleted_only_when_unused(client, employer, bob):
    client.force_login(bob)
    client.post(reverse("brand:departments"), {"name": "Transports", "description": ""})
    response = client.post(reverse("brand:departments"), {"name": "Transports"})
    assert "name" in response.context["form"].errors
    used = DepartmentFactory(name="Lycées")
    JobOfferFactory(department=used)
    client.post(reverse("brand:department_delete", kwargs={"pk": used.pk}))
    assert Department.objects.filter(pk=used.pk).exists()
    unused = Department.objects.get(name="Transports")
    client.post(reverse("brand:department_delete", kwargs={"pk": unused.pk}))
    assert not Department.objects.filter(pk=unused.pk).exists()
