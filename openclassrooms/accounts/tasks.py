from celery import shared_task

from . import services


@shared_task
def send_invitation(user_id: int) -> None:
    services.user_invite(user_id=user_id)


@shared_task
def send_pending_invitations() -> None:
    services.users_invite_pending()
