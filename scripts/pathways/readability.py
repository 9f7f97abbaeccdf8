"""Reading level of a page, as a patient would read it.

Formulas count words per sentence, so headings and list items (which have no
full stop) are each made into a sentence before scoring; citations, link
targets, HTML and Markdown markup are removed because nobody reads them aloud.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from textstat.backend import counts, selections

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CODE_BLOCK = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
# A folded list of sources (templates/_sources.md.j2): titles of papers, not what the reader is asked to read.
_SOURCES = re.compile(r'^<details class="pw-sources".*?^</details>', re.S | re.M)
_CITATION = re.compile(r"\[(?:-?@[\w:.#$%&\-+?<>~/]+(?:;\s*)?)+\]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\{[:#.][^}]*\}")
_ABBREVIATION = re.compile(r"^\*\[.*?\]:.*$", re.M)
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s*\w+(\s+\"([^\"]*)\")?\s*$", re.M)
_LINE_MARKUP = re.compile(r"^\s*(#{1,6}\s+|[-*+]\s+(\[[ x]\]\s+)?|\d+\.\s+|>\s*)")
# [ \t], not \s: \s also matches line breaks, and on a long page of blank lines (the map, once its
# tags are gone) trying it at each line start took time growing with the square of the page.
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}.*$", re.M)
_EMPHASIS = re.compile(r"[*_`]{1,3}")
_END_PUNCTUATION = (".", "!", "?", ":")


@dataclass(frozen=True)
class Score:
    words: int
    grade: float | None = None  # English: Flesch-Kincaid US school grade (lower is easier)
    smog: float | None = None
    perspicuity: float | None = None  # Spanish: Szigriszt-Pazos (higher is easier; 55 and up is INFLESZ "normal")
    fernandez_huerta: float | None = None

    def figures(self) -> str:
        if self.perspicuity is not None:
            return f"Szigriszt-Pazos {self.perspicuity}, Fernández-Huerta {self.fernandez_huerta}"
        return f"grade {self.grade}, SMOG {self.smog}"

    def too_hard(self, config) -> str | None:
        """What is wrong, when the page is harder to read than the settings allow."""
        if self.perspicuity is not None:
            if self.perspicuity < config.min_perspicuity:
                return (f"scores {self.perspicuity} on the Szigriszt-Pazos scale, below the lowest allowed, "
                        f"{config.min_perspicuity}")
        elif self.grade > config.max_grade:
            return f"reads at grade {self.grade}, above the limit of {config.max_grade}"
        return None


def plain_text(markdown: str) -> str:
    """The words a reader reads, one sentence per heading, list item or table cell."""
    # Each pattern only where its first characters are: a pattern tried at every line start of a
    # page that cannot hold it was a third of the time of scoring 10,000 pages.
    text = _FRONT_MATTER.sub("", markdown) if markdown.startswith("---") else markdown
    if "```" in text or "~~~" in text:
        text = _CODE_BLOCK.sub("", text)
    if "<details" in text:
        text = _SOURCES.sub("", text)
    if "*[" in text:
        text = _ABBREVIATION.sub("", text)
    if "!!!" in text or "???" in text:
        text = _ADMONITION.sub(lambda m: m.group(3) or "", text)
    text = _CITATION.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ATTR_LIST.sub("", text)
    if "---" in text:
        text = _TABLE_RULE.sub("", text)
    blocks: list[list[str]] = []  # each block's lines, joined at the end (adding to a string each time
    joinable = False              # took time growing with the square of a long block's length)  # a wrapped paragraph line continues the block above it
    for line in text.splitlines():
        if not line.strip():
            joinable = False
            continue
        if "|" in line:
            blocks.extend([cell] for cell in line.strip().strip("|").split("|"))
            joinable = False
            continue
        starts_block = bool(_LINE_MARKUP.match(line))
        if joinable and not starts_block:
            blocks[-1].append(line.strip())
        else:
            blocks.append([line])
        joinable = not line.lstrip().startswith("#")
    sentences = []
    for lines in blocks:
        block = _EMPHASIS.sub("", _LINE_MARKUP.sub("", " ".join(lines))).strip()
        if block:
            sentences.append(block if block.endswith(_END_PUNCTUATION) else block + ".")
    return " ".join(sentences)


@cache
def _syllables(word: str, lang: str) -> int:
    return counts.count_syllables(word, lang)


@lru_cache(maxsize=2**15)  # the preview's rebuilds score the same pages again
def score(markdown: str, language: str = "en") -> Score:
    """The page's scores, by textstat's counts and formulas.

    textstat (pinned 0.7.8) keeps only its last 128 answers, so on a site of thousands of pages it
    looks every word up again on every page: 30 of a 10,000-step check's 58 profiled seconds. Here
    each distinct word is counted once, and the published formulas are applied to the counts; a
    test holds the figures equal to textstat's own on every page of the site."""
    text = plain_text(markdown)
    lang = "es" if language == "es" else "en_US"
    words = selections.list_words(text, lowercase=True)
    sentences = counts.count_sentences(text)
    syllables = [_syllables(word, lang) for word in words]
    per_sentence = len(words) / sentences if sentences else 0.0
    per_word = sum(syllables) / len(words) if words else 0.0
    if language == "es":
        if not (words and sentences):
            return Score(words=len(words), perspicuity=0.0, fernandez_huerta=0.0)
        return Score(words=len(words), perspicuity=round(206.84 - 62.3 * per_word - per_sentence, 1),
                     fernandez_huerta=round(206.84 - 60 * per_word - 1.02 * per_sentence, 1))
    grade = 0.39 * per_sentence + 11.8 * per_word - 15.59 if per_sentence and per_word else 0.0
    polysyllables = sum(1 for count in syllables if count >= 3)
    smog = 1.043 * (30 * polysyllables / sentences) ** 0.5 + 3.1291 if sentences else 0.0
    return Score(words=len(words), grade=round(grade, 1), smog=round(smog, 1))
