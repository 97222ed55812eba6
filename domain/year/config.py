"""The `year` section of the province's configuration: how heads rotate, the old year's grace."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

MAX_DEPUTIES = 5


class Rotation(StrEnum):
    """How a cluster's head and deputy units for the new year are chosen."""

    ORDER = "order"  # the units after this year's head, in the organisation file's order
    RANKING = "ranking"  # the units that led the closed year's published ranking
    FILE = "file"  # the units named for the year in this file


class NamedUnits(BaseModel):
    """The head and deputy units one cluster names for one year (rotation `file`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    head: str
    deputies: list[str] = Field(default_factory=list, max_length=MAX_DEPUTIES)


class ClusterRules(BaseModel):
    """One cluster's own rules; a field left out takes the province's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rotation: Rotation | None = None
    deputies: int | None = Field(default=None, ge=0, le=MAX_DEPUTIES)
    named: dict[int, NamedUnits] = Field(default_factory=dict)  # year -> units


class YearConfig(BaseModel):
    """`config/year.yaml`: every field has a default, so the file may be left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rotation: Rotation = Rotation.ORDER
    deputies: int = Field(default=1, ge=0, le=MAX_DEPUTIES)
    # Days after 31/12 when pledges and reports of a closed year are still taken.
    grace_days: int = Field(default=31, ge=0, le=180)
    clusters: dict[str, ClusterRules] = Field(default_factory=dict)  # cluster code -> rules

    def rotation_of(self, cluster: str) -> Rotation:
        """Return how the cluster's heads rotate."""
        own = self.clusters.get(cluster)
        return own.rotation if own is not None and own.rotation is not None else self.rotation

    def deputies_of(self, cluster: str) -> int:
        """Return how many deputy units the cluster has."""
        own = self.clusters.get(cluster)
        return own.deputies if own is not None and own.deputies is not None else self.deputies

    def named(self, cluster: str, year: int) -> NamedUnits | None:
        """Return the units the file names for the cluster and year, if any."""
        own = self.clusters.get(cluster)
        return own.named.get(year) if own is not None else None

    def last_day(self, year: int) -> date:
        """Return the last day pledges and reports of `year` are taken once it is closed."""
        return date(year, 12, 31) + timedelta(days=self.grace_days)

    def accepts(self, year: int, today: date) -> bool:
        """Tell whether a closed `year` still takes pledges and reports on `today`."""
        return today <= self.last_day(year)
