"""Test settings: the real settings, with jobs run in-process (Huey's immediate mode) and a fast hasher.

The database is whatever DATABASE_URL says (SQLite by default, PostgreSQL in CI's second run).
One test runs a real Huey consumer against Redis (jobs/tests/test_worker_redis.py).
"""

import os

os.environ.setdefault("HTTPS", "0")

from .settings import *  # noqa: F403
from .settings import HUEY

HUEY = {**HUEY, "immediate": True}
# Argon2 stays the production hasher (asserted by a test); tests hash thousands of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TESTING = True
DEMO_TODAY_FILE = None  # tests run on the real date; a test of the demo sets its day in-process only
AXES_ENABLED = True

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="jingxin-test-media-"))
