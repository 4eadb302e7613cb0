"""Request middleware of Jingxin: Chinese first, every page behind the login, the idle timeout.

Every page needs a signed-in user, except the login page and the language switch.

The API (/api/) authenticates by session or token inside DRF and answers 401/403 itself,
so it is left to DRF rather than redirected to the login page.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.http import HttpRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class LocaleMiddleware:
    """Simplified Chinese unless the user chose another language with the switch (its cookie).

    Django's own LocaleMiddleware would follow the browser's Accept-Language; a bureau's UI is
    Chinese first whatever browser it is opened in.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionRefreshMiddleware:
    """The session's idle timeout (SESSION_COOKIE_AGE after the last request) with one session write a minute.

    Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every request (BEGIN, UPDATE, COMMIT and a WAL
    flush for each page view); here a signed-in session is saved, and its expiry pushed back, when its last save
    is `SESSION_REFRESH_SECONDS` old or more, so a session ends between SESSION_COOKIE_AGE and that much more
    after its last request. Listed right after SessionMiddleware, whose response phase then saves it.
    """

    KEY = "_refreshed"

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    @classmethod
    def stamp_login(cls, sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
        """At sign-in (saved with it): the next save is due a minute later, not at the first page."""
        if request is not None and hasattr(request, "session"):
            request.session[cls.KEY] = int(time.time())

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key:  # a saved session (is_empty() adds nothing to the key)
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response
