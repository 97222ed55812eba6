"""Reminders: the calendar's occasions, who gets them, and when."""
