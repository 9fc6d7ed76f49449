from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from vivier.talent import search
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


@db_periodic_task(crontab(day_of_week="0", hour="3", minute="40"), retries=3, retry_delay=900)
@lock_task("talent-prune-lexemes")
def prune_lexemes() -> None:
    """Weekly: the words of the pool's index that no profile holds any more (search.py)."""
    search.prune_lexemes()
