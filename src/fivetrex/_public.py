"""Give the classes ``fivetrex`` exports from private modules their public home.

Light on purpose (``inspect`` and ``typing`` only, both loaded by ``dataclasses``
anyway): ``_client``, ``_throttle`` and ``_waiting`` call it as their last line.
"""

from __future__ import annotations

import inspect
import typing


def exported_from_fivetrex(*classes: type) -> None:
    """Show ``fivetrex``, where users import them from, as the classes' module.

    ``help()``, reprs and signatures then say ``fivetrex.BulkResult``, not the private
    module; pickle finds them there too (``fivetrex`` loads them on first use).
    ``typing.get_type_hints`` reads a class's own string annotations in its module's
    namespace, so they are resolved first, here, where their names are defined (a
    base's annotations stay where they are: they are read in the base's module).

    The cost, as for ``httpx`` and any library doing this: ``inspect.getsource`` of
    the class looks in ``fivetrex/__init__.py`` and does not find it.
    """
    for cls in classes:
        own = inspect.get_annotations(cls)
        if own:
            hints = typing.get_type_hints(cls)
            cls.__annotations__ = {name: hints[name] for name in own}
            for found in getattr(cls, "__dataclass_fields__", {}).values():
                found.type = hints[found.name]
        cls.__module__ = "fivetrex"
