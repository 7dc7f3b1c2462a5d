"""Tests for the Bot Framework edge."""
