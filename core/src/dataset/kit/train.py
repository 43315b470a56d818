#!/usr/bin/env python3
"""Tune an open model on this Tallas training kit: a LoRA adapter, on your own (or a rented) GPU.

    pip install torch                  # the build for your GPU: https://pytorch.org/get-started/locally/
    pip install -r requirements.txt    # trl, peft, transformers, datasets, accelerate, pinned

    python train.py --model Qwen/Qwen2.5-7B-Instruct --dry-run          # data and steps, no weights
    python train.py --model Qwen/Qwen2.5-7B-Instruct --output out/sft
    python train.py --model Qwen/Qwen2.5-7B-Instruct --method dpo --adapter out/sft --output out/dpo
    python train.py --model Qwen/Qwen2.5-7B-Instruct --method kto --adapter out/sft --output out/kto
    python train.py --model Qwen/Qwen2.5-7B-Instruct --merge out/dpo --output out/merged

`--model` is a Hugging Face Hub id or a local folder of an *instruct* model: its own chat template
formats every example, system prompt included (the data carries the system prompt Tallas asks with, so
the tuned model is asked as it was trained). A template that refuses or drops a system message is said
so before anything loads. Serving the result: serve.md.

Methods (each file's format is TRL's; README.md says how each was selected):
- `sft` (data/train.jsonl, data/validation.jsonl if present): supervised fine-tuning on the funny jokes,
  the loss on the joke only (prompt-completion), a fresh LoRA adapter.
- `dpo` (data/preferences.jsonl): the arena's decided votes as chosen/rejected pairs. Starts from the
  SFT adapter (`--adapter`), which is also the reference the DPO loss keeps the model near.
- `kto` (data/labels.jsonl): jokes the crowd or the curator decided funny (true) or not funny (false).
  Starts from the SFT adapter like DPO.

Defaults, and where they differ from the original experiment (25 steps at learning rate 1e-4 through
Mistral's fine-tuning API):
- SFT learning rate 1e-4: the same. It is the usual rate for a LoRA adapter.
- SFT length in epochs (3), not steps: 25 steps is a different number of passes for every dataset size
  (and Mistral's steps held an unknown number of examples); 3 passes over a few hundred short jokes
  is the common choice for teaching a style. `--max-steps 25` runs the original's count.
- Batch 4 per device × gradient accumulation 4 = 16 examples a step: fits a 7-8B model in bf16 with
  gradient checkpointing on a 24 GB GPU, and keeps a few-hundred-joke dataset at tens of steps.
- Loss on the joke only: the system prompt is the same in every example and longer than most jokes,
  so a loss over the whole conversation would mostly teach the prompt.
- LoRA rank 16, alpha 32, dropout 0.05, on every linear layer of the attention and MLP blocks (not the
  output head): a small adapter suffices for one task in one style; raise `--lora-r` if the loss stays high.
- Linear decay with 5% warm-up, seed 42, max length 1024 tokens (the dry run says if any example is cut).
- DPO and KTO: learning rate 1e-5 and 2 epochs. TRL's defaults (1e-6 DPO, 1e-6 KTO) are for training every
  weight; an adapter moves far fewer, and preference sets here are small (one row per decided vote).
  beta 0.1 (TRL's default): how far the model may drift from the SFT adapter it starts from.
- KTO weights: desirable and undesirable examples are weighted so that weight × count is balanced,
  as the KTO paper advises (its ratio kept within 1 to 4/3); a kit has more of one kind than the other.
- Precision: bf16 where the GPU has it, else fp16; fp32 on a CPU (which is practical only for tiny models).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
import warnings
from pathlib import Path

# transformers 5 renamed gradient checkpointing "activation checkpointing"; TRL's configs still set the old
# name, which says so at every step of DPO and KTO. Nothing here for the reader to act on.
warnings.filterwarnings("ignore", message=r".*gradient_checkpointing.* is deprecated", category=FutureWarning)

KIT = Path(__file__).resolve().parent

# What each file is for, said when it is missing.
FILES = {
    "sft": ("data/train.jsonl", "SFT learns from the frozen dataset's funny jokes in chat format"),
    "dpo": (
        "data/preferences.jsonl",
        "DPO learns from pairs of jokes for one keyword: the one a player preferred in an arena vote and the "
        "other, and evaluation wins the curator accepted as a source",
    ),
    "kto": (
        "data/labels.jsonl",
        "KTO learns from jokes the crowd's votes or the curator decided funny or not funny",
    ),
}
VALIDATION = "data/validation.jsonl"

DEFAULTS = {
    "sft": {"learning_rate": 1e-4, "epochs": 3.0},
    "dpo": {"learning_rate": 1e-5, "epochs": 2.0},
    "kto": {"learning_rate": 1e-5, "epochs": 2.0},
}


class KitError(Exception):
    """A problem the curator can fix, said in plain words; the script exits 2 with it."""


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Tune an open model on this Tallas training kit (LoRA; SFT, then DPO or KTO). "
        "The defaults and their reasons are at the top of this file."
    )
    p.add_argument("--model", help="the base model: a Hugging Face Hub id or a local folder of an instruct model")
    p.add_argument("--method", choices=["sft", "dpo", "kto"], default="sft", help="default: sft")
    p.add_argument("--adapter", help="dpo and kto: the SFT adapter they start from (an sft run's --output)")
    p.add_argument("--output", help="the folder the adapter is written to (with --merge, the merged model)")
    p.add_argument("--kit", default=str(KIT), help="the kit's folder, holding kit.json and data/ (default: this file's)")
    p.add_argument("--dry-run", action="store_true", help="load and format the data with the tokenizer only")
    p.add_argument("--merge", metavar="ADAPTER", help="merge ADAPTER into --model and save the result to --output")
    p.add_argument("--learning-rate", type=float, help="default: 1e-4 for sft, 1e-5 for dpo and kto")
    p.add_argument("--epochs", type=float, help="default: 3 for sft, 2 for dpo and kto")
    p.add_argument("--max-steps", type=int, default=-1, help="a number of steps instead of epochs (the original: 25)")
    p.add_argument("--batch-size", type=int, default=4, help="examples per device and step (default: 4)")
    p.add_argument("--gradient-accumulation", type=int, default=4, help="batches a step (default: 4)")
    p.add_argument("--max-length", type=int, default=1024, help="tokens of prompt and answer (default: 1024)")
    p.add_argument("--lora-r", type=int, default=16, help="the adapter's rank (default: 16)")
    p.add_argument("--lora-alpha", type=int, default=32, help="default: 32")
    p.add_argument("--lora-dropout", type=float, default=0.05, help="default: 0.05")
    p.add_argument("--beta", type=float, default=0.1, help="dpo and kto: how far from the SFT adapter (default: 0.1)")
    p.add_argument("--warmup", type=float, default=0.05, help="warm-up: a share of the steps below 1, else steps (default: 0.05)")
    p.add_argument("--seed", type=int, default=42, help="default: 42")
    p.add_argument("--logging-steps", type=int, default=1, help="steps between loss reports (default: 1)")
    p.add_argument("--report-to", default="none", help='"tensorboard", "wandb", … (default: none)')
    p.add_argument("--chat-template", metavar="FILE", help="a Jinja file used instead of the model's chat template")
    p.add_argument("--trust-remote-code", action="store_true", help="for models that ship their own code")
    args = p.parse_args(argv)
    if not args.model and not args.merge:
        p.error("--model is required (a Hugging Face Hub id or a local folder)")
    if not args.dry_run and not args.output:
        p.error("--output is required (the folder the adapter is written to), unless --dry-run")
    defaults = DEFAULTS[args.method]
    if args.learning_rate is None:
        args.learning_rate = defaults["learning_rate"]
    if args.epochs is None:
        args.epochs = defaults["epochs"]
    return args


# ---- The kit ---------------------------------------------------------------------------------------


def read_manifest(kit: Path) -> dict:
    path = kit / "kit.json"
    if not path.is_file():
        raise KitError(f"{kit} has no kit.json: pass --kit with the folder of an unzipped Tallas training kit.")
    return json.loads(path.read_text(encoding="utf-8"))


def absent_reason(manifest: dict, rel: str) -> str | None:
    """Why kit.json says `rel` is absent (its `absent` list: `{"path", "why"}`), if it says so."""
    for entry in manifest.get("absent", []):
        if entry.get("path") == rel:
            return entry.get("why")
    return None


def data_file(kit: Path, manifest: dict, method: str) -> Path:
    rel, what = FILES[method]
    path = kit / rel
    if path.is_file() and path.stat().st_size > 0:
        return path
    reason = absent_reason(manifest, rel)
    said = f" kit.json says why: {reason}." if reason else " kit.json lists the kit's absent files and why."
    raise KitError(f"--method {method} needs {rel}, which this kit does not have.{said} {what}.")


def dataset_line(manifest: dict) -> str:
    return f"dataset {manifest.get('dataset_name')!r} ({manifest.get('dataset_id')}), prompt {manifest.get('prompt_version')}"


def load_json_dataset(path: Path):
    from datasets import load_dataset

    return load_dataset("json", data_files=str(path), split="train")


def to_prompt_completion(dataset):
    """Chat rows → TRL's conversational prompt-completion rows: the loss then counts the joke only."""

    def split(row):
        messages = row["messages"]
        if not messages or messages[-1]["role"] != "assistant":
            raise KitError("a row of data/train.jsonl does not end with the assistant's joke")
        return {"prompt": messages[:-1], "completion": messages[-1:]}

    return dataset.map(split, remove_columns=dataset.column_names)


def load_data(kit: Path, manifest: dict, method: str):
    train = load_json_dataset(data_file(kit, manifest, method))
    if len(train) == 0:
        raise KitError(f"{FILES[method][0]} has no rows.")
    validation = None
    if method == "sft":
        train = to_prompt_completion(train)
        if (kit / VALIDATION).is_file():
            validation = to_prompt_completion(load_json_dataset(kit / VALIDATION))
    return train, validation


# ---- The tokenizer and its chat template -----------------------------------------------------------


def load_tokenizer(args):
    from transformers import AutoTokenizer

    if args.method != "sft" and args.adapter and not (Path(args.adapter) / "adapter_config.json").is_file():
        raise KitError(f"{args.adapter} is not an adapter folder (it has no adapter_config.json).")
    source = args.adapter if args.method != "sft" and args.adapter else args.model
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, trust_remote_code=args.trust_remote_code)
    except OSError as e:
        raise KitError(f"cannot load the tokenizer of {source}: {e}") from None
    if args.chat_template:
        tokenizer.chat_template = Path(args.chat_template).read_text(encoding="utf-8")
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def check_chat_template(tokenizer, model: str, prompt: list[dict]) -> str:
    """The model's template must render the kit's system prompt, then the user's keyword, in that order."""
    if not getattr(tokenizer, "chat_template", None):
        raise KitError(
            f"{model} has no chat template, so it is a base (not instruct) model or its tokenizer lacks one. "
            "Use its instruct variant, or pass --chat-template FILE.jinja."
        )
    system, user = prompt[0]["content"], prompt[-1]["content"]
    try:
        text = tokenizer.apply_chat_template(prompt, tokenize=False, add_generation_prompt=True)
    except Exception as e:  # a template's raise_exception(), e.g. "System role not supported"
        raise KitError(
            f"{model}'s chat template refuses this kit's prompt, which starts with a system message: {e}. "
            "The system prompt is the one Tallas asks the tuned model with, so it must be in training too: "
            "choose a model whose template takes a system role, or pass --chat-template FILE.jinja."
        ) from None
    at_system = text.find(system)
    if at_system < 0:
        raise KitError(
            f"{model}'s chat template drops the system message: the rendered prompt lacks the kit's system "
            "prompt. Tallas asks the tuned model with it, so choose a model whose template keeps a system "
            "role, or pass --chat-template FILE.jinja."
        )
    if text.find(user, at_system + len(system)) < 0:
        raise KitError(f"{model}'s chat template does not put the user's message after the system prompt.")
    return text


# ---- Dry run ---------------------------------------------------------------------------------------


def steps(rows: int, args) -> tuple[int, int]:
    """(steps per epoch, total steps) as transformers' Trainer counts them on one device."""
    batches = math.ceil(rows / args.batch_size)
    per_epoch = max(batches // args.gradient_accumulation + int(batches % args.gradient_accumulation > 0), 1)
    total = args.max_steps if args.max_steps > 0 else math.ceil(args.epochs * per_epoch)
    return per_epoch, total


def token_counts(tokenizer, dataset) -> dict:
    """Each row formatted by TRL's own `apply_chat_template`, then tokenized: prompt and answer lengths."""
    from trl import apply_chat_template

    counts: dict[str, list[int]] = {}
    for row in dataset:
        formatted = apply_chat_template(dict(row), tokenizer)
        for key in ("prompt", "completion", "chosen", "rejected"):
            if key in formatted:
                ids = tokenizer(formatted[key], add_special_tokens=False)["input_ids"]
                counts.setdefault(key, []).append(len(ids))
    return counts


def describe(name: str, dataset, tokenizer, args) -> int:
    counts = token_counts(tokenizer, dataset)
    parts = [f"{k} {min(v)}-{max(v)} (mean {sum(v) / len(v):.0f})" for k, v in counts.items()]
    prompts = counts["prompt"]
    answers = [c for k in ("completion", "chosen", "rejected") for c in counts.get(k, [])]
    longest = max(p + a for p, a in zip(prompts * (len(answers) // len(prompts)), answers))
    total = sum(prompts) + sum(answers)
    cut = sum(
        1 for k in ("completion", "chosen", "rejected") for p, a in zip(prompts, counts.get(k, [])) if p + a > args.max_length
    )
    print(f"{name}: {len(dataset)} rows; tokens per row: {', '.join(parts)}")
    print(
        f"{name}: tokens: {total} in all, longest example {longest} "
        f"(max length {args.max_length}: {cut or 'none'} cut)"
    )
    if "label" in dataset.column_names:
        good = sum(1 for x in dataset["label"] if x)
        print(f"{name}: {good} funny (label true), {len(dataset) - good} not funny (label false)")
    return total


def dry_run(args, kit: Path, manifest: dict, train, validation, tokenizer) -> None:
    print(f"kit: {dataset_line(manifest)}; method {args.method}; tokenizer of {args.model} (no weights loaded)")
    describe(FILES[args.method][0], train, tokenizer, args)
    if validation is not None:
        describe(VALIDATION, validation, tokenizer, args)
    per_epoch, total = steps(len(train), args)
    per_step = args.batch_size * args.gradient_accumulation
    per = f"{per_epoch} step" + ("s" if per_epoch != 1 else "")
    length = f"--max-steps {args.max_steps}" if args.max_steps > 0 else f"{args.epochs:g} epochs of {per}"
    print(f"steps: {total} ({length}; {per_step} examples a step on one device)")


# ---- Training --------------------------------------------------------------------------------------


def precision():
    import torch

    if torch.cuda.is_available():
        if torch.cuda.is_bf16_supported():
            return torch.bfloat16, {"bf16": True, "fp16": False}
        return torch.float16, {"bf16": False, "fp16": True}
    return torch.float32, {"bf16": False, "fp16": False, "dataloader_pin_memory": False}


def load_model(args, dtype):
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(args.model, dtype=dtype, trust_remote_code=args.trust_remote_code)


def common_config(args, flags: dict) -> dict:
    return dict(
        output_dir=args.output,
        learning_rate=args.learning_rate,
        num_train_epochs=args.epochs,
        max_steps=args.max_steps,
        per_device_train_batch_size=args.batch_size,
        per_device_eval_batch_size=args.batch_size,
        gradient_accumulation_steps=args.gradient_accumulation,
        lr_scheduler_type="linear",
        warmup_steps=args.warmup if args.warmup < 1 else int(args.warmup),
        logging_steps=args.logging_steps,
        save_strategy="no",
        report_to=args.report_to,
        seed=args.seed,
        max_length=args.max_length,
        **flags,
    )


def lora_config(args):
    from peft import LoraConfig

    return LoraConfig(
        r=args.lora_r,
        lora_alpha=args.lora_alpha,
        lora_dropout=args.lora_dropout,
        target_modules="all-linear",
        task_type="CAUSAL_LM",
    )


def train_sft(args, train, validation, tokenizer, dtype, flags):
    from trl import SFTConfig, SFTTrainer

    config = SFTConfig(
        **common_config(args, flags),
        completion_only_loss=True,
        eval_strategy="epoch" if validation is not None and args.max_steps <= 0 else "no",
    )
    return SFTTrainer(
        model=load_model(args, dtype),
        args=config,
        train_dataset=train,
        eval_dataset=validation,
        processing_class=tokenizer,
        peft_config=lora_config(args),
    )


def from_sft_adapter(args, dtype):
    """The base model with the SFT adapter, trainable; the trainers copy it as their frozen reference."""
    from peft import PeftModel

    return PeftModel.from_pretrained(load_model(args, dtype), args.adapter, is_trainable=True)


def train_dpo(args, train, tokenizer, dtype, flags):
    from trl import DPOConfig, DPOTrainer

    config = DPOConfig(**common_config(args, flags), beta=args.beta)
    return DPOTrainer(
        model=from_sft_adapter(args, dtype), args=config, train_dataset=train, processing_class=tokenizer
    )


def kto_weights(train) -> tuple[float, float]:
    """(desirable, undesirable) weights with desirable × count ≈ undesirable × count."""
    good = sum(1 for x in train["label"] if x)
    bad = len(train) - good
    if good == 0 or bad == 0:
        kind = "funny (label true)" if good == 0 else "not funny (label false)"
        raise KitError(f"data/labels.jsonl has no {kind} rows: KTO needs both kinds.")
    if good >= bad:
        return 1.0, good / bad
    return bad / good, 1.0


def train_kto(args, train, tokenizer, dtype, flags):
    from trl import KTOConfig, KTOTrainer

    desirable, undesirable = kto_weights(train)
    print(f"kto: desirable weight {desirable:.3g}, undesirable weight {undesirable:.3g}")
    if args.batch_size < 2:
        raise KitError("KTO needs --batch-size of at least 2 (its KL estimate pairs examples within a batch).")
    config = KTOConfig(
        **common_config(args, flags),
        beta=args.beta,
        desirable_weight=desirable,
        undesirable_weight=undesirable,
    )
    return KTOTrainer(
        model=from_sft_adapter(args, dtype), args=config, train_dataset=train, processing_class=tokenizer
    )


def versions() -> dict:
    import importlib.metadata as md

    return {p: md.version(p) for p in ("torch", "transformers", "trl", "peft", "datasets", "accelerate")}


def write_summary(args, manifest: dict, trainer, seconds: float, extra: dict) -> None:
    history = trainer.state.log_history
    summary = {
        "format": "tallas-training-run",
        "kit": {k: manifest.get(k) for k in ("dataset_id", "dataset_name", "prompt_version")},
        "method": args.method,
        "base_model": args.model,
        "from_adapter": args.adapter if args.method != "sft" else None,
        "steps": trainer.state.global_step,
        "seconds": round(seconds, 1),
        "losses": [h["loss"] for h in history if "loss" in h],
        "eval_losses": [h["eval_loss"] for h in history if "eval_loss" in h],
        "hyperparameters": {
            "learning_rate": args.learning_rate,
            "epochs": args.epochs,
            "max_steps": args.max_steps,
            "batch_size": args.batch_size,
            "gradient_accumulation": args.gradient_accumulation,
            "lora_r": args.lora_r,
            "lora_alpha": args.lora_alpha,
            "lora_dropout": args.lora_dropout,
            "beta": args.beta if args.method != "sft" else None,
            "seed": args.seed,
            **extra,
        },
        "versions": versions(),
    }
    path = Path(args.output) / "tallas_training.json"
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def train(args, kit: Path, manifest: dict, train_data, validation, tokenizer) -> None:
    import torch

    dtype, flags = precision()
    if not torch.cuda.is_available():
        print("no GPU found: training on the CPU, which is practical only for tiny models", file=sys.stderr)
    extra = {}
    if args.method == "sft":
        trainer = train_sft(args, train_data, validation, tokenizer, dtype, flags)
    elif args.method == "dpo":
        trainer = train_dpo(args, train_data, tokenizer, dtype, flags)
    else:
        trainer = train_kto(args, train_data, tokenizer, dtype, flags)
        extra = {"desirable_weight": trainer.args.desirable_weight, "undesirable_weight": trainer.args.undesirable_weight}
    started = time.monotonic()
    trainer.train()
    seconds = time.monotonic() - started
    if validation is not None:
        trainer.evaluate()
    Path(args.output).mkdir(parents=True, exist_ok=True)
    # Only the trained adapter: DPO and KTO keep a frozen copy of the SFT adapter ("ref") beside it.
    trainer.model.save_pretrained(args.output, selected_adapters=["default"])
    tokenizer.save_pretrained(args.output)
    write_summary(args, manifest, trainer, seconds, extra)
    losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
    print(
        f"{args.method}: {trainer.state.global_step} steps in {seconds:.0f} s; loss {losses[0]:.4f} → {losses[-1]:.4f}; "
        f"adapter written to {args.output} (serve.md says how to serve it)"
    )


def merge(args) -> None:
    """The adapter folded into the base model's weights, saved whole: for llama.cpp's GGUF conversion."""
    from peft import PeftConfig, PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if not (Path(args.merge) / "adapter_config.json").is_file():
        raise KitError(f"{args.merge} is not an adapter folder (it has no adapter_config.json).")
    base = args.model or PeftConfig.from_pretrained(args.merge).base_model_name_or_path
    model = AutoModelForCausalLM.from_pretrained(base, dtype="auto", trust_remote_code=args.trust_remote_code)
    model = PeftModel.from_pretrained(model, args.merge).merge_and_unload()
    model.save_pretrained(args.output)
    AutoTokenizer.from_pretrained(args.merge).save_pretrained(args.output)
    print(f"merged {args.merge} into {base}: {args.output}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.merge:
            if not args.output:
                raise KitError("--merge needs --output, the folder for the merged model.")
            merge(args)
            return 0
        if args.method != "sft" and not args.adapter and not args.dry_run:
            raise KitError(
                f"--method {args.method} starts from the SFT adapter: run --method sft first, "
                "then pass its --output as --adapter."
            )
        kit = Path(args.kit)
        manifest = read_manifest(kit)
        train_data, validation = load_data(kit, manifest, args.method)
        tokenizer = load_tokenizer(args)
        check_chat_template(tokenizer, args.model, train_data[0]["prompt"])
        if args.dry_run:
            dry_run(args, kit, manifest, train_data, validation, tokenizer)
        else:
            train(args, kit, manifest, train_data, validation, tokenizer)
    except KitError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
