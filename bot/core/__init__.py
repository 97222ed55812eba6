"""The channel-neutral core: one transaction per update, from an Incoming to its Replies."""
