"""factory_boy factories shared by every test."""

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from coordination.accounts.models import Membership, Role, User
from coordination.organisations.models import Organisation, OrganisationKind
from coordination.places.models import Area, AreaKind

DEMO_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name", locale="en_GB")
    # An established account: a new one's posting is limited (boards.services.check_posting_rate).
    date_joined = factory.LazyFunction(lambda: timezone.now() - timedelta(days=365))
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Give the person a verified primary email, as allauth sign-in requires."""
        if not create:
            return
        self.save()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=self,
            email=self.email,
            defaults={"verified": extracted is not False, "primary": True},
        )

    @factory.post_generation
    def accepted_terms(self, create, extracted, **kwargs):
        """Every signed-in person must have accepted the current terms (a person who has not is
        sent to accept them first): so has this one, unless made with ``accepted_terms=False``."""
        if create and extracted is not False:
            from coordination.statements.services import accept_default_terms

            accept_default_terms(user=self)


def api_token(user):
    """A new personal API token of ``user``, for ``Authorization: Token <it>``."""
    from coordination.accounts.tokens import api_token_issue

    return api_token_issue(user=user)[1]


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = AreaKind.WARD


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.REGISTERED_CHARITY

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create and extracted:
            self.places.add(*extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CHARITY_LEADER
