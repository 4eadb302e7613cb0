"""Load: 50 signed-in users, 1–5 s think time, a realistic mix, against gunicorn as production runs it.

Run (the demo loaded into PostgreSQL, gunicorn serving config.wsgi on 127.0.0.1:8711):

    .venv/bin/locust -f benchmarks/bench_load.py --headless -u 50 -r 10 -t 60s \
        --host http://127.0.0.1:8711 --csv var/bench_load --only-summary

Each simulated user signs in as one of the demo accounts (city staff, a county reporter, a leader, the
enterprise contact), then, with 1–5 s between requests: the dashboard, the enterprise and project lists,
an enterprise's and a project's page, a search, an Excel export now and then, and every so often signs out and
in again (Argon2 hashing in the web workers: logins must not stall the page views). Any answer but 200 (after
redirects) is an error. Results are recorded in docs/benchmarks.md ("Load").
Not part of `make bench` (benchmarks/run_all.py): a locust file needs a served site and a locust run, not a
script with a scale; run it as above.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

PASSWORD = "Jingxin@2026"  # core.demo.DEMO_PASSWORD
ACCOUNTS = ["staff", "staff", "haining", "haining_head", "leader", "admin"]
ENTERPRISES = range(1, 2001)
PROJECTS = range(1, 307)
SEARCHES = ["制造", "科技", "嘉兴", "新材料", "机械"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class BureauUser(HttpUser):
    wait_time = between(1, 5)

    def on_start(self) -> None:
        self.username = random.choice(ACCOUNTS)
        self.login()

    def login(self) -> None:
        page = self.client.get("/login/", name="/login/ (form)")
        token = CSRF.search(page.text)
        with self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1) if token else ""},
            headers={"Referer": f"{self.host}/login/"},
            name="/login/ (sign in)",
            catch_response=True,
        ) as response:
            if "/login/" in response.url:
                response.failure("still on the login page")

    @task(6)
    def dashboard(self) -> None:
        self.client.get("/", name="/ (dashboard)")

    @task(5)
    def enterprise_list(self) -> None:
        self.client.get("/enterprises/", name="/enterprises/")

    @task(4)
    def enterprise_detail(self) -> None:
        with self.client.get(
            f"/enterprises/{random.choice(ENTERPRISES)}/", name="/enterprises/[id]/", catch_response=True
        ) as response:
            if response.status_code == 404:  # out of a county user's scope: the expected answer
                response.success()

    @task(4)
    def project_list(self) -> None:
        self.client.get("/projects/", name="/projects/")

    @task(3)
    def project_detail(self) -> None:
        with self.client.get(
            f"/projects/{random.choice(PROJECTS)}/", name="/projects/[id]/", catch_response=True
        ) as response:
            if response.status_code == 404:
                response.success()

    @task(3)
    def search(self) -> None:
        self.client.get("/enterprises/", params={"q": random.choice(SEARCHES)}, name="/enterprises/?q=")

    @task(1)
    def export(self) -> None:
        self.client.get("/enterprises/export/", name="/enterprises/export/")

    @task(1)
    def sign_in_again(self) -> None:
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/logout/", {"csrfmiddlewaretoken": token}, headers={"Referer": f"{self.host}/"}, name="/logout/"
        )
        self.client.cookies.clear()
        self.login()
