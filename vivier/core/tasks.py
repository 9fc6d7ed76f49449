from huey import crontab
from huey.contrib.djhuey import periodic_task

from vivier.core.pending_uploads import remove_expired


@periodic_task(crontab(minute="17"))
def remove_expired_pending_uploads():
    return remove_expired()
