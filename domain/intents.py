"""Plain Vietnamese read as what the person wants, from a table of phrases (no language model).

The table is data (`domain/intents.yaml`, which a province extends with its own
`intents.yaml`): per intent, the command it starts or the short answer it gets, its phrases
and optional patterns. Text is folded (case, diacritics, spaces, punctuation) before matching,
and polite words around a request ("dạ em xin", "cho tôi", "… ạ", "… nhé") are set aside, so
“Tôi muốn ủng hộ 500 nghìn ạ” and “ung ho 500 nghin” both read as a pledge of 500.000 đồng.
The short forms people type on a phone ("ck", "bc", "ko", "đc") and a thumbs-up are read as the
words they stand for.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.pledge.amounts import parse_amount
from domain.text import fold

_PUNCT = re.compile(r"[^\w\s|/:]", re.UNICODE)  # keep | / : for one-line reports and dates
# Intents answered with a short sentence, not a command; "ack" is an "ok", "vâng", "dạ", 👍.
ANSWERS = ("greeting", "thanks", "ack")
# Marks phones add to an emoji (variation selector, skin tones): 👍🏻 is read as 👍.
_EMOJI_MARKS = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")
# What the rest of the text is to the command: "none" (the phrase must be the whole text),
# "amount" (handed on when it reads as money), "oneline" (any rest; handed on only in the
# one-line form "a | b | c"), "text" (handed on as typed).
ARGS = ("none", "amount", "oneline", "text")


class IntentTableError(ValueError):
    """The intent table is malformed; the message names the intent and the field."""


@dataclass(frozen=True, slots=True)
class Intent:
    key: str
    command: str | None  # a key of the command contract, or None for an answer
    answer: str | None  # "greeting" or "thanks"
    args: str  # one of ARGS
    phrases: tuple[str, ...]  # folded, longest first
    patterns: tuple[re.Pattern[str], ...] = ()
    suggest: bool = True  # may be offered when the text is not understood


@dataclass(frozen=True, slots=True)
class IntentMatch:
    intent: Intent
    args: str  # the rest of the text as typed (diacritics kept), "" when none


@dataclass(frozen=True, slots=True)
class IntentTable:
    intents: tuple[Intent, ...]
    # Polite openings and endings as written (lower case, diacritics kept), longest first.
    leading: tuple[tuple[str, ...], ...] = ()
    trailing: tuple[tuple[str, ...], ...] = ()
    short_forms: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    _by_key: dict[str, Intent] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_data(cls, *tables: Mapping[str, Any]) -> IntentTable:
        """Build the table from parsed YAML; later tables add phrases to earlier ones."""
        merged: dict[str, dict[str, Any]] = {}
        leading: list[str] = []
        trailing: list[str] = []
        short_forms: dict[str, tuple[str, ...]] = {}
        for table in tables:
            if not isinstance(table, Mapping):
                raise IntentTableError("the intent table must be a mapping")
            for key, spec in (table.get("intents") or {}).items():
                if not isinstance(spec, Mapping):
                    raise IntentTableError(f"intent {key!r}: expected a mapping")
                into = merged.setdefault(str(key), {"phrases": [], "patterns": []})
                for name, value in spec.items():
                    if name in ("phrases", "patterns"):
                        into[name] = [*into[name], *_strings(key, name, value)]
                    else:
                        into[name] = value
            fillers = table.get("fillers") or {}
            leading += _strings("fillers", "leading", fillers.get("leading") or [])
            trailing += _strings("fillers", "trailing", fillers.get("trailing") or [])
            short_forms |= _short_forms(table.get("short_forms") or {})
        intents = tuple(_intent(key, spec) for key, spec in merged.items())
        return cls(
            intents=intents,
            leading=_fillers(leading),
            trailing=_fillers(trailing),
            short_forms=short_forms,
            _by_key={intent.key: intent for intent in intents},
        )

    def get(self, key: str) -> Intent | None:
        """Return the intent named `key`."""
        return self._by_key.get(key)

    def match(self, text: str) -> IntentMatch | None:
        """Return what `text` asks for, or None when no phrase or pattern covers it."""
        words = self._words(text)
        if not words:
            return None
        # Without the polite words first, so "… 500k ạ" hands on "500k", not "500k ạ".
        for candidate in self._trimmed(words):
            found = self._match_words(candidate)
            if found is not None:
                return found
        return None

    def suggest(self, text: str, count: int = 3) -> list[Intent]:
        """Return the `count` intents whose phrases share most words with `text`."""
        said = {folded for folded, _ in self._words(text)}
        offered = [i for i in self.intents if i.command is not None and i.suggest]

        def overlap(intent: Intent) -> int:
            return max((len(said & set(p.split())) for p in intent.phrases), default=0)

        # sorted() is stable: ties keep the table's order, which puts common requests first.
        return sorted(offered, key=overlap, reverse=True)[:count]

    def _words(self, text: str) -> list[tuple[str, str]]:
        """Return each word of `text` folded beside the word as typed, short forms spelled out.

        A short form read as several words ("bc" as "bao cao") keeps the typed word on its
        first and "" on the others, so the rest handed on is still what was typed.
        """
        pairs: list[tuple[str, str]] = []
        for raw in text.split():  # as typed: "1,5 triệu" must reach the amount reader whole
            folded = fold(_PUNCT.sub("", raw))
            if folded:
                spelled = self.short_forms.get(folded, (folded,))
            else:  # no letters: an emoji alone (👍, 👍👍) reads as its word, if it has one
                marks = set(_EMOJI_MARKS.sub("", raw))
                spelled = self.short_forms.get(marks.pop(), ()) if len(marks) == 1 else ()
            pairs += [(word, raw if i == 0 else "") for i, word in enumerate(spelled)]
        return pairs

    def _trimmed(self, words: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        """Return the words without polite openings or an ending, most trimmed first.

        Openings are set aside one after another ("dạ", "em xin", then "ủng hộ 500k"); each
        stage is tried with and without its ending ("ok ạ" is "ok").
        """
        stages = [words]
        while (opening := _starts_with(stages[-1], self.leading)) is not None:
            stages.append(stages[-1][opening:])
        variants: list[list[tuple[str, str]]] = []
        for stage in reversed(stages):
            ending = _ends_with(stage, self.trailing)
            variants += [stage[:-ending], stage] if ending else [stage]
        return variants

    def _match_words(self, words: list[tuple[str, str]]) -> IntentMatch | None:
        folded = " ".join(f for f, _ in words)
        best: tuple[int, Intent] | None = None
        for intent in self.intents:
            for phrase in intent.phrases:
                if folded == phrase or folded.startswith(phrase + " "):
                    size = len(phrase.split())
                    if intent.args == "none" and size != len(words):
                        continue  # "lịch họp chi bộ" is not a request for the calendar
                    if best is None or size > best[0]:
                        best = (size, intent)
                    break
        if best is not None:
            size, intent = best
            rest = " ".join(r for _, r in words[size:] if r)
            return IntentMatch(intent, _handed_on(intent, rest))
        for intent in self.intents:
            for pattern in intent.patterns:
                hit = pattern.fullmatch(folded)
                if hit is not None:
                    return IntentMatch(intent, _handed_on(intent, _rest(words, hit)))
        return None


def _handed_on(intent: Intent, rest: str) -> str:
    """Return the part of the rest the command should read, by the intent's kind of args."""
    if intent.args == "amount":
        parsed = parse_amount(rest)
        readable = parsed.refusal is None or any(char.isdigit() for char in rest)
        return rest if rest and readable else ""
    if intent.args == "oneline":
        return rest if "|" in rest else ""
    return rest if intent.args == "text" else ""


def _rest(words: list[tuple[str, str]], hit: re.Match[str]) -> str:
    """Return the words the pattern's `args` group covered, as typed."""
    if "args" not in hit.re.groupindex or hit.start("args") < 0:
        return ""
    before = len(hit.string[: hit.start("args")].split())
    through = len(hit.string[: hit.end("args")].split())  # "gửi 500k ủng hộ quỹ": "500k"
    return " ".join(raw for _, raw in words[before:through] if raw)


def _strings(owner: object, name: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise IntentTableError(f"{owner}: {name} must be a list of non-empty texts")
    return list(value)


def _fillers(phrases: list[str]) -> tuple[tuple[str, ...], ...]:
    written = {tuple(_spelled(_PUNCT.sub(" ", p)).split()) for p in phrases}
    return tuple(sorted(written, key=lambda words: (-len(words), words)))


def _spelled(text: str) -> str:
    """Return `text` in lower case with its diacritics kept, composed the one usual way."""
    return unicodedata.normalize("NFC", text.casefold())


def _says(word: tuple[str, str], written: str) -> bool:
    """Tell whether a typed word is the filler word `written`.

    Without diacritics any spelling agrees ("da" for "dạ"); with them they must agree, so
    "đã" (already) is not "dạ" (yes): “đã ủng hộ bà con vùng lũ” is no pledge.
    """
    folded, raw = word
    if folded != fold(written):
        return False
    typed = _spelled(_PUNCT.sub("", raw))
    return fold(typed) != folded or typed in (folded, written)


def _starts_with(words: list[tuple[str, str]], fillers: tuple[tuple[str, ...], ...]) -> int | None:
    """Return how many words the longest filler at the start covers, leaving one at least."""
    for filler in fillers:
        if len(filler) < len(words) and all(map(_says, words, filler)):
            return len(filler)
    return None


def _ends_with(words: list[tuple[str, str]], fillers: tuple[tuple[str, ...], ...]) -> int:
    """Return how many words the longest filler at the end covers (0 for none)."""
    for filler in fillers:
        if len(filler) < len(words) and all(map(_says, words[-len(filler) :], filler)):
            return len(filler)
    return 0


def _short_forms(value: object) -> dict[str, tuple[str, ...]]:
    """Read `short_forms`: each short form (folded) and the words it stands for (folded)."""
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip()
        for k, v in value.items()
    ):
        raise IntentTableError("short_forms must map each short form to the words it stands for")
    return {fold(str(k)): tuple(fold(_PUNCT.sub(" ", str(v))).split()) for k, v in value.items()}


def _longest_first(phrases: list[str]) -> tuple[str, ...]:
    folded = {" ".join(_PUNCT.sub(" ", fold(p)).split()) for p in phrases}
    return tuple(sorted(folded, key=lambda p: (-len(p.split()), p)))


def _intent(key: str, spec: Mapping[str, Any]) -> Intent:
    command, answer = spec.get("command"), spec.get("answer")
    if (command is None) == (answer is None):
        raise IntentTableError(f"intent {key!r}: give exactly one of command and answer")
    if answer is not None and answer not in ANSWERS:
        raise IntentTableError(f"intent {key!r}: answer must be one of {', '.join(ANSWERS)}")
    args = spec.get("args", "none")
    if args not in ARGS:
        raise IntentTableError(f"intent {key!r}: args must be one of {', '.join(ARGS)}")
    phrases = _longest_first(spec.get("phrases") or [])
    if not phrases:
        raise IntentTableError(f"intent {key!r}: at least one phrase is needed")
    try:
        patterns = tuple(re.compile(p) for p in spec.get("patterns") or [])
    except re.error as error:
        raise IntentTableError(f"intent {key!r}: bad pattern: {error}") from error
    return Intent(
        key=key,
        command=str(command) if command is not None else None,
        answer=str(answer) if answer is not None else None,
        args=str(args),
        phrases=phrases,
        patterns=patterns,
        suggest=bool(spec.get("suggest", True)),
    )
