"""The typed result of a store's self-check, shared by the review store and the vector store."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CheckResult(BaseModel):
    """One check of a store and what it found."""

    model_config = ConfigDict(frozen=True)

    name: str
    passed: bool
    detail: str


class StoreHealth(BaseModel):
    """Every check of one store, with what to do when one failed."""

    model_config = ConfigDict(frozen=True)

    store: str
    location: str
    checks: list[CheckResult]
    advice: str | None
    elapsed_ms: float

    @property
    def healthy(self) -> bool:
        return all(check.passed for check in self.checks)

    def summary(self) -> str:
        """One line: the first failed check and the advice, or that the store is fine."""
        failed = next((check for check in self.checks if not check.passed), None)
        if failed is None:
            return f"the {self.store} at {self.location} is healthy"
        advice = f"; {self.advice}" if self.advice else ""
        return f"the {self.store} at {self.location} failed its check: {failed.detail}{advice}"
