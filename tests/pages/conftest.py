"""AppTest settings: visitors see no error details (.streamlit/config.toml), but the tests must see what a bug says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit import config


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """Show exception messages to AppTest, as ``client.showErrorDetails = "full"`` does."""
    before = config.get_option("client.showErrorDetails")
    config.set_option("client.showErrorDetails", "full")
    yield
    config.set_option("client.showErrorDetails", before)
