"""manage.py backup / restore: a published bulletin survives a restore into a fresh database, figures and files.

PostgreSQL only (pg_dump and pg_restore); on SQLite the test is skipped with the reason. The restored copy is
read by a separate process (its own DATABASE_URL and MEDIA_ROOT), as a new server after a disaster would be.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.choices import Role

# serialized_rollback: the flush after a transactional test must not re-create the role groups under new
# ids (post_migrate), or the next test that restores the serialized database collides with them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHECK_RESTORED = """
import hashlib, json, django
django.setup()
from django.test import Client
from accounts.models import User
from bulletins.models import BulletinVersion
from bulletins.services import bulletin_generate
admin = User.objects.get(username="backup_admin")
version = BulletinVersion.objects.get(pk=%(pk)d)
client = Client(SERVER_NAME="localhost")
client.force_login(admin)
downloads = {}
for fmt in ("docx", "xlsx", "pdf"):
    response = client.get(f"/bulletins/versions/{version.pk}/{fmt}/download/")
    downloads[fmt] = [response.status_code, hashlib.sha256(b"".join(response.streaming_content)).hexdigest()]
again = bulletin_generate(plan=version.bulletin.plan, year=2019, month=4, actor=admin, reason="恢复后重新生成")
print(json.dumps({"status": version.status, "data": version.data, "downloads": downloads, "regenerated": again.data}))
"""


def sha(file: Any) -> str:
    with file.open("rb") as fh:
        return hashlib.sha256(fh.read()).hexdigest()


def test_backup_then_restore_into_a_fresh_database_keeps_the_published_bulletin(regions, make_user, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore use pg_dump/pg_restore: PostgreSQL only (set DATABASE_URL)")
    from bulletins.services import bulletin_generate, bulletinversion_publish
    from bulletins.tests.conftest import CITY, make_published

    admin = make_user(Role.CITY_ADMIN, CITY, username="backup_admin")
    published = make_published(regions, admin)
    version = bulletin_generate(plan=published.plan, year=2019, month=4, actor=admin)
    version = bulletinversion_publish(version=version, actor=admin)
    files = {fmt: sha(version.file_of(fmt)) for fmt in ("docx", "xlsx", "pdf")}

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))

    db = connection.settings_dict
    fresh = f"{db['NAME']}_restored"
    admin_dsn = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "dbname": "postgres",
    }
    with psycopg.connect(**admin_dsn, autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        pg.execute(f'CREATE DATABASE "{fresh}"')
    try:
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{admin_dsn['host']}:{admin_dsn['port']}/{fresh}",
            "MEDIA_ROOT": str(tmp_path / "restored-media"),
            "DJANGO_SETTINGS_MODULE": "config.settings",  # the test settings would pick a MEDIA_ROOT of their own
            "HTTPS": "0",
            "SECRET_KEY": "restore-test-" + "x" * 50,
        }
        manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        subprocess.run([*manage, "restore", str(archive)], env=env, check=True, capture_output=True)
        out = subprocess.run(
            [sys.executable, "-c", CHECK_RESTORED % {"pk": version.pk}],
            env=env, cwd=settings.BASE_DIR, check=False, capture_output=True, text=True,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr[-3000:]
        restored = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(**admin_dsn, autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

    assert restored["status"] == "published"
    assert restored["data"] == json.loads(json.dumps(version.data))  # the frozen figures, as stored
    assert {fmt: d[0] for fmt, d in restored["downloads"].items()} == {"docx": 200, "xlsx": 200, "pdf": 200}
    assert {fmt: d[1] for fmt, d in restored["downloads"].items()} == files  # the very files, byte for byte
    regenerated = {k: v for k, v in restored["regenerated"].items() if k not in ("issued_on",)}
    original = {k: v for k, v in json.loads(json.dumps(version.data)).items() if k not in ("issued_on",)}
    assert regenerated == original  # the figures computed again from the restored data are the same
