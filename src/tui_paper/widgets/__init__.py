"""The widgets of the reading app; each renders one thing and posts messages about what happened."""
