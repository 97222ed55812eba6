"""Plain Vietnamese read as what the person wants, from a table of phrases (no language model).

The table is data (`domain/intents.yaml`, which a province extends with its own
`intents.yaml`): per intent, the command it starts or the short answer it gets, its phrases
and optional patterns. Text is folded (case, diacritics, spaces, punctuation) before matching,
and polite words around a request ("cho tôi", "… ạ", "… nhé") are set aside, so “Tôi muốn ủng
hộ 500 nghìn ạ” and “ung ho 500 nghin” both read as a pledge of 500.000 đồng.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.pledge.amounts import parse_amount
from domain.text import fold

_PUNCT = re.compile(r"[^\w\s|/:]", re.UNICODE)  # keep | / : for one-line reports and dates
ANSWERS = ("greeting", "thanks")  # intents answered with a short sentence, not a command
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
    leading: tuple[str, ...] = ()  # folded polite openings, longest first
    trailing: tuple[str, ...] = ()  # folded polite endings, longest first
    _by_key: dict[str, Intent] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_data(cls, *tables: Mapping[str, Any]) -> IntentTable:
        """Build the table from parsed YAML; later tables add phrases to earlier ones."""
        merged: dict[str, dict[str, Any]] = {}
        leading: list[str] = []
        trailing: list[str] = []
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
        intents = tuple(_intent(key, spec) for key, spec in merged.items())
        return cls(
            intents=intents,
            leading=_longest_first(leading),
            trailing=_longest_first(trailing),
            _by_key={intent.key: intent for intent in intents},
        )

    def get(self, key: str) -> Intent | None:
        """Return the intent named `key`."""
        return self._by_key.get(key)

    def match(self, text: str) -> IntentMatch | None:
        """Return what `text` asks for, or None when no phrase or pattern covers it."""
        words = _words(text)
        if not words:
            return None
        # Without the polite words first, so "… 500k ạ" hands on "500k", not "500k ạ".
        for candidate in reversed(self._trimmed(words)):
            found = self._match_words(candidate)
            if found is not None:
                return found
        return None

    def suggest(self, text: str, count: int = 3) -> list[Intent]:
        """Return the `count` intents whose phrases share most words with `text`."""
        said = set(fold(_PUNCT.sub(" ", text)).split())
        offered = [i for i in self.intents if i.command is not None and i.suggest]

        def overlap(intent: Intent) -> int:
            return max((len(said & set(p.split())) for p in intent.phrases), default=0)

        # sorted() is stable: ties keep the table's order, which puts common requests first.
        return sorted(offered, key=overlap, reverse=True)[:count]

    def _trimmed(self, words: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
        """Return the words as typed, then without a polite opening or ending."""
        variants = [words]
        folded = " ".join(f for f, _ in words)
        for opening in self.leading:
            if folded.startswith(opening + " "):
                words = words[len(opening.split()) :]
                variants.append(words)
                break
        folded = " ".join(f for f, _ in words)
        for ending in self.trailing:
            if folded.endswith(" " + ending):
                variants.append(words[: -len(ending.split())])
                break
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
            return IntentMatch(intent, _handed_on(intent, " ".join(r for _, r in words[size:])))
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


def _words(text: str) -> list[tuple[str, str]]:
    """Return each word of `text` folded, beside the word as typed."""
    pairs = []
    for raw in text.split():  # as typed: "1,5 triệu" must reach the amount reader whole
        folded = fold(_PUNCT.sub("", raw))
        if folded:
            pairs.append((folded, raw))
    return pairs


def _rest(words: list[tuple[str, str]], hit: re.Match[str]) -> str:
    """Return the words the pattern's `args` group covered, as typed."""
    if "args" not in hit.re.groupindex or hit.start("args") < 0:
        return ""
    before = len(hit.string[: hit.start("args")].split())
    return " ".join(raw for _, raw in words[before:])


def _strings(owner: object, name: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise IntentTableError(f"{owner}: {name} must be a list of non-empty texts")
    return list(value)


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
