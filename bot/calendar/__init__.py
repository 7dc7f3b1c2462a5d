"""The committees' meeting calendar: meetings from minutes, secretaries and .ics files.

The service is ``bot.calendar.service.Calendar``; the types are in ``bot.calendar.model``
(kept out of this module so that storage can import the model without the service).
"""
