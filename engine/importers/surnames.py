"""Split a surname string from a source list into paternal and maternal surnames.

Sources such as OFAC and INTERPOL give all surnames in one field. When that
field contains exactly two surnames, the first is taken as paternal and the second
as maternal, the Spanish order. Particles (``de``, ``del``, ``de la``…) stay
with the surname that follows them, so ``DE LA CRUZ LOPEZ`` is ``DE LA CRUZ`` +
``LOPEZ``. Any other count is kept whole as the paternal surname, because
guessing a split for names from other traditions (``BIN AHMED AL-QATIRJI``)
does more harm than keeping them whole; the full name is always kept too.
"""

from __future__ import annotations

# Words that open a multi-word surname: Spanish and Portuguese particles, their
# fused Filipino forms (DELOS REYES), and Arabic and Dutch/German ones that occur in the same lists.
PARTICLES = frozenset(
    "de del la las los da das do dos di du dela delos delas van von der den y e al el bin ben ibn abu abd bint ould".split()
)

# Generational suffixes that are not surnames.
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def surname_units(text: str) -> list[str]:
    """Group the words of a surname string into surnames, each particle joined to the word after it."""
    words = [word for word in text.split() if word.casefold() not in SUFFIXES]
    units: list[str] = []
    pending: list[str] = []
    for word in words:
        pending.append(word)
        if word.casefold() not in PARTICLES:
            units.append(" ".join(pending))
            pending = []

    if pending:
        # A trailing particle ("GOMEZ Y") belongs to the last surname.
        if units:
            units[-1] = units[-1] + " " + " ".join(pending)
        else:
            units.append(" ".join(pending))
    return units


def split_surnames(text: str) -> tuple[str | None, str | None]:
    """Return (paternal, maternal) for a surname string; maternal is None unless there are exactly two surnames."""
    units = surname_units(text)
    if not units:
        return None, None

    # A connecting "y" or "e" between two surnames ("GOMEZ Y CONDE") is not part of either.
    if len(units) == 2 and units[1][:2].casefold() in ("y ", "e "):
        units[1] = units[1][2:]
    if len(units) == 2:
        return units[0], units[1]
    return " ".join(units), None
