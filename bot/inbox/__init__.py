"""The inbox: updates stored before they are acknowledged, then handled from the database."""
