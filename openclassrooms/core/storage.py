"""The private storage of uploaded proofs, deliverables and letters, resolved when first used.

A ``FileField`` calls its storage callable once, when the model class is built; handing it this lazy
proxy of ``storages["private"]`` lets the storage follow ``settings.STORAGES`` (a deployer's S3 bucket, a
test's temporary folder) instead of freezing the one configured at import time.
"""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def _storages_changed(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty


setting_changed.connect(_storages_changed)
