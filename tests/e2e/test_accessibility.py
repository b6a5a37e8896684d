"""Every page of every role in a real browser, checked by axe-core (WCAG 2.1 A/AA): no serious or critical
violation and no console error. A representative page per URL pattern keeps the crawl short.

axe-core comes from the npm lock file (scripts/build-assets.mjs copies it to static/vendor/axe); it is injected
into a context with bypass_csp=True, never by loosening the app's policy.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from teilhabe.core.demo import DEMO_DOMAIN

pytestmark = [pytest.mark.e2e]

AXE = Path(__file__).resolve().parents[2] / "teilhabe" / "static" / "vendor" / "axe" / "axe.min.js"
ROLES = ["public", "kommune", "organisation", "bewilligung", "land", "behoerde"]
#: Pages per role at most (one per URL pattern): enough to reach every screen of a role, short enough to run.
MAX_PAGES = 45
#: Not pages: files, the API, logout, admin (Django's own), language switch, the search's HTMX fragments.
SKIP = re.compile(
    r"^/(admin|api|static|media|opendata|i18n)/|/konto/abmelden/|\.(pdf|csv|xlsx|json|ics|zip|ico|svg|png)$"
)
#: Links that end in a refusal today, left to the helpers who change those apps (issue 10, "no dead ends"):
#: the programme page offers "Antrag stellen" to an organisation that may not apply.
KNOWN_DEAD_ENDS = re.compile(r"^$")  # none left: "Antrag stellen" shows only where the form can be filled
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _login(page: Any, base: str, role: str) -> None:
    email = f"{role}@{DEMO_DOMAIN}"
    page.goto(f"{base}/konto/anmelden/")
    page.fill("#id_username", email)
    page.fill("#id_password", "teilhabe-demo")
    with page.expect_navigation():
        page.locator("main button[type=submit]").click()
    if "/konto/zweiter-faktor/" in page.url:
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        page.fill("#id_token", f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}")
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()
    assert "/konto/" not in page.url, f"{role}: login did not finish ({page.url})"


def _pattern(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _check(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})); }",
        TAGS,
    )
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def _crawl(browser: Any, base: str, role: str) -> tuple[dict[str, list[str]], int]:
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems: dict[str, list[str]] = {}
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: console.append(str(error)))
    try:
        if role != "public":
            _login(page, base, role)
        queue, seen, visited = ["/"], set(), 0
        while queue and visited < MAX_PAGES:
            path = queue.pop(0)
            pattern = _pattern(path)
            if pattern is None or pattern in seen:
                continue
            seen.add(pattern)
            console.clear()
            response = page.goto(base + path)
            visited += 1
            status = response.status if response is not None else 0
            if status == 403 and KNOWN_DEAD_ENDS.match(path):
                continue
            found = _check(page) if status < 400 else [f"status {status}: a link leads to a refusal"]
            found += [f"console: {text}" for text in console]
            if found:
                problems[path] = found
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                parts = urlsplit(href)
                if parts.netloc != urlsplit(base).netloc or SKIP.search(parts.path):
                    continue
                target = parts.path + (f"?{parts.query}" if parts.query else "")
                if _pattern(parts.path) not in seen:
                    queue.append(target)
    finally:
        context.close()
    return problems, visited


def test_every_page_of_every_role_passes_axe(browser: Any, live_server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The demo data of every app, without the registry's thousands of generated offers (same pages, less time).
    monkeypatch.setattr("teilhabe.registry.demo.generator.generate", lambda **_: {"organisations": 0, "offers": 0})
    started = time.monotonic()
    call_command("seed_demo", stdout=io.StringIO())
    print(f"seeded in {time.monotonic() - started:.0f} s")
    failures: list[str] = []
    counts: dict[str, int] = {}
    for role in ROLES:
        problems, counts[role] = _crawl(browser, live_server.url, role)
        failures += [f"[{role}] {path}: {p}" for path, found in problems.items() for p in found]
        print(f"{role}: {counts[role]} pages, {len(problems)} with problems, at {time.monotonic() - started:.0f} s")
    print(f"axe crawl: {counts} pages in {time.monotonic() - started:.0f} s")
    assert all(count >= 3 for count in counts.values()), counts
    assert not failures, "\n".join(failures)
