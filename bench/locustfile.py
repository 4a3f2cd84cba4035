"""Users of the load benchmark (``python -m bench load`` runs them against gunicorn; see bench_load).

One class per phase of the side-by-side run (hello-world, catalog, procedure, search, home, tracking) and
two for the mixed run (citizens tracking their dossiers, officers working their lists). The URLs, dossier
codes and officers' session cookies come from the JSON file ``BENCH_LOAD_DATA`` written by bench_load.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from locust import FastHttpUser, between, constant, task

DATA = json.loads(Path(os.environ["BENCH_LOAD_DATA"]).read_text(encoding="utf-8"))
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DOSSIER_LINK = re.compile(r'href="/quan-tri/ho-so/([^/"?]+)/"')


def lang() -> str:
    """Two visitors in three read the Vietnamese portal, one the English."""
    return random.choice(("", "", "/en"))


class PublicUser(FastHttpUser):
    abstract = True
    wait_time = constant(0)


class HelloUser(PublicUser):
    @task
    def hello(self):
        self.client.get("/hello/", name="hello")


class CatalogUser(PublicUser):
    @task
    def catalog(self):
        params = random.choice(DATA["catalog_params"])
        self.client.get(f"{lang()}/thu-tuc/{params}", name="catalog")


class ProcedureUser(PublicUser):
    @task
    def procedure(self):
        self.client.get(f"{lang()}/thu-tuc/{random.choice(DATA['procedures'])}/", name="procedure")


class SearchUser(PublicUser):
    @task
    def search(self):
        self.client.get(f"{lang()}/thu-tuc/", params={"q": random.choice(DATA["queries"])}, name="search")


class HomeUser(PublicUser):
    @task
    def home(self):
        self.client.get(f"{lang()}/", name="home")


class TrackingMixin:
    def on_start(self):
        page = self.client.get("/tra-cuu/", name="tracking form")
        self.token = TOKEN.search(page.text).group(1)

    def track(self):
        code, last4 = random.choice(DATA["dossiers"])
        with self.client.post(
            "/tra-cuu/",
            data={"csrfmiddlewaretoken": self.token, "code": code, "last4": last4},
            headers={"Referer": f"{self.host}/tra-cuu/"},
            name="tracking",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or code not in (response.url or ""):
                response.failure(f"tracking {code}: {response.status_code} {response.url}")


class TrackingUser(TrackingMixin, PublicUser):
    @task
    def tracking(self):
        self.track()


class CitizenUser(TrackingMixin, FastHttpUser):
    """Mixed run: a citizen looks up a dossier, then reads a procedure or the catalog."""

    weight = 3
    wait_time = between(0.1, 0.5)

    @task(3)
    def tracking(self):
        self.track()

    @task(1)
    def procedure(self):
        self.client.get(f"{lang()}/thu-tuc/{random.choice(DATA['procedures'])}/", name="procedure")


class OfficerUser(FastHttpUser):
    """Mixed run: a signed-in officer opens the worklist and the dossiers on it."""

    weight = 1
    wait_time = between(0.1, 0.5)

    def on_start(self):
        # Half the officers are of the Director's board or the Office, who open dossiers across the units.
        overseers = [o for o in DATA["officers"] if o["oversees"]]
        officer = random.choice(overseers if overseers and random.random() < 0.5 else DATA["officers"])
        self.cookie = {"Cookie": f"{DATA['session_cookie']}={officer['session']}"}
        self.codes: list[str] = DATA["dossier_codes"] if officer["oversees"] else []

    @task(1)
    def worklist(self):
        page = self.client.get("/quan-tri/ho-so/", headers=self.cookie, name="worklist", catch_response=True)
        with page as r:
            if r.status_code != 200 or "/quan-tri/dang-nhap" in (r.url or ""):
                r.failure(f"worklist: {r.status_code} {r.url}")
                return
            self.codes = DOSSIER_LINK.findall(r.text) or self.codes

    @task(3)
    def dossier(self):
        if not self.codes:
            return self.worklist()
        code = random.choice(self.codes)
        with self.client.get(
            f"/quan-tri/ho-so/{code}/", headers=self.cookie, name="dossier", catch_response=True
        ) as r:
            if r.status_code != 200 or code not in r.text:
                r.failure(f"dossier {code}: {r.status_code}")
