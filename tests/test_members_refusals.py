"""Every rule of members and streams that says no raises a `Refused`, which pages show on the
form and the API answers as a 400."""

import pytest

from members.enums import Role
from members.services.affiliation import AffiliationError
from members.services.api_tokens import ApiTokenError
from members.services.charter import SignatureError
from members.services.lived_experience import LivedExperienceError
from members.services.partnerships import ForumError
from members.services.people import MembershipError, add_membership
from sanctuary.refusals import Refused
from streams.services import StreamMembershipError


@pytest.mark.parametrize(
    "error_class",
    [
        AffiliationError,
        ApiTokenError,
        SignatureError,
        LivedExperienceError,
        ForumError,
        MembershipError,
        StreamMembershipError,
    ],
)
def test_every_service_error_is_a_refusal(error_class):
    assert issubclass(error_class, Refused)


def test_a_second_role_is_refused_about_the_role_field(world):
    with pytest.raises(MembershipError, match="already has that role here") as refusal:
        add_membership(world.network_a, world.member_a, Role.MEMBER, actor=None)
    assert refusal.value.field == "role"
