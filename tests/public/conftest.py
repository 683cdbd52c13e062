"""The open data's published network (2019–2021 published, a 2022 draft full of figures,
another region never published) serves the public pages' tests too."""

from tests.opendata.conftest import (  # noqa: F401  (fixtures)
    DRAFT_2022,
    _fast_pdf_and_fresh_throttle,
    network,
)
