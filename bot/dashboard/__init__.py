"""The leaders' dashboard: pages served by the bot's HTTP server behind signed links."""
