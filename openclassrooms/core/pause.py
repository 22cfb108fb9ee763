"""Leaving a service that failed alone for a while (issue 17): the broker (core.queue) and the sessions' Redis
(core.cache). After one failure this process does not ask again for ``seconds``, so that a service that is
down or hung costs one request its timeout, not every request. Per process; no lock is needed (a race only
asks once more)."""

import time


class Pause:
    def __init__(self, seconds: float):
        self.seconds = seconds
        self.resume_at = 0.0

    def active(self) -> bool:
        return time.monotonic() < self.resume_at

    def start(self) -> None:
        self.resume_at = time.monotonic() + self.seconds

    def reset(self) -> None:
        self.resume_at = 0.0
