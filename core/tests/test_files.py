"""Stored files are served by one scoped view (core/files.py), never from a public /media/ folder."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.files import stored_file_url
from projects.tests.factories import ProjectFactory, ProjectPhotoFactory, ProjectUpdateFactory


@pytest.fixture
def photos(regions: dict[str, Any]) -> dict[str, Any]:
    def photo_in(code: str) -> Any:
        project = ProjectFactory(region=regions[code])
        return ProjectPhotoFactory(update=ProjectUpdateFactory(project=project))

    return {"haining": photo_in("330481"), "pinghu": photo_in("330482")}


def test_the_owner_gets_the_photo_and_another_county_gets_404(client: Any, make_user: Any, photos: Any) -> None:
    client.force_login(make_user(region="330481"))
    own = client.get(stored_file_url(photos["haining"], "image"))
    assert own.status_code == 200
    # the factory writes JPEG bytes under a .png name: the type served is the bytes', not the name's
    assert own["Content-Type"] == "image/jpeg" and own["X-Content-Type-Options"] == "nosniff"
    assert b"".join(own.streaming_content).startswith(b"\xff\xd8\xff")
    assert client.get(stored_file_url(photos["pinghu"], "image")).status_code == 404


def test_the_city_sees_both_and_the_media_folder_is_not_served(client: Any, city_staff: Any, photos: Any) -> None:
    client.force_login(city_staff)
    for photo in photos.values():
        assert client.get(stored_file_url(photo, "image")).status_code == 200
    assert client.get("/media/" + photos["haining"].image.name).status_code == 404


def test_without_the_view_permission_403_and_anonymous_to_login(client: Any, make_user: Any, photos: Any) -> None:
    url = stored_file_url(photos["haining"], "image")
    assert client.get(url).status_code == 302  # the login-required middleware
    from accounts.choices import Role

    client.force_login(make_user(Role.DEPARTMENT_HANDLER, "330481"))  # reads projects, not their photos
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("projects.projectphoto", "caption"),
        ("projects.nosuch", "image"),
        ("nosuch", "image"),
        ("projects.projectphoto", "x"),
    ],
)
def test_only_file_fields_of_scoped_models(client: Any, city_staff: Any, photos: Any, label: str, field: str) -> None:
    client.force_login(city_staff)
    url = reverse("stored_file", args=[label, photos["haining"].pk, field])
    assert client.get(url).status_code == 404


def test_pages_and_api_link_to_the_scoped_view(client: Any, make_user: Any, photos: Any) -> None:
    photo = photos["haining"]
    client.force_login(make_user(region="330481"))
    page = client.get(reverse("projects:projectupdate_detail", args=[photo.update_id])).content.decode()
    assert stored_file_url(photo, "image") in page and "/media/" not in page
    api = client.get(f"/api/project-updates/{photo.update_id}/").json()
    assert api["photos"][0]["image"].endswith(stored_file_url(photo, "image"))
