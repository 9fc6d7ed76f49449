from huey.contrib.djhuey import db_task

from vivier.talent.imports.batch import run_batch


@db_task()
def run_import(batch_id: int) -> None:
    run_batch(batch_id)
