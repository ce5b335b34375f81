"""The benchmark generator: what it writes obeys every rule the services keep (PostgreSQL only)."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from edesk.accounts.models import Membership, User
from edesk.accounts.roles import Role
from edesk.demo import bulk
from edesk.documents.models import Attachment, Document, Register
from edesk.documents.services import dup_key, search_text_of
from edesk.inbound.access import incoming_visible_to
from edesk.inbound.models import Assignment, AssignmentRole, AssignmentState, Incoming, State
from edesk.inbound.services.workflow import NO_DEADLINE
from edesk.orgs import services as orgs
from edesk.orgs.models import Organization
from edesk.search import query as search_query
from tests.demo.test_seed import demo_environment

pytestmark = pytest.mark.django_db
DOCUMENTS, AGENCIES, USERS = 2000, 20, 600


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the bulk generator writes with PostgreSQL COPY")


@pytest.fixture(scope="module")
def province(django_db_setup, django_db_blocker, tmp_path_factory):
    """2,000 documents in 20 agencies, generated once for the module and rolled back afterwards."""
    with django_db_blocker.unblock():
        if connection.vendor != "postgresql":
            yield None
            return
        with demo_environment(tmp_path_factory), transaction.atomic():
            yield bulk.generate(bulk.Options(documents=DOCUMENTS, agencies=AGENCIES, users=USERS, batch=500))
            transaction.set_rollback(True)


def test_counts_are_what_was_asked(postgres, province):
    assert province.documents == Incoming.objects.count() == DOCUMENTS
    assert Organization.objects.filter(is_agency=True).count() == AGENCIES
    assert User.objects.count() == USERS
    assert province.assignments == Assignment.objects.count() > DOCUMENTS


def test_every_entry_has_its_number_in_its_register(postgres, province):
    assert not Incoming.objects.filter(arrival_number__gt=F("register__last_number")).exists()
    assert not Incoming.objects.exclude(register__agency=F("agency")).exists()
    assert not Incoming.objects.filter(register__kind="incoming", secrecy__gt=0).exists()
    for register in Register.objects.annotate(n=Count("entries"), top=Max("entries__arrival_number")):
        assert register.n == register.top == register.last_number, register
        years = {timezone.localdate(a).year for a in register.entries.values_list("arrival_at", flat=True)}
        assert years == {register.year}
    first = Incoming.objects.filter(register__last_number__gt=5).order_by("register", "arrival_number")[:6]
    arrivals = [i.arrival_at for i in first if i.register_id == first[0].register_id]
    assert arrivals == sorted(arrivals)


def test_assignments_copy_what_the_services_copy(postgres, province):
    assert not Assignment.objects.exclude(agency=F("incoming__agency")).exists()
    assert not Assignment.objects.exclude(urgency=F("incoming__urgency")).exists()
    assert not Assignment.objects.exclude(secrecy=F("incoming__secrecy")).exists()
    assert not Assignment.objects.filter(due_date__isnull=False).exclude(sort_due=F("due_date")).exists()
    assert not Assignment.objects.filter(due_date__isnull=True).exclude(sort_due=NO_DEADLINE).exists()
    assert not Assignment.objects.filter(target_user__isnull=True, target_org__isnull=True).exists()
    for part in Assignment.objects.select_related("incoming").filter(target_user__isnull=False)[:300]:
        assert Membership.objects.filter(user=part.target_user_id, agency=part.agency_id).exists()
    for child in Assignment.objects.filter(parent__isnull=False)[:200]:
        assert Membership.objects.filter(user=child.target_user_id, org=child.target_org_id).exists()
        assert child.role == child.parent.role == AssignmentRole.LEAD
    # A completed document has no open part left but for-information ones nobody opened.
    done = Assignment.objects.filter(incoming__state=State.COMPLETED).exclude(role=AssignmentRole.INFO)
    assert not done.exclude(state=AssignmentState.COMPLETED).exists()


def test_people_in_the_workflow_hold_the_right_posts(postgres, province):
    presented = Incoming.objects.filter(presented_to__isnull=False)
    assert presented.exists()
    for doc in presented[:200]:
        assert Membership.objects.filter(
            user=doc.presented_to_id, agency=doc.agency_id, role=Role.LEADER
        ).exists()
        assert Membership.objects.filter(
            user=doc.created_by_id, agency=doc.agency_id, role=Role.CLERK
        ).exists()
    assert not Incoming.objects.filter(state=State.REGISTERED, presented_to__isnull=False).exists()
    assert not Incoming.objects.filter(state=State.COMPLETED, completed_at__isnull=True).exists()


def test_state_mix_is_a_working_office(postgres, province):
    states = dict(Incoming.objects.values_list("state").annotate(n=Count("pk")))
    assert states[State.COMPLETED] > DOCUMENTS * 0.8
    assert states[State.IN_PROGRESS] > 0
    overdue = Incoming.objects.exclude(state=State.COMPLETED).filter(due_date__lt=timezone.localdate())
    assert 0 < overdue.count() < DOCUMENTS * 0.1
    span = Incoming.objects.aggregate(first=Min("arrival_at"), last=Max("arrival_at"))
    assert span["last"] <= timezone.now()
    assert span["first"] < timezone.now() - timedelta(days=4 * 365)


def test_derived_columns_match_the_services(postgres, province):
    for doc in Document.objects.order_by("?")[:100]:
        texts = [t for t in doc.attachments.values_list("text", flat=True) if t]
        assert doc.search_text == search_text_of(doc, texts)
        assert doc.dup_key == dup_key(doc.code_number, doc.code_notation, doc.issuer_code or doc.issuer_name)
        assert doc.public_id.version == 4
        assert doc.created_at.tzinfo is not None
    assert Document.objects.values("public_id").distinct().count() == DOCUMENTS
    assert not Attachment.objects.filter(document__secrecy__gt=0).exists()
    assert Attachment.objects.exclude(text="").exists()


def test_rows_pass_model_validation(postgres, province):
    for model, limit in ((Organization, 500), (User, 100), (Incoming, 100), (Assignment, 100)):
        for row in model.objects.all()[:limit]:
            row.full_clean(validate_unique=False)


def test_nobody_sees_another_agencys_documents(postgres, province):
    for clerk in User.objects.filter(memberships__role=Role.CLERK).distinct()[:5]:
        agency = Membership.objects.get(user=clerk, role=Role.CLERK).agency_id
        visible = incoming_visible_to(clerk)
        assert visible.exists()
        assert not visible.exclude(agency_id=agency).exists()
    specialist = (
        User.objects.filter(assignments__isnull=False, memberships__role=Role.SPECIALIST)
        .exclude(memberships__role__in=(Role.LEADER, Role.UNIT_HEAD, Role.CLERK))
        .first()
    )
    mine = Incoming.objects.filter(Q(assignments__target_user=specialist)).distinct()
    assert set(incoming_visible_to(specialist).values_list("pk", flat=True)) == set(
        mine.values_list("pk", flat=True)
    )


def test_search_and_new_rows_work_after_the_load(postgres, province):
    clerk = User.objects.filter(memberships__role=Role.CLERK).first()
    subject = incoming_visible_to(clerk).values_list("subject", flat=True).first()
    word = max((w for w in subject.split() if w.isalpha()), key=len)
    assert search_query.matching(incoming_visible_to(clerk), word).exists()
    # Sequences were moved past the loaded ids, so the services can add rows.
    last = Organization.objects.aggregate(m=Max("pk"))["m"]
    org = orgs.org_create(
        actor=None, name="Phòng Thử nghiệm", short_name="TN", parent=Organization.objects.first()
    )
    assert org.pk == last + 1


def test_register_list_and_search_show_what_the_gatekeeper_allows(postgres, province):
    """Five years of books per agency: the list reads them year by year and must still match."""
    from tests.demo.test_seed import assert_lists_match_the_gatekeeper

    people = [
        Membership.objects.filter(role=role).order_by("id").values_list("user", flat=True).first()
        for role in (Role.CLERK, Role.LEADER, Role.UNIT_HEAD, Role.SPECIALIST)
    ]
    for user in User.objects.filter(pk__in=people):
        assert_lists_match_the_gatekeeper(user, "kế hoạch")
