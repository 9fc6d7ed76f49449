from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from vivier.accounts import sign_in_links


@db_task(retries=3, retry_delay=30)
def send_sign_in_link(email: str, language: str) -> None:
    sign_in_links.send_link(email=email, language=language)


@db_periodic_task(crontab(minute="17"))
def purge_old_sign_in_links() -> int:
    return sign_in_links.purge_old_links()


@db_periodic_task(crontab(hour="3", minute="41"))
def purge_idle_candidate_accounts() -> int:
    from vivier.accounts.candidates import purge_idle_candidate_accounts as purge

    return purge()
