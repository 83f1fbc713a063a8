"""The certificate and fingerprint operations, declared once for every owner.

Connections and destinations both hold the TLS certificates and SSH fingerprints
their setup tests asked the user to trust, under the same five operations each
(``/connections/{connection_id}/certificates``, ``/destinations/{destination_id}/...``).
:func:`certificates_of` and :func:`fingerprints_of` declare them for one owner: the
stubs below, with ``owner_id`` renamed to the owner's path parameter and the
docstrings told who the owner is. A resource class binds the results to its
attribute names, so the declarations are its own (``connections.get_certificate``
in logs and errors) and ``scripts/generate.py`` renders them like any other.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from .._operation import Endpoint, StreamOperation, endpoint, stream_of
from ..models import Certificate, Fingerprint, Page
from ._parsers import data_or_body

__all__ = ["CertificateOperations", "FingerprintOperations", "certificates_of", "fingerprints_of"]

#: ``list``, ``stream``, ``approve``, ``get``, ``revoke`` of an owner's certificates.
CertificateOperations = tuple[
    Endpoint[..., Page[Certificate]],
    StreamOperation[..., Certificate],
    Endpoint[..., Certificate],
    Endpoint[..., Certificate],
    Endpoint[..., None],
]
#: ``list``, ``stream``, ``approve``, ``get``, ``revoke`` of an owner's fingerprints.
FingerprintOperations = tuple[
    Endpoint[..., Page[Fingerprint]],
    StreamOperation[..., Fingerprint],
    Endpoint[..., Fingerprint],
    Endpoint[..., Fingerprint],
    Endpoint[..., None],
]

_CONFIRM = """

        Args:
            confirm: Must be ``True``; without it ``ConfirmationRequired`` is raised and
                nothing is sent.
"""

# ------------------------------------------------------------------ the stubs (``owner_id``)


def list_certificates(
    self: Any, owner_id: str, *, limit: int | None = None, cursor: str | None = None
) -> Page[Certificate]:
    """List one page of the TLS certificates approved for a {owner}."""
    ...


def approve_certificate(self: Any, owner_id: str, *, hash: str, encoded_cert: str) -> Certificate:
    """Trust a TLS certificate for a {owner} (then re-run the setup tests).

    Args:
        hash: The certificate hash, from the failed setup test's ``details``.
        encoded_cert: The certificate, base64-encoded.
    """
    ...


def get_certificate(self: Any, owner_id: str, hash: str) -> Certificate:
    """Retrieve a certificate approved for a {owner}."""
    ...


def revoke_certificate(self: Any, owner_id: str, hash: str, *, confirm: bool = False) -> None:
    """Stop trusting a certificate (**{work} fail until a certificate is approved again**)."""
    ...


def list_fingerprints(
    self: Any, owner_id: str, *, limit: int | None = None, cursor: str | None = None
) -> Page[Fingerprint]:
    """List one page of the SSH fingerprints approved for a {owner}."""
    ...


def approve_fingerprint(self: Any, owner_id: str, *, hash: str, public_key: str) -> Fingerprint:
    """Trust an SSH host key for a {owner} (then re-run the setup tests).

    Args:
        hash: The fingerprint hash, from the failed setup test's ``details``.
        public_key: The SSH public key.
    """
    ...


def get_fingerprint(self: Any, owner_id: str, hash: str) -> Fingerprint:
    """Retrieve an SSH fingerprint approved for a {owner}."""
    ...


def revoke_fingerprint(self: Any, owner_id: str, hash: str, *, confirm: bool = False) -> None:
    """Stop trusting an SSH fingerprint (**{work} through the tunnel fail until re-approved**)."""
    ...


# ------------------------------------------------------------------ declaring them for an owner


def certificates_of(owner: str, *, work: str) -> CertificateOperations:
    """The certificate operations of ``/<owner>s/{<owner>_id}/certificates``.

    Args:
        owner: ``"connection"`` or ``"destination"``.
        work: What fails without the certificate (``"syncs"``, ``"loads"``).
    """
    stub = _Stubs(owner, work)
    path = f"/{owner}s/{{{owner}_id}}/certificates"
    listing: Endpoint[..., Page[Certificate]] = endpoint(
        "GET", path, operation_id=f"get_{owner}_certificates_list"
    )(stub(list_certificates))
    return (
        listing,
        stream_of(listing),
        endpoint("POST", path, operation_id=f"approve_{owner}_certificate", idempotent=True)(
            stub(approve_certificate)
        ),
        endpoint("GET", f"{path}/{{hash}}", operation_id=f"get_{owner}_certificate_details")(
            stub(get_certificate)
        ),
        endpoint(
            "DELETE", f"{path}/{{hash}}", operation_id=f"revoke_{owner}_certificate", confirm=True
        )(stub(revoke_certificate, _CONFIRM)),
    )


def fingerprints_of(owner: str, *, work: str) -> FingerprintOperations:
    """The fingerprint operations of ``/<owner>s/{<owner>_id}/fingerprints`` (see above)."""
    stub = _Stubs(owner, work)
    path = f"/{owner}s/{{{owner}_id}}/fingerprints"
    listing: Endpoint[..., Page[Fingerprint]] = endpoint(
        "GET", path, operation_id=f"get_{owner}_fingerprints_list"
    )(stub(list_fingerprints))
    return (
        listing,
        stream_of(listing),
        endpoint(
            "POST",
            path,
            operation_id=f"approve_{owner}_fingerprint",
            idempotent=True,
            parse=data_or_body(Fingerprint),
        )(stub(approve_fingerprint)),
        endpoint("GET", f"{path}/{{hash}}", operation_id=f"get_{owner}_fingerprint_details")(
            stub(get_fingerprint)
        ),
        endpoint(
            "DELETE", f"{path}/{{hash}}", operation_id=f"revoke_{owner}_fingerprint", confirm=True
        )(stub(revoke_fingerprint, _CONFIRM)),
    )


class _Stubs:
    """Makes a stub above the declaration of one owner's operation."""

    def __init__(self, owner: str, work: str) -> None:
        self.id_name = f"{owner}_id"
        self.words = {"owner": owner, "work": work}

    def __call__(self, template: Callable[..., Any], more_doc: str = "") -> Callable[..., Any]:
        """A copy of ``template`` whose ``owner_id`` is ``<owner>_id``, its docstring filled."""

        def stub(*args: Any, **kwargs: Any) -> Any:
            raise NotImplementedError  # pragma: no cover - signature carrier only

        signature = inspect.signature(template)
        stub.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[self._rename(p) for p in signature.parameters.values()]
        )
        stub.__annotations__ = {
            self.id_name if name == "owner_id" else name: annotation
            for name, annotation in template.__annotations__.items()
            if name != "self"
        }
        stub.__name__ = stub.__qualname__ = template.__name__
        stub.__doc__ = ((template.__doc__ or "") + more_doc).format(**self.words)
        return stub

    def _rename(self, param: inspect.Parameter) -> inspect.Parameter:
        if param.name == "self":
            return param.replace(annotation=inspect.Parameter.empty)
        return param.replace(name=self.id_name) if param.name == "owner_id" else param
