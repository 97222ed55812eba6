"""What handlers are written with: the context of an update, routers, offered options."""
