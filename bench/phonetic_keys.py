"""Compare phonetic keys on Spanish name spellings: merge recall on variants, false merges on distinct names.

Run: ``.venv/bin/python bench/phonetic_keys.py [--seed 7] [--pairs 4000]``

Variant pairs are built from common Mexican names by applying one or two spelling
changes people make when they write a name they heard (b/v, s/z/c, ll/y, silent h,
g/j, x/j, qu/k, the diaeresis, doubled letters, accents). Distinct pairs are two
different names from the same list, half of them chosen to look alike (at most two
edits apart), because those are the ones a key may wrongly merge.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import jellyfish
from rapidfuzz.distance import Levenshtein

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.names import fold, phonetic_key  # noqa: E402

NAMES = """
Hernández García Martínez López González Rodríguez Pérez Sánchez Ramírez Cruz Flores Gómez Morales
Vázquez Reyes Jiménez Torres Díaz Gutiérrez Ruiz Mendoza Aguilar Ortiz Moreno Castillo Romero
Álvarez Méndez Chávez Rivera Juárez Ramos Domínguez Herrera Medina Castro Vargas Guzmán Velázquez
Muñoz Rojas Contreras Salazar Luna Ortega Guerrero Estrada Bautista Cortés Soto Alvarado Espinoza
Lara Ávila Ríos Cervantes Silva Delgado Vega Márquez Sandoval Fernández León Carrillo Mejía Solís
Núñez Rosas Valdez Ibarra Campos Santiago Vásquez Maldonado Cárdenas Peña Zúñiga Galván Villa
Acosta Cabrera Aguirre Becerra Velasco Quintero Zepeda Cepeda Llamas Yáñez Villegas Bermúdez
Amezcua Xolalpa Tepox Huerta Olvera Quiroz Barrera Valenzuela Salgado Escobar Ochoa Orozco
Jesús José Juan María Guadalupe Francisco Javier Xavier Ximena Gerardo Jorge Julio Eugenio
Guillermo Gilberto Rogelio Sergio Cecilia Gabriela Silvia Lucía Beatriz Yolanda Yesenia Hugo Héctor
Humberto Alberto Roberto Víctor Vicente Ignacio Refugio Rosario Socorro Concepción Graciela Marcela
Isabel Josefina Leticia Margarita Ezequiel Israel Ismael Joaquín Agustín Rubén Raúl Saúl
""".split()

SAME_NAME = [{"javier", "xavier"}, {"cepeda", "zepeda"}, {"vasquez", "vazquez"}]
"""Spellings in NAMES that are variants of one name, so never counted as a distinct pair."""

Rule = tuple[str, str]
VARIANT_RULES: list[Rule] = [
    (r"v", "b"), (r"b", "v"), (r"z", "s"), (r"s", "z"), (r"c(?=[ei])", "s"), (r"s(?=[ei])", "c"),
    (r"ll", "y"), (r"y(?=[aeiou])", "ll"), (r"^h", ""), (r"(?<!c)h", ""), (r"g(?=[ei])", "j"), (r"j(?=[ei])", "g"),
    (r"^x", "j"), (r"^j(?=[aei])", "x"), (r"qu(?=[ei])", "k"), (r"c(?=[aou])", "k"), (r"ü", "u"), (r"rr", "r"),
    (r"([nst])", r"\1\1"), (r"ll", "l"), (r"^(?=[aeiou])", "h"), (r"z$", "s"), (r"s$", "z"), (r"i$", "y"),
    (r"gua", "hua"), (r"hue", "güe"), (r"^gua", "wa"),
]


def spanish_variant(name: str, rng: random.Random) -> str | None:
    """Return the name written with one or two sound-preserving spelling changes, or None when none applies."""
    base = fold(name) if rng.random() < 0.5 else name.lower()
    variant = base
    for _ in range(rng.choice((1, 1, 2))):
        applicable = [rule for rule in VARIANT_RULES if re.search(rule[0], variant)]
        if not applicable:
            break
        pattern, replacement = rng.choice(applicable)
        matches = list(re.finditer(pattern, variant))
        chosen = rng.choice(matches)
        variant = variant[: chosen.start()] + chosen.expand(replacement) + variant[chosen.end():]
    return variant if fold(variant) != fold(base) else None


def phonetic_spanish(word: str) -> str:
    """Phonetic Spanish (Amón et al. 2012) as described: consonants only, mapped to digit classes.

    Merged classes: B=V, C=S=X=Z, L=Y (LL→L), M=N (Ñ folds to N), K=Q, G=J, F=H. Every other
    consonant has its own class; vowels are dropped and a repeated class is written once.
    """
    classes = {
        "b": "1", "v": "1", "c": "2", "s": "2", "x": "2", "z": "2", "l": "3", "y": "3", "m": "4", "n": "4", "ñ": "4",
        "k": "5", "q": "5", "g": "6", "j": "6", "f": "7", "h": "7", "p": "8", "t": "9", "d": "A", "r": "B", "w": "C",
    }
    digits: list[str] = []
    for char in fold(word).replace("ll", "l"):
        code = classes.get(char)
        if code and (not digits or digits[-1] != code):
            digits.append(code)
    return "".join(digits)


def ascii_word(word: str) -> str:
    return fold(word).replace("ñ", "n").replace(" ", "")


KEYS: dict[str, Callable[[str], str]] = {
    "Cruce phonetic_key": phonetic_key,
    "Phonetic Spanish (digit classes)": phonetic_spanish,
    "Soundex (jellyfish)": lambda word: jellyfish.soundex(ascii_word(word)),
    "Metaphone (jellyfish)": lambda word: jellyfish.metaphone(ascii_word(word)),
    "NYSIIS (jellyfish)": lambda word: jellyfish.nysiis(ascii_word(word)),
    "Match Rating codex (jellyfish)": lambda word: jellyfish.match_rating_codex(ascii_word(word)),
}


def build_pairs(rng: random.Random, count: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    variants: list[tuple[str, str]] = []
    while len(variants) < count:
        name = rng.choice(NAMES)
        variant = spanish_variant(name, rng)
        if variant is not None:
            variants.append((name, variant))

    folded = sorted({fold(name) for name in NAMES})
    pairs = [(a, b) for i, a in enumerate(folded) for b in folded[i + 1:] if {a, b} not in SAME_NAME]
    lookalike = [(a, b) for a, b in pairs if Levenshtein.distance(a, b) <= 2]
    distinct = [rng.choice(lookalike) for _ in range(count // 2)]
    distinct += [rng.choice(pairs) for _ in range(count - len(distinct))]
    return variants, distinct


def measure(key: Callable[[str], str], variants: list[tuple[str, str]], distinct: list[tuple[str, str]]) -> tuple[float, float, float]:
    merged = sum(key(a) == key(b) for a, b in variants) / len(variants)
    false_merges = sum(key(a) == key(b) for a, b in distinct)
    lookalike = distinct[: len(distinct) // 2]
    false_lookalike = sum(key(a) == key(b) for a, b in lookalike)
    return merged, false_merges / len(distinct), false_lookalike / len(lookalike)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7, help="random seed for the pairs")
    parser.add_argument("--pairs", type=int, default=4000, help="number of variant pairs and of distinct pairs")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    variants, distinct = build_pairs(rng, args.pairs)

    print(f"Seed {args.seed}: {len(variants)} variant pairs, {len(distinct)} distinct pairs ({len(distinct) // 2} look-alike), {len(NAMES)} base names.\n")
    print("| key | merge recall on variants | false merges, all distinct pairs | false merges, look-alike pairs |")
    print("|---|---|---|---|")
    for label, key in KEYS.items():
        recall, false_rate, false_lookalike = measure(key, variants, distinct)
        print(f"| {label} | {recall:.3f} | {false_rate:.3f} | {false_lookalike:.3f} |")


if __name__ == "__main__":
    main()
