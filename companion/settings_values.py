"""Reading a feature's settings (a frozen dataclass) from the JSON the settings file holds.

``read_dataclass(cls, raw, where)`` never fails: a missing key takes the
field's default quietly (older files lack newer settings), a value of the
wrong type or outside what the field's ``check`` allows takes the default
and is reported as a problem, and a nested dataclass field is read the
same way. Field types come from each field's default: ``bool``, ``int``,
``float`` (an integer is accepted), ``str`` or another dataclass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, fields, is_dataclass
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")

CHECK = "check"  # field metadata key: (predicate, what a good value is, in words)


def positive() -> dict[str, tuple[Callable[[Any], bool], str]]:
    """Field metadata: the number must be above zero."""
    return {CHECK: (lambda value: value > 0, "a number above 0")}


def read_dataclass(cls: type[T], raw: object, where: str) -> tuple[T, list[str]]:
    """``cls`` from ``raw`` (a JSON object) and the problems found, each naming ``where.field``."""
    if not isinstance(raw, Mapping):
        return cls(), [f"{where} is not a group of settings"]
    values: dict[str, Any] = {}
    problems: list[str] = []
    for field in fields(cls):
        if field.name not in raw:
            continue
        values[field.name], found = _read_value(field, raw[field.name], f"{where}.{field.name}")
        problems += found
    return cls(**values), problems


def _default(field: Field[Any]) -> Any:
    if field.default is not MISSING:
        return field.default
    if field.default_factory is not MISSING:
        return field.default_factory()
    raise TypeError(f"setting {field.name} has no default")


def _read_value(field: Field[Any], value: object, where: str) -> tuple[Any, list[str]]:
    """The value to use (the default if ``value`` is wrong) and the problems found."""
    default = _default(field)
    if is_dataclass(default):
        return read_dataclass(type(default), value, where)
    if isinstance(default, bool):
        ok = isinstance(value, bool)
        wanted = "true or false"
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = ok and (isinstance(default, float) or isinstance(value, int))
        wanted = "a number"
        if ok and isinstance(default, float) and isinstance(value, (int, float)):
            value = float(value)
    else:
        ok = isinstance(value, type(default))
        wanted = f"a {type(default).__name__}"
    check = field.metadata.get(CHECK)
    if ok and check is not None:
        predicate, wanted = check
        ok = bool(predicate(value))
    if not ok:
        return default, [f"{where} should be {wanted}, not {value!r}"]
    return value, []
