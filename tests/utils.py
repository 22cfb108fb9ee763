"""Helpers shared by the tests."""

from django.test import TestCase


def committed():
    """Run what waits for the commit (domain events and their reactions, e-mail delivery) when the block
    ends, as a real commit would; the test's own transaction still wraps it all."""
    return TestCase.captureOnCommitCallbacks(execute=True)
