"""The organisation file in its two formats, YAML and Excel, for the command line and the demo."""
