import factory

from enlace.accounts.models import Institution, Membership, Team, TeamMember, Unit, User


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    code = factory.Sequence(lambda n: f"inst-{n}")
    name = factory.Sequence(lambda n: f"Institution {n}")
    kind = "police"
    country = "BO"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    institution = factory.SubFactory(InstitutionFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    subdivision = "BO-L"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-Long-enough-123")

    @factory.post_generation
    def saved(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


def make_user(role: str, *, institution=None, unit=None, username=None, team=None) -> User:
    """A user with one membership (and optionally on a team)."""
    institution = institution or (unit.institution if unit else InstitutionFactory())
    user = UserFactory.create(**({"username": username} if username else {}))
    Membership.objects.create(user=user, institution=institution, unit=unit, role=role)
    if team is not None:
        TeamMember.objects.create(team=team, user=user)
    return User.objects.get(pk=user.pk)  # fresh: cached role properties


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    code = factory.Sequence(lambda n: f"eme-{n}")
    name = factory.Sequence(lambda n: f"EME {n}")
    country = "BO"
    subdivision = "BO-L"
