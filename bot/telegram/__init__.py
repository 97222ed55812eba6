"""The Telegram adapter (python-telegram-bot)."""

import os

# Opt in now to python-telegram-bot's coming behaviour (durations as timedelta): it silences
# a deprecation warning on every 429, and our code already reads both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")
