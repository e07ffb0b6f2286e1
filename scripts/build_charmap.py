"""Build ``arabic_news/data/charmap.json``: the character tables of the normalizer.

The hand-kept steps are written below as data; the presentation-form and
lowercase tables are derived from ``unicodedata`` (Unicode 15, Python 3.11).
Run: ``python scripts/build_charmap.py`` (rewrites the JSON; output is stable).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "arabic_news" / "data" / "charmap.json"


def hexes(cps: list[int]) -> list[str]:
    """Compress sorted code points into "XXXX" / "XXXX-YYYY" range strings."""
    out: list[str] = []
    cps = sorted(cps)
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"{cps[i]:04X}" if i == j else f"{cps[i]:04X}-{cps[j]:04X}")
        i = j + 1
    return out


def presentation_forms() -> dict[str, str]:
    """NFKC of Arabic presentation forms, leading spaces of isolated marks dropped.

    NFKC keeps the hamza and madda of lam-alef ligatures (FEF5-FEFC), unlike
    pyarabic's normalize_ligature.
    """
    table: dict[str, str] = {}
    for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if unicodedata.category(ch) == "Cn":
                continue
            nfkc = unicodedata.normalize("NFKC", ch)
            if nfkc != ch:
                table[f"{cp:04X}"] = nfkc.lstrip(" ") or nfkc
    return table


def lowercase() -> dict[str, str]:
    """Latin, Greek and Cyrillic capitals to lower case (str.lower)."""
    table: dict[str, str] = {}
    for lo, hi in ((0x41, 0x5A), (0xC0, 0xDE), (0x100, 0x24F), (0x391, 0x3AB), (0x400, 0x42F)):
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            low = ch.lower()
            if low != ch:
                table[f"{cp:04X}"] = low
    return table


STEPS: list[dict[str, object]] = [
    {
        "name": "controls",
        "doc": "C0/C1 control characters other than tab and line ends: removed.",
        "delete": ["0000-0008", "000E-001F", "007F-0084", "0086-009F"],
    },
    {
        "name": "surrogates",
        "doc": "Lone surrogates (undecodable input): replaced by U+FFFD.",
        "map": {"D800-DFFF": "\ufffd"},
    },
    {
        "name": "invisible",
        "doc": "Zero-width and bidi controls, BOM, soft hyphen, CGJ, variation selectors: removed, never turned into a space.",
        "delete": [
            "00AD",
            "034F",
            "061C",
            "180E",
            "200B-200F",
            "202A-202E",
            "2060-2064",
            "2066-206F",
            "FE00-FE0F",
            "FEFF",
        ],
    },
    {
        "name": "presentation_forms",
        "doc": "Arabic presentation forms A/B (U+FB50-FDFF, U+FE70-FEFE) to base letters (NFKC); lam-alef ligatures keep their hamza or madda.",
        "map": presentation_forms(),
    },
    {
        "name": "diacritics",
        "doc": "Harakat, tanwin, shadda, sukun, combining hamza/madda, dagger alef U+0670, subscript alef U+0656, Quranic marks U+0610-061A and U+06D6-06ED, extended marks U+08D3-08FF: removed.",
        "delete": ["0610-061A", "064B-065F", "0670", "06D6-06ED", "08D3-08E1", "08E3-08FF"],
    },
    {
        "name": "tatweel",
        "doc": "Tatweel (kashida) U+0640: removed.",
        "delete": ["0640"],
    },
    {
        "name": "alef",
        "doc": "Alef variants أ إ آ ٱ (and wavy/high-hamza alef) to bare alef ا.",
        "map": {
            "0622": "ا",
            "0623": "ا",
            "0625": "ا",
            "0671": "ا",
            "0672": "ا",
            "0673": "ا",
            "0675": "ا",
        },
    },
    {
        "name": "alef_maksura",
        "doc": "Alef maksura ى to yeh ي.",
        "map": {"0649": "ي"},
    },
    {
        "name": "teh_marbuta",
        "doc": "Teh marbuta ة to heh ه.",
        "map": {"0629": "ه"},
    },
    {
        "name": "hamza_waw",
        "doc": "Waw with hamza ؤ to waw و.",
        "map": {"0624": "و"},
    },
    {
        "name": "hamza_yeh",
        "doc": "Yeh with hamza ئ to yeh ي.",
        "map": {"0626": "ي"},
    },
    {
        "name": "persian",
        "doc": "Persian/Urdu letters used in Arabic text (ی ې ے ک ڪ ە ھ ہ ۀ ۃ ...) to Arabic letters.",
        "map": {
            "06CC": "ي",
            "06D0": "ي",
            "06D2": "ي",
            "06D3": "ئ",
            "06A9": "ك",
            "06AA": "ك",
            "06BE": "ه",
            "06C1": "ه",
            "06D5": "ه",
            "06C0": "ة",
            "06C2": "ة",
            "06C3": "ة",
        },
    },
    {
        "name": "digits",
        "doc": "Arabic-Indic and Eastern Arabic-Indic digits to ASCII; Arabic decimal/thousands separators and percent sign to . , %.",
        "shift": {"0660-0669": "0030", "06F0-06F9": "0030"},
        "map": {"066A": "%", "066B": ".", "066C": ","},
    },
    {
        "name": "punctuation",
        "doc": "Arabic and typographic punctuation unified to ASCII: ، ؛ ؟ to , ; ?, quotes « » “ ” „ to \", ‘ ’ ‚ to ', dashes to -, … to ...",
        "map": {
            "060C": ",",
            "061B": ";",
            "061F": "?",
            "066D": "*",
            "06D4": ".",
            "204F": ";",
            "2E2E": "?",
            "2E41": ",",
            "FF0C": ",",
            "FF1B": ";",
            "FF1F": "?",
            "FF01": "!",
            "FF1A": ":",
            "00AB": '"',
            "00BB": '"',
            "201C-201F": '"',
            "2033": '"',
            "301D-301E": '"',
            "FF02": '"',
            "2018-201B": "'",
            "2032": "'",
            "FF07": "'",
            "2010-2015": "-",
            "2212": "-",
            "2026": "...",
        },
    },
    {
        "name": "punctuation_remove",
        "doc": "Every punctuation (P*) and symbol (S*) character in the listed blocks to a space (search profile).",
        "categories": ["P", "S"],
        "blocks": ["0000-2BFF", "2E00-2E7F", "3000-303F", "FB50-FDFF", "FE10-FE6F", "FF00-FFEF"],
        "to": " ",
    },
    {
        "name": "lowercase",
        "doc": "Latin, Greek and Cyrillic capitals to lower case.",
        "map": lowercase(),
    },
]

WHITESPACE = {
    "doc": "Horizontal runs collapse to one space; line ends (CRLF, CR, VT, FF, NEL, LS, PS) become \\n and are all kept.",
    "horizontal": ["0009", "0020", "00A0", "1680", "2000-200A", "202F", "205F", "3000"],
    "newline": ["000A-000D", "0085", "2028-2029"],
}

# Each profile switches on the steps of the one before it, plus its own.
DISPLAY_OPTIONS: dict[str, bool | str] = dict.fromkeys(
    ["controls", "surrogates", "invisible", "presentation_forms", "whitespace"], True
)
DEFAULT_OPTIONS: dict[str, bool | str] = {
    **DISPLAY_OPTIONS,
    **dict.fromkeys(["diacritics", "tatweel", "alef", "persian", "digits"], True),
    "punctuation": "unify",
}
SEARCH_OPTIONS: dict[str, bool | str] = {
    **DEFAULT_OPTIONS,
    "punctuation": "remove",
    **dict.fromkeys(["alef_maksura", "teh_marbuta", "hamza_waw", "hamza_yeh", "lowercase"], True),
}

PROFILES = {
    "display": {
        "doc": "Only invisible and compatibility fixes: safe to show a reader.",
        "options": DISPLAY_OPTIONS,
    },
    "default": {
        "doc": "For analysis: display, plus diacritics, tatweel, alef variants, Persian letters, digits and punctuation unified.",
        "options": DEFAULT_OPTIONS,
    },
    "search": {
        "doc": "Aggressive folding for matching and indexing: default, plus ى ة ؤ ئ folded, punctuation and symbols removed, Latin lower-cased.",
        "options": SEARCH_OPTIONS,
    },
}


def main() -> None:
    data = {
        "about": "Character tables of arabic_news.normalize, built by scripts/build_charmap.py. Steps apply in this order; a profile switches steps on.",
        "steps": STEPS,
        "whitespace": WHITESPACE,
        "profiles": PROFILES,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
