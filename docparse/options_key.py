"""The one options key: which parse options decide a result, so an earlier result is reused
only when they are the same (``docparse batch`` manifests, ``docparse eval``'s prediction
cache), and which options a report may show."""

from __future__ import annotations

import hashlib
import json

from docparse.pipeline import ParseOptions

SECRET_OPTIONS = {"password": True, "engine_options": {"__all__": {"api_key"}}}
"""Never written anywhere: not in a report, not in a key (``engine_options`` holds one
dict of options per engine: ``__all__`` excludes from each)."""

INCIDENTAL_ENGINE_OPTIONS = {
    "api_key",
    "base_url",
    "device",
    "batch_size",
    "concurrency",
    "timeout_s",
}
"""Engine options that decide where the work runs and how fast, not what it finds."""


def public_options(options: ParseOptions, engine: str) -> dict[str, object]:
    """The options as a report shows them: the resolved engine name, no secrets."""
    return {**options.model_dump(mode="json", exclude=SECRET_OPTIONS), "engine": engine}


def options_key(options: ParseOptions, engine: str) -> str:
    """A digest of the options that decide the result: the resolved engine and everything
    but secrets, where the work runs and how fast (password, API key, server address,
    device, batch size, concurrency, timeouts)."""
    settings = options.model_dump(
        mode="json",
        exclude={"password": True, "engine_options": {"__all__": INCIDENTAL_ENGINE_OPTIONS}},
    )
    settings["engine"] = engine
    return hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:16]
