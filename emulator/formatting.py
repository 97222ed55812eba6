"""Turn Bot API formatted text (HTML, MarkdownV2, Markdown) into plain text and entities.

Telegram counts a message's length after it has parsed the markup, stores the plain text
and reports the formatting as entities whose offsets are in UTF-16 code units; the emulator
does the same so that a bot meets the same limits and sees the same messages as on Telegram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Tags Telegram accepts in HTML mode, with the entity each one produces.
_HTML_TAGS: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][\w-]*)((?:\s[^<>]*)?)>")
_ATTR_RE = re.compile(r"""([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# Telegram understands only these named entities (plus numeric ones); others stay verbatim.
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot);")
_HTML_SPECIAL_RE = re.compile(r"[<&]")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough"}
_MD_MARKERS_V2 = {**_MD_MARKERS, "||": "spoiler"}
_MD_LINK_RE = re.compile(r"\]\(((?:[^()\\]|\\.)*)\)")


@dataclass
class ParsedText:
    """Plain text, its entities and any parse errors, as Telegram would produce them."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def utf16_len(text: str) -> int:
    """Return the length of ``text`` in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_text(text: str, parse_mode: str | None) -> ParsedText:
    """Parse ``text`` in ``parse_mode`` and trim it the way Telegram stores a message."""
    parsed = _parse_cached(text, (parse_mode or "").lower())
    # The cached result is shared: hand out copies that callers may keep or change.
    return ParsedText(parsed.text, [dict(e) for e in parsed.entities], list(parsed.errors))


@lru_cache(maxsize=512)
def _parse_cached(text: str, mode: str) -> ParsedText:
    # Validation and sending parse the same text one after the other: parse it once.
    if mode == "html":
        parsed = _parse_html(text)
    elif mode in ("markdownv2", "markdown"):
        parsed = _parse_markdown(text, v2=mode == "markdownv2")
    else:
        parsed = ParsedText(text)
    return _trim(parsed)


def _trim(parsed: ParsedText) -> ParsedText:
    # Telegram drops surrounding whitespace and shifts the entities with the text.
    stripped = parsed.text.strip()
    if stripped == parsed.text:
        return parsed
    shift = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    size = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, size)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, kept, parsed.errors)


def _finish(out: list[str], entities: list[dict[str, Any]], errors: list[str]) -> ParsedText:
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), entities, errors)


def _parse_html(text: str) -> ParsedText:
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    errors: list[str] = []
    stack: list[tuple[str, int, dict[str, str]]] = []
    pos = 0  # UTF-16 offset of the next output character
    i = 0
    while i < len(text):
        special = _HTML_SPECIAL_RE.search(text, i)
        plain = text[i : special.start() if special else len(text)]
        if plain:
            # Copy runs of ordinary characters in one go: most text has no markup at all.
            out.append(plain)
            pos += utf16_len(plain)
            i += len(plain)
            continue
        ch = text[i]
        if ch == "<":
            match = _TAG_RE.match(text, i)
            if match is None:
                errors.append(f"can't parse entities: unescaped '<' at offset {i}; use &lt;")
                out.append(ch)
                pos += 1
                i += 1
                continue
            i = match.end()
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in _HTML_TAGS:
                errors.append(f'can\'t parse entities: Unsupported start tag "{name}"')
            elif not closing:
                attrs = {
                    m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                    for m in _ATTR_RE.finditer(match.group(3))
                }
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    errors.append('can\'t parse entities: span needs class="tg-spoiler"')
                stack.append((name, pos, attrs))
            elif not stack or stack[-1][0] != name:
                errors.append(f'can\'t parse entities: Unmatched end tag "{name}"')
            else:
                _close_html(stack, pos, entities)
            continue
        if ch == "&" and (match := _ENTITY_RE.match(text, i)) is not None:
            code = match.group(1)
            if code.startswith("#x"):
                ch = chr(int(code[2:], 16))
            elif code.startswith("#"):
                ch = chr(int(code[1:]))
            else:
                ch = _NAMED[code]
            i = match.end()
        else:
            i += 1
        out.append(ch)
        pos += utf16_len(ch)
    for name, _, _ in reversed(stack):
        errors.append(f"can't parse entities: Can't find end tag corresponding to \"{name}\"")
    return _finish(out, entities, errors)


def _close_html(
    stack: list[tuple[str, int, dict[str, str]]], pos: int, entities: list[dict[str, Any]]
) -> None:
    name, start, attrs = stack.pop()
    language = attrs.get("class", "")
    if name == "code" and stack and stack[-1][0] == "pre" and language.startswith("language-"):
        # <pre><code class="language-x"> is one pre entity with a language, not two.
        stack[-1][2]["language"] = language.removeprefix("language-")
        return
    if pos == start:
        return
    entity: dict[str, Any] = {"type": _HTML_TAGS[name], "offset": start, "length": pos - start}
    if name == "a" and "href" in attrs:
        entity["url"] = attrs["href"]
    elif name == "pre" and "language" in attrs:
        entity["language"] = attrs["language"]
    elif name == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif name == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif name == "tg-time":
        entity["unix_time"] = int(attrs.get("unix", "0") or 0)
    if name != "a" or "href" in attrs:
        entities.append(entity)


def _parse_markdown(text: str, *, v2: bool) -> ParsedText:
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    errors: list[str] = []
    markers = _MD_MARKERS_V2 if v2 else {"*": "bold", "_": "italic"}
    open_at: dict[str, int] = {}
    links: list[int] = []
    pos = 0
    i = 0

    def emit(chunk: str) -> None:
        nonlocal pos
        out.append(chunk)
        pos += utf16_len(chunk)

    while i < len(text):
        ch = text[i]
        if v2 and ch == "\\" and i + 1 < len(text):
            emit(text[i + 1])
            i += 2
            continue
        if ch == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = text.find(fence, i + len(fence))
            if end < 0:
                errors.append(f"can't parse entities: Can't find end of {fence} at offset {i}")
                i += len(fence)
                continue
            body = text[i + len(fence) : end]
            entity: dict[str, Any] = {"type": "code" if fence == "`" else "pre"}
            if fence == "```" and "\n" in body:
                language, body = body.split("\n", 1)
                if language.strip():
                    entity["language"] = language.strip()
            if v2:
                body = re.sub(r"\\([`\\])", r"\1", body)
            start = pos
            emit(body)
            entities.append({**entity, "offset": start, "length": pos - start})
            i = end + len(fence)
            continue
        marker = next((m for m in (text[i : i + 2], ch) if m in markers), None)
        if marker is not None:
            if marker in open_at:
                start = open_at.pop(marker)
                if pos > start:
                    entities.append(
                        {"type": markers[marker], "offset": start, "length": pos - start}
                    )
            else:
                open_at[marker] = pos
            i += len(marker)
            continue
        if ch == "[":
            links.append(pos)
            i += 1
            continue
        if ch == "]" and links and (link := _MD_LINK_RE.match(text, i)) is not None:
            start = links.pop()
            url = link.group(1).replace("\\)", ")").replace("\\\\", "\\")
            if pos > start:
                entities.append(
                    {"type": "text_link", "offset": start, "length": pos - start, "url": url}
                )
            i = link.end()
            continue
        if v2 and ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1  # a block quotation marker; the quote itself is not worth modelling here
            continue
        if v2 and ch in _MDV2_RESERVED:
            errors.append(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        emit(ch)
        i += 1
    for marker in open_at:
        errors.append(f"can't parse entities: Can't find end of the entity starting with {marker}")
    if links:
        errors.append("can't parse entities: Can't find end of a [link]")
    return _finish(out, entities, errors)
