"""Microsoft Graph for the bot: app-only tokens, shared files, folders and group calendars (no botbuilder here)."""
