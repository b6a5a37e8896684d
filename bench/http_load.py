"""HTTP load against a running server (stdlib only: threads, http.client with keep-alive). Prints JSON.

Phase 1, side by side in one run: ``--clients`` concurrent clients for ``--duration`` seconds on each of
``/health`` (Django's own cost), ``/api/v1/offers?q=Beratung`` (a common word), the same API with ever different
questions (``api_offers_varied``: a word, a Kreis and a topic drawn from about 3,000 combinations, so the web
workers' result caches answer few of them and the search engine runs for most), the finder with filters and an
offer page. ``--endpoints`` picks some of them. Phase 2 (``--mixed``): ``--writers`` logged-in users saving offers (the edit form, read and sent back) and
``--readers`` anonymous searchers at once for ``--mixed-duration`` seconds; ``--import-rows N`` also uploads a CSV
import of N rows at the start (as the demo Kommune user, for an organisation of Köln) and follows it on its progress
page to its end, at most two minutes past the window: its state, the rows written and its time.

The server should run with ``TEILHABE_RATE_LIMITS_ENABLED=false`` (all clients come from one address). Example::

    TEILHABE_RATE_LIMITS_ENABLED=false make run &
    .venv/bin/python bench/http_load.py --clients 16 --duration 30 --mixed
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, error: str | None = None) -> None:
        with self.lock:
            if error is None:
                self.times.append(seconds)
            else:
                self.errors[error] = self.errors.get(error, 0) + 1

    def summary(self, duration: float) -> dict[str, Any]:
        times = sorted(self.times)

        def pct(p: float) -> float | None:
            return round(times[min(len(times) - 1, int(p * len(times)))] * 1000, 1) if times else None

        return {
            "requests": len(times),
            "per_second": round(len(times) / duration, 1),
            "p50_ms": pct(0.50),
            "p95_ms": pct(0.95),
            "p99_ms": pct(0.99),
            "mean_ms": round(statistics.fmean(times) * 1000, 1) if times else None,
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
        }


class Session:
    """One client: a keep-alive connection and its cookies."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: dict[str, Any] | bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data: bytes | None = None
        if isinstance(body, dict):
            data = urllib.parse.urlencode(body, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = body
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=data, headers=sent)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content, response


def hammer(base: str, paths: list[str], clients: int, duration: float) -> dict[str, Any]:
    stats = Stats()
    deadline = time.monotonic() + duration

    def client(n: int) -> None:
        session = Session(base)
        rng = random.Random(n)
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                status, _body, _r = session.request("GET", path)
                stats.add(time.perf_counter() - started, None if status == 200 else f"HTTP {status}")
            except Exception as error:  # counted, the run goes on
                stats.add(0.0, type(error).__name__)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return stats.summary(time.monotonic() - started)


class FormReader(HTMLParser):
    """The fields of the first POST form with a ``title``: inputs, checked boxes, selected options, textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.in_form = self.done = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if self.done:
            return
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form or (not a.get("name") and tag not in ("option",)):
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file"):
                self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and "selected" in a:
            self.fields.append((self.select, a.get("value", "")))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text))
            self.textarea = None
        elif tag == "form" and self.in_form:
            self.in_form = False
            if any(name == "title" for name, _v in self.fields):  # the edit form, not the language switch
                self.done = True
            else:
                self.fields = []


def login(base: str, email: str, password: str) -> Session:
    session = Session(base)
    _s, page, _r = session.request("GET", "/konto/anmelden/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no login form"
    status, _body, _r = session.request(
        "POST",
        "/konto/anmelden/",
        {"csrfmiddlewaretoken": token.group(1).decode(), "username": email, "password": password},
        {"Referer": base + "/konto/anmelden/"},
    )
    assert status == 302, f"login failed: {status}"
    return session


LOAD_TEST_PREFIX = re.compile(r"^(Lasttest \d+ )+")


def save_offer(base: str, session: Session, pk: str, n: int) -> int:
    path = f"/register/angebote/{pk}/bearbeiten/"
    _s, page, _r = session.request("GET", path)
    reader = FormReader()
    reader.feed(page.decode())
    # One "Lasttest N" before the title, not one more per save: the title would outgrow its 200 characters.
    fields = [(k, f"Lasttest {n} " + LOAD_TEST_PREFIX.sub("", v) if k == "title" else v) for k, v in reader.fields]
    status, _body, _r = session.request(
        "POST", path, {k: [v for kk, v in fields if kk == k] for k, _ in fields}, {"Referer": base + path}
    )
    return status


def mixed(base: str, args: argparse.Namespace, read_paths: list[str], editable: list[str]) -> dict[str, Any]:
    writes, reads = Stats(), Stats()
    sessions = [login(base, args.email, args.password) for _ in range(args.writers)]
    deadline = time.monotonic() + args.mixed_duration  # after the logins, which take a while under load
    import_result: dict[str, Any] = {}

    def writer(n: int) -> None:
        rng = random.Random(1000 + n)
        count = 0
        while time.monotonic() < deadline:
            count += 1
            started = time.perf_counter()
            try:
                status = save_offer(base, sessions[n], rng.choice(editable), count)
                writes.add(time.perf_counter() - started, None if status == 302 else f"HTTP {status}")
            except Exception as error:
                writes.add(0.0, type(error).__name__)

    def reader(n: int) -> None:
        session = Session(base)
        rng = random.Random(2000 + n)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _b, _r = session.request("GET", rng.choice(read_paths))
                reads.add(time.perf_counter() - started, None if status == 200 else f"HTTP {status}")
            except Exception as error:
                reads.add(0.0, type(error).__name__)

    def importer() -> None:
        session = login(base, args.email, args.password)
        _s, page, _r = session.request("GET", "/register/angebote/import/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        header = "titel;beschreibung;organisation;themen;zielgruppen;sprachen;strasse;plz;ort;kostenlos"
        rows = [
            f"Importiert {i};Beschreibung {i};{args.import_organisation};sprache;;de;;50667;Köln;ja"
            for i in range(args.import_rows)
        ]
        boundary = "----bench"
        csv = "\n".join([header, *rows]).encode()
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{token.group(1).decode() if token else ''}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="import.csv"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + csv
            + f"\r\n--{boundary}--\r\n".encode()
        )
        started = time.perf_counter()
        status, _b, response = session.request(
            "POST",
            "/register/angebote/import/",
            body,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": base + "/register/angebote/import/",
            },
        )
        import_result.update({"status": status, "request_seconds": round(time.perf_counter() - started, 2)})
        location = response.getheader("Location") or ""
        # Follow the import on its progress fragment (as the page's htmx does) until it is finished: its state and
        # rows written, and how long it took from the upload, when that was within the window and two minutes.
        while location and time.monotonic() < deadline + 120:
            _s, fragment, _r = session.request("GET", location, headers={"HX-Request": "true"})
            text = fragment.decode()
            state = re.search(r"<strong>([^<]+)</strong>", text)
            written = re.search(r"(\d+) von (\d+) Zeilen", text)
            import_result.update(
                {
                    "state": state.group(1) if state else None,
                    "written": int(written.group(1)) if written else 0,
                    "rows": int(written.group(2)) if written else None,
                }
            )
            if "hx-trigger" not in text:
                import_result["finished_after_s"] = round(time.perf_counter() - started, 1)
                break
            time.sleep(2)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(args.writers)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(args.readers)]
    following = threading.Thread(target=importer) if args.import_rows else None
    started = time.monotonic()
    if following:
        following.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - started
    if following:
        following.join()  # the import may still be running: followed up to two minutes more
    return {"writes": writes.summary(took), "reads": reads.summary(took), "import": import_result or None}


#: Words of the generated offers (bench/generate.py), common and rarer ones.
WORDS = ["Beratung", "Deutsch", "Kinder", "Frauen", "Kurs", "Sprachcafé", "Integrationskurs", "Elterncafé"]
TOPICS = [
    "",
    "sprache",
    "bildung",
    "arbeit",
    "gesundheit",
    "wohnen",
    "beratung",
]


def varied_searches() -> list[str]:
    """About 3,000 different API searches: a word × the 53 Kreise × no topic or one of six."""
    from generate import _KREIS_TABLE  # bench/generate.py: the Kreise of NRW

    kreise = sorted({line.split("|")[0] for line in _KREIS_TABLE.strip().splitlines()})
    return [
        f"/api/v1/offers?{urllib.parse.urlencode({'q': word, 'kreis': kreis, **({'topic': topic} if topic else {})})}"
        for word in WORDS
        for kreis in kreise
        for topic in TOPICS
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--mixed", action="store_true")
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--mixed-duration", type=float, default=60.0)
    parser.add_argument("--import-rows", type=int, default=0)
    parser.add_argument(
        "--import-organisation", default="", help="name or id; default: the organisation of a Köln offer (API)"
    )
    parser.add_argument("--email", default="kommune@demo.teilhabe.nrw")
    parser.add_argument("--password", default="")
    parser.add_argument("--endpoints", nargs="*", default=None, help="only these of phase 1 (by name)")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")

    probe = Session(base)
    _s, body, _r = probe.request("GET", "/api/v1/offers?q=Beratung")
    offers = [item["id"] for item in json.loads(body)["items"]]
    _s, body, _r = probe.request("GET", "/api/v1/offers?kreis=05315")
    koeln_items = json.loads(body)["items"]
    in_koeln = [item["id"] for item in koeln_items]
    # The import's rows need an organisation the Kommune keeps: one of Köln's, by id (names repeat in big data).
    args.import_organisation = args.import_organisation or koeln_items[0]["organisation"]["id"]
    finder = "/angebote/?q=Beratung&topic=sprache&language=ar&kreis=05315"
    result: dict[str, Any] = {"base_url": base, "clients": args.clients, "duration_s": args.duration, "endpoints": {}}
    for name, paths in (
        ("health", ["/health"]),
        ("api_offers_beratung", ["/api/v1/offers?q=Beratung"]),
        ("api_offers_varied", varied_searches()),
        ("finder_with_filters", [finder]),
        ("offer_page", [f"/angebote/{pk}/" for pk in offers]),
    ):
        if args.endpoints and name not in args.endpoints:
            continue
        result["endpoints"][name] = hammer(base, paths, args.clients, args.duration)
    health = result["endpoints"].get("health")
    for name in ("api_offers_beratung", "api_offers_varied"):
        if health and name in result["endpoints"]:
            ratio = result["endpoints"][name]["per_second"] / max(health["per_second"], 0.1)
            result[f"{name}_vs_health_throughput"] = round(ratio, 2)
    if args.mixed:
        read_paths = ["/api/v1/offers?q=Beratung", finder, *[f"/angebote/{pk}/" for pk in offers[:5]]]
        try:
            result["mixed"] = {
                "writers": args.writers,
                "readers": args.readers,
                "duration_s": args.mixed_duration,
                **mixed(base, args, read_paths, in_koeln),
            }
        except Exception as error:  # the first phase's figures still count
            result["mixed"] = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
