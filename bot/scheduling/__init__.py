"""When jobs run: the one job queue (APScheduler), and the reminder and Microsoft Graph sync schedules on it."""
