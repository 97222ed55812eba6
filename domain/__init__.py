"""Pure domain rules of the emulation movement: calendar, phases, anniversaries, dates."""
