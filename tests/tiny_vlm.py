"""A tiny, randomly initialised LLaVA-OneVision checkpoint shaped like VARCO-VISION-2.0.

Built offline: a byte-level BPE tokenizer trained here on a few sentences with VARCO's special
tokens, a Qwen-style chat template, SigLIP (patch 16, 384 px) and Qwen3 configs with tiny
sizes, the 6×6 grid of 384-px cells and ``anyres_max_9``. Saved with ``save_pretrained``, it
loads through ``from_pretrained`` exactly as a downloaded checkpoint would, so the engine's real
loading, preprocessing and ``generate`` path runs on the CPU in seconds. The benchmark builds
the full-size architecture with the same function and other sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import (
    GenerationConfig,
    LlavaOnevisionConfig,
    LlavaOnevisionForConditionalGeneration,
    LlavaOnevisionImageProcessor,
    LlavaOnevisionProcessor,
    LlavaOnevisionVideoProcessor,
    LogitsProcessor,
    LogitsProcessorList,
    PreTrainedTokenizerFast,
    Qwen3Config,
    SiglipVisionConfig,
)

from docparse.engines.varco.local import VarcoEngine
from docparse.model import Box

CELL = 384
PATCH = 16
GRID_PINPOINTS = [[CELL * i, CELL * j] for i in range(1, 7) for j in range(1, 7)]
PAD = "<|endoftext|>"
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"
MARKUP_TOKENS = ["<ocr>", "<gro>", "<char>", "</char>", "<obj>", "</obj>", "<bbox>", "</bbox>"]
SPECIAL_TOKENS = [PAD, IM_START, IM_END, "<image>", "<video>", *MARKUP_TOKENS, "<delim>"]

# One layer and one head: a full page is a ~5.8k-token prompt, and attention over it is what
# the CPU spends its time on.
TINY_TEXT: dict[str, Any] = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 1,
    "num_attention_heads": 1,
    "num_key_value_heads": 1,
    "head_dim": 32,
}
TINY_VISION: dict[str, Any] = {
    "hidden_size": 32,
    "intermediate_size": 64,
    "num_hidden_layers": 1,
    "num_attention_heads": 2,
}

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{ '<|im_start|>' + message['role'] + '\n' }}"
    "{% if message['content'] is string %}{{ message['content'] }}"
    "{% else %}{% for part in message['content'] %}"
    "{% if part['type'] == 'image' %}{{ '<image>\n' }}"
    "{% elif part['type'] == 'text' %}{{ part['text'] }}{% endif %}"
    "{% endfor %}{% endif %}"
    "{{ '<|im_end|>\n' }}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

_CORPUS = [
    "<char>SPEED</char><bbox>0.364, 0.301, 0.638, 0.375</bbox>",
    "<char>백범로</char><bbox>0.172, 0.265, 0.328, 0.34</bbox>",
    "<obj>two cats</obj><bbox>0.521, 0.049, 0.997, 0.783</bbox>",
    "The quick brown fox jumps over the lazy dog 0123456789.",
    "영수증 합계 금액 카드 결제 감사합니다",
]


def build_tokenizer() -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer holding VARCO's special tokens, trained here offline."""
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=600,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tokenizer.train_from_iterator(_CORPUS, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        eos_token=IM_END,
        pad_token=PAD,
        extra_special_tokens=[t for t in SPECIAL_TOKENS if t not in (PAD, IM_END)],
        chat_template=CHAT_TEMPLATE,
    )


def build_processor(tokenizer: PreTrainedTokenizerFast) -> LlavaOnevisionProcessor:
    image_processor = LlavaOnevisionImageProcessor(
        size={"height": CELL, "width": CELL}, image_grid_pinpoints=GRID_PINPOINTS
    )
    return LlavaOnevisionProcessor(
        image_processor=image_processor,
        tokenizer=tokenizer,
        video_processor=LlavaOnevisionVideoProcessor(),
        num_image_tokens=(CELL // PATCH) ** 2,
        vision_feature_select_strategy="full",
        vision_aspect_ratio="anyres_max_9",
        chat_template=CHAT_TEMPLATE,
    )


def build_config(
    tokenizer: PreTrainedTokenizerFast,
    text: Mapping[str, Any] = TINY_TEXT,
    vision: Mapping[str, Any] = TINY_VISION,
) -> LlavaOnevisionConfig:
    """The LLaVA-OneVision config with ``text``/``vision`` sizes (vocab defaults to the
    tokenizer's; pass ``vocab_size`` in ``text`` for a full-size embedding)."""
    text_config = Qwen3Config(
        **{"vocab_size": len(tokenizer), "max_position_embeddings": 40960, **text},
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    vision_config = SiglipVisionConfig(
        image_size=CELL, patch_size=PATCH, vision_use_head=False, **vision
    )
    return LlavaOnevisionConfig(
        vision_config=vision_config,
        text_config=text_config,
        image_token_index=tokenizer.convert_tokens_to_ids("<image>"),
        video_token_index=tokenizer.convert_tokens_to_ids("<video>"),
        image_grid_pinpoints=GRID_PINPOINTS,
        vision_aspect_ratio="anyres_max_9",
        vision_feature_select_strategy="full",
        vision_feature_layer=-1,
    )


def build_model(
    config: LlavaOnevisionConfig,
    seed: int = 0,
    device: str = "cpu",
    dtype: torch.dtype = torch.float32,
) -> LlavaOnevisionForConditionalGeneration:
    """Random weights, initialised directly on ``device`` in ``dtype``."""
    torch.manual_seed(seed)
    with torch.device(device):
        model = LlavaOnevisionForConditionalGeneration._from_config(config, dtype=dtype)
    model.generation_config = GenerationConfig(
        eos_token_id=[config.text_config.eos_token_id],
        pad_token_id=config.text_config.pad_token_id,
    )
    return model.eval()


def build_tiny_vlm(out_dir: Path, seed: int = 0) -> Path:
    """Writes a tiny random checkpoint (model, tokenizer, processor) to ``out_dir``."""
    tokenizer = build_tokenizer()
    processor = build_processor(tokenizer)
    model = build_model(build_config(tokenizer), seed=seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir)
    processor.save_pretrained(out_dir)
    return out_dir


# --- forcing answers at the model boundary (the model still runs generate) ---------


class ForceAnswer(LogitsProcessor):
    """Lets only the next token of each row's chosen answer through."""

    def __init__(self, prompt_length: int, answers: list[list[int]]) -> None:
        self.prompt_length = prompt_length
        self.answers = answers

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        step = input_ids.shape[1] - self.prompt_length
        for row, answer in enumerate(self.answers):
            if step < len(answer):
                scores[row] = -math.inf
                scores[row, answer[step]] = 0.0
        return scores


class Spy:
    """Wraps the engine model's ``generate``: records each call's inputs and, when answers are
    queued, forces them (one per row, in the order the engine sends its views)."""

    def __init__(self, engine: VarcoEngine, answers: list[str] | None, end: bool) -> None:
        self.engine = engine
        self.answers = list(answers) if answers is not None else None
        self.end = end
        self.calls: list[dict[str, Any]] = []
        self.original: Callable[..., torch.Tensor] = engine.model.generate

    def __call__(self, **kwargs: Any) -> torch.Tensor:
        self.calls.append(kwargs)
        if self.answers is None:
            return self.original(**kwargs)
        tokenizer = self.engine.processor.tokenizer
        end = [self.engine.stop_ids[0]] if self.end else []
        rows = kwargs["input_ids"].shape[0]
        forced = [
            tokenizer.encode(self.answers.pop(0), add_special_tokens=False) + end
            for _ in range(rows)
        ]
        processor = ForceAnswer(kwargs["input_ids"].shape[1], forced)
        return self.original(**kwargs, logits_processor=LogitsProcessorList([processor]))

    @property
    def image_sizes(self) -> list[list[int]]:
        return [size for call in self.calls for size in call["image_sizes"].tolist()]

    def image_token_counts(self) -> list[int]:
        image_id = self.engine.model.config.image_token_id
        return [n for call in self.calls for n in (call["input_ids"] == image_id).sum(1).tolist()]


def spy_on(
    monkeypatch, engine: VarcoEngine, answers: list[str] | None = None, end: bool = True
) -> Spy:
    spy = Spy(engine, answers, end)
    monkeypatch.setattr(engine.model, "generate", spy)
    return spy


def markup(text: str, box: Box, kind: str = "char") -> str:
    return f"<{kind}>{text}</{kind}><bbox>" + ", ".join(repr(round(v, 4)) for v in box) + "</bbox>"
