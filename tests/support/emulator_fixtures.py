"""Fixtures and helpers shared by the Telegram emulator tests; import them explicitly."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
import telegram
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from emulator.telegram import TelegramEmulator

TOKEN = "123456:TEST"


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    """Yield a running emulator."""
    async with TelegramEmulator(TOKEN) as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[telegram.Bot]:
    """Yield a python-telegram-bot Bot talking to the emulator."""
    async with telegram.Bot(
        TOKEN, base_url=emu.base_url, base_file_url=emu.base_file_url
    ) as client:
        yield client


@pytest.fixture
async def http(emu: TelegramEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """Yield a raw HTTP client aimed at the emulator's Bot API root for TOKEN."""
    async with httpx.AsyncClient(base_url=f"{emu.base_url}{TOKEN}/") as client:
        yield client


def keyboard(*labels_and_data: tuple[str, str]) -> InlineKeyboardMarkup:
    """Return a one-row inline keyboard."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for text, data in labels_and_data]]
    )
