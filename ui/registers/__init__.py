"""The register pages' shared parts: list, add, edit and import (a module each) and the page that holds them."""
