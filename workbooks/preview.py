"""Every workbook upload is tried before it is saved.

The upload is read and checked without saving (`workbook.read_workbook(save=False)`) and
its changes shown sheet by sheet (`preview_sheets`). Its bytes are then held on the
server (`workbook_hold`: a file under MEDIA_ROOT, which is never served, named by a random
token and bound to the user, the submission and the digest of the stored figures the
preview was made against). Confirming names only the token: the held bytes are read and
checked again, never a second upload, and saved only if the report's stored figures are
still those of the preview (`workbook_confirm`, under the submission's lock); otherwise
the new preview is shown and held in its place. A held upload is deleted on saving, when
the same person previews the same report again, or after `HOLD_SECONDS`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from entry.templatetags.entry_tags import figure
from submissions.models import Submission
from workbooks.workbook import (
    ADDED,
    CHANGED,
    CLEARED,
    CellProblem,
    FigureChange,
    FigureState,
    ImportResult,
    WorkbookRefused,
    read_upload,
    read_workbook,
)

HOLD_SECONDS = 60 * 60
HOLD_FOLDER = "workbook-previews"
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)


# What the preview shows ----------------------------------------------------------------------

@dataclass
class SheetPreview:
    """One sheet of a previewed workbook."""

    name: str
    added: list[FigureChange] = field(default_factory=list)
    changed: list[FigureChange] = field(default_factory=list)
    cleared: list[FigureChange] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[CellProblem] = field(default_factory=list)
    errors: list[CellProblem] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.cleared)


def preview_sheets(result: ImportResult) -> list[SheetPreview]:
    """The result's changes, warnings and errors per sheet, in the workbook's order; a
    problem tied to no sheet (e.g. a required figure) comes under “Workbook” at the end."""
    sheets: dict[str, SheetPreview] = {name: SheetPreview(name) for name in result.sheets}

    def sheet(name: str) -> SheetPreview:
        return sheets.setdefault(name, SheetPreview(name))

    for change in result.changes:
        {ADDED: sheet(change.sheet).added, CHANGED: sheet(change.sheet).changed,
         CLEARED: sheet(change.sheet).cleared}[change.kind].append(change)
    for name, count in result.unchanged_on.items():
        sheet(name).unchanged = count
    for problem in result.warnings:
        sheet(problem.sheet).warnings.append(problem)
    for problem in result.errors:
        sheet(problem.sheet).errors.append(problem)
    for each in sheets.values():  # top to bottom, as the sheet reads
        each.warnings.sort(key=_row_of)
        each.errors.sort(key=_row_of)
    return list(sheets.values())


def _row_of(problem: CellProblem) -> int:
    digits = "".join(character for character in problem.cell if character.isdigit())
    return int(digits) if digits else 0


def state_text(state: FigureState, indicator) -> str:
    """A figure of the preview as the report's page shows it: 6 441, yes, not applicable,
    “–” when empty; “(estimate)” after an estimate."""
    if state.not_applicable:
        return _("not applicable")
    text = figure(state.value, indicator)
    return f"{text} ({_('estimate')})" if state.is_estimate else text


def change_lines(result: ImportResult) -> list[str]:
    """The preview as lines of text (`import_submissions --dry-run`)."""
    labels = {ADDED: _("added"), CHANGED: _("changed"), CLEARED: _("cleared")}
    lines = []
    for sheet in preview_sheets(result):
        if not (sheet.has_changes or sheet.unchanged or sheet.warnings or sheet.errors):
            continue
        lines.append(_("%(sheet)s: %(added)s added, %(changed)s changed, %(cleared)s cleared, "
                       "%(unchanged)s unchanged")
                     % {"sheet": sheet.name, "added": len(sheet.added),
                        "changed": len(sheet.changed), "cleared": len(sheet.cleared),
                        "unchanged": sheet.unchanged})
        for change in sheet.added + sheet.changed + sheet.cleared:
            line = (f"    {labels[change.kind]} {change.cell} {change.indicator.code}: "
                    f"{state_text(change.old, change.indicator)} → "
                    f"{state_text(change.new, change.indicator)}")
            if change.explanation_changed:
                line += " " + _("(explanation changed)")
            lines.append(line)
        # (outside the f-strings, where makemessages finds them)
        warning, error = _("warning"), _("error")
        lines.extend(f"    {warning} {problem}" for problem in sheet.warnings)
        lines.extend(f"    {error} {problem}" for problem in sheet.errors)
    return lines


# The held upload -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Held:
    token: str
    user_id: int
    submission_id: int
    digest: str  # of the stored figures the preview showed (ImportResult.digest)
    created: float
    data: bytes


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / HOLD_FOLDER


def _paths(token: str) -> tuple[Path, Path]:
    folder = _folder()
    return folder / f"{token}.xlsx", folder / f"{token}.json"


def _write(path: Path, data: bytes) -> None:
    """Write a file only its owner can read, whole or not at all."""
    partial = path.with_name(path.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(partial, path)


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def workbook_hold(*, data: bytes, user, submission, digest: str, token: str = "") -> str:
    """Keep an upload's bytes for its confirmation; returns the token naming it.

    Also deletes held uploads past their hour and the same person's earlier one for the
    same report (only the newest preview can be confirmed).
    """
    _folder().mkdir(parents=True, exist_ok=True)
    workbook_sweep(user_id=user.pk, submission_id=submission.pk)
    token = token or secrets.token_urlsafe(32)
    data_path, meta_path = _paths(token)
    _write(data_path, data)
    _write(meta_path, json.dumps({
        "user": user.pk, "submission": submission.pk, "digest": digest,
        "created": timezone.now().timestamp(),
        "sha256": hashlib.sha256(data).hexdigest()}).encode())
    return token


def workbook_held(*, token: str, user, submission) -> Held | None:
    """The upload held under `token` for this user and submission, if it is still there
    (None for a token of someone else, another report, past its hour, or unknown)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    data_path, meta_path = _paths(token)
    meta = _read_meta(meta_path)
    if (meta is None or meta.get("user") != user.pk
            or meta.get("submission") != submission.pk):
        return None
    if timezone.now().timestamp() - float(meta.get("created", 0)) > HOLD_SECONDS:
        workbook_release(token=token)
        return None
    try:
        data = data_path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        return None
    return Held(token, meta["user"], meta["submission"], meta.get("digest", ""),
                float(meta["created"]), data)


def workbook_release(*, token: str) -> None:
    """Delete a held upload (after saving it, or when it is replaced or too old)."""
    if not _TOKEN.match(token):
        return
    for path in _paths(token):
        path.unlink(missing_ok=True)


def workbook_sweep(*, user_id: int | None = None, submission_id: int | None = None) -> int:
    """Delete the held uploads past their hour (and, given both, that person's earlier
    one for that report); returns how many."""
    folder = _folder()
    if not folder.is_dir():
        return 0
    now = timezone.now().timestamp()
    deleted = 0
    for meta_path in folder.glob("*.json"):
        meta = _read_meta(meta_path) or {}
        mine = (user_id is not None and meta.get("user") == user_id
                and meta.get("submission") == submission_id)
        if mine or now - float(meta.get("created", 0)) > HOLD_SECONDS:
            workbook_release(token=meta_path.stem)
            deleted += 1
    return deleted


# Trying and confirming ----------------------------------------------------------------------

def workbook_try(*, file, submission: Submission, user) -> tuple[ImportResult, str]:
    """Read and check an upload without saving anything; hold it when it would change
    something. Returns the result (with its preview) and the token ("" when not held)."""
    try:
        data = read_upload(file)
    except WorkbookRefused as error:
        return ImportResult(refused=str(error)), ""
    result = read_workbook(data, submission, user=user, save=False)
    if not (result.ok and result.changes):
        return result, ""
    return result, workbook_hold(data=data, user=user, submission=submission,
                                 digest=result.digest)


def workbook_confirm(*, held: Held, submission: Submission, user) -> ImportResult:
    """Check the held upload again and save it if the report's figures are still those the
    preview showed (the submission locked from that check to the save). Otherwise nothing
    is saved: `result.stale` with the new preview, held again under the same token for
    the next confirmation; or errors, and the held upload is dropped."""
    with transaction.atomic():
        Submission.objects.select_for_update().filter(pk=submission.pk).first()
        result = read_workbook(held.data, submission, user=user, expect=held.digest)
    if result.stale and result.ok and result.changes:
        workbook_hold(data=held.data, user=user, submission=submission, digest=result.digest,
                      token=held.token)
    else:
        workbook_release(token=held.token)
    return result
