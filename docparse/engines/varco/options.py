"""The two VARCO engines' names and options models, and what the spec and the engine of each
both use: light (pydantic only), so that the specs (the entry points) import no engine."""

from __future__ import annotations

from pydantic import Field

from docparse.engines.varco import DEFAULT_MODEL, VarcoOptions

LOCAL_NAME = "varco"
"""The engine running a local checkpoint through transformers (:mod:`.local`)."""
SERVER_NAME = "openai"
"""The engine asking an OpenAI-compatible server (:mod:`.openai_server`)."""
MODEL_FIX = f"hf download {DEFAULT_MODEL}, or pass --model DIR"


class LocalOptions(VarcoOptions):
    device: str | None = Field(
        default=None, description="torch device for varco: cuda, cuda:1, cpu."
    )


class ServerOptions(VarcoOptions):
    base_url: str | None = Field(
        default=None, description="OpenAI-compatible server (vLLM), .../v1."
    )
    api_key: str | None = Field(
        default=None,
        description="API key for --base-url.",
        json_schema_extra={"envvar": "DOCPARSE_API_KEY"},
    )
    concurrency: int = Field(default=4, ge=1, description="Parallel requests to --base-url.")
    timeout_s: float = Field(default=300.0, gt=0, description="Per-request timeout, seconds.")


def has_accelerator() -> bool:
    """Whether a CUDA device is here (the 1.7B model is too slow for whole documents on CPU)."""
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def first_line(error: BaseException) -> str:
    """The first line of an error's message (its type's name when it has none)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
