"""Every log line is printed once (issue 14, item 7)."""

import logging

import pytest
from django.conf import settings
from django.utils.log import configure_logging


def _printers(name: str) -> list[logging.Handler]:
    """The stream handlers a record of logger `name` reaches (the logger, then its parents)."""
    found, logger = [], logging.getLogger(name)
    while logger is not None:
        found += [handler for handler in logger.handlers
                  if isinstance(handler, logging.StreamHandler)
                  and not type(handler).__module__.startswith("_pytest")]  # pytest's capture
        if not logger.propagate:
            break
        logger = logger.parent
    return found


@pytest.fixture
def configured():
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # as django.setup() does
    yield
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@pytest.mark.parametrize("name", ["django", "django.request", "django.db.backends",
                                  "django.server", "reports.tasks", "submissions.workflow",
                                  "django_tasks"])
def test_each_line_is_printed_by_one_handler(configured, name):
    assert len(_printers(name)) == 1, name


def test_weasyprint_steps_are_not_printed(configured):
    assert not logging.getLogger("weasyprint.progress").isEnabledFor(logging.INFO)
    assert logging.getLogger("weasyprint.progress").isEnabledFor(logging.WARNING)
