"""Throughput of the VARCO engine's generate path: prefill, decode, pages/min, peak memory.

No weights are downloaded: the model is VARCO-VISION-2.0-1.7B's architecture with random
weights — Qwen3-1.7B (28 layers, 2048 wide, 16 query / 8 KV heads of 128, FFN 6144, 151,936
tied embeddings) behind SigLIP2-so400m-patch16-384 (27 layers, 1152 wide, 16 heads, FFN 4304),
the figures of those models' public configs — fed through ``VarcoEngine`` itself, so the
tiling, 2304-px upscale, processor and left-padded batching are the ones docparse runs. With
random weights the answer never ends by itself, so ``min_new_tokens`` forces every answer to
``--new-tokens``: at ~30 tokens per ``<char>…</char><bbox>…</bbox>`` word (Qwen writes each
digit as a token), the default 3000 is a ~100-word receipt; a dense A4 page is 12-15k.

For each batch size one batch of pages goes through ``recognize`` twice: with one new token
(prefill: image preprocessing, vision tower, prompt) and with ``--new-tokens`` (the rest is
decode). Decode is bound by memory reads: every step reads all language-model weights plus
every sequence's KV cache, and the floor printed is that byte count over ``--bandwidth-tbps``.

    python benchmarks/vlm_throughput.py                       # CUDA, bf16, batch 1, 4, 8
    python benchmarks/vlm_throughput.py --tiny --device cpu   # tiny config, CPU smoke run
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path
from typing import Any

import torch
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from tiny_vlm import (  # the shared builder lives with the tests
    TINY_TEXT,
    TINY_VISION,
    build_config,
    build_model,
    build_processor,
    build_tokenizer,
)

from docparse.engines.varco.local import LocalOptions as EngineOptions
from docparse.engines.varco.local import VarcoEngine
from docparse.engines.varco.tiling import plan_tiles, upscaled_size

QWEN3_1_7B: dict[str, Any] = {
    "vocab_size": 151936,
    "hidden_size": 2048,
    "intermediate_size": 6144,
    "num_hidden_layers": 28,
    "num_attention_heads": 16,
    "num_key_value_heads": 8,
    "head_dim": 128,
    "tie_word_embeddings": True,
    "rope_theta": 1_000_000.0,
    "rms_norm_eps": 1e-6,
}
SIGLIP2_SO400M_PATCH16_384: dict[str, Any] = {
    "hidden_size": 1152,
    "intermediate_size": 4304,
    "num_hidden_layers": 27,
    "num_attention_heads": 16,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiny", action="store_true", help="tiny config (tests/tiny_vlm.py)")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--batch-sizes", default="1,4,8", help="comma-separated")
    parser.add_argument("--new-tokens", type=int, default=3000, help="forced answer length")
    parser.add_argument("--page", default="1654x2339", help="WxH in px (A4 at 200 dpi)")
    parser.add_argument(
        "--bandwidth-tbps", type=float, default=3.35, help="GPU memory bandwidth (H100 SXM 3.35)"
    )
    parser.add_argument(
        "--cache-implementation",
        choices=["dynamic", "static"],
        default="dynamic",
        help="static: preallocated KV cache (transformers may compile the decode step)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="time each run N times; keep the best"
    )
    parser.add_argument(
        "--no-cudnn-attention",
        action="store_true",
        help="turn off PyTorch's cuDNN attention backend (flash/efficient/math remain)",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    return parser.parse_args()


def page_image(width: int, height: int) -> Image.Image:
    """A white page with lines of dark bars, so the vision tower sees text-like contrast."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for y in range(height // 20, height - height // 20, max(8, height // 60)):
        draw.rectangle((width // 12, y, width - width // 12, y + max(2, height // 200)), "black")
    return image


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed_recognize(
    engine: VarcoEngine, pages: list[Image.Image], device: torch.device, repeats: int = 1
) -> float:
    """The best wall time of ``repeats`` runs (the others are noise from the machine)."""
    best = math.inf
    for _ in range(repeats):
        synchronize(device)
        start = time.perf_counter()
        engine.recognize(pages)
        synchronize(device)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    args = parse_args()
    width, height = (int(v) for v in args.page.lower().split("x"))
    if len(tiles := plan_tiles(width, height)) > 1:
        sys.exit(f"--page {args.page} is cut into {len(tiles)} tiles; give a page up to 1:2")
    device = torch.device(args.device)
    if args.no_cudnn_attention:
        torch.backends.cuda.enable_cudnn_sdp(False)
    dtype = torch.bfloat16 if device.type == "cuda" else torch.float32
    tokenizer = build_tokenizer()
    processor = build_processor(tokenizer)
    sizes = (TINY_TEXT, TINY_VISION) if args.tiny else (QWEN3_1_7B, SIGLIP2_SO400M_PATCH16_384)
    config = build_config(tokenizer, text=sizes[0], vision=sizes[1])
    start = time.perf_counter()
    model = build_model(config, device=str(device), dtype=dtype)
    build_s = time.perf_counter() - start

    language = model.model.language_model
    lm_bytes = sum(p.numel() * p.element_size() for p in language.parameters())
    if not config.tie_word_embeddings:
        lm_bytes += sum(p.numel() * p.element_size() for p in model.lm_head.parameters())
    text = config.text_config
    kv_bytes_per_token = (
        2 * text.num_hidden_layers * text.num_key_value_heads * text.head_dim * dtype.itemsize
    )
    total_params = sum(p.numel() for p in model.parameters())
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    cache = {"cache_implementation": "static"} if args.cache_implementation == "static" else {}

    def engine(batch: int, new_tokens: int) -> VarcoEngine:
        options = EngineOptions(batch_size=batch, max_new_tokens=new_tokens)
        forced = {"min_new_tokens": new_tokens, **cache}
        return VarcoEngine(processor, model, options, generate_kwargs=forced)

    print(
        f"model: {'tiny' if args.tiny else 'VARCO-VISION-2.0-1.7B architecture'}, random weights, "
        f"{total_params / 1e6:,.1f} M params ({lm_bytes / 1e6:,.1f} MB of language model read "
        f"per decode step), {dtype}, {device}; built in {build_s:.1f} s"
    )
    prompt_lengths: list[int] = []
    generate = model.generate

    def recording_generate(**kwargs: Any) -> torch.Tensor:
        prompt_lengths.append(int(kwargs["input_ids"].shape[1]))
        return generate(**kwargs)

    model.generate = recording_generate  # to report the prompt length the engine built
    engine(1, 1).recognize([page_image(width, height)])
    prompt_tokens = prompt_lengths[-1]
    view = upscaled_size(width, height, engine(1, 1).long_side)
    print(
        f"page {width}×{height} px → view {view[0]}×{view[1]} px, {prompt_tokens} prompt "
        f"tokens; answers forced to {args.new_tokens} tokens"
    )

    results = []
    for batch in batch_sizes:
        pages = [page_image(width, height) for _ in range(batch)]
        timed_recognize(engine(batch, 2), pages, device)  # warm-up: allocations, compilation
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(device)
        prefill_s = timed_recognize(engine(batch, 1), pages, device, args.repeats)
        total_s = timed_recognize(engine(batch, args.new_tokens), pages, device, args.repeats)
        decode_s = total_s - prefill_s
        if decode_s <= 0:
            sys.exit(f"batch {batch}: decode took no measurable time; raise --new-tokens")
        decode_tps = batch * (args.new_tokens - 1) / decode_s
        if device.type == "cuda":
            peak = f"{torch.cuda.max_memory_allocated(device) / 2**30:.2f} GiB GPU"
        else:
            peak = f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB RSS"
        context = prompt_tokens + args.new_tokens / 2  # mean KV length over the answer
        step_bytes = lm_bytes + batch * context * kv_bytes_per_token
        floor_ms = step_bytes / (args.bandwidth_tbps * 1e12) * 1e3
        row = {
            "batch": batch,
            "prefill_s": round(prefill_s, 3),
            "decode_s": round(decode_s, 3),
            "decode_tokens_per_s": round(decode_tps, 1),
            "ms_per_step": round(decode_s / (args.new_tokens - 1) * 1e3, 3),
            "floor_ms_per_step": round(floor_ms, 3),
            "floor_tokens_per_s": round(batch / floor_ms * 1e3, 1),
            "pages_per_min": round(batch / total_s * 60, 2),
            "peak_memory": peak,
        }
        results.append(row)
        print(
            f"batch {batch}: prefill {prefill_s:.2f} s, decode {decode_tps:.1f} tok/s "
            f"({row['ms_per_step']} ms/step; bandwidth floor {floor_ms:.3f} ms/step = "
            f"{row['floor_tokens_per_s']} tok/s at {args.bandwidth_tbps} TB/s), "
            f"{row['pages_per_min']} pages/min, peak {peak}"
        )
    if args.json:
        report = {"args": {**vars(args), "json": str(args.json)}, "prompt_tokens": prompt_tokens}
        args.json.write_text(json.dumps({**report, "results": results}, indent=2))


if __name__ == "__main__":
    main()
