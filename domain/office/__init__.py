"""The office console's rules: its sign-in links and what an organisation file would change."""
