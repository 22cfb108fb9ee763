"""The roles of the school, as groups. A user may hold several.

Each role names the model permissions its group holds (permissions as data, django-oscar style);
object-level checks live in each app's ``rules``/``permissions`` modules.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    STUDENT = "student", _("Student")
    MENTOR = "mentor", _("Mentor")
    STUDENT_SUCCESS = "student_success", _("Student Success")
    LEARNING_MANAGER = "learning_manager", _("Learning Manager")
    HEAD_OF_LEARNING = "head_of_learning", _("Head of Learning")
    JURY_MEMBER = "jury_member", _("Jury member")
    IMPACT_COMMITTEE = "impact_committee", _("Impact Committee member")
    BOARD_MEMBER = "board_member", _("Company Board member")


# Group name -> (staff access to the admin, model permissions "app.codename").
_STUDENT_RECORD_MODELS = {
    "students": [
        "enrolment",
        "enrolmentfunding",
        "fundingbody",
        "accommodation",
        "placement",
        "suspensionrequest",
        "terminationrequest",
        "pathchangerequest",
        "document",
        "enrolmentpause",
        "profilecorrection",
    ],
    "mentoring": [
        "mentoringsession",
        "absencenotice",
        "absencefollowup",
        "exceptionalauthorisation",
        "monitoringreport",
        "mentoravailability",
        "mentorabsence",
        "weeklyslot",
        "toolevent",
    ],
    "projects": [
        "path",
        "project",
        "pathproject",
        "skill",
        "submission",
        "deliverable",
        "presentation",
        "skillassessment",
    ],
    "juries": [
        "jury",
        "jurymember",
        "jurysession",
        "panel",
        "candidacy",
        "verdict",
        "remedialproject",
        "declaredconflict",
        "candidaterecordopening",
        "remedialdeliverable",
        "portfoliofile",
        "diploma",
        "sittingminutes",
    ],
    "discipline": [
        "case",
        "caseground",
        "caseevidence",
        "studentanswer",
        "boardseat",
        "hearing",
        "notice",
        "decision",
        "letter",
        "decisioncopy",
        "caseevent",
    ],
}


def _perms(app_models: dict[str, list[str]], actions: tuple[str, ...]) -> list[str]:
    return [
        f"{app}.{action}_{model}"
        for app, models_ in app_models.items()
        for model in models_
        for action in actions
    ]


ROLE_PERMISSIONS: dict[str, tuple[bool, list[str]]] = {
    Role.STUDENT: (False, []),
    Role.MENTOR: (False, []),
    Role.STUDENT_SUCCESS: (
        True,
        _perms(_STUDENT_RECORD_MODELS, ("view", "add", "change"))
        + [
            "accounts.view_user",
            "accounts.add_user",
            "accounts.change_user",
            "core.view_accesslog",
            "core.view_dataexport",
            "core.view_retentiontrace",
        ],
    ),
    Role.LEARNING_MANAGER: (True, _perms({"discipline": _STUDENT_RECORD_MODELS["discipline"]}, ("view",))),
    Role.HEAD_OF_LEARNING: (True, _perms({"discipline": _STUDENT_RECORD_MODELS["discipline"]}, ("view",))),
    Role.JURY_MEMBER: (False, []),
    Role.IMPACT_COMMITTEE: (
        True,
        _perms(
            {"impact": ["criterion", "measurement", "boardrequest", "annualreport", "committeemember"]},
            ("view", "add", "change"),
        ),
    ),
    Role.BOARD_MEMBER: (False, []),
}
