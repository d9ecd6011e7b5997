"""The JSON API root (/api/v1). Each app contributes a router in ``enlace/<app>/api.py``.

Authentication applies to every operation (personal Bearer token, or the browser session
with CSRF and a passed second factor: ``auth.py``); errors are JSON (``errors.py``).
The interactive docs use the Swagger UI files bundled in django-ninja's static folder
(served by this server, no CDN) and a CSP-compatible page: no inline script, so the
site-wide policy applies unchanged.
"""

from ninja import NinjaAPI, Swagger

from enlace.accounts.api import router as accounts_router
from enlace.capacity.api import router as capacity_router
from enlace.cases.api import router as cases_router
from enlace.cooperation.api import router as cooperation_router
from enlace.links.api import router as links_router
from enlace.monitoring.api import router as monitoring_router
from enlace.persons.api import router as persons_router
from enlace.prosecution.api import router as prosecution_router
from enlace.referrals.api import router as referrals_router
from enlace.screening.api import router as screening_router
from enlace.techniques.api import router as techniques_router

from .auth import API_AUTH, docs_access
from .errors import install_error_handlers

DESCRIPTION = """Enlace case-work API. Authenticate with `Authorization: Bearer enl_...`
(a personal token) or the browser session. Errors are `{"message": ..., "errors": {field: [...]}}`.
See docs/api.md."""

api = NinjaAPI(
    title="Enlace API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs=Swagger(settings={
        "validatorUrl": None,  # the default would fetch a badge from validator.swagger.io
        "persistAuthorization": False,  # never keep a token in the browser's storage
        "tryItOutEnabled": False,
    }),
    docs_decorator=docs_access,
)
install_error_handlers(api)

api.add_router("/", accounts_router)
api.add_router("/cases", cases_router)
api.add_router("/persons", persons_router)
api.add_router("/screening", screening_router)
api.add_router("/referrals", referrals_router)
api.add_router("/links", links_router)
api.add_router("/capacity", capacity_router)
api.add_router("/prosecution", prosecution_router)
api.add_router("/cooperation", cooperation_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/techniques", techniques_router)
