"""factory_boy factories. Tenant-owned rows are created with scoping lifted: it is test setup."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django_scopes import scopes_disabled

from members.enums import OrganisationKind, Role
from members.models import Membership, Organisation, OrganisationContact, User
from sanctuary.enums import AreaType, Nation, NetworkKind
from sanctuary.models import Network
from streams.enums import StreamMembershipStatus
from streams.models import StreamMembership

TEST_PASSWORD = "a-test-password-1"


class ScopedModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    preferred_language = "en"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or TEST_PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def give_mfa(user: User) -> User:
    """An authenticator row, as allauth writes it once someone has set up TOTP."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    return user


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    name = factory.Sequence(lambda n: f"Town {n} of Sanctuary")
    slug = factory.Sequence(lambda n: f"town-{n}")
    kind = NetworkKind.LOCAL_GROUP
    area_type = AreaType.TOWN
    nation = Nation.ENGLAND


class StreamFactory(NetworkFactory):
    name = factory.Sequence(lambda n: f"Stream {n} of Sanctuary")
    slug = factory.Sequence(lambda n: f"stream-{n}")
    kind = NetworkKind.STREAM
    area_type = ""
    nation = ""


class MembershipFactory(ScopedModelFactory):
    class Meta:
        model = Membership

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.SCHOOL
    town = "Testham"
    nation = Nation.ENGLAND


class OrganisationContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationContact

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)
    role_title = "Head teacher"


class StreamMembershipFactory(ScopedModelFactory):
    class Meta:
        model = StreamMembership

    network = factory.SubFactory(StreamFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = StreamMembershipStatus.ACTIVE
    organisation_name = factory.SelfAttribute("organisation.name")
