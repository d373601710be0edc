"""Shared test configuration."""

pytest_plugins = ["records_fixtures"]
