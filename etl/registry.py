"""Registries: the facility snapshot and the regional targets.

The facility index (every id ever seen, cameras included, no locations for cameras) is what
event rows are checked against. The public `facilities` table holds the latest snapshot of
public-facing types only; cameras are published as counts per district.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import pandas as pd
from sqlalchemy import Connection, delete, insert, select, update

from data import schema
from data.catalog import PUBLIC_FACILITY_TYPES
from data.translit import english_name
from etl.load import insert_frame, records

TARGET_TYPES = {
    "front_offices_operating": "front_office",
    "modular_posts_operating": "modular_post",
    "district_points_operating": "district_point",
    "sos_buttons_operating": "sos_button",
    "cameras_operating": "camera",
}


INDEX_COLUMNS = ["type", "kato", "region", "status", "last_seen"]


class FacilityIndex:
    """The facility index of one run: read once, merged in memory, written once.

    Why in memory: a year of weekly snapshots is ~50 of ~47,000 ids each; deleting and
    re-inserting every id per snapshot cost ~17 s of a national run for a table that ends
    up written in full anyway.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame  # index facility_id; INDEX_COLUMNS
        self.stored = frame  # what the warehouse holds (save writes only the difference)
        self.changed = False

    @classmethod
    def load(cls, conn: Connection) -> FacilityIndex:
        t = schema.facility_index
        rows = conn.execute(select(t.c.facility_id, *[t.c[c] for c in INDEX_COLUMNS])).all()
        # Plain tuples: pandas probes each SQLAlchemy Row for attributes (~1 s per 50,000).
        frame = pd.DataFrame([tuple(r) for r in rows], columns=["facility_id", *INDEX_COLUMNS])
        return cls(frame.set_index("facility_id"))

    def update(self, snapshot: pd.DataFrame, night: date) -> None:
        """Add or refresh ids from a snapshot; a newer night's attributes win (a late,
        older snapshot never overwrites what a newer one said)."""
        if snapshot.empty:
            return
        fresh = snapshot.set_index("facility_id")[INDEX_COLUMNS[:-1]]
        seen = pd.to_datetime(self.frame["last_seen"].reindex(fresh.index))
        newer = (seen.isna() | (seen <= pd.Timestamp(night))).to_numpy(dtype=bool)
        fresh = fresh[newer].assign(last_seen=night)
        if fresh.empty:
            return
        kept = self.frame.drop(index=fresh.index, errors="ignore")
        self.frame = pd.concat([kept, fresh]) if len(kept) else fresh
        self.changed = True

    def lookup(self) -> pd.DataFrame:
        """facility_id → type, kato: what validate() checks event rows against."""
        return self.frame[["type", "kato"]]

    def save(self, conn: Connection) -> None:
        """Write what changed since the index was loaded.

        Why not every row: a weekly snapshot moves every id's `last_seen`, and rewriting
        47,000 rows cost 0.12 s of a national night; the ids a snapshot saw again unchanged
        all move from the same night to the same night, which one UPDATE does (15 ms)."""
        if not self.changed:
            return
        t = schema.facility_index
        moves, rewrite = _last_seen_moves(self.stored, self.frame)
        if len(rewrite) > len(self.frame) // 4:  # most rows change: write them all
            moves, rewrite = [], self.frame.index
            conn.execute(delete(t))
        for was, now, kept in moves:
            where = [t.c.last_seen == was]
            if kept:
                where.append(t.c.facility_id.not_in(kept))
            conn.execute(update(t).where(*where).values(last_seen=now))
        known = rewrite.intersection(self.stored.index).tolist() if len(self.stored) else []
        for start in range(0, len(known), MAX_LISTED_IDS):
            conn.execute(
                delete(t).where(t.c.facility_id.in_(known[start : start + MAX_LISTED_IDS]))
            )
        rows = self.frame.loc[rewrite].sort_index().reset_index()
        insert_frame(conn, t, rows[["facility_id", *INDEX_COLUMNS]])
        self.stored = self.frame
        self.changed = False


# Ids listed in one statement; also the most a moving night may leave behind (SQLite's
# default limit of bound parameters is 32,766).
MAX_LISTED_IDS = 5_000


def _last_seen_moves(
    stored: pd.DataFrame, current: pd.DataFrame
) -> tuple[list[tuple[date, date, list[str]]], pd.Index]:
    """How to turn the stored index into `current`: moves of `last_seen` that one UPDATE
    each makes (night before, night after, the ids of that night that stay behind), and the
    ids to write again (new, with new attributes, or moved otherwise).

    The ids that move from one night to another, attributes unchanged, move in one UPDATE,
    unless more than MAX_LISTED_IDS of the night before stay behind or some stored id
    already has the night after (an UPDATE must never move rows another one just moved)."""
    attributes = INDEX_COLUMNS[:-1]
    old = stored.reindex(current.index)
    old_seen = pd.to_datetime(old["last_seen"])
    new_seen = pd.to_datetime(current["last_seen"])
    same = (old[attributes] == current[attributes]).all(axis=1) & old["type"].notna()
    moved = same & (old_seen != new_seen)
    rewrite = (~same).to_numpy(dtype=bool, copy=True)
    stored_seen = pd.to_datetime(stored["last_seen"])
    pairs = pd.DataFrame({"was": old_seen[moved], "now": new_seen[moved]})
    groups = pairs.groupby(["was", "now"]).groups
    moves: list[tuple[date, date, list[str]]] = []
    taken = set(stored_seen.unique())
    for key, ids in groups.items():
        was, now = cast(tuple[pd.Timestamp, pd.Timestamp], key)
        behind = stored.index[(stored_seen == was).to_numpy()].difference(ids)
        if len(behind) <= MAX_LISTED_IDS and now not in taken:
            moves.append((was.date(), now.date(), behind.tolist()))
        else:
            rewrite |= current.index.isin(ids)
    return moves, current.index[rewrite]


def publish_facilities(conn: Connection, snapshot: pd.DataFrame) -> None:
    """Replace the public registry with the latest snapshot (camera locations never stored)."""
    public = snapshot[snapshot["type"].isin(PUBLIC_FACILITY_TYPES)].sort_values("facility_id")
    public = public.rename(columns={"kato": "district_kato"}).copy()
    public["opened_on"] = pd.to_datetime(public["opened_on"]).dt.date
    # Every published facility has an English name: the registry's, else a transliteration.
    public["name_en"] = [
        english_name(en, kk, ru) or None
        for en, kk, ru in zip(
            public["name_en"].astype(object).where(public["name_en"].notna(), None),
            public["name_kk"].astype(object).where(public["name_kk"].notna(), None),
            public["name_ru"].astype(object).where(public["name_ru"].notna(), None),
            strict=True,
        )
    ]
    public["id"] = range(1, len(public) + 1)
    columns = [c.name for c in schema.facilities.columns]
    conn.execute(delete(schema.facilities))
    if len(public):
        conn.execute(insert(schema.facilities), records(public[columns]))

    cameras = snapshot[snapshot["type"] == "camera"]
    counts = (
        cameras.groupby(["region", "kato", "status"], observed=True)
        .size()
        .rename("cameras")
        .reset_index()
        .rename(columns={"kato": "district_kato"})
        .sort_values(["district_kato", "status"], ignore_index=True)
    )
    counts["id"] = range(1, len(counts) + 1)
    conn.execute(delete(schema.cameras_by_district))
    if len(counts):
        conn.execute(insert(schema.cameras_by_district), records(counts))


def operating_counts(conn: Connection) -> pd.DataFrame:
    """region × facility type → number operating now."""
    f = schema.facilities
    rows = conn.execute(select(f.c.region, f.c.type).where(f.c.status == "operating")).all()
    frame = pd.DataFrame(rows, columns=["region", "type"])
    counts = frame.groupby(["region", "type"]).size().rename("actual")
    c = schema.cameras_by_district
    cams = conn.execute(select(c.c.region, c.c.cameras).where(c.c.status == "operating")).all()
    cam_frame = pd.DataFrame(cams, columns=["region", "cameras"])
    cam_counts = cam_frame.groupby("region")["cameras"].sum().rename("actual")
    cam_counts.index = pd.MultiIndex.from_arrays(
        [cam_counts.index, ["camera"] * len(cam_counts)], names=["region", "type"]
    )
    return pd.concat([counts, cam_counts]).reset_index()


def target_status(actual: float | None, target: float, period_end: date, as_of: date) -> str:
    """met / on_track / behind / missed against a straight line over the final year."""
    if actual is None:
        return "no_data"
    if actual >= target:
        return "met"
    if period_end < as_of:
        return "missed"
    year_start = period_end - timedelta(days=365)
    elapsed = min(max((as_of - year_start).days / 365, 0.0), 1.0)
    return "on_track" if actual >= target * elapsed else "behind"


def publish_targets(conn: Connection, new_targets: pd.DataFrame | None, as_of: date) -> None:
    """Store targets (from the latest delivery, or those already stored) with progress."""
    t = schema.targets
    if new_targets is None:
        current = pd.DataFrame(
            conn.execute(
                select(t.c.region, t.c.indicator, t.c.period_end, t.c.target_value, t.c.source)
            )
            .mappings()
            .all(),
            columns=["region", "indicator", "period_end", "target_value", "source"],
        )
    else:
        current = new_targets[["region", "indicator", "period_end", "target_value", "source"]]
        current = current.assign(period_end=pd.to_datetime(current["period_end"]).dt.date)
        # A re-stated target for the same key keeps the last delivered value.
        current = current.drop_duplicates(["region", "indicator", "period_end"], keep="last")
    if current.empty:
        conn.execute(delete(t))
        return
    counts = operating_counts(conn)
    current = current.assign(type=current["indicator"].map(TARGET_TYPES))
    merged = current.merge(counts, on=["region", "type"], how="left")
    merged["actual"] = merged["actual"].fillna(0).astype(float)
    merged["actual_value"] = merged["actual"]
    merged["progress"] = (
        merged["actual"] / merged["target_value"].where(merged["target_value"] > 0)
    ).round(3)
    merged["status"] = [
        target_status(a, float(tv), pe, as_of)
        for a, tv, pe in zip(
            merged["actual"], merged["target_value"], merged["period_end"], strict=True
        )
    ]
    merged["as_of"] = as_of
    merged = merged.sort_values(["region", "indicator", "period_end"], ignore_index=True)
    merged["id"] = range(1, len(merged) + 1)
    columns = [c.name for c in t.columns]
    conn.execute(delete(t))
    conn.execute(insert(t), records(merged[columns]))
