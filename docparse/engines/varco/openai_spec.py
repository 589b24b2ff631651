"""The ``openai`` engine's spec (the entry point): every command's engine flags
load it, so it imports neither the engine (:mod:`.openai_server`, with Pillow, the document
model and the answer parsing) nor the HTTP client until they are used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docparse.engines.base import EngineStatus, SpecDefaults, status_of
from docparse.engines.varco import (
    BASE_URL_FIX,
    DEFAULT_MODEL,
    LICENCE,
    SERVE_HINT,
    capabilities_of,
)
from docparse.engines.varco.options import SERVER_NAME, ServerOptions

if TYPE_CHECKING:
    from docparse.engines.varco.openai_server import OpenAIEngine

STATUS_TIMEOUT_S = 3.0


class OpenAISpec(SpecDefaults):
    name = SERVER_NAME
    description = "OpenAI-compatible server such as vLLM (--base-url); VARCO-VISION prompts"
    capabilities = frozenset({"ocr", "grounding", "qa"})
    options_model = ServerOptions
    priority = 30  # auto: a server given with --base-url is what the user wants
    parallelism = "thread"  # the work is waiting for the server
    licence = LICENCE

    def status(self, options: ServerOptions) -> EngineStatus:  # type: ignore[override]
        reason, fix = self._problem(options)
        model = options.model or DEFAULT_MODEL
        return status_of(self, reason, fix, capabilities_of(model, options.grounding))

    def auto_ready(self, options: ServerOptions) -> bool:  # type: ignore[override]
        return bool(options.base_url)

    def _problem(self, options: ServerOptions) -> tuple[str | None, str | None]:
        """(reason, fix) when the server is not set, not reachable or lacks ``--model``."""
        from docparse.engines.varco.http_client import ChatClient, ServerError

        if not options.base_url:
            return "no server given", BASE_URL_FIX
        try:
            client = ChatClient(options.base_url, options.api_key, STATUS_TIMEOUT_S)
            try:
                served = client.models()
            finally:
                client.close()
        except ServerError as error:
            return error.reason, error.fix
        if not served:
            return f"{options.base_url} serves no model", f"start one with: {SERVE_HINT}"
        if options.model and options.model not in served:
            return (
                f"{options.base_url} serves {', '.join(served)}, not {options.model}",
                f"set --model {served[0]}",
            )
        return None, None

    def create(self, options: ServerOptions) -> OpenAIEngine:  # type: ignore[override]
        from docparse.engines.varco.openai_server import OpenAIEngine

        return OpenAIEngine(options)


SPEC = OpenAISpec()
