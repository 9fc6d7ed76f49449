from huey.contrib.djhuey import db_task

from vivier.talent.documents import read_text
from vivier.talent.imports.batch import run_batch
from vivier.talent.imports.csv_import import run_csv_batch


@db_task()
def run_import(batch_id: int) -> None:
    run_batch(batch_id)


@db_task()
def read_document_text(document_id: int) -> None:
    read_text(document_id)


@db_task()
def run_csv_import(batch_id: int) -> None:
    run_csv_batch(batch_id)
