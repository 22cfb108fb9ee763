"""Role predicates (django-rules) shared by every app's permissions."""

import rules

from .roles import Role


@rules.predicate
def is_student(user) -> bool:
    return user.is_authenticated and user.has_role(Role.STUDENT)


@rules.predicate
def is_mentor(user) -> bool:
    return user.is_authenticated and user.has_role(Role.MENTOR)


@rules.predicate
def is_student_success(user) -> bool:
    return user.is_authenticated and user.has_role(Role.STUDENT_SUCCESS)


@rules.predicate
def is_learning_manager(user) -> bool:
    return user.is_authenticated and user.has_role(Role.LEARNING_MANAGER)


@rules.predicate
def is_head_of_learning(user) -> bool:
    return user.is_authenticated and user.has_role(Role.HEAD_OF_LEARNING)


@rules.predicate
def is_jury_member(user) -> bool:
    return user.is_authenticated and user.has_role(Role.JURY_MEMBER)


@rules.predicate
def is_impact_committee(user) -> bool:
    return user.is_authenticated and user.has_role(Role.IMPACT_COMMITTEE)


@rules.predicate
def is_board_member(user) -> bool:
    return user.is_authenticated and user.has_role(Role.BOARD_MEMBER)


is_disciplinary_board = is_head_of_learning | is_learning_manager

# One permission per dashboard: the home page and the views both ask these.
rules.add_perm("students.view_student_dashboard", is_student)
rules.add_perm("mentoring.view_mentor_dashboard", is_mentor)
rules.add_perm("students.view_success_dashboard", is_student_success)
rules.add_perm("discipline.view_board_dashboard", is_disciplinary_board)
rules.add_perm("juries.view_jury_dashboard", is_jury_member)
rules.add_perm("impact.view_committee_dashboard", is_impact_committee)
rules.add_perm("impact.view_company_board_dashboard", is_board_member)
