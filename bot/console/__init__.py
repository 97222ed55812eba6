"""The office console: the emulation office's web pages, served by the bot's web server.

Signed in from the chat (/quantri), in an encrypted cookie session; Jinja2 templates in
`templates/`, one module per page in `pages/`. Every figure and every change goes through
`bot.services.office`: no query and no rule here.
"""
