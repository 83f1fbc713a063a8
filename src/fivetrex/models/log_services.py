"""Log services (external logging: Datadog, CloudWatch, Splunk...)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel
from .connections import Alert, SetupTest

__all__ = ["LogService", "LogServiceStatus", "LogServiceTestResult"]


class LogServiceStatus(FivetrexModel):
    """The ``status`` object of a log service."""

    setup_state: str | None = None
    """``connected``, ``incomplete`` or ``broken``."""
    tasks: list[Alert] = Field(default_factory=list)
    """Tasks the user must act on."""
    warnings: list[Alert] = Field(default_factory=list)
    """Warnings."""


class LogService(FivetrexModel):
    """A log service: where Fivetran sends the logs of a group or of the account."""

    id: str
    """The log service id (a group's id for group log services)."""
    service: str
    """``datadog_log``, ``cloudwatch``, ``splunkLog``, ``stackdriver``..."""
    enabled: bool
    """Whether logs are sent."""
    status: LogServiceStatus = Field(default_factory=LogServiceStatus)
    """The status object."""
    setup_tests: list[SetupTest] = Field(default_factory=list)
    """Results of the last setup tests."""
    config: dict[str, Any] = Field(default_factory=dict)
    """Service-specific configuration, when returned."""


class LogServiceTestResult(FivetrexModel):
    """The result of running a log service's setup tests."""

    setup_tests: list[SetupTest] = Field(default_factory=list)
    """One result per test."""

    @property
    def passed(self) -> bool:
        """Whether no test failed."""
        return all(t.status not in ("FAILED", "JOB_FAILED") for t in self.setup_tests)
