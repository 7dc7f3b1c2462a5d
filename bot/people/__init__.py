"""Personal data (GDPR: indsigt and sletning); types in ``model``, the service in ``service`` (storage imports the model)."""
