"""OCR repair for MRZ lines: undo the character confusions that readers make, and say so.

Two kinds of repair, both listed on the reading and never applied silently:

* **Character class.** A name, a country code or the document code contains
  only letters and ``<``, and a date or a check digit only digits and ``<``. A digit in
  a letter position is read back as the letter it is usually mistaken for
  (0→O, 1→I, 2→Z, 4→A, 5→S, 6→G, 8→B), and a letter in a digit position as
  its digit (B→8, C/D/O/Q→0, G→6, I→1, S→5, Z→2). There is one choice per
  character, so no search is needed; a character with no entry (a ``3`` in a
  name) is reported as ``mrz.character_class``.
* **Check digit.** The document number and optional data may hold letters and
  digits, so a confusion there leaves a valid-looking character and only the
  check digit notices. For each failing check, every single swap of a
  confusable pair (0/O, 1/I, 2/Z, 5/S, 8/B, 6/G) inside the covered field is
  tried; a failing composite check with all field checks valid is searched in
  the characters only the composite covers (TD1 and TD2 optional data). The
  repair is applied only when exactly one combination, with the fewest swaps,
  makes every check digit valid; otherwise each failing check is reported as
  ``mrz.check_digit`` with the number of candidates found.

Limits: a 6↔G swap changes a check sum by 10·weight, a multiple of 10, so no
check digit can see it, and MRV optional data has no check digit at all.
Two errors in the same field look like one error elsewhere in that field
often enough that a single-swap repair may then be wrong; the benchmark in
``bench/mrz_repair.py`` measures this.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from engine.identifiers.check_digit import compute_check_digit
from engine.identifiers.errors import MrzProblem
from engine.identifiers.mrz_layout import CharClass, CheckSpec, FieldSpec, MrzLayout

LETTER_FOR_DIGIT = {"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "8": "B"}
DIGIT_FOR_LETTER = {"B": "8", "C": "0", "D": "0", "O": "0", "Q": "0", "G": "6", "I": "1", "S": "5", "Z": "2"}
CONFUSABLE_PAIRS = (("0", "O"), ("1", "I"), ("2", "Z"), ("5", "S"), ("8", "B"), ("6", "G"))
MIXED_PARTNER = {a: b for pair in CONFUSABLE_PAIRS for a, b in (pair, pair[::-1])}

# Beyond this many combinations of candidate swaps the input is too damaged to repair with confidence.
MAX_COMBINATIONS = 20_000

Position = tuple[int, int]
Swap = tuple[Position, str]


@dataclass(frozen=True, slots=True)
class Repair:
    """One changed character. ``line``, ``column`` and ``position`` (inside the field) are 1-based."""

    field: str
    line: int
    column: int
    position: int
    original: str
    replacement: str
    reason: str  # "character_class" or "check_digit"

    def to_dict(self) -> dict[str, str | int]:
        return {
            "field": self.field,
            "line": self.line,
            "column": self.column,
            "position": self.position,
            "from": self.original,
            "to": self.replacement,
            "reason": self.reason,
        }


@dataclass(slots=True)
class RepairOutcome:
    lines: list[str]
    repairs: list[Repair] = field(default_factory=list)
    problems: list[MrzProblem] = field(default_factory=list)


def field_at(layout: MrzLayout) -> dict[Position, FieldSpec]:
    """Map every 0-based (line, column) to the field that contains it."""
    positions: dict[Position, FieldSpec] = {}
    for spec in layout.fields:
        for column in range(spec.start, spec.end):
            positions[(spec.line, column)] = spec
    return positions


def covered_text(check: CheckSpec, lines: list[str]) -> str:
    return "".join(lines[line][start:end] for line, start, end in check.segments)


def check_positions(check: CheckSpec) -> list[Position]:
    positions = [(line, column) for line, start, end in check.segments for column in range(start, end)]
    return positions + [check.digit]


def check_passes(check: CheckSpec, lines: list[str]) -> bool:
    """Tell whether a check digit matches the characters it covers."""
    data = covered_text(check, lines)
    digit = lines[check.digit[0]][check.digit[1]]

    if digit == "<":
        return check.filler_allowed and set(data) <= {"<"}
    return digit == compute_check_digit(data)


def _make_repair(spec: FieldSpec, position: Position, original: str, replacement: str, reason: str) -> Repair:
    line, column = position
    return Repair(
        field=spec.name,
        line=line + 1,
        column=column + 1,
        position=column - spec.start + 1,
        original=original,
        replacement=replacement,
        reason=reason,
    )


def _apply(lines: list[str], swaps: tuple[Swap, ...]) -> list[str]:
    grid = [list(line) for line in lines]
    for (line, column), replacement in swaps:
        grid[line][column] = replacement
    return ["".join(row) for row in grid]


def repair_character_classes(layout: MrzLayout, lines: list[str]) -> RepairOutcome:
    """Replace digits in letter positions and letters in digit positions by their usual confusion."""
    outcome = RepairOutcome(lines=list(lines))
    swaps: list[Swap] = []

    for spec in layout.fields:
        for column in range(spec.start, spec.end):
            character = lines[spec.line][column]
            replacement = None
            if spec.char_class is CharClass.ALPHA and character.isdigit():
                replacement = LETTER_FOR_DIGIT.get(character)
                expected = "letter"
            elif spec.char_class is CharClass.NUMERIC and character.isalpha():
                replacement = DIGIT_FOR_LETTER.get(character)
                expected = "digit"
            else:
                continue

            if replacement is None:
                outcome.problems.append(_class_problem(spec, column, lines, expected))
                continue

            swaps.append(((spec.line, column), replacement))
            outcome.repairs.append(_make_repair(spec, (spec.line, column), character, replacement, "character_class"))

    outcome.lines = _apply(lines, tuple(swaps))
    return outcome


def _candidate_swaps(positions: list[Position], lines: list[str], fields: dict[Position, FieldSpec]) -> list[Swap]:
    swaps: list[Swap] = []
    for line, column in positions:
        character = lines[line][column]
        spec = fields.get((line, column))
        if spec is not None and spec.char_class is CharClass.MIXED and character in MIXED_PARTNER:
            swaps.append(((line, column), MIXED_PARTNER[character]))
    return swaps


def check_digit_problem(check: CheckSpec, lines: list[str], candidates: int | None) -> MrzProblem:
    """Describe a failed check digit, with the number of repair candidates when a search ran."""
    line, column = check.digit
    found = lines[line][column]
    expected = compute_check_digit(covered_text(check, lines))
    params: dict[str, str | int] = {"field": check.field, "expected": expected, "found": found}
    detail = ""
    if candidates is not None:
        params["candidates"] = candidates
        detail = " (no single OCR repair fits)" if candidates == 0 else f" ({candidates} possible OCR repairs, none chosen)"

    return MrzProblem(
        code="mrz.check_digit",
        message=f"check digit of {check.field} at line {line + 1}, column {column + 1} is {found!r}, expected {expected!r}{detail}",
        value=covered_text(check, lines),
        line=line + 1,
        column=column + 1,
        field=check.field,
        params=params,
    )


def search_check_digit_repairs(layout: MrzLayout, lines: list[str]) -> RepairOutcome:
    """Find the single combination of confusable swaps that makes every check digit valid."""
    outcome = RepairOutcome(lines=list(lines))
    failing = [check for check in layout.checks if not check_passes(check, lines)]
    if not failing:
        return outcome

    fields = field_at(layout)
    composite = next((check for check in layout.checks if check.field == "composite"), None)
    field_checks = [check for check in failing if check.field != "composite"]

    options: list[list[Swap]] = []
    for check in field_checks:
        swaps = _candidate_swaps(check_positions(check), lines, fields)
        options.append([swap for swap in swaps if check_passes(check, _apply(lines, (swap,)))])

    combination_count = 1
    for choices in options:
        combination_count *= len(choices)
    if combination_count == 0 or combination_count > MAX_COMBINATIONS:
        counts = {check.field: len(choices) for check, choices in zip(field_checks, options)}
        outcome.problems = [check_digit_problem(check, lines, counts.get(check.field)) for check in failing]
        return outcome

    combinations = list(itertools.product(*options))
    accepted = [swaps for swaps in combinations if composite is None or check_passes(composite, _apply(lines, swaps))]

    if not accepted and composite is not None:
        field_positions = {position for check in layout.checks if check is not composite for position in check_positions(check)}
        composite_only = [position for position in check_positions(composite) if position not in field_positions]
        extra_swaps = _candidate_swaps(composite_only, lines, fields)
        accepted = [
            swaps + (extra,)
            for swaps in combinations
            for extra in extra_swaps
            if check_passes(composite, _apply(lines, swaps + (extra,)))
        ]

    if len(accepted) != 1:
        outcome.problems = [check_digit_problem(check, lines, len(accepted)) for check in failing]
        if len(field_checks) == 1 and accepted:
            outcome.problems[0].params["alternatives"] = [covered_text(field_checks[0], _apply(lines, swaps)) for swaps in accepted]
        return outcome

    chosen = accepted[0]
    outcome.lines = _apply(lines, chosen)
    for position, replacement in chosen:
        outcome.repairs.append(_make_repair(fields[position], position, lines[position[0]][position[1]], replacement, "check_digit"))
    return outcome


def verify_check_digits(layout: MrzLayout, lines: list[str]) -> list[MrzProblem]:
    """Report every failing check digit, without trying repairs."""
    return [check_digit_problem(check, lines, None) for check in layout.checks if not check_passes(check, lines)]


def repair_mrz(layout: MrzLayout, lines: list[str], *, repair: bool = True) -> RepairOutcome:
    """Apply character-class repairs, then the check-digit search; list what changed and what still fails."""
    if not repair:
        outcome = RepairOutcome(lines=list(lines))
        outcome.problems = _class_problems(layout, lines) + verify_check_digits(layout, lines)
        return outcome

    classes = repair_character_classes(layout, lines)
    digits = search_check_digit_repairs(layout, classes.lines)
    return RepairOutcome(
        lines=digits.lines,
        repairs=classes.repairs + digits.repairs,
        problems=classes.problems + digits.problems,
    )


def _class_problem(spec: FieldSpec, column: int, lines: list[str], expected: str) -> MrzProblem:
    character = lines[spec.line][column]
    return MrzProblem(
        code="mrz.character_class",
        message=f"{spec.name}: {character!r} at line {spec.line + 1}, column {column + 1} should be a {expected}",
        value=lines[spec.line][spec.start : spec.end],
        line=spec.line + 1,
        column=column + 1,
        field=spec.name,
        params={"character": character, "expected": expected},
    )


def _class_problems(layout: MrzLayout, lines: list[str]) -> list[MrzProblem]:
    problems: list[MrzProblem] = []
    for spec in layout.fields:
        for column in range(spec.start, spec.end):
            character = lines[spec.line][column]
            if spec.char_class is CharClass.ALPHA and character.isdigit():
                problems.append(_class_problem(spec, column, lines, "letter"))
            elif spec.char_class is CharClass.NUMERIC and character.isalpha():
                problems.append(_class_problem(spec, column, lines, "digit"))
    return problems
