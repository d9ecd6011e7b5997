"""The request that a signed-in page receives, as the type checker should see it.

Why: django-stubs types ``request.user`` as ``AbstractBaseUser | AnonymousUser``. Behind
``login_required`` it is always Enlace's ``User``, whose roles and memberships the views read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from enlace.core.api_schemas import AuthedRequest

from .models import User

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # set by django-htmx's middleware on every request


class ApiRequest(AuthedRequest):
    """What an API operation receives: ``auth`` is the acting user (token or session)."""

    auth: User
