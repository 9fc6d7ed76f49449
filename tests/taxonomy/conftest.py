import pytest

from vivier.taxonomy.matching import forget_indexes


@pytest.fixture(autouse=True)
def fresh_indexes():
    """Each test's rows are rolled back, and its on-commit callbacks never run: the matcher's
    in-memory indexes must not outlive the test that built them."""
    forget_indexes()
    yield
    forget_indexes()
