"""The demo data: realistic magnitudes, idempotent, and every published campaign passes disclosure control when
audited again from the raw answers."""

from __future__ import annotations

import io

import pytest

from teilhabe.core.roles import Role
from teilhabe.workforce import demo, disclosure, selectors, tables
from teilhabe.workforce.models import Authority, Campaign, CodeBatch, Publication, Response
from tests.factories import UserFactory
from tests.workforce.factories import make_land

pytestmark = pytest.mark.django_db


def reaudit(publication: Publication) -> list[disclosure.AuditResult]:
    """Rebuild the linked tables from the answers, apply the stored suppression and solve every LP again."""
    campaign = publication.campaign
    tableset, unit_authority = selectors.aggregate(campaign=campaign)
    keys: list[object] = []
    tables.published(
        tableset,
        labels=selectors._labels(unit_authority),
        unit_authority=unit_authority,
        category_titles=selectors.CATEGORY_TITLES,
        dimension_titles=selectors.DIMENSION_TITLES,
        keys=keys,
    )
    stored = [cell for table in publication.tables if table["category"] != "hiring" for cell in table["cells"]]
    assert len(stored) == len(keys)
    for key, cell in zip(keys, stored, strict=True):
        if cell["suppressed"]:
            tableset.suppressed[key] = disclosure.SECONDARY
        else:
            assert cell["count"] == tableset.values[key], f"published {key} differs from the answers"
    threshold = publication.audit["threshold"]
    published = disclosure.published_values(tableset)
    for key, value in published.items():
        assert value is None or value == 0 or value >= threshold, f"{key} = {value} published"
    for relation in tableset.relations:
        hidden = [m for m in (relation.total, *relation.parts) if tableset.is_suppressed(m)]
        assert len(hidden) != 1, relation
        if relation.row and published[relation.total] is not None:
            for part in relation.parts:
                v = published[part]
                assert v is None or v == 0 or published[relation.total] - v >= threshold
    hiring = next((t for t in publication.tables if t["id"] == "hiring_by_authority"), None)
    for cell in hiring["cells"] if hiring else []:
        assert cell["count"] is None or cell["count"] == 0 or cell["count"] >= threshold
    return disclosure.audit(tableset, publication.audit["protection"])


def test_demo_campaigns_are_realistic_idempotent_and_protected() -> None:
    land = make_land()
    officer = UserFactory()
    users = {Role.LAND.value: land, Role.BEHOERDE.value: officer}
    demo.seed(stdout=io.StringIO(), users=users)
    counts = (Campaign.objects.count(), Response.objects.count(), CodeBatch.objects.count())
    demo.seed(stdout=io.StringIO(), users=users)
    assert (Campaign.objects.count(), Response.objects.count(), CodeBatch.objects.count()) == counts

    summaries = {p.campaign.year: p.summary for p in Publication.objects.select_related("campaign")}
    assert set(summaries) == {2012, 2015}
    assert summaries[2012]["response_rate"] > 67
    assert 11.0 <= summaries[2012]["shares"]["mh_mikrozensus"]["percent"] <= 13.5  # 2011/12: 12.1 %
    assert 12.0 <= summaries[2015]["shares"]["mh_mikrozensus"]["percent"] <= 14.8  # 2015: 13.4 %
    assert Campaign.objects.get(year=2023).status == Campaign.Status.CLOSED
    it_nrw = Authority.objects.get(short_name="IT.NRW")
    assert officer.has_perm("workforce.keep_authority", it_nrw)
    current = selectors.current_campaign()
    assert current is not None and current.status == Campaign.Status.OPEN
    (today,) = selectors.today_for(user=officer)
    assert today["authority"] == it_nrw and any("Teilnahmecodes" in s for s in today["steps"])

    for publication in Publication.objects.all():
        results = reaudit(publication)
        assert results and all(r.ok for r in results)
        assert len(results) <= publication.audit["cells_checked"]  # the hiring table is audited on its own
    # small cells (a handful without an answer in a unit) are withheld
    small = next(t for t in Publication.objects.get(campaign__year=2012).tables if t["id"] == "eg_tintg_by_unit")
    assert any(c["suppressed"] for c in small["cells"])
