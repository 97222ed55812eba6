"""The scoring table file in its two formats, YAML and Excel, for the command line."""
