"""The bundled sample catalog: the five pilot departments of 南通, for ``make demo`` and the tests."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from bot.catalog_files.yaml_reader import parse_yaml_catalog
from fm_domain.models import Catalog

_SAMPLE = files("bot").joinpath("data", "sample_catalog.yaml")


def sample_catalog_path() -> Path:
    """Path of the sample catalog YAML as installed (the package is always installed unzipped)."""
    return Path(str(_SAMPLE))


def load_sample_catalog() -> Catalog:
    return parse_yaml_catalog(_SAMPLE.read_bytes(), "sample_catalog.yaml")
