"""The example papers' content, one module per paper, in publication order."""

from corpus.papers import (
    ashdown2016,
    decker2019,
    ferreira2022,
    okafor2021,
    solberg2020,
    tao2023,
    whitfield2024,
)

PAPERS = (
    ashdown2016.PAPER,
    decker2019.PAPER,
    solberg2020.PAPER,
    okafor2021.PAPER,
    ferreira2022.PAPER,
    tao2023.PAPER,
    whitfield2024.PAPER,
)
