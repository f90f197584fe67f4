"""Collection rules for the whole project (its tests and the packages' doctests)."""


def pytest_ignore_collect(collection_path, config):
    # --doctest-modules would collect each conftest.py as a module of doctests and import it a
    # second time under the name "conftest", which fails when two test folders are named
    # together (`pytest tests/etl tests/app`); conftests still load as plugins
    return True if collection_path.name == "conftest.py" else None
