"""Static files for production: hashed names and compressed copies (WhiteNoise), source maps left alone.

Why: vendored minified libraries end with a ``sourceMappingURL`` comment naming a ``.map`` file that
is not shipped; Django's manifest storage rewrites those comments and fails on the missing file,
which stopped ``collectstatic`` (and so every production start).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    def keep(p):
        return "sourceMappingURL" not in (p[0] if isinstance(p, tuple) else p)

    return tuple((glob, tuple(p for p in pats if keep(p))) for glob, pats in patterns)


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
