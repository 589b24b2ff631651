"""The VARCO-VISION-2.0 engines and what they share.

Two engines read pages with VARCO-VISION-2.0 (LLaVA-OneVision: SigLIP2 384-px cells and a
Qwen3 language model): ``varco`` runs a local checkpoint through transformers
(:mod:`.local`), ``openai`` sends the same prompts to a server speaking the OpenAI API, such as
vLLM (:mod:`.openai_server`). With them: the prompts (:mod:`.prompts`), the answer markup
(:mod:`.markup`), the tiling of long pages (:mod:`.tiling`) and the turning of answers into
words (:mod:`.answers`).

Checkpoints and capabilities, from the public model cards: VARCO-VISION-2.0-1.7B-OCR
documents the ``<ocr>`` task only; grounding (``<gro>``) is documented for the VARCO-VISION-2.0
family checkpoints (1.7B, 14B), not for the OCR checkpoint. So a checkpoint whose name ends in
``-OCR`` has no "grounding" capability (``docparse find`` then searches the OCR words), any
other has it; the ``grounding`` option overrides the rule either way.
"""

from __future__ import annotations

from pydantic import Field

from docparse.engines.base import EngineOptions

DEFAULT_MODEL = "NCSOFT/VARCO-VISION-2.0-1.7B-OCR"
LICENCE = "CC BY-NC 4.0 (non-commercial use only)"
"""The licence of the VARCO-VISION-2.0 weights (model cards on Hugging Face)."""
SERVE_HINT = f"vllm serve {DEFAULT_MODEL}"
BASE_URL_FIX = f"set --base-url http://HOST:8000/v1 for a server started with: {SERVE_HINT}"
LONG_SIDE = 2304
"""6 cells of 384 px: the finest view VARCO-VISION-2.0 has (report §3.1.5)."""


class VarcoOptions(EngineOptions):
    """Options both VARCO engines take."""

    model: str | None = Field(default=None, description="VLM directory or hub id (varco, openai).")
    batch_size: int = Field(default=1, ge=1, description="Pages per VLM generate call.")
    max_new_tokens: int | None = Field(default=None, ge=1, description="Cap on VLM answer tokens.")
    grounding: bool | None = Field(
        default=None,
        description="Whether the checkpoint grounds phrases (<gro>); default: all but -OCR.",
    )


def grounds(model: str, override: bool | None) -> bool:
    """Whether ``model`` (a checkpoint directory or hub id) can ground a phrase: the -OCR
    checkpoint documents ``<ocr>`` only (see the package doc); ``override`` decides if set."""
    if override is not None:
        return override
    name = model.rstrip("/").rsplit("/", 1)[-1]
    return not name.upper().endswith("-OCR")


def capabilities_of(model: str, override: bool | None) -> frozenset[str]:
    """What a VARCO engine can do with this checkpoint."""
    return frozenset({"ocr", "qa", *(["grounding"] if grounds(model, override) else [])})
