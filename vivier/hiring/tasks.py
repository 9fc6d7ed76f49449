from huey.contrib.djhuey import db_task

from vivier.hiring.models import Message
from vivier.hiring.services import deliver_message


@db_task(retries=5, retry_delay=60)
def send_message(message_id: int) -> None:
    message = Message.objects.select_related("application__candidate").filter(pk=message_id).first()
    if message is not None:
        deliver_message(message)
