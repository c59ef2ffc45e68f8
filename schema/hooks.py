"""The per-request steps around strawberry's run: limits, cached documents, the error policy.

They were three strawberry SchemaExtensions; strawberry builds each extension's hooks anew on
every request (inspect checks, a generator context manager per hook and phase, exit stacks), which
cost more than the steps themselves. Here one runner calls them directly, in the order the three
extensions ran in:

- operation: the parser's size limits are set (schema.limits); at the end every error is coded
  and masked when unexpected (schema.errors);
- parsing: the document comes from the cache (schema.caches); then the parse errors are coded;
- validation: the limits' verdict refuses a document over them before validation, then the
  cached validation runs; then the validation errors are coded and explained;
- execution: the limits again when the walk could not read the document before validation.

A step after a phase runs only when the phase did not raise, as after a hook's `yield`.
Extensions given to the schema still run, inside these steps.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.types import ExecutionContext

from kg.settings import Settings
from schema import caches, errors
from schema.execution import resolve_attributes_directly
from schema.limits import QueryLimits

Step = Callable[[ExecutionContext], None] | None


class _Phase:
    """A context manager (sync and async) that runs `before` on entry and `after` on a clean
    exit, around strawberry's own extensions' context manager when there are any."""

    __slots__ = ("after", "before", "context", "inner")

    def __init__(self, context: ExecutionContext, before: Step, after: Step, inner: Any) -> None:
        self.context = context
        self.before = before
        self.after = after
        self.inner = inner

    def __enter__(self) -> None:
        if self.before is not None:
            self.before(self.context)
        if self.inner is not None:
            self.inner.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.inner is not None:
            self.inner.__exit__(exc_type, exc, traceback)
        if exc_type is None and self.after is not None:
            self.after(self.context)

    async def __aenter__(self) -> None:
        if self.before is not None:
            self.before(self.context)
        if self.inner is not None:
            await self.inner.__aenter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.inner is not None:
            await self.inner.__aexit__(exc_type, exc, traceback)
        if exc_type is None and self.after is not None:
            self.after(self.context)


class RequestHooks(SchemaExtensionsRunner):
    def __init__(
        self,
        execution_context: ExecutionContext,
        extensions: list[SchemaExtension],
        limits: QueryLimits,
    ) -> None:
        super().__init__(execution_context, extensions)
        self.limits = limits

    def _phase(self, before: Step, after: Step, inner: Callable[[], Any]) -> Any:
        return _Phase(self.execution_context, before, after, inner() if self.extensions else None)

    def operation(self) -> Any:
        return self._phase(self.limits.before_parse, errors.present_result, super().operation)

    def parsing(self) -> Any:
        return self._phase(caches.parse_cached, errors.code_parse_errors, super().parsing)

    def validation(self) -> Any:
        return self._phase(
            self._before_validation, errors.code_validation_errors, super().validation
        )

    def executing(self) -> Any:
        return self._phase(self.limits.before_execution, None, super().executing)

    def _before_validation(self, context: ExecutionContext) -> None:
        self.limits.before_validation(context)
        caches.validate_cached(context)


class Schema(errors.Schema):
    """strawberry's Schema with RequestHooks around every request, and its basic fields
    resolved by one attribute read (schema.execution.resolve_attributes_directly)."""

    def __init__(self, *args: Any, settings: Settings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        resolve_attributes_directly(self._schema)
        self.kg_settings = settings
        self.kg_settings_key = QueryLimits.settings_key_of(settings)

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        limits = QueryLimits(self.kg_settings, self.kg_settings_key)
        return RequestHooks(execution_context, extensions, limits)
