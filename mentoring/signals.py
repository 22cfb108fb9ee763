"""What happens to mentoring sessions, told to the apps above (discipline reacts for ATT-6)."""

from openclassrooms.core.events import DomainSignal

# A session's outcome may have changed (logged, notice, exceptional circumstances, correction).
# Payload: enrolment_id, at, by_id (None for the system), correction (the reason of a correction, or "").
session_outcome_changed = DomainSignal("mentoring.session_outcome_changed")
