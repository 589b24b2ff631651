"""The engines docparse knows: every spec registered in the entry-point group
``docparse.engines`` (docparse's own included, see pyproject.toml), how ``auto`` chooses
among them, and each engine's options.

A third-party engine is a distribution declaring, in its pyproject.toml::

    [project.entry-points."docparse.engines"]
    myengine = "my_package.my_module:SPEC"

Engine options: ``ParseOptions.engine_options`` maps an engine's name to its options (its
own options model, or a dict of its fields). Plain field names (``{"lang": "kor"}``, what the
CLI flags and ``docparse.parse(..., lang="kor")`` give) go to every engine whose options
model has that field."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Mapping
from importlib.metadata import Distribution, EntryPoint
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from docparse.engines.base import (
    Engine,
    EngineOptions,
    EngineSpec,
    EngineStatus,
    check_capabilities,
)
from docparse.errors import EngineUnavailable

GROUP = "docparse.engines"


def entry_points() -> list[EntryPoint]:
    """The group's entry points, the first of each name along sys.path. Only metadata that
    names the group is parsed: ``importlib.metadata.entry_points()`` parses every installed
    distribution, ~8× slower with the ~150 of a full install, which every CLI start
    (``--help`` included) would pay. From a source checkout, docparse's own engines are read
    from its pyproject.toml instead of its installed metadata (see
    :func:`_source_checkout_entry_points`)."""
    header = f"[{GROUP}]"
    own = _source_checkout_entry_points()
    found: dict[str, EntryPoint] = {}
    for folder in sys.path:
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            continue
        for name in names:
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            if own and _distribution(name) == "docparse":
                continue  # docparse's own metadata, possibly stale: the pyproject says
            metadata = Path(folder or ".", name)
            try:
                text = (metadata / "entry_points.txt").read_text(encoding="utf-8")
            except OSError:
                continue
            if header in text:
                for point in Distribution.at(metadata).entry_points.select(group=GROUP):
                    found.setdefault(point.name, point)
    for point in own:
        found.setdefault(point.name, point)
    return list(found.values())


def _distribution(metadata_folder: str) -> str:
    """The distribution a metadata folder belongs to, normalised: ``docparse`` for both
    ``docparse-0.1.0.dist-info`` and the ``docparse.egg-info`` a source build leaves."""
    stem = metadata_folder.removesuffix(".dist-info").removesuffix(".egg-info")
    return stem.split("-", 1)[0].lower().replace("_", "-")


def _source_checkout_entry_points() -> list[EntryPoint]:
    """docparse's own engines as its pyproject.toml declares them, when docparse runs from a
    source checkout: an editable install made before an engine was added or moved has stale
    metadata (until ``pip install -e .`` is run again), and the pyproject is the one
    declaration."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    if not pyproject.is_file():
        return []
    import tomllib

    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return []
    if project.get("name") != "docparse":
        return []
    declared = project.get("entry-points", {}).get(GROUP, {})
    return [EntryPoint(name, value, GROUP) for name, value in declared.items()]


@functools.cache
def specs() -> dict[str, EngineSpec]:
    """Every registered engine, by name, highest ``auto`` priority first (then by name).
    An entry point that does not load is left out (it is reported by ``docparse engines``
    through :func:`broken_entry_points`)."""
    found: list[EngineSpec] = []
    for point in entry_points():
        try:
            spec = point.load()
        except Exception:  # a broken third-party plug-in must not break docparse
            continue
        if getattr(spec, "name", None) == point.name:
            found.append(spec)
    found.sort(key=lambda spec: (-spec.priority, spec.name))
    return {spec.name: spec for spec in found}


def broken_entry_points() -> list[str]:
    """``name (module:attr): why`` for each registered engine that does not load."""
    broken = []
    for point in entry_points():
        try:
            spec = point.load()
        except Exception as error:
            broken.append(f"{point.name} ({point.value}): {type(error).__name__}: {error}")
            continue
        if getattr(spec, "name", None) != point.name:
            broken.append(f"{point.name} ({point.value}): its spec is named {spec.name!r}")
    return broken


def engine_choices() -> tuple[str, ...]:
    return ("auto", *specs())


def get_spec(name: str) -> EngineSpec:
    known = specs()
    if name not in known:
        raise EngineUnavailable(
            f"unknown engine {name!r}; choose from {', '.join(engine_choices())}"
        )
    return known[name]


def options_for(name: str, engine_options: object = None) -> EngineOptions:
    """The engine's own options model, from ``engine_options`` in any form that
    :func:`split_engine_options` takes."""
    fields = split_engine_options(engine_options).get(name, {})
    return get_spec(name).options_model.model_validate(dict(fields))


def split_engine_options(value: object) -> dict[str, dict[str, Any]]:
    """``engine_options`` in any accepted form, as {engine name: {field: value}}:
    an engine's options model; {engine name: model or dict}; plain field names, given to
    every engine whose model has the field (an unknown field is an error)."""
    if value is None:
        return {}
    if isinstance(value, EngineOptions):
        return {_owner(type(value)): value.model_dump(exclude_unset=True)}
    if not isinstance(value, Mapping):
        raise ValueError("engine options must be a mapping or an engine's options model")
    known = specs()
    split: dict[str, dict[str, Any]] = {}
    for key, item in value.items():
        if key in known:
            fields = item.model_dump(exclude_unset=True) if isinstance(item, BaseModel) else item
            if not isinstance(fields, Mapping):
                raise ValueError(f"options of engine {key!r} must be a mapping")
            split.setdefault(key, {}).update(fields)
            continue
        owners = [name for name, spec in known.items() if key in spec.options_model.model_fields]
        if not owners:
            raise ValueError(f"unknown engine option {key!r}")
        for name in owners:
            split.setdefault(name, {}).setdefault(key, item)
    return split


def _owner(model: type[EngineOptions]) -> str:
    for name, spec in specs().items():
        if spec.options_model is model:
            return name
    raise ValueError(f"{model.__name__} is the options model of no registered engine")


def all_statuses(engine_options: object = None) -> list[EngineStatus]:
    return [spec.status(options_for(name, engine_options)) for name, spec in specs().items()]


def resolve_name(name: str, engine_options: object = None) -> str:
    """``auto`` means the registered engine of highest priority that says it is ready here
    (the VARCO VLM with its weights and a GPU, the OpenAI-compatible server when a base URL
    is given, else Tesseract)."""
    if name != "auto":
        get_spec(name)  # an unknown name fails here, before any file is read
        return name
    for candidate, spec in specs().items():
        if spec.priority > 0 and spec.auto_ready(options_for(candidate, engine_options)):
            return candidate
    raise EngineUnavailable("no engine can run here; see: docparse engines")


def create_engine(name: str, engine_options: object = None) -> Engine:
    """The engine, its declared capabilities checked against the methods it has."""
    resolved = resolve_name(name, engine_options)
    spec = get_spec(resolved)
    engine = spec.create(options_for(resolved, engine_options))
    extra = engine.capabilities - spec.capabilities
    if extra:
        raise EngineUnavailable(f"{resolved}: capabilities {sorted(extra)} are not declared")
    check_capabilities(engine, engine.capabilities)
    return engine
