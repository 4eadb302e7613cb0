"""The OpenAPI schema, generated once per process and language (drf-spectacular takes 1.6–2.6 s per request).

The schema depends only on the code (it is served public: the same for every signed-in user), so a deploy —
new processes — is the only thing that changes it. `warm_schema` fills the cache at start-up (`serve`).
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class CachedSpectacularAPIView(SpectacularAPIView):
    _schemas: ClassVar[dict[tuple[str, str | None], dict[str, Any]]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def _get_schema_response(self, request: Any) -> Response:
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (translation.get_language() or "", version)
        schema = self._schemas.get(key)
        if schema is None:
            with self._lock:
                schema = self._schemas.get(key)
                if schema is None:
                    generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
                    schema = generator.get_schema(request=request, public=self.serve_public)
                    self._schemas[key] = schema
        return Response(
            data=schema,
            headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'},
        )
