"""``client.log_services``: external logging of a group or of the whole account."""

from __future__ import annotations

from typing import Any, Final

from .._operation import Resource, endpoint, stream_of
from ..models import LogService, LogServiceTestResult, Page

__all__ = ["LogServices"]


class LogServices(Resource):
    """Log services (``/external-logging``): ``client.log_services``.

    Group log services are addressed by id (``get``, ``update``...); the one account
    log service by the ``*_account`` methods.
    """

    @endpoint("GET", "/external-logging", operation_id="list_log_services")
    def list(self, *, limit: int | None = None, cursor: str | None = None) -> Page[LogService]:
        """List one page of the log services the caller can see.

        Args:
            limit: Items per page (1..1000).
            cursor: The ``next_cursor`` of the previous page.
        """
        ...

    stream: Final = stream_of(list)

    @endpoint("GET", "/external-logging/{log_id}", operation_id="get_log_service_details")
    def get(self, log_id: str) -> LogService:
        """Retrieve a group log service."""
        ...

    @endpoint("POST", "/external-logging", operation_id="add_log_service")
    def create(
        self,
        /,
        *,
        group_id: str,
        service: str,
        config: dict[str, Any] | None = None,
        enabled: bool | None = None,
        run_setup_tests: bool | None = None,
        **fields: Any,
    ) -> LogService:
        """Send a group's logs to a log service.

        Args:
            group_id: The group.
            service: ``azure_monitor_log``, ``cloudwatch``, ``datadog_log``, ``dynatrace``,
                ``grafana_loki``, ``new_relic_log``, ``splunkLog`` or ``stackdriver``.
            config: Service-specific configuration (``api_key``, ``region``...).
            enabled: Whether to send logs.
            run_setup_tests: Run the setup tests now (result in ``setup_tests``).
            **fields: Any other field of the API.
        """
        ...

    @endpoint("PATCH", "/external-logging/{log_id}", operation_id="update_log_service")
    def update(
        self,
        /,
        log_id: str,
        *,
        config: dict[str, Any] | None = None,
        enabled: bool | None = None,
        run_setup_tests: bool | None = None,
        **fields: Any,
    ) -> LogService:
        """Update a group log service."""
        ...

    @endpoint("DELETE", "/external-logging/{log_id}", operation_id="delete_log_service")
    def delete(self, log_id: str) -> None:
        """Delete a group log service."""
        ...

    @endpoint(
        "POST",
        "/external-logging/{log_id}/test",
        operation_id="run_setup_tests_log_service",
        idempotent=True,
    )
    def test(self, log_id: str) -> LogServiceTestResult:
        """Run a group log service's setup tests."""
        ...

    # ------------------------------------------------------------------ the account's

    @endpoint("GET", "/external-logging/account", operation_id="get_account_log_service_details")
    def get_account(self) -> LogService:
        """Retrieve the account log service."""
        ...

    @endpoint("POST", "/external-logging/account", operation_id="add_account_log_service")
    def create_account(
        self,
        *,
        service: str,
        config: dict[str, Any] | None = None,
        enabled: bool | None = None,
        run_setup_tests: bool | None = None,
    ) -> LogService:
        """Send the whole account's logs to a log service.

        Args:
            service: The log service type (see :meth:`create`).
            config: Service-specific configuration.
            enabled: Whether to send logs.
            run_setup_tests: Run the setup tests now (result in ``setup_tests``).
        """
        ...

    @endpoint("PATCH", "/external-logging/account", operation_id="update_account_log_service")
    def update_account(
        self,
        *,
        config: dict[str, Any] | None = None,
        enabled: bool | None = None,
        run_setup_tests: bool | None = None,
    ) -> LogService:
        """Update the account log service."""
        ...

    @endpoint("DELETE", "/external-logging/account", operation_id="delete_account_log_service")
    def delete_account(self) -> None:
        """Delete the account log service."""
        ...

    @endpoint(
        "POST",
        "/external-logging/account/test",
        operation_id="run_setup_tests_account_log_service",
        idempotent=True,
    )
    def test_account(self) -> LogServiceTestResult:
        """Run the account log service's setup tests."""
        ...
