"""The demo chain itself: the owner, the chain, its two locations, and the administrator and
specialist who log in beside the owner."""

from __future__ import annotations

from salonbook.accounts.models import Membership, User
from salonbook.accounts.selectors import actor_for_user
from salonbook.chains.services import create_chain, create_location
from salonbook.demo.state import Demo
from salonbook.staff.members import add_member
from salonbook.tenancy.context import Actor
from salonbook.tenancy.models import Chain, Location

CHAIN_NAME = "Lumière Beauty"
PASSWORD = "salonbook-demo"  # noqa: S105 - the published demo login
OWNER_EMAIL = "demo@salonbook.local"
ADMIN_EMAIL = "admin@salonbook.local"
SPECIALIST_EMAIL = "specialist@salonbook.local"
LOGIN_HINT = f"Log in at http://127.0.0.1:8000/ as {OWNER_EMAIL} / {PASSWORD}"

LOCATIONS = [
    {
        "key": "ny",
        "name": "Manhattan",
        "time_zone": "America/New_York",
        "address": "245 W 19th St, New York, NY 10011",
        "phone": "+12126741980",
    },
    {
        "key": "az",
        "name": "Scottsdale",
        "time_zone": "America/Phoenix",
        "address": "4420 N Scottsdale Rd, Scottsdale, AZ 85251",
        "phone": "+14809462270",
    },
]


def open_chain() -> tuple[Chain, Actor, dict[str, Location]]:
    """The owner (reused when the login exists), the chain and its locations by key."""
    owner = User.objects.filter(email__iexact=OWNER_EMAIL).first()
    if owner is None:
        owner = User.objects.create_superuser(
            email=OWNER_EMAIL, password=PASSWORD, first_name="Claire", last_name="Dubois"
        )
    chain = create_chain(name=CHAIN_NAME, owner=owner, country="US", currency="USD")
    actor = actor_for_user(user=owner, chain_id=chain.pk)
    locations: dict[str, Location] = {}
    for spec in LOCATIONS:
        locations[spec["key"]] = create_location(
            actor=actor,
            name=spec["name"],
            time_zone=spec["time_zone"],
            address=spec["address"],
            phone=spec["phone"],
        )
    return chain, actor, locations


def add_members(demo: Demo, chain: Chain) -> None:
    """The administrator and the specialist (Sophie Laurent's login), with their names."""
    add_member(actor=demo.owner, email=ADMIN_EMAIL, role_key="administrator", password=PASSWORD)
    sophie = demo.member("Sophie Laurent")
    add_member(
        actor=demo.owner,
        email=SPECIALIST_EMAIL,
        role_key="specialist",
        password=PASSWORD,
        staff_member_id=sophie.pk,
    )
    users = {
        m.user.email: m.user
        for m in Membership.objects.filter(
            chain=chain, user__email__in=[ADMIN_EMAIL, SPECIALIST_EMAIL]
        ).select_related("user")
    }
    for email, (first, last) in {
        ADMIN_EMAIL: ("Rachel", "Kim"),
        SPECIALIST_EMAIL: ("Sophie", "Laurent"),
    }.items():
        user = users[email]
        if not user.first_name:
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
    demo.admin = actor_for_user(user=users[ADMIN_EMAIL], chain_id=chain.pk)
    demo.specialist = actor_for_user(user=users[SPECIALIST_EMAIL], chain_id=chain.pk)
    demo.specialist_staff_id = sophie.pk


def owner_of(chain: Chain) -> Actor:
    """The actor of the chain's first owner: who adds what an older demo chain lacks."""
    owner = (
        Membership.objects.filter(chain=chain, role__key="owner")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if owner is None:
        raise RuntimeError(f"the demo chain {chain.pk} has no owner")
    return actor_for_user(user=owner.user, chain_id=chain.pk)
