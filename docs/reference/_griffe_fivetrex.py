"""Griffe extension for the API reference: render fivetrex's declarations faithfully.

Loaded by mkdocstrings (``mkdocs.yml``, static analysis only: nothing is imported
and nothing touches the network). After the ``fivetrex`` package is loaded it:

* adds the HTTP method, path and operationId to every ``@endpoint`` stub's docstring;
* shows a ``@flow()`` method's real result (``SyncStatus``), not ``Flow[SyncStatus]``;
* turns ``stream = stream_of(list)`` declarations into documented methods with the
  list method's parameters (otherwise they are undocumented attributes);
* rewrites Sphinx roles (``:class:`X```) into optional cross-references, so they
  link when the target is rendered somewhere and show as code otherwise;
* documents assignments from the Sphinx ``#:`` comment above them.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from griffe import (
    Attribute,
    Class,
    Docstring,
    ExprSubscript,
    Extension,
    Function,
    GriffeLoader,
    Module,
    Object,
)

_ROLE = re.compile(r":(class|meth|func|attr|data|mod|exc|obj):`(~?)([^`]+)`")
_CALLABLE_ROLES = {"meth", "func"}


def _call(value: Any) -> ast.Call | None:
    """The expression text of a decorator or attribute value, as an ``ast.Call``."""
    try:
        node = ast.parse(str(value), mode="eval").body
    except SyntaxError:
        return None
    return node if isinstance(node, ast.Call) else None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


class FivetrexDeclarations(Extension):
    """See the module docstring."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != "fivetrex":
            return
        self._loader = loader
        self._parser = pkg.docstring.parser if pkg.docstring else None
        self._parser_options = pkg.docstring.parser_options if pkg.docstring else None
        self._walk(pkg)

    # ------------------------------------------------------------------ walking

    def _walk(self, obj: Object) -> None:
        if isinstance(obj, Class):
            self._declarations(obj)
        if isinstance(obj, Attribute) and obj.docstring is None:
            self._comment_docstring(obj)
        self._rewrite_roles(obj)
        for member in list(obj.members.values()):
            if member.is_alias:
                continue
            self._walk(member)  # type: ignore[arg-type]

    def _declarations(self, cls: Class) -> None:
        for name, member in list(cls.members.items()):
            if member.is_alias:
                continue
            if isinstance(member, Function):
                self._function(member)
            elif isinstance(member, Attribute):
                self._stream(cls, name, member)

    # ------------------------------------------------------------------ declarations

    def _function(self, func: Function) -> None:
        for decorator in func.decorators:
            call = _call(decorator.value)
            if call is None:
                continue
            kind = _call_name(call)
            if kind == "endpoint" and len(call.args) >= 2:
                method, path = _literal(call.args[0]), _literal(call.args[1])
                keywords = {k.arg: _literal(k.value) for k in call.keywords if k.arg}
                line = f"`{method} {path}`"
                if keywords.get("operation_id"):
                    line += f" · operation `{keywords['operation_id']}`"
                self._insert_after_summary(func, line)
            elif (
                kind == "flow"
                and isinstance(func.returns, ExprSubscript)
                and str(func.returns.left) == "Flow"
            ):
                func.returns = func.returns.slice

    def _stream(self, cls: Class, name: str, attr: Attribute) -> None:
        call = _call(attr.value)
        if call is None or _call_name(call) != "stream_of" or not call.args:
            return
        source_name = getattr(call.args[0], "id", None)
        source = cls.members.get(source_name) if source_name else None
        if not isinstance(source, Function):
            return
        item = "Any"
        if isinstance(source.returns, ExprSubscript) and str(source.returns.left) == "Page":
            item = str(source.returns.slice)
        text = (
            f"Iterate over every item of `{source_name}()`, fetching pages lazily.\n\n"
            f"Takes the same arguments as `{source_name}()`; `cursor` starts from that page. "
            "Returns an iterator on `Fivetrex` and an async iterator on `AsyncFivetrex`."
        )
        if source.docstring is not None:
            _, _, rest = source.docstring.value.partition("\n\n")
            if rest:
                text += "\n\n" + rest  # the list method's HTTP line and arguments
        stream = Function(
            name,
            parameters=source.parameters,
            returns=f"Iterator[{item}]",
            lineno=attr.lineno,
            endlineno=attr.endlineno,
        )
        stream.docstring = self._docstring(text, stream)
        cls.set_member(name, stream)

    def _docstring(self, text: str, parent: Object) -> Docstring:
        """A docstring parsed like the loaded ones (the loader's parser and options)."""
        return Docstring(
            text, parent=parent, parser=self._parser, parser_options=self._parser_options
        )

    def _insert_after_summary(self, obj: Object, line: str) -> None:
        if obj.docstring is None:
            obj.docstring = self._docstring(line, obj)
            return
        summary, sep, rest = obj.docstring.value.partition("\n\n")
        obj.docstring.value = f"{summary}\n\n{line}" + (f"\n\n{rest}" if sep else "")

    def _comment_docstring(self, attr: Attribute) -> None:
        """Sphinx's ``#:`` comments above an assignment document it (griffe ignores them)."""
        if not attr.lineno or attr.parent is None:
            return
        lines = attr.parent.module.lines
        comment: list[str] = []
        index = attr.lineno - 2
        while index >= 0 and lines[index].strip().startswith("#:"):
            comment.insert(0, lines[index].strip()[2:].strip())
            index -= 1
        if comment:
            attr.docstring = self._docstring("\n".join(comment), attr)

    # ------------------------------------------------------------------ sphinx roles

    def _rewrite_roles(self, obj: Object) -> None:
        if obj.docstring is None:
            return
        value = obj.docstring.value.replace("`\\ s", "`s")  # reST's ``X``\ s plural
        value = _ROLE.sub(lambda m: self._role(obj, m), value)
        value = re.sub(r"(\S)::\n", r"\1:\n", value)  # reST literal-block markers
        obj.docstring.value = value

    def _role(self, obj: Object, match: re.Match[str]) -> str:
        role, tilde, target = match.groups()
        target = target.strip()
        shown = target.rsplit(".", 1)[-1] if tilde else target
        if role in _CALLABLE_ROLES:
            shown += "()"
        path = self._resolve(obj, target)
        if path is None:
            return f"`{shown}`"
        return f'<autoref identifier="{path}" optional><code>{shown}</code></autoref>'

    def _resolve(self, obj: Object, target: str) -> str | None:
        head, _, tail = target.partition(".")
        candidates = [target]
        try:
            resolved = obj.resolve(head)
            candidates.insert(0, f"{resolved}.{tail}" if tail else resolved)
        except Exception:  # noqa: S110 - not resolvable in scope: try the full path
            pass
        for path in candidates:
            try:
                found = self._loader.modules_collection[path]
            except Exception:  # noqa: S112 - not a fivetrex object
                continue
            try:
                return str(found.canonical_path)
            except Exception:
                return path
        return None


__all__ = ["FivetrexDeclarations"]
