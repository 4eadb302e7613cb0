"""manage.py serve: the Huey worker and the gunicorn web server together, for `make run`.

Static files are collected first and served by whitenoise, exactly as in production.
Ctrl-C stops both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker and the web server (127.0.0.1:8000 by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        # The worker model measured in docs/benchmarks.md ("Load") and chosen in docs/architecture.md: one process
        # per core, four threads each (gthread), so database waits and Argon2 sign-ins overlap page views.
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, bind: str, workers: int, threads: int, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        python = sys.executable
        worker = subprocess.Popen([python, "manage.py", "run_huey", "--quiet"], env=os.environ.copy())
        self.stdout.write(self.style.SUCCESS(f"Jingxin: http://{bind}/  (worker pid {worker.pid}; Ctrl-C to stop)"))
        web = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--access-logfile",
                "-",
                "--timeout",
                "120",
                # Browsers keep a connection open between page views (1–5 s of reading); gunicorn's default of 2 s
                # closed it under them and the next request met a reset (3 errors in the load benchmark's first
                # run, none with 75 s: docs/benchmarks.md, "Load").
                "--keep-alive",
                "75",
            ],
            env=os.environ.copy(),
        )
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in (web, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
