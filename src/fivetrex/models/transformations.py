"""Transformation projects, transformations and Quickstart package metadata."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import FivetrexModel, Timestamp
from .connections import SetupTest

__all__ = [
    "PackageMetadata",
    "Transformation",
    "TransformationProject",
    "TransformationSchedule",
]


class TransformationProject(FivetrexModel):
    """A transformation project (a dbt Core project in a Git repository)."""

    id: str
    """The project id."""
    type: str | None = None
    """``DBT_CORE``."""
    status: str | None = None
    """``NOT_READY``, ``READY``, ``ERROR``..."""
    errors: list[str] = Field(default_factory=list)
    """Problems found by the last test."""
    group_id: str | None = None
    """The group whose destination it runs in."""
    created_at: Timestamp = None
    """When it was created."""
    created_by_id: str | None = None
    """The id of the user who created it."""
    setup_tests: list[SetupTest] = Field(default_factory=list)
    """Results of the last tests."""
    project_config: dict[str, Any] | None = None
    """The project configuration (repository, dbt version...), when returned."""


class TransformationSchedule(FivetrexModel):
    """When a transformation runs."""

    schedule_type: str | None = None
    """``INTEGRATED``, ``TIME_OF_DAY``, ``INTERVAL`` or ``CRON``."""
    cron: list[str] = Field(default_factory=list)
    """CRON expressions (``CRON``)."""
    interval: int | None = None
    """Minutes between runs (``INTERVAL``)."""
    days_of_week: list[str] = Field(default_factory=list)
    """``MONDAY``..``SUNDAY``; empty means every day."""
    time_of_day: str | None = None
    """``"HH:MM"`` in half-hour steps (``TIME_OF_DAY``)."""
    connection_ids: list[str] = Field(default_factory=list)
    """Connections whose syncs trigger it (integrated / smart syncing)."""
    transformation_ids: list[str] = Field(default_factory=list)
    """Transformations it runs after."""
    smart_syncing: bool | None = None
    """Whether smart syncing is enabled."""


class Transformation(FivetrexModel):
    """A transformation (dbt Core job or Quickstart data model)."""

    id: str
    """The transformation id."""
    type: str
    """``DBT_CORE`` or ``QUICKSTART``."""
    status: str
    """``NEW``, ``SCHEDULING``, ``RUNNING``, ``SUCCEEDED``, ``FAILED``, ``CANCELED``..."""
    paused: bool
    """Whether scheduled runs are paused."""
    schedule: TransformationSchedule | None = None
    """When it runs."""
    created_at: Timestamp = None
    """When it was created."""
    created_by_id: str
    """The id of the user who created it."""
    last_started_at: Timestamp = None
    """When the last run started."""
    last_ended_at: Timestamp = None
    """When the last run ended."""
    output_model_names: list[str] = Field(default_factory=list)
    """The models it builds."""
    transformation_config: dict[str, Any] | None = None
    """Type-specific configuration (project, steps, package...), when returned."""

    @property
    def is_running(self) -> bool:
        """Whether a run is in progress."""
        return self.status == "RUNNING"


class PackageMetadata(FivetrexModel):
    """A Quickstart transformation package."""

    id: str
    """The package definition id."""
    name: str
    """The package name."""
    version: str
    """The package version."""
    connector_types: list[str] = Field(default_factory=list)
    """The connector services it models."""
    output_model_names: list[str] = Field(default_factory=list)
    """The models it builds."""
    configurable_variables: dict[str, Any] = Field(default_factory=dict)
    """Variables that can be set on a transformation using it."""
