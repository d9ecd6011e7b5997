"""Places. Countries and first-level divisions come from pycountry (ISO 3166-1/-2);
municipalities are loadable data (``enlace/geo/data/municipalities_*.csv``)."""

from django.db import models


class Municipality(models.Model):
    code = models.CharField(max_length=16, unique=True)
    name = models.CharField(max_length=120)
    country = models.CharField(max_length=2, db_index=True)
    subdivision = models.CharField(max_length=8, db_index=True)  # ISO 3166-2, e.g. BO-L

    class Meta:
        ordering = ["country", "subdivision", "name"]

    def __str__(self) -> str:
        return self.name
