"""VARCO-VISION-2.0-1.7B-OCR through transformers: words with boxes from a local checkpoint.

The checkpoint is a LLaVA-OneVision model (SigLIP2 384-px cells, Qwen3-1.7B). Everything it
ships (tokenizer, chat template, image normalisation, token counts) is loaded as is with
``from_pretrained(local_files_only=True)``; docparse owns only the view policy of the report
(§3.1.5): the grid of at most 6×6 cells and pages scaled to 6 × 384 = 2304 px on the long side,
very long pages cut into tiles first (:mod:`docparse.engines.varco.tiling`).

Pages are read in batches of ``options.batch_size`` images (tiles of any page, any sizes) per
``generate`` call, greedy, left-padded. Boxes come back in the caller's pixel space.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PIL import Image

from docparse.engines.base import Engine, Recognition
from docparse.engines.varco import (
    DEFAULT_MODEL,
    capabilities_of,
)
from docparse.engines.varco.answers import (
    DEFAULT_MAX_NEW_TOKENS,
    TileAnswer,
    plan_jobs,
    recognitions,
)
from docparse.engines.varco.markup import ANY_KIND, GROUNDED, Kind
from docparse.engines.varco.options import (
    LOCAL_NAME,
    MODEL_FIX,
    LocalOptions,
    first_line,
    has_accelerator,
)
from docparse.engines.varco.prompts import (
    OCR_QUERY,
    grounding_query,
    hf_conversation,
    hf_pages_conversation,
)
from docparse.engines.varco.tiling import plan_tiles, prepare_page, tile_view
from docparse.errors import EngineUnavailable
from docparse.model import Word
from docparse.preprocess import Scale

if TYPE_CHECKING:
    from transformers import LlavaOnevisionForConditionalGeneration, ProcessorMixin

GRID_CELLS = 6  # the largest grid side VARCO-VISION-2.0 was trained with (report §3.1.5, §3.3)


class VarcoEngine(Engine):
    """A loaded VARCO-VISION model; ``recognize`` for OCR, ``find`` for grounding (when the
    checkpoint grounds), ``ask_pages``."""

    name = LOCAL_NAME

    def __init__(
        self,
        processor: ProcessorMixin,
        model: LlavaOnevisionForConditionalGeneration,
        options: LocalOptions,
        generate_kwargs: Mapping[str, Any] | None = None,
    ) -> None:
        """``generate_kwargs`` adds to greedy decoding (the benchmark forces an answer length
        with ``min_new_tokens``)."""
        self.processor = processor
        self.model = model
        source = options.model or getattr(model.config, "_name_or_path", "") or DEFAULT_MODEL
        self.capabilities = capabilities_of(source, options.grounding)
        self.batch_size = options.batch_size
        self.pages_per_call = options.batch_size
        self.max_new_tokens = options.max_new_tokens or DEFAULT_MAX_NEW_TOKENS
        self.keep_raw = options.keep_raw
        self.generate_kwargs = dict(generate_kwargs or {})
        cell = model.config.vision_config.image_size
        self.long_side = GRID_CELLS * cell
        grid = [
            [cell * i, cell * j] for i in range(1, GRID_CELLS + 1) for j in range(1, GRID_CELLS + 1)
        ]
        processor.image_processor.image_grid_pinpoints = grid
        model.config.image_grid_pinpoints = grid
        tokenizer = processor.tokenizer
        tokenizer.padding_side = "left"
        eos = model.generation_config.eos_token_id
        if eos is None:
            eos = tokenizer.eos_token_id
        self.stop_ids = [eos] if isinstance(eos, int) else list(eos)
        pad = tokenizer.pad_token_id
        self.pad_id = self.stop_ids[0] if pad is None else pad

    @classmethod
    def load(cls, source: str, options: LocalOptions) -> VarcoEngine:
        """Loads processor and model from a directory or the local HF cache (never the network):
        bfloat16 on CUDA, float32 on the CPU."""
        import torch
        from transformers import AutoConfig, AutoProcessor, LlavaOnevisionForConditionalGeneration

        try:
            device = torch.device(options.device or ("cuda" if has_accelerator() else "cpu"))
            dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
            kind = AutoConfig.from_pretrained(source, local_files_only=True).model_type
            if kind != "llava_onevision":
                raise ValueError(f"it holds a {kind!r} model, not LLaVA-OneVision (VARCO-VISION)")
            processor = AutoProcessor.from_pretrained(source, local_files_only=True)
            model = LlavaOnevisionForConditionalGeneration.from_pretrained(
                source, local_files_only=True, dtype=dtype
            )
            model.to(device).eval()
        except Exception as error:  # the loaders fail in many library-specific ways
            raise EngineUnavailable(
                f"varco: cannot load {source}: {first_line(error)}; fix: {MODEL_FIX}"
            ) from error
        return cls(processor, model, options)

    def prepare(self, image: Image.Image) -> tuple[Image.Image, Scale]:
        return prepare_page(image)

    def close(self) -> None:
        """Drops the model (and its GPU memory, once nothing else holds it)."""
        self.model = None  # type: ignore[assignment]

    def recognize(self, images: Sequence[Image.Image]) -> list[Recognition]:
        """OCR: the words of each image, in that image's pixels. With ``keep_raw`` the raw
        answer is kept; a tiled page's holds each tile's answer after a ``[tile x0,y0,x1,y1]``
        line (its boxes are normalised to that tile)."""
        return self._read([(image, OCR_QUERY) for image in images])

    def find(self, image: Image.Image, phrase: str) -> list[Word]:
        """Grounding: one word per box the model gives for ``phrase`` (its ``<obj>`` text);
        none when it answers with something else, such as OCR ``<char>`` markup."""
        return self._read([(image, grounding_query(phrase))], GROUNDED)[0].words

    def ask(self, image: Image.Image, question: str) -> str:
        """A free question about the whole image; the answer as the model wrote it."""
        (whole,) = plan_tiles(*image.size, max_aspect=math.inf)
        return self._generate([tile_view(image, whole, self.long_side)], [question])[0].text

    def ask_pages(self, images: Sequence[Image.Image], question: str) -> str:
        """A question about a document: every page image, as given, in one turn before the
        question; the answer as the model wrote it."""
        pages = [image.convert("RGB") for image in images]
        return self._complete([hf_pages_conversation(pages, question)], pages)[0].text

    def _read(
        self, requests: Sequence[tuple[Image.Image, str]], kinds: frozenset[Kind] = ANY_KIND
    ) -> list[Recognition]:
        jobs = plan_jobs([image for image, _ in requests])
        answers: list[TileAnswer] = []
        for start in range(0, len(jobs), self.batch_size):
            batch = jobs[start : start + self.batch_size]
            views = [tile_view(requests[job.request][0], job.tile, self.long_side) for job in batch]
            answers.extend(self._generate(views, [requests[job.request][1] for job in batch]))
        return recognitions(
            jobs, answers, len(requests), self.name, self.max_new_tokens, self.keep_raw, kinds
        )

    def _generate(self, images: Sequence[Image.Image], queries: Sequence[str]) -> list[TileAnswer]:
        conversations = [
            hf_conversation(image, query) for image, query in zip(images, queries, strict=True)
        ]
        return self._complete(conversations, images)

    def _complete(
        self, conversations: Sequence[list[dict[str, Any]]], images: Sequence[Image.Image]
    ) -> list[TileAnswer]:
        """One answer per conversation; ``images`` are theirs, in order, all rows together."""
        import torch

        prompts = [
            self.processor.apply_chat_template(conversation, add_generation_prompt=True)
            for conversation in conversations
        ]
        inputs = self.processor(
            text=prompts, images=list(images), padding=True, return_tensors="pt"
        ).to(self.model.device, dtype=self.model.dtype)
        with torch.inference_mode():
            output = self.model.generate(
                **inputs,
                do_sample=False,
                max_new_tokens=self.max_new_tokens,
                eos_token_id=self.stop_ids,
                pad_token_id=self.pad_id,
                **self.generate_kwargs,
            )
        new_tokens = output[:, inputs["input_ids"].shape[1] :].tolist()
        return [self._answer(row) for row in new_tokens]

    def _answer(self, ids: list[int]) -> TileAnswer:
        """The text up to the first end token; special tokens such as ``<char>`` are kept."""
        end = next((index for index, token in enumerate(ids) if token in self.stop_ids), None)
        kept = ids if end is None else ids[:end]
        text = self.processor.tokenizer.decode(
            kept, skip_special_tokens=False, clean_up_tokenization_spaces=False
        )
        return TileAnswer(text=text, finished=end is not None)
