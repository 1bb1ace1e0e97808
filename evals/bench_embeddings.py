"""Load time and throughput of the bundled local embedding model.

    python -m evals.bench_embeddings [--texts 500] [--words 60] [--batch-size 32] [--json]

Generates the texts deterministically from twenty clinical phrases (the same seed gives the
same texts), loads the model (sha256 checks and onnxruntime session included), then embeds all
texts in one call. Tokens are the model's WordPiece tokens after truncation to 256. CPU seconds
(all threads of this process) say more than wall time on a machine that is busy with other work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time

_PHRASES = (
    "the injured worker reports chronic low back pain",
    "radiating to the left leg in an L5 distribution",
    "utilization review modified the request",
    "physical therapy twice weekly for six weeks",
    "cyclobenzaprine 7.5 mg for muscle spasm",
    "tramadol extended release with a urine drug screen",
    "MRI of the lumbar spine shows a disc protrusion",
    "electromyography and nerve conduction studies are normal",
    "the MTUS chronic pain guidelines do not support long-term use",
    "functional improvement is not documented",
    "lumbar epidural steroid injection at L4-L5",
    "right knee arthroscopy with partial meniscectomy",
    "rotator cuff repair followed by a home exercise program",
    "tenderness and decreased range of motion on examination",
    "the request is not medically necessary",
    "carpal tunnel syndrome treated with a wrist splint",
    "temporary total disability since the date of injury",
    "acupuncture sessions may be continued with objective gains",
    "topical lidocaine patch for localized neuropathic pain",
    "the prior reviewer certified a modified quantity",
)


def sample_texts(count: int, words: int, seed: int) -> list[str]:
    """`count` pseudo-clinical sentences of `words` words each, the same for the same seed."""
    chooser = random.Random(seed)
    texts = []
    for _ in range(count):
        pool: list[str] = []
        while len(pool) < words:
            pool.extend(chooser.choice(_PHRASES).split())
        sentence = " ".join(pool[:words])
        texts.append(sentence[0].upper() + sentence[1:] + ".")
    return texts


def measure(count: int, words: int, batch_size: int, seed: int) -> dict[str, float | int | str]:
    began = time.perf_counter()
    from assistant.store.embeddings import LocalMiniLMEmbeddings

    import_seconds = time.perf_counter() - began
    texts = sample_texts(count, words, seed)
    model = LocalMiniLMEmbeddings(batch_size=batch_size)

    began = time.perf_counter()
    model.embed_query("load the model")
    load_seconds = time.perf_counter() - began

    tokens = sum(model.token_counts(texts))
    began, began_cpu = time.perf_counter(), time.process_time()
    vectors = model.embed_array(texts)
    embed_seconds = time.perf_counter() - began
    embed_cpu_seconds = time.process_time() - began_cpu

    return {
        "model": model.model_name,
        "dimension": int(vectors.shape[1]),
        "texts": count,
        "words_per_text": words,
        "batch_size": batch_size,
        "tokens": tokens,
        "import_seconds": round(import_seconds, 3),
        "load_seconds": round(load_seconds, 3),
        "embed_seconds": round(embed_seconds, 3),
        "embed_cpu_seconds": round(embed_cpu_seconds, 3),
        "texts_per_second": round(count / embed_seconds, 1),
        "tokens_per_second": round(tokens / embed_seconds, 1),
        "cpu": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count() or 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=500)
    parser.add_argument("--words", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = measure(args.texts, args.words, args.batch_size, args.seed)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:<18} {value}")


if __name__ == "__main__":
    main()
