"""Minutes sent to the bot in Teams: downloaded, read without storing, kept for a secretary's review."""
