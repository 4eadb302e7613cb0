"""One archive holds everything a restore needs: the PostgreSQL database (pg_dump, custom format) and every
stored file (MEDIA_ROOT: bulletin files, photos, attachments, evidence). A database-only restore left the
published bulletins' files missing (500 on download); `manage.py backup` / `manage.py restore` move both.

The archive is a .tar.gz with `manifest.json` (when, which database, how many files), `database.dump` and
`media/…`. The connection comes from the Django settings (DATABASE_URL); the client tools are PostgreSQL's
own pg_dump and pg_restore (version at least the server's).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

DUMP_NAME = "database.dump"
MEDIA_DIR = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot run (not PostgreSQL, a client tool failing, a damaged archive)."""


def _pg(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection arguments and environment for pg_dump / pg_restore, from the Django settings."""
    if connections[alias].vendor != "postgresql":
        raise BackupError("backup and restore need PostgreSQL (DATABASE_URL=postgres://…)")
    db: Any = settings.DATABASES[alias]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def backup_create(path: Path, *, alias: str = "default") -> dict[str, Any]:
    """Write the archive to `path`; returns its manifest."""
    args, env = _pg(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="jingxin-backup-") as work:
        dump = Path(work) / DUMP_NAME
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump), *args], env)
        files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.is_dir() else []
        manifest = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": settings.DATABASES[alias]["NAME"],
            "media_files": len(files),
            "format": 1,
        }
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as archive:
            archive.add(Path(work) / MANIFEST, MANIFEST)
            archive.add(dump, DUMP_NAME)
            for file in files:
                archive.add(file, f"{MEDIA_DIR}/{file.relative_to(media_root).as_posix()}")
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    """Only regular files under known names: an archive cannot write outside the restore's folders."""
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupError(f"unexpected entry in the archive: {member.name}")
        if member.name in (MANIFEST, DUMP_NAME) or name.parts[0] == MEDIA_DIR:
            members.append(member)
    return members


def backup_restore(path: Path, *, alias: str = "default") -> dict[str, Any]:
    """Restore the archive into the configured database (its tables replaced) and MEDIA_ROOT (files written over).
    Meant for an empty, freshly created database; returns the archive's manifest."""
    args, env = _pg(alias)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="jingxin-restore-") as work, tarfile.open(path, "r:gz") as archive:
        archive.extractall(work, members=_safe_members(archive), filter="data")
        manifest = json.loads((Path(work) / MANIFEST).read_text())
        connections[alias].close()  # pg_restore replaces tables this process may hold open
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
             *args, str(Path(work) / DUMP_NAME)],
            env,
        )  # fmt: skip
        source = Path(work) / MEDIA_DIR
        if source.is_dir():
            shutil.copytree(source, media_root, dirs_exist_ok=True)
    return manifest
