"""Replies kept with an update between its handling and their sending, as JSON."""

from __future__ import annotations

import base64
import json
from typing import Any

from domain.messages import Choice, LinkButton, OutFile, Reply


def encode(target: str, replies: list[Reply]) -> str:
    """Return where the replies go and what they are, as one JSON text."""
    return json.dumps(
        {"target": target, "replies": [_reply(reply) for reply in replies]}, ensure_ascii=False
    )


def decode(text: str) -> tuple[str, list[Reply]]:
    """Return the target chat and the replies `encode` wrote."""
    data = json.loads(text)
    return str(data["target"]), [_unreply(item) for item in data["replies"]]


def _reply(reply: Reply) -> dict[str, Any]:
    file = reply.file
    link = reply.link
    return {
        "text": reply.text,
        "choices": [[choice.label, choice.token] for choice in reply.choices],
        "file": None
        if file is None
        else {
            "filename": file.filename,
            "mime_type": file.mime_type,
            "content": base64.b64encode(file.content).decode(),
        },
        "link": None if link is None else {"label": link.label, "url": link.url,
                                            "web_app": link.web_app},
        "choice_hint": reply.choice_hint,
    }  # fmt: skip


def _unreply(item: dict[str, Any]) -> Reply:
    file, link = item["file"], item["link"]
    return Reply(
        text=item["text"],
        choices=[Choice(label, token) for label, token in item["choices"]],
        file=None
        if file is None
        else OutFile(file["filename"], base64.b64decode(file["content"]), file["mime_type"]),
        link=None if link is None else LinkButton(link["label"], link["url"], link["web_app"]),
        choice_hint=item["choice_hint"],
    )
