"""Where a VARCO decode step's time goes: docparse's engine, bare ``generate``, a bare loop.

The throughput benchmark (``vlm_throughput.py``) found each decode step 40-80× above the
memory-bandwidth floor. This asks whether docparse adds to it: one page (batch 1, random
weights, VARCO-VISION-2.0-1.7B's architecture) is answered with ``--new-tokens`` forced tokens

1. through ``VarcoEngine.recognize`` (processor, chat template, ``generate``, decoding),
2. through ``model.generate`` alone with the inputs the engine built,
3. through a bare loop of ``model(...)`` calls on a dynamic KV cache (greedy, no ``generate``),

and profiles 20 steps of (3) with ``torch.profiler``: the GPU's busy time per step against the
wall time per step says whether the step waits on the GPU or on the host (Python and launches).

    python benchmarks/vlm_decode_profile.py --new-tokens 200
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import torch
import vlm_throughput as throughput  # puts tests/ (tiny_vlm's builders) on the path
from torch.profiler import ProfilerActivity, profile

from docparse.engines.varco.local import LocalOptions, VarcoEngine


def step_ms(seconds: float, steps: int) -> str:
    return f"{seconds / steps * 1e3:.1f} ms/step"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--new-tokens", type=int, default=200)
    parser.add_argument("--page", default="1654x2339", help="WxH in px (A4 at 200 dpi)")
    parser.add_argument("--tiny", action="store_true", help="tiny config, CPU (a smoke run)")
    args = parser.parse_args()
    device = torch.device("cpu" if args.tiny else "cuda")
    tokenizer = throughput.build_tokenizer()
    processor = throughput.build_processor(tokenizer)
    sizes = (
        (throughput.TINY_TEXT, throughput.TINY_VISION)
        if args.tiny
        else (throughput.QWEN3_1_7B, throughput.SIGLIP2_SO400M_PATCH16_384)
    )
    config = throughput.build_config(tokenizer, text=sizes[0], vision=sizes[1])
    dtype = torch.float32 if args.tiny else torch.bfloat16
    model = throughput.build_model(config, device=str(device), dtype=dtype)
    print(f"attention implementation: {model.config.text_config._attn_implementation}")
    width, height = (int(v) for v in args.page.lower().split("x"))
    page = throughput.page_image(width, height)
    captured: dict[str, Any] = {}
    generate = model.generate

    def capturing_generate(**kwargs: Any) -> torch.Tensor:
        captured.update(kwargs)
        return generate(**kwargs)

    model.generate = capturing_generate

    def engine(new_tokens: int) -> VarcoEngine:
        options = LocalOptions(batch_size=1, max_new_tokens=new_tokens)
        return VarcoEngine(
            processor, model, options, generate_kwargs={"min_new_tokens": new_tokens}
        )

    def timed(run: Any) -> float:
        throughput.synchronize(device)
        start = time.perf_counter()
        run()
        throughput.synchronize(device)
        return time.perf_counter() - start

    steps = args.new_tokens - 1
    engine(2).recognize([page])  # warm-up
    prefill = timed(lambda: engine(1).recognize([page]))
    whole = timed(lambda: engine(args.new_tokens).recognize([page]))
    print(f"1. VarcoEngine.recognize: {step_ms(whole - prefill, steps)}")

    bare = {k: v for k, v in captured.items() if k not in ("max_new_tokens", "min_new_tokens")}
    with torch.inference_mode():
        one = timed(lambda: generate(**bare, max_new_tokens=1, min_new_tokens=1))
        many = timed(
            lambda: generate(**bare, max_new_tokens=args.new_tokens, min_new_tokens=args.new_tokens)
        )
    print(f"2. model.generate: {step_ms(many - one, steps)}")

    model_inputs = {
        k: captured[k] for k in ("input_ids", "attention_mask", "pixel_values", "image_sizes")
    }

    def prefill() -> tuple[Any, torch.Tensor]:
        output = model(**model_inputs, use_cache=True)
        return output.past_key_values, output.logits[:, -1:].argmax(-1)

    def decode(cache: Any, token: torch.Tensor, count: int) -> None:
        for _ in range(count):
            output = model(input_ids=token, past_key_values=cache, use_cache=True)
            token = output.logits[:, -1:].argmax(-1)

    profiled = 20
    with torch.inference_mode():
        decode(*prefill(), 2)
        state = prefill()
        seconds = timed(lambda: decode(*state, steps))
        print(f"3. bare loop of model(...) calls: {step_ms(seconds, steps)}")
        state = prefill()
        throughput.synchronize(device)
        activities = [ProfilerActivity.CPU]
        if device.type == "cuda":
            activities.append(ProfilerActivity.CUDA)
        with profile(activities=activities) as prof:
            start = time.perf_counter()
            decode(*state, profiled)
            throughput.synchronize(device)
            wall = time.perf_counter() - start
    events = prof.key_averages()
    gpu_us = sum(e.self_device_time_total for e in events if e.device_type.name == "CUDA")
    launches = sum(e.count for e in events if e.key in ("cudaLaunchKernel", "cuLaunchKernel"))
    print(
        f"profile of {profiled} decode steps: wall {step_ms(wall, profiled)} (profiler on), "
        f"GPU busy {gpu_us / 1e3 / profiled:.2f} ms/step, {launches / profiled:.0f} kernel "
        "launches per step"
    )
    print(events.table(sort_by="self_cpu_time_total", row_limit=12))


if __name__ == "__main__":
    main()
