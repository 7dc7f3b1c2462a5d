"""The committees' meeting calendar: meetings from minutes, secretaries and Microsoft 365 group calendars."""
