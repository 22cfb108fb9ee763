"""The one error every service raises when the policy or the input forbids a step."""


class PolicyError(Exception):
    """A step the policy or the input forbids. The message is in plain words, cites the rule where there is
    one, and is shown to the person as it is (pages, admin actions, forms). Nothing was changed."""
