#!/usr/bin/env python3
"""Writes JSON Schemas of the OpenAI and Together fine-tuning APIs, taken from their official
Python SDKs, into tests/support/openai-api/ and tests/support/together-api/: an independent
description of each dialect the worker speaks, against which `upstream_contract` checks every
request the worker sends to a fake of that dialect and every answer the fake gives (as
scripts/mistral-api-schemas.py does for Mistral).

Request schemas are closed (`additionalProperties: false` on every object): the SDK's request
types list every field it can send, so a field the worker renamed or invented fails the check.
Answer schemas stay as open as the SDK reads them. Regenerate on demand:

    bash scripts/pinned-venv.sh .venv-sdk 3.10 openai==3.63.0 together==3.1.1
    .venv-sdk/bin/python scripts/fine-tuning-api-schemas.py

and commit the result with the versions it came from (written to each versions.json).
"""

import json
import sys
from importlib.metadata import version
from pathlib import Path

from pydantic import TypeAdapter

import openai.types as openai_types
import openai.types.fine_tuning as openai_fine_tuning
import openai.types.fine_tuning.jobs
import together.lib.types.fine_tuning as together_lib
import together.types as together_types

ROOT = Path(__file__).resolve().parent.parent

# SDK → {name: (the SDK's type, what it describes, whether it is a request)}.
SDKS = {
    "openai": {
        "JobCreateParams": (openai_fine_tuning.JobCreateParams, "POST /v1/fine_tuning/jobs request", True),
        "FineTuningJob": (openai_fine_tuning.FineTuningJob, "a fine-tuning job (create, retrieve, cancel)", False),
        "FineTuningJobEvent": (openai_fine_tuning.FineTuningJobEvent, "one event of GET /v1/fine_tuning/jobs/{id}/events", False),
        "FineTuningJobCheckpoint": (openai_fine_tuning.jobs.FineTuningJobCheckpoint, "one checkpoint of GET /v1/fine_tuning/jobs/{id}/checkpoints", False),
        "FileObject": (openai_types.FileObject, "POST /v1/files answer", False),
    },
    "together": {
        "FinetuneRequest": (together_lib.FinetuneRequest, "POST /v1/fine-tunes request", True),
        "CreatedFinetuneResponse": (together_lib.FinetuneResponse, "POST /v1/fine-tunes answer", False),
        "FinetuneResponse": (together_types.FinetuneResponse, "GET /v1/fine-tunes/{id} answer", False),
        "FineTuningCancelResponse": (together_types.FineTuningCancelResponse, "POST /v1/fine-tunes/{id}/cancel answer", False),
        "FineTuningListEventsResponse": (together_types.FineTuningListEventsResponse, "GET /v1/fine-tunes/{id}/events answer", False),
        "FinetuneModelLimits": (together_types.FinetuneModelLimits, "GET /v1/fine-tunes/models/limits answer", False),
        "FineTuningEstimatePriceParams": (together_types.FineTuningEstimatePriceParams, "POST /v1/fine-tunes/estimate-price request", True),
        "FineTuningEstimatePriceResponse": (together_types.FineTuningEstimatePriceResponse, "POST /v1/fine-tunes/estimate-price answer", False),
        "FileResponse": (together_types.FileResponse, "POST /v1/files/{id}/preprocess answer", False),
    },
}


def closed(schema):
    """Every object of `schema` without properties beyond its own."""
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
        for value in schema.values():
            closed(value)
    elif isinstance(schema, list):
        for value in schema:
            closed(value)
    return schema


def main() -> int:
    for sdk, messages in SDKS.items():
        out = ROOT / f"tests/support/{sdk}-api"
        out.mkdir(parents=True, exist_ok=True)
        for name, (kind, what, request) in messages.items():
            schema = TypeAdapter(kind).json_schema(mode="validation")
            if request:
                closed(schema)
            schema["$comment"] = f"{sdk} {version(sdk)}: {what}"
            (out / f"{name}.json").write_text(json.dumps(schema, indent=1, sort_keys=True) + "\n")
        described = {name: what for name, (_, what, _) in messages.items()}
        manifest = {sdk: version(sdk), "pydantic": version("pydantic"), "messages": described}
        (out / "versions.json").write_text(json.dumps(manifest, indent=1) + "\n")
        print(f"wrote {len(messages)} schemas from {sdk} {version(sdk)} to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
