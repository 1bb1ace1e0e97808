"""The chat's offline answers to questions with a known answer in the guideline corpus.

    python -m evals.chat_questions [--questions evals/data/chat_questions.jsonl] [--use-data-dir]

Each question is answered offline (no model) as the workspace chat answers it; it counts when the
expected figure or phrase is in the answer's first two sentences. Prints each answer's opening and
the score beside a baseline: the first two sentences of the top excerpt hybrid search returns for
the question as asked (what a chunk-dump answer opens with). Ingests the bundled guidelines into a
temporary data dir unless --use-data-dir.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.chat.answer import answer_paragraph
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.review.chat import chat_context, offline_answer
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.ingest import ingest
from assistant.text import split_sentences

DEFAULT_QUESTIONS = Path(__file__).parent / "data" / "chat_questions.jsonl"
OPENING_SENTENCES = 2


class ChatQuestion(BaseModel):
    """A question and the figure or phrase its answer must open with."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str
    expect: str


class ChatResult(BaseModel):
    question: ChatQuestion
    opening: str

    @property
    def answered(self) -> bool:
        return " ".join(self.question.expect.lower().split()) in " ".join(
            self.opening.lower().split()
        )


def load_questions(path: Path) -> list[ChatQuestion]:
    """The questions of a JSONL file; a bad line is a ValueError naming the file and line."""
    questions: list[ChatQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(ChatQuestion.model_validate_json(line))
        except ValidationError as error:
            problem = error.errors()[0]["msg"]
            raise ValueError(f"{path}:{number}: not a chat question ({problem})") from None
    return questions


def opening(answer: str) -> str:
    """The first two sentences of an answer."""
    return " ".join(split_sentences(answer_paragraph(answer))[:OPENING_SENTENCES])


def answer_all(searcher: CorpusSearcher, questions: list[ChatQuestion]) -> list[ChatResult]:
    return [
        ChatResult(
            question=question,
            opening=opening(offline_answer(chat_context(question.question, "", searcher))),
        )
        for question in questions
    ]


def top_excerpt_openings(
    searcher: CorpusSearcher, questions: list[ChatQuestion]
) -> list[ChatResult]:
    """The baseline: each question's top retrieved excerpt, its first two sentences."""
    results: list[ChatResult] = []
    for question in questions:
        hits = searcher.search(question.question, k=1)
        text = hits[0].text if hits else ""
        first = " ".join(split_sentences(text)[:OPENING_SENTENCES])
        results.append(ChatResult(question=question, opening=first))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--use-data-dir", action="store_true", help="use IMR_DATA_DIR as it is")
    args = parser.parse_args()
    try:
        questions = load_questions(args.questions)
    except OSError:
        sys.exit(f"error: {args.questions}: cannot be read")
    except ValueError as error:
        sys.exit(f"error: {error}")
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings() if args.use_data_dir else Settings(data_dir=Path(scratch))
        embeddings, identity = embedding_backend(settings)
        if not args.use_data_dir:
            ingest(
                settings,
                embeddings=embeddings,
                identity=identity,
                guidelines=settings.guidelines_dir,
                determinations=[],
            )
        searcher = CorpusSearcher(settings, embeddings, identity)
        results = answer_all(searcher, questions)
        baseline = top_excerpt_openings(searcher, questions)
    for result in results:
        mark = "ok  " if result.answered else "MISS"
        print(f"{mark} {result.question.question}\n     expected {result.question.expect!r}")
        print(f"     {result.opening}")
    right = sum(result.answered for result in results)
    print(f"\n{right}/{len(results)} answered with the expected figure in the first two sentences")
    top = sum(result.answered for result in baseline)
    print(f"baseline, the top retrieved excerpt's first two sentences: {top}/{len(baseline)}")


if __name__ == "__main__":
    main()
