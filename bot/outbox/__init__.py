"""The outbox: queueing messages, leasing them, sending within the limits, delivery reports."""
