#!/usr/bin/env python3
"""Writes JSON Schemas of the Mistral API's messages, taken from the official `mistralai` Python
SDK, into tests/support/mistral-api/: an independent description of the real API, against which
tests check the fake upstream's answers and the requests the worker sends (`upstream_contract`).

The SDK's request and response models are generated from Mistral's own API description; version
2.5.1 is the last with the fine-tuning jobs API. Regenerate on demand:

    bash scripts/pinned-venv.sh .venv-sdk 3.10 mistralai==2.5.1
    .venv-sdk/bin/python scripts/mistral-api-schemas.py

and commit the result with the version it came from (written to versions.json).
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

from mistralai.client import models

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/support/mistral-api"

# Name in the SDK → what it describes, for the manifest.
MESSAGES = {
    "ChatCompletionRequest": "POST /v1/chat/completions request",
    "ChatCompletionResponse": "POST /v1/chat/completions answer",
    "CompletionChunk": "one server-sent event of a streamed chat completion",
    "ModelList": "GET /v1/models answer",
    "CreateFileResponse": "POST /v1/files answer",
    "CreateFineTuningJobRequest": "POST /v1/fine_tuning/jobs request",
    "CompletionFineTuningJob": "a fine-tuning job (create, list)",
    "CompletionFineTuningJobDetails": "a fine-tuning job with its events (get, start, cancel)",
    "ListFineTuningJobsResponse": "GET /v1/fine_tuning/jobs answer",
    "LegacyJobMetadata": "POST /v1/fine_tuning/jobs?dry_run=true answer",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for name in MESSAGES:
        model = getattr(models, name, None)
        if model is None:
            print(f"the SDK has no model {name}", file=sys.stderr)
            return 1
        schema = model.model_json_schema(mode="validation")
        schema["$comment"] = f"mistralai {version('mistralai')}: {MESSAGES[name]}"
        (OUT / f"{name}.json").write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
    manifest = {"mistralai": version("mistralai"), "pydantic": version("pydantic"), "messages": MESSAGES}
    (OUT / "versions.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(MESSAGES)} schemas from mistralai {version('mistralai')} to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
