"""The review store: one SQLite file under the data dir, in WAL mode, one connection per call.

Opening a store applies the schema steps (`MIGRATIONS`) it has not had yet, in order.

Every change is committed when it is made and written to the audit trail with the reviewer's
name. Items and cases carry a `version`; an update names the version it was based on and
changes nothing when another reviewer has saved since (`ConflictError`). A reviewer's edit that
loses such a conflict is still kept, as a `rejected` version of the item, so no text is lost.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from assistant.drafting.case import CaseItem
from assistant.drafting.result import ItemDraft
from assistant.errors import IMRError
from assistant.letters.models import Decision
from assistant.privacy.files import private_dir, private_file
from assistant.review.checks import edit_problems
from assistant.review.models import (
    AuditEvent,
    CaseListing,
    CaseRecord,
    ChatCitation,
    ChatMessage,
    DraftVersion,
    ItemRecord,
    ItemStatus,
    PurgeReport,
    VersionKind,
    blocking,
)
from assistant.review.records import CaseRecords
from assistant.settings import Settings

FILENAME = "review.sqlite3"
BUSY_TIMEOUT_MS = 30_000

Migration = tuple[str, ...]
"""One step of the schema: SQL statements applied together in one transaction."""

MIGRATIONS: tuple[Migration, ...] = (
    # 1: cases, their items, every draft version, the audit trail of each case, the case chat.
    (
        """
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  case_number TEXT NOT NULL,
  summary TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
)
""",
        """
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  decision_choice TEXT,
  claims_line TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  current_version_id INTEGER,
  version INTEGER NOT NULL DEFAULT 1
)
""",
        "CREATE INDEX items_case ON items(case_id, position)",
        """
CREATE TABLE versions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  decision TEXT,
  maximus TEXT NOT NULL,
  rationale TEXT NOT NULL,
  problems TEXT NOT NULL,
  draft TEXT,
  model TEXT NOT NULL,
  prompt_version TEXT NOT NULL,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  elapsed_ms REAL NOT NULL,
  instruction TEXT,
  author TEXT NOT NULL,
  created_at TEXT NOT NULL
)
""",
        "CREATE INDEX versions_item ON versions(item_id, number)",
        """
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  item_id INTEGER,
  action TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT NOT NULL
)
""",
        "CREATE INDEX audit_case ON audit(case_id, id)",
        """
CREATE TABLE chat (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  content TEXT NOT NULL,
  citations TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL
)
""",
        "CREATE INDEX chat_case ON chat(case_id, id)",
    ),
    # 2: a store-wide audit trail, for events that outlive their case (a purge).
    (
        """
CREATE TABLE store_audit (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  reviewer TEXT NOT NULL,
  at TEXT NOT NULL,
  detail TEXT NOT NULL
)""",
    ),
    # 3: what a case made from its records keeps of them (summary sentences with their pages,
    # documents reviewed, page texts), as the JSON of `CaseRecords`.
    (
        """
CREATE TABLE records (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
  data TEXT NOT NULL
)""",
    ),
)
"""Every schema step in order; a store at version n (`PRAGMA user_version`) has had the first n
applied. A change to the schema, or to the JSON kept in it, is a new step at the end."""

SCHEMA_VERSION = len(MIGRATIONS)
PURGED_BY_COMMAND = "imr purge"


class ReviewStoreError(IMRError):
    """The review store cannot do what was asked (a case or item that no longer exists)."""


class ConflictError(ReviewStoreError):
    """Someone else saved the same case or item since this reviewer loaded it."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def store_path(settings: Settings) -> Path:
    return settings.data_dir / FILENAME


class ReviewStore:
    """Cases under review, their items, every version and the audit trail, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        private_dir(path.parent)
        private_file(path)  # SQLite gives the -wal and -shm files the database file's mode
        self._migrate()

    @classmethod
    def for_settings(cls, settings: Settings) -> ReviewStore:
        return cls(store_path(settings))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A connection; a database failure (busy past the timeout, a damaged file) becomes a
        ReviewStoreError saying what to do, so the reviewer sees a message, not a traceback."""
        try:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA journal_mode = WAL")
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA foreign_keys = ON")
                yield db
            finally:
                db.close()
        except sqlite3.IntegrityError:
            raise
        except sqlite3.DatabaseError as error:
            raise ReviewStoreError(
                f"{self.path}: the review store could not complete the action ({error}); nothing "
                "was saved by it. Try again; if it keeps failing, run `imr doctor`"
            ) from error

    def _migrate(self) -> None:
        """Bring the file to SCHEMA_VERSION, one step per transaction, so a failed step leaves
        the store at the previous version; a step another process applied meanwhile is skipped."""
        with self._connect() as db:
            found = _schema_version(db)
        while found < SCHEMA_VERSION:
            with self._write() as db:
                found = _schema_version(db)
                if found < SCHEMA_VERSION:
                    for statement in MIGRATIONS[found]:
                        db.execute(statement)
                    found += 1
                    db.execute(f"PRAGMA user_version = {found}")
        if found > SCHEMA_VERSION:
            raise ReviewStoreError(
                f"{self.path}: review store schema {found} is not the supported "
                f"{SCHEMA_VERSION} (it was written by a newer imr-assistant)"
            )

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A connection inside one immediate transaction, committed on success."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # -- cases ---------------------------------------------------------------------------------

    def create_case(
        self, case_number: str, summary: str, items: Sequence[CaseItem], reviewer: str
    ) -> int:
        now = _now()
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO cases (case_number, summary, created_by, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (case_number, summary, reviewer, now, now),
            )
            case_id = int(cursor.lastrowid or 0)
            for position, item in enumerate(items):
                db.execute(
                    "INSERT INTO items (case_id, position, title, decision_choice, claims_line,"
                    " status) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        case_id,
                        position,
                        item.title,
                        item.decision.value if item.decision else None,
                        item.claims_administrator_guideline or "",
                        ItemStatus.NEW.value,
                    ),
                )
            _audit(db, case_id, None, "create case", reviewer, f"{len(items)} item(s)")
        return case_id

    def get_case(self, case_id: int) -> CaseRecord:
        with self._connect() as db:
            row = db.execute("SELECT * FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            raise ReviewStoreError(f"case {case_id} does not exist (it may have been deleted)")
        return _case(row)

    def list_cases(self) -> list[CaseListing]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT cases.*, COUNT(items.id) AS n_items,"
                " SUM(CASE WHEN items.status = ? THEN 1 ELSE 0 END) AS n_accepted"
                " FROM cases LEFT JOIN items ON items.case_id = cases.id"
                " GROUP BY cases.id ORDER BY cases.updated_at DESC, cases.id DESC",
                (ItemStatus.ACCEPTED.value,),
            ).fetchall()
        return [
            CaseListing(case=_case(row), items=row["n_items"], accepted=row["n_accepted"] or 0)
            for row in rows
        ]

    def update_case(
        self,
        case_id: int,
        expected_version: int,
        reviewer: str,
        *,
        case_number: str,
        summary: str,
    ) -> CaseRecord:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE cases SET case_number = ?, summary = ?, version = version + 1,"
                " updated_at = ? WHERE id = ? AND version = ?",
                (case_number, summary, _now(), case_id, expected_version),
            )
            if cursor.rowcount == 0:
                raise _case_conflict(db, case_id)
            _audit(db, case_id, None, "edit case", reviewer, "case number and summary")
        return self.get_case(case_id)

    def find_cases(self, reference: str) -> list[int]:
        """Store ids of the cases `reference` names: a store id, or else a case number."""
        with self._connect() as db:
            if reference.isdigit():
                row = db.execute("SELECT id FROM cases WHERE id = ?", (int(reference),)).fetchone()
                if row is not None:
                    return [int(row["id"])]
            rows = db.execute(
                "SELECT id FROM cases WHERE case_number = ? ORDER BY id", (reference.strip(),)
            ).fetchall()
        return [int(row["id"]) for row in rows]

    def purge_case(self, case_id: int, reviewer: str = PURGED_BY_COMMAND) -> PurgeReport:
        """Remove a case and every row about it, then rewrite the file so no deleted text remains.

        Deleted pages are zeroed (`secure_delete`), the write-ahead log is emptied, and `VACUUM`
        rebuilds the database without the free pages. The store-wide audit trail keeps who
        purged which store id and how much was removed, never the case's text or number.
        """
        case = self.get_case(case_id)
        with self._connect() as db:
            db.execute("PRAGMA secure_delete = ON")
            db.execute("BEGIN IMMEDIATE")
            try:
                counts = {
                    table: _delete(db, table, case_id)
                    for table in ("versions", "chat", "audit", "records", "items", "cases")
                }
                report = PurgeReport(
                    case_id=case_id,
                    case_number=case.case_number,
                    items=counts["items"],
                    versions=counts["versions"],
                    chat_messages=counts["chat"],
                    audit_events=counts["audit"],
                )
                _store_audit(db, case_id, "purge case", reviewer, _purged(report))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return report

    def store_audit(self) -> list[AuditEvent]:
        """Events that outlive their case (each purge), oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT *, NULL AS item_id FROM store_audit ORDER BY id").fetchall()
        return [_event(row) for row in rows]

    # -- items ---------------------------------------------------------------------------------

    def items(self, case_id: int) -> list[ItemRecord]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT items.*, v.id AS v_id, v.item_id AS v_item_id, v.number AS v_number,"
                " v.kind AS v_kind, v.decision AS v_decision, v.maximus AS v_maximus,"
                " v.rationale AS v_rationale, v.problems AS v_problems, v.draft AS v_draft,"
                " v.model AS v_model, v.prompt_version AS v_prompt_version,"
                " v.prompt_tokens AS v_prompt_tokens, v.completion_tokens AS v_completion_tokens,"
                " v.elapsed_ms AS v_elapsed_ms, v.instruction AS v_instruction,"
                " v.author AS v_author, v.created_at AS v_created_at"
                " FROM items LEFT JOIN versions v ON v.id = items.current_version_id"
                " WHERE items.case_id = ? ORDER BY items.position, items.id",
                (case_id,),
            ).fetchall()
        return [_item(row) for row in rows]

    def item(self, item_id: int) -> ItemRecord:
        with self._connect() as db:
            row = db.execute("SELECT case_id FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise ReviewStoreError(f"item {item_id} does not exist (it may have been removed)")
        return next(item for item in self.items(row["case_id"]) if item.id == item_id)

    def add_item(self, case_id: int, title: str, reviewer: str) -> int:
        with self._write() as db:
            position = db.execute(
                "SELECT COALESCE(MAX(position) + 1, 0) FROM items WHERE case_id = ?", (case_id,)
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO items (case_id, position, title, status) VALUES (?, ?, ?, ?)",
                (case_id, position, title, ItemStatus.NEW.value),
            )
            item_id = int(cursor.lastrowid or 0)
            _audit(db, case_id, item_id, "add item", reviewer, title)
            _touch(db, case_id)
        return item_id

    def update_item(
        self,
        item_id: int,
        expected_version: int,
        reviewer: str,
        *,
        title: str,
        decision_choice: Decision | None,
        claims_administrator_guideline: str,
    ) -> None:
        with self._write() as db:
            cursor = db.execute(
                "UPDATE items SET title = ?, decision_choice = ?, claims_line = ?,"
                " version = version + 1 WHERE id = ? AND version = ?",
                (
                    title,
                    decision_choice.value if decision_choice else None,
                    claims_administrator_guideline,
                    item_id,
                    expected_version,
                ),
            )
            case_id = _check_item(db, cursor.rowcount, item_id)
            choice = decision_choice.value if decision_choice else "left to the assistant"
            _audit(db, case_id, item_id, "edit item", reviewer, f"{title}; decision {choice}")

    def remove_item(self, item_id: int, expected_version: int, reviewer: str) -> None:
        with self._write() as db:
            row = db.execute(
                "SELECT case_id, title FROM items WHERE id = ? AND version = ?",
                (item_id, expected_version),
            ).fetchone()
            if row is None:
                _check_item(db, 0, item_id)
            db.execute("DELETE FROM versions WHERE item_id = ?", (item_id,))
            db.execute("DELETE FROM items WHERE id = ?", (item_id,))
            _audit(db, row["case_id"], None, "remove item", reviewer, row["title"])
            _touch(db, row["case_id"])

    # -- versions ------------------------------------------------------------------------------

    def versions(self, item_id: int) -> list[DraftVersion]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM versions WHERE item_id = ? ORDER BY number", (item_id,)
            ).fetchall()
        return [_version(row) for row in rows]

    def save_draft(
        self,
        item_id: int,
        expected_version: int,
        reviewer: str,
        draft: ItemDraft,
        *,
        elapsed_ms: float,
        instruction: str | None = None,
    ) -> int:
        """Save a model draft as the item's new current version."""
        return self._new_version(
            item_id,
            expected_version,
            reviewer,
            kind="model",
            status=ItemStatus.DRAFTED,
            decision=draft.decision,
            maximus=draft.maximus_guideline,
            rationale=draft.rationale,
            problems=[problem.message for problem in draft.problems],
            draft=draft,
            model=draft.model,
            prompt_version=draft.prompt_version,
            tokens=(draft.usage.prompt_tokens, draft.usage.completion_tokens),
            elapsed_ms=elapsed_ms,
            instruction=instruction,
        )

    def save_edit(
        self,
        item_id: int,
        expected_version: int,
        reviewer: str,
        *,
        decision: Decision | None,
        maximus_guideline: str,
        rationale: str,
        kind: VersionKind = "edit",
        draft: ItemDraft | None = None,
    ) -> int:
        """Save the reviewer's text as the new current version; on a conflict the text is kept
        as a rejected version and ConflictError says so. `draft` is what the text comes from
        (a chat answer's sentences and excerpts); by default the current version's draft."""
        current = self._current(item_id)
        return self._new_version(
            item_id,
            expected_version,
            reviewer,
            kind=kind,
            status=ItemStatus.EDITED,
            decision=decision,
            maximus=maximus_guideline,
            rationale=rationale,
            problems=edit_problems(decision, maximus_guideline, rationale),
            draft=draft if draft is not None else current.draft if current else None,
            model="reviewer",
            prompt_version="",
            tokens=(0, 0),
            elapsed_ms=0.0,
            instruction=None,
        )

    def revert(self, item_id: int, expected_version: int, reviewer: str, version_id: int) -> int:
        """Make a copy of an earlier version the item's current version."""
        old = next((v for v in self.versions(item_id) if v.id == version_id), None)
        if old is None:
            raise ReviewStoreError(f"version {version_id} is not a version of item {item_id}")
        return self._new_version(
            item_id,
            expected_version,
            reviewer,
            kind="revert",
            status=ItemStatus.EDITED,
            decision=old.decision,
            maximus=old.maximus_guideline,
            rationale=old.rationale,
            problems=old.problems,
            draft=old.draft,
            model=old.model,
            prompt_version=old.prompt_version,
            tokens=(0, 0),
            elapsed_ms=0.0,
            instruction=f"revert to version {old.number}",
        )

    def accept(self, item_id: int, expected_version: int, reviewer: str) -> None:
        current = self._current(item_id)
        if current is None:
            raise ReviewStoreError("there is no draft to accept yet")
        if blocking(current.problems):
            raise ReviewStoreError("resolve the problems listed before accepting (edit the text)")
        if current.decision is None:
            raise ReviewStoreError("set a decision before accepting")
        with self._write() as db:
            cursor = db.execute(
                "UPDATE items SET status = ?, version = version + 1 WHERE id = ? AND version = ?",
                (ItemStatus.ACCEPTED.value, item_id, expected_version),
            )
            case_id = _check_item(db, cursor.rowcount, item_id)
            checked = len(current.problems) - len(blocking(current.problems))
            detail = f"version {current.number}"
            if checked:
                detail += f"; {checked} guideline page check(s) confirmed by the reviewer"
            _audit(db, case_id, item_id, "accept", reviewer, detail)
            _touch(db, case_id)

    def _current(self, item_id: int) -> DraftVersion | None:
        return self.item(item_id).current

    def _new_version(
        self,
        item_id: int,
        expected_version: int,
        reviewer: str,
        *,
        kind: VersionKind,
        status: ItemStatus,
        decision: Decision | None,
        maximus: str,
        rationale: str,
        problems: list[str],
        draft: ItemDraft | None,
        model: str,
        prompt_version: str,
        tokens: tuple[int, int],
        elapsed_ms: float,
        instruction: str | None,
    ) -> int:
        rejected: int | None = None
        with self._write() as db:
            row = db.execute(
                "SELECT case_id, version FROM items WHERE id = ?", (item_id,)
            ).fetchone()
            if row is None:
                _check_item(db, 0, item_id)
            stale = row["version"] != expected_version
            number = db.execute(
                "SELECT COALESCE(MAX(number) + 1, 1) FROM versions WHERE item_id = ?", (item_id,)
            ).fetchone()[0]
            cursor = db.execute(
                "INSERT INTO versions (item_id, number, kind, decision, maximus, rationale,"
                " problems, draft, model, prompt_version, prompt_tokens, completion_tokens,"
                " elapsed_ms, instruction, author, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item_id,
                    number,
                    "rejected" if stale else kind,
                    decision.value if decision else None,
                    maximus,
                    rationale,
                    json.dumps(problems),
                    draft.model_dump_json() if draft else None,
                    model,
                    prompt_version,
                    tokens[0],
                    tokens[1],
                    elapsed_ms,
                    instruction,
                    reviewer,
                    _now(),
                ),
            )
            version_id = int(cursor.lastrowid or 0)
            if stale:
                rejected = number
                _audit(db, row["case_id"], item_id, "conflict", reviewer, f"kept as v{number}")
            else:
                db.execute(
                    "UPDATE items SET current_version_id = ?, status = ?, version = version + 1"
                    " WHERE id = ?",
                    (version_id, status.value, item_id),
                )
                action = {"model": "draft", "revert": "revert", "chat": "apply chat"}.get(
                    kind, "edit"
                )
                _audit(db, row["case_id"], item_id, action, reviewer, f"version {number}")
                _touch(db, row["case_id"])
        if rejected is not None:
            raise ConflictError(
                "Another reviewer saved this item while you were working on it. Nothing was "
                f"overwritten: your text is kept as version {rejected}. Reload the item to see "
                "the latest version, then apply your change again."
            )
        return version_id

    # -- audit and chat ------------------------------------------------------------------------

    def record(self, case_id: int, action: str, reviewer: str, detail: str = "") -> None:
        """Add an event to a case's audit trail (an export, for example)."""
        with self._write() as db:
            _audit(db, case_id, None, action, reviewer, detail)

    def audit(self, case_id: int) -> list[AuditEvent]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM audit WHERE case_id = ? ORDER BY id", (case_id,)
            ).fetchall()
        return [_event(row) for row in rows]

    def add_chat(
        self,
        case_id: int,
        role: str,
        content: str,
        citations: Sequence[ChatCitation],
        reviewer: str,
    ) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO chat (case_id, role, content, citations, reviewer, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    role,
                    content,
                    json.dumps([citation.model_dump() for citation in citations]),
                    reviewer,
                    _now(),
                ),
            )

    def chat(self, case_id: int) -> list[ChatMessage]:
        with self._connect() as db:
            rows = db.execute(
                "SELECT * FROM chat WHERE case_id = ? ORDER BY id", (case_id,)
            ).fetchall()
        return [
            ChatMessage(
                id=row["id"],
                case_id=row["case_id"],
                role=row["role"],
                content=row["content"],
                citations=[ChatCitation(**c) for c in json.loads(row["citations"])],
                reviewer=row["reviewer"],
                at=datetime.fromisoformat(row["at"]),
            )
            for row in rows
        ]

    # -- records -------------------------------------------------------------------------------

    def save_records(self, case_id: int, records: CaseRecords, reviewer: str = "") -> None:
        """Keep (or replace) what the case's records hold; the audit trail names who saved them
        when `reviewer` is given."""
        with self._write() as db:
            if db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise ReviewStoreError(f"case {case_id} does not exist (it may have been deleted)")
            db.execute(
                "INSERT INTO records (case_id, data) VALUES (?, ?)"
                " ON CONFLICT(case_id) DO UPDATE SET data = excluded.data",
                (case_id, records.model_dump_json()),
            )
            if reviewer:
                detail = f"{len(records.pages)} page(s), {len(records.documents)} document(s)"
                _audit(db, case_id, None, "save records", reviewer, detail)

    def records(self, case_id: int) -> CaseRecords | None:
        """What the case's records hold, or None for a case not made from records."""
        with self._connect() as db:
            row = db.execute("SELECT data FROM records WHERE case_id = ?", (case_id,)).fetchone()
        return CaseRecords.model_validate_json(row["data"]) if row is not None else None


_DELETE_BY_CASE = {
    "versions": "DELETE FROM versions WHERE item_id IN (SELECT id FROM items WHERE case_id = ?)",
    "chat": "DELETE FROM chat WHERE case_id = ?",
    "audit": "DELETE FROM audit WHERE case_id = ?",
    "records": "DELETE FROM records WHERE case_id = ?",
    "items": "DELETE FROM items WHERE case_id = ?",
    "cases": "DELETE FROM cases WHERE id = ?",
}


def _delete(db: sqlite3.Connection, table: str, case_id: int) -> int:
    return db.execute(_DELETE_BY_CASE[table], (case_id,)).rowcount


def _audit(
    db: sqlite3.Connection,
    case_id: int,
    item_id: int | None,
    action: str,
    reviewer: str,
    detail: str,
) -> None:
    db.execute(
        "INSERT INTO audit (case_id, item_id, action, reviewer, at, detail)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (case_id, item_id, action, _signed(action, reviewer), _now(), detail),
    )


def _store_audit(
    db: sqlite3.Connection, case_id: int, action: str, reviewer: str, detail: str
) -> None:
    db.execute(
        "INSERT INTO store_audit (case_id, action, reviewer, at, detail) VALUES (?, ?, ?, ?, ?)",
        (case_id, action, _signed(action, reviewer), _now(), detail),
    )


def _signed(action: str, reviewer: str) -> str:
    if not reviewer.strip():
        raise ReviewStoreError(f"{action}: every change must name the reviewer")
    return reviewer


def _schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def _purged(report: PurgeReport) -> str:
    return (
        f"{report.items} item(s), {report.versions} version(s), "
        f"{report.chat_messages} chat message(s), {report.audit_events} audit event(s)"
    )


def _event(row: sqlite3.Row) -> AuditEvent:
    """An audit row (`at` in ISO 8601, which the model parses) as an event."""
    return AuditEvent.model_validate(dict(row))


def _touch(db: sqlite3.Connection, case_id: int) -> None:
    db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", (_now(), case_id))


def _check_item(db: sqlite3.Connection, rowcount: int, item_id: int) -> int:
    """The item's case id when the update applied; otherwise the error that explains why not."""
    row = db.execute("SELECT case_id FROM items WHERE id = ?", (item_id,)).fetchone()
    if row is None:
        raise ReviewStoreError(f"item {item_id} does not exist (it may have been removed)")
    if rowcount == 0:
        raise ConflictError(
            "Another reviewer changed this item while you were working on it; nothing was "
            "overwritten. Reload the item to see the latest version, then apply your change again."
        )
    return int(row["case_id"])


def _case_conflict(db: sqlite3.Connection, case_id: int) -> ReviewStoreError:
    if db.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
        return ReviewStoreError(f"case {case_id} does not exist (it may have been deleted)")
    return ConflictError(
        "Another reviewer changed this case while you were editing it; nothing was overwritten. "
        "Reload to see the latest version."
    )


def _case(row: sqlite3.Row) -> CaseRecord:
    return CaseRecord(
        id=row["id"],
        case_number=row["case_number"],
        summary=row["summary"],
        version=row["version"],
        created_by=row["created_by"],
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


def _version(row: sqlite3.Row, prefix: str = "") -> DraftVersion:
    def get(name: str) -> object:
        return row[prefix + name]

    draft = get("draft")
    decision = get("decision")
    return DraftVersion(
        id=int(str(get("id"))),
        item_id=int(str(get("item_id"))),
        number=int(str(get("number"))),
        kind=str(get("kind")),
        decision=Decision(str(decision)) if decision else None,
        maximus_guideline=str(get("maximus")),
        rationale=str(get("rationale")),
        problems=json.loads(str(get("problems"))),
        draft=ItemDraft.model_validate_json(str(draft)) if draft else None,
        model=str(get("model")),
        prompt_version=str(get("prompt_version")),
        prompt_tokens=int(str(get("prompt_tokens"))),
        completion_tokens=int(str(get("completion_tokens"))),
        elapsed_ms=float(str(get("elapsed_ms"))),
        instruction=str(get("instruction")) if get("instruction") is not None else None,
        author=str(get("author")),
        created_at=datetime.fromisoformat(str(get("created_at"))),
    )


def _item(row: sqlite3.Row) -> ItemRecord:
    choice = row["decision_choice"]
    return ItemRecord(
        id=row["id"],
        case_id=row["case_id"],
        position=row["position"],
        title=row["title"],
        decision_choice=Decision(choice) if choice else None,
        claims_administrator_guideline=row["claims_line"],
        status=ItemStatus(row["status"]),
        version=row["version"],
        current=_version(row, "v_") if row["v_id"] is not None else None,
    )
