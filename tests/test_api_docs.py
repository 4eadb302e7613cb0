"""The API documentation: a Chinese page inside the site's frame, and a schema generated once per process."""

from __future__ import annotations

import time
from typing import Any
from unittest import mock

import pytest
from django.urls import reverse

from core.api.schema import CachedSpectacularAPIView

pytestmark = pytest.mark.django_db


def test_docs_page_has_the_site_header_and_chinese_text(client: Any, city_staff: Any) -> None:
    client.force_login(city_staff)
    page = client.get(reverse("api_docs")).content.decode()
    assert 'data-testid="current-user"' in page and "工作台" in page  # the site's header and navigation
    assert "API 文档" in page and "本页列出系统的全部接口" in page
    assert 'id="swagger-ui"' in page


def test_schema_is_generated_once_then_served_from_memory(client: Any, city_staff: Any) -> None:
    client.force_login(city_staff)
    CachedSpectacularAPIView._schemas.clear()
    generator = CachedSpectacularAPIView.generator_class
    with mock.patch.object(generator, "get_schema", autospec=True, side_effect=generator.get_schema) as built:
        first = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
        started = time.process_time()
        second = client.get(reverse("api_schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
        cpu = time.process_time() - started
    assert first.status_code == second.status_code == 200
    assert built.call_count == 1
    assert first.content == second.content and b"/api/enterprises/" in second.content
    assert cpu < 1.0  # CPU seconds of the cached answer (rendering only)
