"""Giving people a role in the chain (staff.members.add_member), and its refusals."""

from __future__ import annotations

import pytest

from salonbook.accounts.models import Membership
from salonbook.errors import Invalid, NotAllowed, NotFound
from salonbook.staff.members import add_member
from tests.salon import make_salon

pytestmark = pytest.mark.django_db


def test_a_new_person_joins_as_a_staff_member_and_can_log_in(salon):
    member = salon.staff[1]

    membership = add_member(
        actor=salon.actor(),
        email="Ann@Example.com",
        role_key="specialist",
        password="a-long-password",
        staff_member_id=member.pk,
    )

    assert membership.role.key == "specialist"
    assert membership.staff_member_id == member.pk
    assert membership.user.check_password("a-long-password")


def test_adding_someone_again_changes_their_role_rather_than_a_second_membership(salon):
    add_member(actor=salon.actor(), email="ann@example.com", role_key="specialist")
    add_member(actor=salon.actor(), email="ANN@example.com", role_key="administrator")

    memberships = Membership.objects.filter(user__email__iexact="ann@example.com")
    assert [m.role.key for m in memberships] == ["administrator"]


def test_an_unknown_role_or_another_chains_staff_member_is_refused(salon):
    other = make_salon(name="Elsewhere")

    with pytest.raises(Invalid) as unknown:
        add_member(actor=salon.actor(), email="ann@example.com", role_key="janitor")
    with pytest.raises(NotFound):
        add_member(
            actor=salon.actor(),
            email="ann@example.com",
            role_key="specialist",
            staff_member_id=other.staff[0].pk,
        )

    assert "role" in unknown.value.errors
    assert not Membership.objects.filter(user__email="ann@example.com").exists()


def test_only_an_owner_makes_an_owner_and_a_specialist_adds_no_one(salon):
    with pytest.raises(Invalid) as not_owner:
        add_member(actor=salon.actor("administrator"), email="ann@example.com", role_key="owner")
    with pytest.raises(NotAllowed):
        add_member(actor=salon.actor("specialist"), email="ann@example.com", role_key="specialist")

    assert "role" in not_owner.value.errors
