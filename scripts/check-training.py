#!/usr/bin/env python3
"""The training kit, checked for real: `make check-training` (docs/BENCHMARKS.md, "Training kit check").

Builds a kit from core's fixtures through core itself (`cargo run -p tallas-core --example training-kit`),
makes a tiny model from a config (a two-layer Llama whose BPE tokenizer is trained on the kit's own
texts, with a chat template that renders system, user and assistant turns; nothing comes from a model
hub), then runs the kit's `train.py` on the CPU: `--dry-run`, SFT, DPO and KTO from the SFT adapter, and
`--merge`. It asserts that:
- the kit ships core's train.py and requirements.txt, and the pins are the versions installed here;
- every data file loads with `datasets.load_dataset("json")` and is the TRL format its method takes
  (TRL's `is_conversational` and `apply_chat_template` accept every row);
- every prompt is the app's: core's system prompt, then `Palabra clave: <keyword>`, and the chat
  template renders the system prompt and then the keyword;
- the dry run prints token counts and the number of steps the real run then takes;
- each method's loss is finite and falls; each adapter is written, loads back with peft, and answers
  (a greedy generation gives new tokens); DPO and KTO start from the SFT adapter; the merged model
  gives the adapter's logits;
- a missing preference file and a chat template that refuses or drops the system prompt are refused
  with words that say so.

Run by hand, not by `make test`. `--kit DIR` checks a kit folder (e.g. one downloaded from the app)
instead of building one. Exits non-zero, saying which check failed, on any failure.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIT_SOURCES = ROOT / "core/src/dataset/kit"
FIXTURES = ROOT / "core/tests/kit_fixtures"
WORK = ROOT / "target/check-training"

OFFLINE = {
    "HF_HUB_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "HF_DATASETS_DISABLE_PROGRESS_BARS": "1",
    "HF_HOME": str(WORK / "hf-home"),
    "CUDA_VISIBLE_DEVICES": "",
    "TOKENIZERS_PARALLELISM": "false",
    "PYTHONHASHSEED": "0",
    # One thread: the tiny model gains nothing from more, and on a machine shared with builds a second
    # OpenMP thread waiting for a busy core made a step up to ten times slower.
    "OMP_NUM_THREADS": "1",
}
os.environ.update(OFFLINE)

SPECIAL = ["<unk>", "<pad>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
# Templates as some models ship them: one refuses a system message, one leaves it out.
REFUSING = (
    "{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}"
    + TEMPLATE
)
DROPPING = (
    "{% for m in messages %}{% if m['role'] != 'system' %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>"
    "{% endif %}{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
)

# Small enough for a few seconds a method on two cores; the rates make a random tiny model's loss fall.
SEED = 0
SFT = {"learning_rate": 5e-3, "epochs": 12}
PREFERENCE = {"learning_rate": 5e-3, "epochs": 12}


class CheckFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


class Clock:
    def __init__(self):
        self.rows: list[tuple[str, float]] = []

    def time(self, name: str, fn, *a, **kw):
        started = time.monotonic()
        try:
            return fn(*a, **kw)
        finally:
            self.rows.append((name, time.monotonic() - started))


def run(cmd: list[str], log: Path, expect: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, **OFFLINE}
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    log.write_text(f"$ {' '.join(cmd)}\n--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}", encoding="utf-8")
    if done.returncode != expect:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-25:])
        raise CheckFailed(f"`{' '.join(cmd)}` exited {done.returncode}, not {expect} (log: {log}):\n{tail}")
    return done


# ---- The kit ---------------------------------------------------------------------------------------


def build_kit(fixture: Path, out: Path) -> None:
    """`out` as core builds it from `fixture` (and `out`.zip beside it)."""
    example = ROOT / "core/examples/training-kit.rs"
    check(
        example.is_file(),
        f"core's training-kit example ({example.relative_to(ROOT)}) is missing, so no kit can be built from "
        "the fixtures; pass --kit DIR to check a kit folder instead.",
    )
    check(fixture.is_file(), f"the kit fixture {fixture} is missing")
    cmd = ["cargo", "run", "-q", "-p", "tallas-core", "--example", "training-kit", "--", str(fixture), str(out)]
    run(cmd, WORK / f"logs/build-kit-{fixture.stem}.log")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def app_system_prompt() -> str:
    """core's SYSTEM (core/src/prompts/generate.rs), with Rust's `\\`-newline continuations joined."""
    source = (ROOT / "core/src/prompts/generate.rs").read_text(encoding="utf-8")
    literal = re.search(r'pub const SYSTEM: &str = "((?:[^"\\]|\\.)*)";', source, re.S)
    check(literal is not None, "core/src/prompts/generate.rs has no SYSTEM literal to compare with")
    return re.sub(r"\\\n\s*", "", literal.group(1)).replace('\\"', '"')


def check_kit_files(kit: Path) -> None:
    for rel in ("kit.json", "README.md", "train.py", "requirements.txt", "serve.md", "data/train.jsonl"):
        check((kit / rel).is_file(), f"the kit has no {rel}")
    for rel in ("data/preferences.jsonl", "data/labels.jsonl"):
        check((kit / rel).is_file(), f"the kit has no {rel}: its fixture must have arena votes and ballots")
    for name in ("train.py", "requirements.txt"):
        ours = (KIT_SOURCES / name).read_bytes()
        check((kit / name).read_bytes() == ours, f"the kit's {name} is not core/src/dataset/kit/{name}")
    check_pins(kit / "requirements.txt")


def check_pins(requirements: Path) -> dict[str, str]:
    import importlib.metadata as md

    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            check("==" in line, f"requirements.txt pins exactly (==): {line!r} does not")
            name, version = (x.strip() for x in line.split("==", 1))
            pins[name] = version
    for name in ("trl", "peft", "transformers", "datasets", "accelerate"):
        check(name in pins, f"requirements.txt does not pin {name}")
        check(md.version(name) == pins[name], f"{name} {md.version(name)} is installed, the kit pins {pins[name]}")
    check("torch" not in pins, "requirements.txt pins torch, which is left to the machine")
    return pins


def check_data(kit: Path, system: str) -> dict[str, int]:
    """Each file through datasets' JSON loader and TRL's own format checks; every prompt the app's."""
    from datasets import load_dataset
    from trl import is_conversational

    kinds = {
        "data/train.jsonl": {"messages"},
        "data/validation.jsonl": {"messages"},
        "data/preferences.jsonl": {"prompt", "chosen", "rejected"},
        "data/labels.jsonl": {"prompt", "completion", "label"},
    }
    counts = {}
    for rel, columns in kinds.items():
        path = kit / rel
        if not path.is_file():
            continue
        data = load_dataset("json", data_files=str(path), split="train")
        check(set(data.column_names) == columns, f"{rel}'s columns are {data.column_names}, not {sorted(columns)}")
        check(len(data) > 0, f"{rel} is empty")
        for i, row in enumerate(data):
            check(is_conversational(row), f"{rel} row {i + 1} is not conversational as TRL reads it")
            prompt = row["messages"][:2] if "messages" in row else row["prompt"]
            check(len(prompt) == 2, f"{rel} row {i + 1}: the prompt is not a system and a user message")
            check(prompt[0] == {"role": "system", "content": system}, f"{rel} row {i + 1}: not core's system prompt")
            user = prompt[1]
            check(
                user["role"] == "user" and re.fullmatch(r"Palabra clave: \S.*", user["content"]) is not None,
                f"{rel} row {i + 1}: the user message is not `Palabra clave: <keyword>`: {user!r}",
            )
            answers = [row[k] for k in ("chosen", "rejected", "completion") if k in row] or [row["messages"][2:]]
            for answer in answers:
                check(
                    len(answer) == 1 and answer[0]["role"] == "assistant" and answer[0]["content"].strip(),
                    f"{rel} row {i + 1}: an answer is not one non-empty assistant message",
                )
            if "label" in row:
                check(isinstance(row["label"], bool), f"{rel} row {i + 1}: label is not true or false")
            if "chosen" in row:
                check(row["chosen"] != row["rejected"], f"{rel} row {i + 1}: chosen and rejected are the same")
        counts[rel] = len(data)
    return counts


# ---- The tiny model --------------------------------------------------------------------------------


def kit_texts(kit: Path) -> list[str]:
    texts = []
    for path in sorted((kit / "data").glob("*.jsonl")):
        for row in read_jsonl(path):
            for key in ("messages", "prompt", "chosen", "rejected", "completion"):
                texts.extend(m["content"] for m in row.get(key, []))
    return texts


def tiny_tokenizer(texts: list[str], template: str):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=800,
        special_tokens=SPECIAL,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    bpe.train_from_iterator(texts, trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=bpe, unk_token="<unk>", pad_token="<pad>", eos_token="<|end|>", chat_template=template
    )


def make_tiny_model(kit: Path, out: Path) -> dict:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = tiny_tokenizer(kit_texts(kit), TEMPLATE)
    tokenizer.save_pretrained(out)
    torch.manual_seed(SEED)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=1024,
        pad_token_id=tokenizer.pad_token_id,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=None,
        tie_word_embeddings=False,
    )
    model = LlamaForCausalLM(config)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.save_pretrained(out)
    for name, template in (("refusing", REFUSING), ("dropping", DROPPING)):
        tokenizer.chat_template = template
        tokenizer.save_pretrained(out.parent / f"tokenizer-{name}")
    return {"vocab": len(tokenizer), "parameters": sum(p.numel() for p in model.parameters())}


def check_template_placement(kit: Path, model: Path, system: str) -> None:
    """TRL's apply_chat_template on a training row: system prompt, then the keyword, then the answer."""
    from transformers import AutoTokenizer
    from trl import apply_chat_template

    tokenizer = AutoTokenizer.from_pretrained(model)
    row = read_jsonl(kit / "data/train.jsonl")[0]
    user, joke = row["messages"][1]["content"], row["messages"][2]["content"]
    prompt = {"prompt": row["messages"][:2], "completion": row["messages"][2:]}
    formatted = apply_chat_template(prompt, tokenizer)
    text = formatted["prompt"]
    at_system, at_user = text.find(system), text.find(user)
    check(at_system >= 0, f"the rendered prompt lacks core's system prompt: {text!r}")
    check(at_user > at_system + len(system) - 1, f"the keyword's message does not follow the system prompt: {text!r}")
    check(text.endswith("<|assistant|>"), f"the rendered prompt does not end asking the assistant: {text!r}")
    check(formatted["completion"].startswith(joke), f"the completion is not the joke: {formatted['completion']!r}")
    for rel in ("data/preferences.jsonl", "data/labels.jsonl"):
        row = read_jsonl(kit / rel)[0]
        formatted = apply_chat_template(row, tokenizer)
        check(formatted["prompt"].find(system) >= 0, f"{rel}: the rendered prompt lacks the system prompt")
        check(formatted["prompt"].find(row["prompt"][1]["content"]) > 0, f"{rel}: the keyword is not rendered")


# ---- train.py --------------------------------------------------------------------------------------


def train_py(kit: Path, *args: str, log: str, expect: int = 0) -> subprocess.CompletedProcess:
    return run([sys.executable, str(kit / "train.py"), "--kit", str(kit), *args], WORK / f"logs/{log}.log", expect)


def hyperparameters(method: str, rows: int) -> tuple[list[str], int]:
    """Full-batch steps (every row in each step, no dropout, no warm-up): the loss falls reliably."""
    rates = SFT if method == "sft" else PREFERENCE
    batch = max(2, min(rows, 16))
    flags = [
        "--learning-rate", str(rates["learning_rate"]),
        "--epochs", str(rates["epochs"]),
        "--batch-size", str(batch),
        "--gradient-accumulation", "1",
        "--lora-dropout", "0",
        "--warmup", "0",
        "--seed", str(SEED),
    ]
    return flags, rates["epochs"] * math.ceil(rows / batch)


def dry_run(kit: Path, model: Path, method: str, rows: int, adapter: Path | None) -> int:
    flags, _ = hyperparameters(method, rows)
    extra = ["--adapter", str(adapter)] if adapter else []
    out = train_py(kit, "--model", str(model), "--method", method, "--dry-run", *flags, *extra, log=f"dry-run-{method}").stdout
    check(re.search(r"tokens per row: prompt \d+", out) is not None, f"--dry-run {method} prints no token counts:\n{out}")
    check(re.search(r"tokens: \d+ in all", out) is not None, f"--dry-run {method} prints no token total:\n{out}")
    steps = re.search(r"^steps: (\d+)", out, re.M)
    check(steps is not None, f"--dry-run {method} prints no number of steps:\n{out}")
    return int(steps.group(1))


def simulated_bare_kit(kit: Path) -> Path:
    """`kit` without its preference files, kit.json saying why as core says it (for `--kit DIR`)."""
    bare = WORK / "kit-bare"
    shutil.copytree(kit, bare)
    manifest = json.loads((bare / "kit.json").read_text(encoding="utf-8"))
    why = {"data/preferences.jsonl": "no arena vote decided", "data/labels.jsonl": "no joke decided funny or not"}
    for rel, reason in why.items():
        (bare / rel).unlink()
        manifest["files"] = [f for f in manifest["files"] if f != rel]
        manifest["absent"] = [a for a in manifest["absent"] if a["path"] != rel] + [{"path": rel, "why": reason}]
    (bare / "kit.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return bare


def check_refusals(kit: Path, bare: Path, model: Path) -> None:
    """A kit without preference files (no arena votes, no decided jokes) still tunes with SFT and refuses
    DPO and KTO with kit.json's reason; chat templates that refuse or drop the system prompt are refused
    before any weight loads."""
    manifest = json.loads((bare / "kit.json").read_text(encoding="utf-8"))
    why = {entry["path"]: entry["why"] for entry in manifest["absent"]}
    for method, rel in (("dpo", "data/preferences.jsonl"), ("kto", "data/labels.jsonl")):
        check(not (bare / rel).exists() and rel in why, f"the kit without votes has {rel}, or kit.json does not say why not")
        err = train_py(bare, "--model", str(model), "--method", method, "--dry-run", log=f"absent-{method}", expect=2).stderr
        said = f"needs {rel}, which this kit does not have. kit.json says why: {why[rel]}."
        check(said in err, f"--method {method} without {rel} did not say so with kit.json's reason: {err}")
    out = train_py(bare, "--model", str(model), "--dry-run", log="dry-run-bare").stdout
    check(re.search(r"^steps: \d+", out, re.M) is not None, f"--dry-run on the kit without votes gave no steps:\n{out}")
    for name, words in (("refusing", "refuses this kit's prompt"), ("dropping", "drops the system message")):
        tokenizer = WORK / f"tokenizer-{name}"
        err = train_py(kit, "--model", str(tokenizer), "--dry-run", log=f"template-{name}", expect=2).stderr
        check(words in err, f"a chat template that is {name} the system prompt was not refused as such: {err}")


def check_run(output: Path, method: str, steps: int, adapter: Path | None) -> dict:
    check((output / "adapter_config.json").is_file(), f"{method}: no adapter_config.json in {output}")
    check((output / "adapter_model.safetensors").is_file(), f"{method}: no adapter weights in {output}")
    check(not (output / "ref").exists(), f"{method}: the frozen reference adapter was saved beside the trained one")
    summary = json.loads((output / "tallas_training.json").read_text(encoding="utf-8"))
    losses = summary["losses"]
    check(summary["method"] == method, f"{method}: the run's summary names method {summary['method']}")
    check(summary["steps"] == steps, f"{method}: ran {summary['steps']} steps, the dry run said {steps}")
    check(len(losses) >= 4, f"{method}: only {len(losses)} losses logged")
    check(all(math.isfinite(x) for x in losses), f"{method}: a loss is not finite: {losses}")
    third = max(1, len(losses) // 3)
    first, last = sum(losses[:third]) / third, sum(losses[-third:]) / third
    check(losses[-1] < losses[0] and last < first, f"{method}: the loss does not fall: {losses}")
    if adapter is not None:
        check(summary["from_adapter"] == str(adapter), f"{method}: does not start from the SFT adapter")
    return {"steps": summary["steps"], "first": losses[0], "last": losses[-1], "seconds": summary["seconds"]}


def generate(model, tokenizer, keyword_prompt: list[dict]) -> str:
    import torch

    ids = tokenizer.apply_chat_template(keyword_prompt, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    with torch.no_grad():
        out = model.generate(**ids, max_new_tokens=16, do_sample=False)
    new = out[0, ids["input_ids"].shape[1]:]
    check(len(new) > 0, "the generation gave no new tokens")
    text = tokenizer.decode(new, skip_special_tokens=True)
    check(text.strip() != "", f"the generation gave no text (tokens {new.tolist()})")
    return text


def check_adapter_answers(base: Path, adapter: Path, prompt: list[dict]) -> str:
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), adapter)
    model.eval()
    check(list(model.peft_config) == ["default"], f"{adapter} holds adapters {list(model.peft_config)}")
    return generate(model, AutoTokenizer.from_pretrained(adapter), prompt)


def check_merged(base: Path, adapter: Path, merged: Path, prompt: list[dict]) -> str:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(merged)
    check(tokenizer.chat_template is not None, "the merged model's folder has no chat template")
    whole = AutoModelForCausalLM.from_pretrained(merged).eval()
    with_adapter = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), adapter).eval()
    ids = tokenizer.apply_chat_template(prompt, add_generation_prompt=True, return_tensors="pt", return_dict=True)
    with torch.no_grad():
        a, b = whole(**ids).logits, with_adapter(**ids).logits
    check(torch.allclose(a, b, atol=1e-4), f"the merged model's logits differ from the adapter's by {(a - b).abs().max():.2e}")
    return generate(whole, tokenizer, prompt)


# ---- Main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kit", help="check this kit folder instead of building one from core's fixtures")
    parser.add_argument("--fixture", default=str(FIXTURES / "full.json"), help="the fixture core builds the kit from")
    args = parser.parse_args()

    clock = Clock()
    started = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "logs").mkdir(parents=True)
    kit, model = WORK / "kit", WORK / "tiny-model"
    results: dict[str, dict] = {}
    try:
        if args.kit:
            shutil.copytree(args.kit, kit)
            bare = simulated_bare_kit(kit)
        else:
            bare = WORK / "kit-bare"
            clock.time("kits: built by core", lambda: (build_kit(Path(args.fixture), kit), build_kit(FIXTURES / "bare.json", bare)))
        check_kit_files(kit)
        system = app_system_prompt()
        counts = clock.time("data: loaded and checked", check_data, kit, system)
        size = clock.time("tiny model: made", make_tiny_model, kit, model)
        check_template_placement(kit, model, system)
        clock.time("refusals (dry runs)", check_refusals, kit, bare, model)

        rows = {"sft": counts["data/train.jsonl"], "dpo": counts["data/preferences.jsonl"], "kto": counts["data/labels.jsonl"]}
        prompt = read_jsonl(kit / "data/train.jsonl")[0]["messages"][:2]
        if (kit / "data/validation.jsonl").is_file():
            prompt = read_jsonl(kit / "data/validation.jsonl")[0]["messages"][:2]
        sft = WORK / "out/sft"
        for method in ("sft", "dpo", "kto"):
            adapter = sft if method != "sft" else None
            steps = clock.time(f"{method}: --dry-run", dry_run, kit, model, method, rows[method], adapter)
            flags, expected = hyperparameters(method, rows[method])
            check(steps == expected, f"--dry-run {method} says {steps} steps, {expected} expected")
            output = WORK / f"out/{method}"
            extra = ["--adapter", str(adapter)] if adapter else []
            clock.time(f"{method}: train.py", train_py, kit, "--model", str(model), "--method", method,
                       "--output", str(output), *flags, *extra, log=f"train-{method}")
            results[method] = check_run(output, method, steps, adapter)
            results[method]["answer"] = clock.time(f"{method}: adapter loaded, answers", check_adapter_answers, model, output, prompt)
        merged = WORK / "out/merged"
        clock.time("merge: train.py --merge", train_py, kit, "--model", str(model), "--merge", str(WORK / "out/dpo"),
                   "--output", str(merged), log="merge")
        merged_answer = clock.time("merge: loaded, answers", check_merged, model, WORK / "out/dpo", merged, prompt)
    except CheckFailed as e:
        print(f"\ncheck-training: FAILED: {e}", file=sys.stderr)
        return 1

    total = time.monotonic() - started
    print("\ncheck-training: passed")
    print(f"  kit: {', '.join(f'{k} {v} rows' for k, v in counts.items())}")
    print(f"  tiny model: 2-layer Llama, vocabulary {size['vocab']}, {size['parameters']:,} parameters (CPU)")
    keyword = prompt[1]["content"]
    for method, r in results.items():
        print(f"  {method}: {r['steps']} steps, loss {r['first']:.4f} → {r['last']:.4f}; {keyword!r} → {r['answer']!r}")
    print(f"  merged (dpo): {keyword!r} → {merged_answer!r}")
    print("  timings:")
    for name, seconds in clock.rows:
        print(f"    {name:<34} {seconds:6.1f} s")
    print(f"    {'total':<34} {total:6.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
