"""The JSON API root (/api/v1). Each app contributes a router in ``enlace/<app>/api.py``."""

from ninja import NinjaAPI

api = NinjaAPI(title="Enlace API", version="1", urls_namespace="api")
