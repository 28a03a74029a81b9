"""Small override of the settings for the test suite."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECURE_COOKIES", "0")

from placeboard.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT = None  # WhiteNoise serves from the finders in tests
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if "replica" in DATABASES:  # noqa: F405
    # The tests' replica is the test database seen through a second connection (docs/scaling.md).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # noqa: F405
