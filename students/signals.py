"""What happens to enrolments, told to the apps above (CONVENTIONS "Layers"): mentoring, discipline and
juries react in their own services. Sent after commit through ``core.services.event_emit``."""

from openclassrooms.core.events import DomainSignal

# The student is away from ``starts_on`` until the day before ``until`` (None: no return planned):
# a validated suspension (SUS-4), a stop given in advance (SUS-1), a Board suspension (DIS-7).
# Payload: enrolment_id, starts_on, until, rule, reason.
enrolment_paused = DomainSignal("students.enrolment_paused")

# The training ended on ``on`` (stopped SUS-1, excluded DIS-7, completed).
# Payload: enrolment_id, on, status, rule, reason.
enrolment_ended = DomainSignal("students.enrolment_ended")

# A path change took effect (CHG-1): what followed the old enrolment after ``at`` follows the new one.
# Payload: from_enrolment_id, to_enrolment_id, at.
enrolment_transferred = DomainSignal("students.enrolment_transferred")

# The student has another mentor from now on. Payload: enrolment_id, mentor_id, at.
enrolment_mentor_changed = DomainSignal("students.enrolment_mentor_changed")

# An audio-only accommodation was accepted (ACC-1). Payload: enrolment_id, at.
accommodation_accepted = DomainSignal("students.accommodation_accepted")
