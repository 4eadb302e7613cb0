"""manage.py load_demo: the deterministic Jiaxing demo (regions, departments, users, enterprises)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.choices import Role
from home.demo import DEMO_PASSWORD, DEMO_USERS, load_demo


class Command(BaseCommand):
    help = "Load the deterministic demo data of Jiaxing and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, default=2000)

    def handle(self, *args: Any, enterprises: int, **options: Any) -> None:
        counts = load_demo(enterprises=enterprises, progress=lambda text: self.stdout.write(f"  … {text}"))
        self.stdout.write(self.style.SUCCESS("demo loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items())))
        self.stdout.write("")
        self.stdout.write("演示账号 / demo logins (password for all: %s)" % DEMO_PASSWORD)
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<14} {Role(spec.role).label:<10} {spec.full_name}")
