"""The Teams edge: the only package that imports botbuilder."""
