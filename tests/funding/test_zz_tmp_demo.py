import io, os, pytest
from pathlib import Path
from teilhabe.funding import demo, giving, documents
from teilhabe.funding.models import Application
pytestmark = pytest.mark.django_db

def test_demo(make_user):
    users = {"kommune": make_user("kommune", ags="05315"), "bewilligung": make_user("bewilligung", ags="053"),
             "bewilligung2": make_user("bewilligung", ags="053")}
    from tests.registry.factories import OrganisationFactory
    org = OrganisationFactory(status="published")
    users["organisation"] = make_user("organisation", scope_object=org)
    demo.seed(stdout=io.StringIO(), users=users)
    apps = list(giving.decided_applications())
    print("DECIDED", len(apps), Application.objects.count(), sorted(set(Application.objects.values_list("status", flat=True))))
    data = giving.package(apps)
    print("ERRORS", giving.validate(data))
    Path("/tmp/pdfs/demo_notice.pdf").write_bytes(documents.notice_pdf(apps[0]))
