"""Train the segmenter's line CRF on synthetic news pages built from the ANT corpus.

Usage::

    python scripts/train_segmenter.py [--corpus ../shared/data/seg/corpus] [--pages 3000]
                                      [--seed 13] [--out arabic_news/data/segment]

Each synthetic page takes one ANT article (title, abstract, body) and wraps it
in generated chrome: site clock, menus, weather widget, tickers of other
articles' titles, breadcrumb, bylines, dates, captions, share and comment UI,
in-body teasers ("اقرأ أيضا", "للمزيد"), in-body subheadings, agency tags and
credit lines, copyright notices, end markers, tag lists, related / most-read
blocks (with section labels, dates and rank counters), previous/next links,
briefs of other articles with and without a header, app promos, cookie
banners and footers. Every line gets the kind the dev labelling guidelines
give it (``../shared/data/seg/dev/README.md``). The dev pages are never read.

Articles are split 85/15 (seeded) into train and validation; the model is
trained on pages from train articles only and scored on pages from validation
articles. Writes ``lines.crfsuite`` and ``lines.json`` (model card: corpus
sha256, parameters, validation scores). Deterministic for a given seed;
runs in a few minutes on one core.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pycrfsuite  # noqa: E402

from arabic_news._segment_features import (  # noqa: E402
    describe_lines,
    find_body,
    find_headline,
    line_features,
    topic_words,
)
from arabic_news._segment_lines import Line  # noqa: E402
from arabic_news._segment_markers import load_markers  # noqa: E402
from arabic_news.segment import _date_words, label_lines  # noqa: E402

#: sha256 over the sorted (relative path, bytes) of every corpus file used.
CORPUS_SHA256 = "60041f47f2acd6445a06f25b7727eb281ea341bec08c99c354bc5b4f1948c73e"
#: Share of training pages rewritten in Latin letters (pages without Arabic).
ROMANIZED_SHARE = 0.06
KINDS = ("headline", "statement", "boilerplate", "related")
CRF_PARAMS = {
    "c1": 0.05,
    "c2": 0.02,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}

H, S, B, R = "headline", "statement", "boilerplate", "related"


# --------------------------------------------------------------------------- corpus


@dataclass
class Doc:
    title: str
    abstract: str
    paras: list[str]
    cat: str


def corpus_hash(files: list[Path], root: Path) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(str(f.relative_to(root)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()


def _clean(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\xa0", " ")).strip()


def _split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!؟?])\s+", text)
    return [p for p in (x.strip() for x in parts) if p]


def load_corpus(root: Path) -> tuple[list[Doc], str]:
    files = sorted(root.glob("*/*.txt"))
    docs: list[Doc] = []
    for f in files:
        s = f.read_text(encoding="utf-8")
        title = _clean(re.search(r"<TITLE>(.*?)</TITLE>", s, re.S).group(1))  # type: ignore[union-attr]
        ab = re.search(r"<ABSTRACT>(.*?)</ABSTRACT>", s, re.S)
        tx = re.search(r"<TEXT>(.*?)</TEXT>", s, re.S)
        abstract = _clean(ab.group(1)) if ab else ""
        paras = [_clean(p) for p in (tx.group(1) if tx else "").split("\n") if _clean(p)]
        if not paras and abstract:
            paras = [abstract]
        if title and paras:
            docs.append(Doc(title, abstract, paras, f.parent.name))
    return docs, corpus_hash(files, root)


# --------------------------------------------------------------------------- vocabularies

SECTIONS = [
    "الرئيسية",
    "أخبار",
    "سياسة",
    "اقتصاد",
    "رياضة",
    "ثقافة",
    "فن",
    "منوعات",
    "تكنولوجيا",
    "صحة",
    "مقالات",
    "رأي",
    "عربي ودولي",
    "عالم",
    "محليات",
    "حوادث",
    "تقارير",
    "تحقيقات",
    "فيديو",
    "صور",
    "كاريكاتير",
    "المزيد",
    "عاجل",
    "مجتمع",
    "متفرقات",
    "وطنية",
    "دولية",
    "ملفات",
    "حوارات",
    "أعمدة",
    "محافظات",
    "برامج",
    "بالفيديو",
    "ميديا",
    "صحف اليوم",
    "أخبار أخرى",
    "بيئة",
    "ثقافة وفنون",
    "مال وأعمال",
    "علوم",
    "تعليم",
    "المرأة",
    "سياحة",
    "سيارات",
    "الطقس",
    "رياضة عالمية",
    "كرة القدم",
    "الدوري المحلي",
    "أخبار مصر",
    "أخبار الخليج",
    "الشرق الأوسط",
    "شمال إفريقيا",
    "أوروبا",
    "آسيا",
    "أمريكا",
    "إيران",
    "تركيا",
    "فلسطين",
    "لبنان",
    "سوريا",
    "العراق",
    "اليمن",
    "ليبيا",
    "تونس",
    "المغرب",
    "الجزائر",
    "السودان",
    "الأردن",
    "السعودية",
    "قطر",
    "الكويت",
    "بورصة",
    "عقارات",
    "طاقة",
    "اتصالات",
    "موضة وجمال",
    "مطبخ",
    "أسرة",
    "شباب",
    "جامعات",
    "انتخابات",
    "برلمان",
    "قضاء",
    "أمن",
    "دين",
    "تراث",
    "سينما",
    "موسيقى",
    "مسرح",
    "كتب",
    "إنفوغراف",
    "بودكاست",
    "البث المباشر",
    "الجدول",
    "English",
    "Français",
    "من نحن",
    "اتصل بنا",
    "سياسة الخصوصية",
    "الشروط والأحكام",
    "أعلن معنا",
    "وظائف",
    "خريطة الموقع",
    "الأرشيف",
    "النسخة الورقية",
    "تسجيل الدخول",
    "حسابي",
    "بحث",
    "القائمة",
    "الإشعارات",
    "العودة للأعلى",
]
SITES = [
    "الجوهرة نيوز",
    "صدى اليوم",
    "الخبر العربي",
    "بوابة الوطن",
    "شبكة الأحداث",
    "الرائد",
    "عرب برس",
    "النهار الجديد",
    "المرصد",
    "الشروق اليوم",
    "الحدث 24",
    "أنباء الخليج",
    "وكالة الأنباء",
    "موقع الساحة",
    "نبض المدينة",
    "المدار",
    "الوسط",
    "الصباح نيوز",
]
FIRST = [
    "محمد",
    "أحمد",
    "علي",
    "حسن",
    "خالد",
    "سارة",
    "فاطمة",
    "مريم",
    "عمر",
    "يوسف",
    "ليلى",
    "نور",
    "هالة",
    "إبراهيم",
    "سامي",
    "رامي",
    "منى",
    "هدى",
    "كريم",
    "طارق",
    "أسماء",
    "عبد الله",
    "عبد الرحمن",
    "ياسمين",
    "سلمى",
    "مصطفى",
    "وليد",
    "نادية",
    "حسام",
    "إيمان",
]
LAST = [
    "نصار",
    "الحسيني",
    "بن علي",
    "العتيبي",
    "الشمري",
    "حداد",
    "منصور",
    "عبد العزيز",
    "السيد",
    "الخطيب",
    "قاسم",
    "صالح",
    "الزين",
    "بوعزيزي",
    "الطرابلسي",
    "العلي",
    "درويش",
    "عثمان",
    "المصري",
    "الحربي",
    "جابر",
    "يونس",
    "فرحات",
    "سليمان",
    "الدوري",
]
CITIES = [
    "بيروت",
    "القاهرة",
    "الرياض",
    "تونس",
    "الرباط",
    "عمان",
    "بغداد",
    "دمشق",
    "الدوحة",
    "دبي",
    "الكويت",
    "الجزائر",
    "طرابلس",
    "الخرطوم",
    "صنعاء",
    "أنقرة",
    "إسطنبول",
    "غزة",
    "القدس",
    "جدة",
    "صفاقس",
    "سوسة",
    "بنغازي",
    "الإسكندرية",
    "أربيل",
    "البقاع",
    "الجنوب",
    "الشمال",
]
AGENCY_TAGS = [
    "(İLKHA)",
    "(واس)",
    "(د ب أ)",
    "(أ ف ب)",
    "(رويترز)",
    "(قنا)",
    "(وام)",
    "(كونا)",
    "(سانا)",
    "(بترا)",
    "(أ ش أ)",
    "(يو بي آي)",
    "(AFP)",
    "(DPA)",
    "(ANSA)",
    "(شينخوا)",
    "(واج)",
    "(وات)",
    "(ومع)",
    "(الأناضول)",
    "(وفا)",
    "(سبأ)",
]
DASH_AGENCIES = [
    "الأناضول",
    "رويترز",
    "واس",
    "وكالات",
    "قنا",
    "د ب أ",
    "أ ف ب",
    "سبوتنيك",
    "فرانس برس",
    "وام",
]
CREDIT_LINES = [
    "فرانس24/ أ ف ب/ رويترز",
    "المصدر: وكالات",
    "وكالات",
    "(أ ف ب)",
    "المصدر: الأناضول",
    "رويترز",
    "أ ف ب",
    "المصدر: رويترز",
    "{site} - وكالات",
    "د ب أ",
    "المصدر : وكالة الأنباء الرسمية",
    "سكاي نيوز عربية - أبوظبي",
    "بي بي سي",
    "المصدر: {site}",
    "الأناضول",
    "(رويترز)",
    "AFP",
    "{site}/ أ ف ب",
]
ENDS = [
    "// انتهى //",
    "-انتهى-",
    "(انتهى)",
    "انتهى",
    "ـ انتهى ـ",
    "* * *",
    "---",
    "ع.ع",
    "ن ص / ح م",
]
NOTICES = [
    "تنبيه: {site} تمتلك جميع حقوق نشر الأخبار والصور وأشرطة الفيديو التي يتم نشرها في الموقع، ولا يجوز استخدامها كليا أو جزئيا دون عقد مبرم مع الوكالة أو اشتراك مسبق.",
    "جميع الحقوق محفوظة © {year} {site}",
    "© {year} حقوق النشر محفوظة لـ",
    "© جميع الحقوق محفوظة",
    "يمنع نسخ أو إعادة نشر محتوى هذا الموقع دون إذن كتابي مسبق من {site}.",
    "الآراء الواردة في المقالات والتعليقات تعبر عن آراء أصحابها ولا تعبر بالضرورة عن رأي {site}.",
    "تنويه: جميع المواد المنشورة على الموقع محمية بموجب قوانين حقوق الملكية الفكرية.",
    "حقوق الطبع والنشر © {year} {site}. جميع الحقوق محفوظة.",
    "Copyright © {year} {site}. All rights reserved.",
    "ملاحظة: يسمح بإعادة النشر بشرط ذكر المصدر.",
    "إخلاء مسؤولية: المحتوى المنشور لا يمثل بالضرورة وجهة نظر الموقع.",
]
REL_HEADERS = [
    "اقرأ أيضاً",
    "اقرأ أيضا:",
    "إقرأ أيضا",
    "أخبار ذات صلة",
    "مقالات ذات صلة",
    "مواضيع ذات صلة",
    "الموضوعات المتعلقة",
    "أخبار متعلقة",
    "الأكثر قراءة",
    "الأكثر مشاهدة",
    "الأكثر تداولا",
    "اخترنا لكم",
    "قد يهمك أيضا",
    "قد يعجبك",
    "شاهد أيضا",
    "المزيد من الأخبار",
    "آخر الأخبار",
    "أحدث الأخبار",
    "أبرز الأخبار",
    "زوارنا يقرأون الآن",
    "في نفس السياق",
    "من نفس القسم",
    "مقالات قد تعجبك",
    "الأكثر تفاعلا",
    "شاهد المزيد",
    "ملفات ساخنة",
    "تابع المزيد",
    "لمزيد من الأخبار",
    "مختارات المحرر",
    "أخبار عاجلة",
    "شريط الأخبار",
    "Trending",
    "Most Read",
    "مواضيع مقترحة",
    "ننصحك بقراءة",
]
TEASER_PREFIX = [
    "اقرأ أيضا: ",
    "اقرأ أيضاً: ",
    "للمزيد: ",
    "شاهد أيضا: ",
    "طالع أيضا: ",
    "اقرأ المزيد: ",
    "إقرأ أيضاً: ",
    "يهمك أيضا: ",
    "المزيد: ",
    "شاهد: ",
]
UI = [
    "شارك",
    "مشاركة",
    "شارك الخبر",
    "تويتر",
    "فيسبوك",
    "واتساب",
    "تيليجرام",
    "طباعة",
    "أرسل لصديق",
    "نسخ الرابط",
    "Short URL",
    "Copy",
    "اضف تعليقاً واقرأ تعليقات القراء",
    "أضف تعليق",
    "التعليقات",
    "لا توجد تعليقات على الخبر",
    "اكتب تعليقك",
    "الاسم",
    "البريد الإلكتروني",
    "إرسال",
    "ارسال",
    "تم أضافة تعليقك سوف يظهر بعد المراجعة",
    "حفظ",
    "مشاهدات عالية",
    "{n} مشاهدة",
    "{n} دقائق قراءة",
    "{n}min",
    "A A",
    "تكبير الخط",
    "تصغير الخط",
    "استمع",
    "استمع للمقال",
    "إعجاب",
    "تابعونا على تويتر",
    "تابعنا على فيسبوك",
    "انضم إلى قناتنا على تيليجرام",
    "أعجبني",
    "{n} تعليق",
    "Share",
    "Tweet",
    "Print",
    "الرابط المختصر",
]
PROMOS = [
    "حمل الآن تطبيق {site} للهواتف المحمولة",
    "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق {site} على هواتفكم",
    "Google Play",
    "App Store",
    "اشترك في النشرة البريدية لتصلك آخر الأخبار",
    "اشترك الآن",
    "سجل الآن مجانا",
    "إعلان",
    "Advertisement",
    "We use cookies to improve your experience",
    "Accept",
    "Learn More",
    "نستخدم ملفات تعريف الارتباط لتحسين تجربتك على الموقع",
    "موافق",
    "للاطلاع على آخر الأخبار تابعوا قناتنا على يوتيوب",
    "شاهد البث المباشر",
    "تشاهدون الآن",
    "اشترك لمشاهدة الفيديوهات عبر الانترنت",
]
BYLINES = [
    "كتب {name}",
    "كتبت {name}",
    "بقلم: {name}",
    "بقلم {name}",
    "{name}",
    "{name} - {city}",
    "{city} - {name}",
    "إعداد: {name}",
    "تقرير: {name}",
    "{city}: {name}",
    "مراسل {site} في {city}",
    "حوار: {name}",
    "ترجمة: {name}",
    "{name} - {site}",
    "بواسطة {name}",
    "المحرر: {name}",
]
CAPTIONS = [
    "صورة أرشيفية",
    "(صورة أرشيفية)",
    "الصورة: {site}",
    "صورة: رويترز",
    "(رويترز)",
    "أرشيفية",
    "مصدر الصورة: Getty Images",
    "حقوق الصورة AFP",
    "الصورة من الموقع الرسمي",
    "صورة من الأرشيف",
    "(أ ف ب)",
    "صورة تعبيرية",
]
WEEKDAYS = ["السبت", "الأحد", "الإثنين", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة"]
MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
    "جانفي",
    "فيفري",
    "أفريل",
    "ماي",
    "جوان",
    "جويلية",
    "أوت",
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
]
HIJRI = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
]
TAG_HEADERS = ["الكلمات المفتاحية", "وسوم", "الوسوم", "كلمات دلالية", "مواضيع", "Tags", "تاغات"]


def rand_date(rng: random.Random, short: bool = False) -> str:
    y = rng.choice(range(2012, 2027))
    d = rng.randint(1, 28)
    mo = rng.randint(1, 12)
    hh, mm = rng.randint(0, 23), rng.randint(0, 59)
    ampm = rng.choice(["ص", "م", "مساء", "صباحا", ""])
    forms = [
        f"{rng.choice(WEEKDAYS)}، {d} {rng.choice(MONTHS)} {y} {hh % 12 + 1:02d}:{mm:02d} {ampm}",
        f"{y}-{mo:02d}-{d:02d} | {hh:02d}:{mm:02d}",
        f"{hh:02d}:{mm:02d}",
        f"{y}-{mo:02d}-{d:02d}",
        f"نشر في: {d:02d}/{mo:02d}/{y} - {hh:02d}:{mm:02d}",
        f"{rng.choice(WEEKDAYS)} {d} {rng.choice(HIJRI)} {y - 579} هـ",
        f"منذ {rng.randint(2, 11)} ساعات",
        f"آخر تحديث: {d} {rng.choice(MONTHS)} {y}",
        f"{rng.choice(WEEKDAYS)} {d} {rng.choice(MONTHS)} {y}",
        f"{d} {rng.choice(MONTHS)} {y}",
        f"{d:02d}.{mo:02d}.{y}",
        f"{hh:02d}:{mm:02d} ت م",
        f"{hh:02d}:{mm:02d} بتوقيت غرينتش",
        f"تاريخ النشر: {rng.choice(WEEKDAYS)} {d:02d}/{mo:02d}/{y}",
        f"{d} {rng.choice(MONTHS)}، {y}",
    ]
    if short:
        forms = forms[1:5] + forms[9:12]
    return rng.choice(forms)


def fill(rng: random.Random, pattern: str) -> str:
    return pattern.format(
        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        city=rng.choice(CITIES),
        site=rng.choice(SITES),
        n=rng.randint(1, 999),
        year=rng.randint(2012, 2026),
    )


# --------------------------------------------------------------------------- page builder

Page = list[tuple[str, str]]


class Builder:
    def __init__(self, docs: list[Doc], rng: random.Random) -> None:
        self.docs = docs
        self.rng = rng

    # ---- pieces of other stories
    def other(self, doc: Doc) -> Doc:
        while True:
            o = self.rng.choice(self.docs)
            if o is not doc:
                return o

    def title_of_other(self, doc: Doc) -> str:
        t = self.other(doc).title
        r = self.rng.random()
        if r < 0.1:
            t = t[: self.rng.randint(20, max(21, len(t)))].rstrip() + "..."
        elif r < 0.15:
            t += self.rng.choice([".. فيديو", " - صور", ".. بالصور", " (فيديو)", "."])
        return t

    def brief_of_other(self, doc: Doc) -> str:
        o = self.other(doc)
        sents = _split_sentences(o.abstract or o.paras[0]) or [o.paras[0]]
        text = " ".join(sents[: self.rng.randint(1, 3)])
        return text

    def menu(self, n: int) -> Page:
        items = self.rng.sample(SECTIONS, min(n, len(SECTIONS)))
        if self.rng.random() < 0.15:
            return [(" ".join(items[: self.rng.randint(4, 10)]), B)]
        return [(x, B) for x in items]

    def ticker(self, doc: Doc, head: bool) -> Page:
        out: Page = []
        if head:
            out.append(
                (self.rng.choice(["عاجل", "شريط الأخبار", "آخر الأخبار", "أخبار عاجلة", "الآن"]), B)
            )
        titles = [self.title_of_other(doc) for _ in range(self.rng.randint(2, 10))]
        if self.rng.random() < 0.15:
            titles.insert(self.rng.randrange(len(titles) + 1), doc.title)
        out += [(t, R) for t in titles]
        return out

    def weather(self) -> Page:
        out: Page = []
        for c in self.rng.sample(CITIES, self.rng.randint(2, 6)):
            out += [
                (c, B),
                (
                    self.rng.choice(
                        [
                            f"{self.rng.randint(5, 40)} o",
                            f"{self.rng.randint(5, 40)}°",
                            f"°{self.rng.randint(5, 40)}",
                        ]
                    ),
                    B,
                ),
            ]
        return out

    def related_block(self, doc: Doc) -> Page:
        rng = self.rng
        out: Page = []
        if rng.random() < 0.85:
            out.append((rng.choice(REL_HEADERS), B))
        style = rng.choice(["plain", "plain", "dated", "labelled", "ranked", "brief"])
        for k in range(rng.randint(2, 10)):
            if style == "ranked":
                out.append((str(k + 1) if rng.random() < 0.7 else "0", B))
            if style == "labelled":
                if rng.random() < 0.5:
                    out.append(("0", B))
                out.append((rng.choice(SECTIONS[:60]), R))
                out.append((rand_date(rng, short=True), R))
            t = self.title_of_other(doc)
            out.append((t, R))
            if style == "dated":
                out.append((rand_date(rng), R))
            if style == "brief":
                out.append((self.brief_of_other(doc), R))
            if style == "labelled" and rng.random() < 0.5:
                out.append((t, R))  # the same item twice (image link + text link)
        return out

    def tags(self, doc: Doc) -> Page:
        rng = self.rng
        words = [w for w in re.findall(r"[\u0621-\u064A]{3,}", doc.title + " " + doc.paras[0])]
        out: Page = []
        if rng.random() < 0.5:
            out.append((rng.choice(TAG_HEADERS), B))
        for _ in range(rng.randint(2, 8)):
            if not words:
                break
            i = rng.randrange(len(words))
            out.append((" ".join(words[i : i + rng.choice([1, 1, 2, 2, 3])]), B))
        return out

    def ui(self, k: int) -> Page:
        return [(fill(self.rng, self.rng.choice(UI)), B) for _ in range(k)]

    def caption(self, doc: Doc) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return fill(rng, rng.choice(CAPTIONS))
        words = doc.paras[0].split()
        i = rng.randrange(max(1, len(words) - 6))
        cap = " ".join(words[i : i + rng.randint(3, 8)]).strip("،,.:")
        return cap + rng.choice(["", "", " (أرشيف)", " - صورة أرشيفية", " خلال مؤتمر صحفي"])

    def subheading(self, doc: Doc) -> str:
        words = " ".join(doc.paras).split()
        i = self.rng.randrange(max(1, len(words) - 6))
        return " ".join(words[i : i + self.rng.randint(2, 6)]).strip('،,.:"')

    # ---- the article itself
    def body(self, doc: Doc) -> list[str]:
        rng = self.rng
        paras: list[str] = []
        for p in doc.paras:
            sents = _split_sentences(p)
            if len(sents) > 2 and (len(p.split()) > 70 or rng.random() < 0.5):
                k = 0
                while k < len(sents):
                    n = rng.randint(1, 3)
                    paras.append(" ".join(sents[k : k + n]))
                    k += n
            else:
                paras.append(p)
        if len(paras) > 14:
            paras = paras[:14]
        return paras

    def page(self, doc: Doc) -> Page:
        rng = self.rng
        style = rng.choices(["scraped", "agency", "wire", "whole"], weights=[3, 3, 1.5, 3])[0]
        out: Page = []
        whole = style == "whole"
        # top chrome
        if whole:
            if rng.random() < 0.6:
                out.append((rand_date(rng), B))
            out += self.menu(rng.randint(4, 25))
            if rng.random() < 0.3:
                out += self.weather()
            if rng.random() < 0.3:
                out += self.ui(rng.randint(1, 4))
            if rng.random() < 0.3:
                out += self.menu(rng.randint(3, 20))
            if rng.random() < 0.5:
                out += self.ticker(doc, rng.random() < 0.5)
            if rng.random() < 0.5:
                out.append(
                    (
                        rng.choice(["الرئيسية ", "الرئيسية > ", "الرئيسية / ", ""])
                        + rng.choice(SECTIONS[1:40]),
                        B,
                    )
                )
        elif rng.random() < 0.1:
            out += self.menu(rng.randint(1, 4))
        elif rng.random() < 0.1:
            out.append((rng.choice(SECTIONS[1:40]), B))
        # headline
        title = doc.title
        if style == "wire" and rng.random() < 0.5:
            title = rng.choice(["عام / ", "سياسي / ", "اقتصادي / ", "رياضي / ", "ثقافي / "]) + title
        out.append((title, H))
        # meta
        meta: Page = []
        if whole or rng.random() < 0.35:
            pool: list[Callable[[], Page]] = [
                lambda: [(rand_date(rng), B)],
                lambda: [(fill(rng, rng.choice(BYLINES)), B)],
                lambda: [(self.caption(doc), B)],
                lambda: self.ui(rng.randint(1, 3)),
                lambda: [(rng.choice(SECTIONS[1:40]), B)],
            ]
            for make in rng.sample(pool, rng.randint(1, len(pool))):
                meta += make()
            if rng.random() < 0.15:
                meta.append((title, H))
        if style == "wire":
            city = rng.choice(CITIES)
            meta.insert(
                0,
                (
                    f"{city} {rand_date(rng)} {rng.choice(['واس', 'قنا', 'وام', 'كونا', 'بترا', 'سانا', 'أ ش أ', 'وات'])}",
                    B,
                ),
            )
        out += meta
        # body
        paras = self.body(doc)
        lead = doc.abstract if doc.abstract and doc.abstract[:40] != paras[0][:40] else ""
        if lead and rng.random() < 0.4:
            paras.insert(0, lead)
        if rng.random() < 0.2:
            paras[0] = (
                rng.choice(
                    [
                        f"{rng.choice(CITIES)} - {rng.choice(DASH_AGENCIES)}: ",
                        f"{rng.choice(CITIES)} ({rng.choice(SITES)}) - ",
                        f"{rng.choice(CITIES)}: ",
                    ]
                )
                + paras[0]
            )
        body: Page = [(p, S) for p in paras]
        if style == "agency" or rng.random() < 0.15:
            i = len(body) - 1 if rng.random() < 0.8 else rng.randrange(len(body))
            tag = (
                rng.choice(AGENCY_TAGS) if rng.random() < 0.75 else "- " + rng.choice(DASH_AGENCIES)
            )
            body[i] = (body[i][0].rstrip() + " " + tag, S)
        # in-body inserts
        n_ins = rng.choice([0, 0, 1, 1, 2]) if len(body) >= 2 else 0
        for _ in range(n_ins):
            pos = rng.randint(1, len(body))
            r = rng.random()
            ins: Page
            if r < 0.3:
                ins = [(rng.choice(REL_HEADERS[:10]), B)] + [
                    (self.title_of_other(doc), R) for _ in range(rng.randint(1, 3))
                ]
            elif r < 0.55:
                ins = [(rng.choice(TEASER_PREFIX) + self.title_of_other(doc), R)]
            elif r < 0.7:
                ins = [(self.title_of_other(doc), R)]
            elif r < 0.85:
                ins = [(self.subheading(doc), S)]
            else:
                ins = [(self.caption(doc), B)]
            body[pos:pos] = ins
        out += body
        # after body
        tail: Page = []
        if style == "wire":
            if rng.random() < 0.8:
                tail.append((rng.choice(ENDS), B))
            if rng.random() < 0.6:
                tail.append((rand_date(rng, short=True), B))
        if rng.random() < 0.25:
            tail.append((fill(rng, rng.choice(CREDIT_LINES)), B))
        if rng.random() < 0.15:
            tail.append((fill(rng, rng.choice(BYLINES)), B))
        if style == "agency" or rng.random() < 0.15:
            tail.append((fill(rng, rng.choice(NOTICES)), B))
        if style == "agency" or rng.random() < 0.2:
            if rng.random() < 0.3:
                tail.append((rng.choice(REL_HEADERS), B))
            for _ in range(rng.randint(1, 6)):
                if rng.random() < 0.25:
                    tail.append((self.title_of_other(doc), R))
                tail.append((self.brief_of_other(doc), R))
        if whole:
            blocks: list[Callable[[], Page]] = [
                lambda: self.tags(doc),
                lambda: self.ui(rng.randint(1, 4)),
                lambda: self.related_block(doc),
                lambda: self.related_block(doc),
                lambda: [
                    ("التالي", B),
                    (self.title_of_other(doc), R),
                    (self.title_of_other(doc), R),
                    ("السابق", B),
                ],
                lambda: self.ui(rng.randint(2, 6)),
                lambda: [(fill(rng, rng.choice(PROMOS)), B) for _ in range(rng.randint(1, 5))],
                lambda: self.related_block(doc),
            ]
            for make in rng.sample(blocks, rng.randint(2, len(blocks))):
                tail += make()
            tail += self.menu(rng.randint(5, 25))
            tail.append((fill(rng, rng.choice(NOTICES[1:4] + NOTICES[7:9])), B))
            if rng.random() < 0.5:
                tail.append((rng.choice(SITES), B))
        elif style == "scraped" and rng.random() < 0.4:
            if rng.random() < 0.5:
                tail.append((rng.choice(["----------------------", "***", "______", "..."]), B))
            tail.append((fill(rng, rng.choice(PROMOS[:2])), B))
        elif rng.random() < 0.2:
            tail += self.related_block(doc)
        out += tail
        return out


# --------------------------------------------------------------------------- features, training, scoring


_ROMAN = str.maketrans(
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإىةؤئ",
    "abtsjhkdzrzsscdtzagfqklmnhwyaaaiyhwy",
)


def romanize(page: Page) -> Page:
    """Write a page in Latin letters (same layout, no Arabic): teaches layout cues for non-Arabic pages."""
    return [(text.translate(_ROMAN), kind) for text, kind in page]


def page_features(page: Page) -> list[list[str]]:
    markers = load_markers()
    pos = 0
    lines: list[Line] = []
    for text, _ in page:
        lines.append(Line(pos, pos + len(text), text))
        pos += len(text) + 1
    infos = describe_lines(lines, markers, _date_words())
    body = find_body(infos)
    head = find_headline(infos, body)
    return line_features(infos, head, body, topic_words(infos, head, body))


def macro_f1(
    gold: list[str], pred: list[str]
) -> tuple[float, float, dict[str, tuple[float, float, float]]]:
    per: dict[str, tuple[float, float, float]] = {}
    for k in KINDS:
        tp = sum(1 for g, p in zip(gold, pred, strict=False) if g == p == k)
        fp = sum(1 for g, p in zip(gold, pred, strict=False) if p == k and g != k)
        fn = sum(1 for g, p in zip(gold, pred, strict=False) if g == k and p != k)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[k] = (pr, rc, 2 * pr * rc / (pr + rc) if pr + rc else 0.0)
    acc = sum(1 for g, p in zip(gold, pred, strict=False) if g == p) / max(1, len(gold))
    return acc, sum(v[2] for v in per.values()) / len(KINDS), per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--corpus", type=Path, default=ROOT.parent / "shared" / "data" / "seg" / "corpus"
    )
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--val-pages", type=int, default=400)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", type=Path, default=ROOT / "arabic_news" / "data" / "segment")
    ap.add_argument(
        "--allow-other-data", action="store_true", help="do not check the corpus sha256"
    )
    args = ap.parse_args(argv)
    t0 = time.time()
    docs, digest = load_corpus(args.corpus)
    if digest != CORPUS_SHA256 and not args.allow_other_data:
        print(f"corpus sha256 {digest} differs from the pinned {CORPUS_SHA256}", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    n_val = len(docs) * 15 // 100
    val_docs = [docs[i] for i in order[:n_val]]
    train_docs = [docs[i] for i in order[n_val:]]
    print(
        f"{len(docs)} articles ({len(train_docs)} train, {len(val_docs)} validation), corpus sha256 {digest}"
    )

    trainer = pycrfsuite.Trainer(verbose=False)
    builder = Builder(train_docs, rng)
    counts: Counter[str] = Counter()
    for _ in range(args.pages):
        page = builder.page(rng.choice(train_docs))
        if rng.random() < ROMANIZED_SHARE:
            page = romanize(page)
        trainer.append(page_features(page), [k for _, k in page])
        counts.update(k for _, k in page)
    print(
        f"built {args.pages} train pages ({sum(counts.values())} lines: {dict(counts)}) in {time.time() - t0:.0f}s"
    )
    trainer.set_params(CRF_PARAMS)
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / "lines.crfsuite"
    trainer.train(str(model))
    print(f"trained in {time.time() - t0:.0f}s")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    vbuilder = Builder(val_docs, random.Random(args.seed + 1))
    full_chain = args.out.resolve() == (ROOT / "arabic_news" / "data" / "segment").resolve()
    gold: list[str] = []
    pred: list[str] = []
    chain: list[str] = []
    for _ in range(args.val_pages):
        page = vbuilder.page(vbuilder.rng.choice(val_docs))
        gold += [k for _, k in page]
        pred += tagger.tag(page_features(page))
        if full_chain:
            chain += [k for _, _, k in label_lines("\n".join(t for t, _ in page))]
    acc, mf1, per = macro_f1(gold, pred)
    print(
        f"validation (synthetic pages, unseen articles), CRF alone: line acc {acc:.4f}, macro-F1 {mf1:.4f}"
    )
    for k, (p, r, f) in per.items():
        print(f"  {k:12s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    if full_chain:
        acc, mf1, per = macro_f1(gold, chain)
        print(f"validation, whole segment chain: line acc {acc:.4f}, macro-F1 {mf1:.4f}")
        for k, (p, r, f) in per.items():
            print(f"  {k:12s} P {p:.3f} R {r:.3f} F1 {f:.3f}")
    card = {
        "model": "lines.crfsuite",
        "model_sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
        "labels": list(KINDS),
        "trained_on": "synthetic pages from ANT corpus v1.1 (Apache-2.0), ../shared/data/seg/corpus",
        "corpus_sha256": digest,
        "seed": args.seed,
        "pages": args.pages,
        "crf_params": CRF_PARAMS,
        "validation": {
            "pages": args.val_pages,
            "line_accuracy": round(acc, 4),
            "macro_f1": round(mf1, 4),
        },
    }
    (args.out / "lines.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"wrote {model} and lines.json in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
