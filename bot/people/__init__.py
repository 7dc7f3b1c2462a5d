"""Personal data (GDPR: indsigt and sletning): everything stored about one person, exported or deleted.

The types live in ``bot.people.model``, the service in ``bot.people.service`` (imported from there:
storage imports the model, and the service imports storage).
"""
