"""When reminders are delivered: the APScheduler wrapper that wakes the delivery engine."""
from bot.scheduling.reminders import ReminderScheduler

__all__ = ["ReminderScheduler"]
