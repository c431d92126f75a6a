"""The attacker's audit: bound every suppressed cell by linear programming (HiGHS).

What the attacker knows (see etl.suppression): every published number of the linked tables
of a period and every relation between them (totals, margins, the regional indicators and,
through them, any national figure, which is only ever a sum of published regional cells);
that a suppressed cell is at least 1 (zeros are published); that a suppressed daily cell is
at most k-1 (daily cells are only ever hidden as primary cells); and the published cells of
the previous publication of a revised month (etl.aggregate links old and new). When a
month is revised by late nights only (no published night re-delivered), every count can only
rise: each cell of the new publication is at least its old self, an inequality relation
(etl.audit_revision).

For every hidden cell x the audit solves min x and max x subject to all that. The feasible
range max - min must be at least k-2, i.e. the cell can still take any of k-1 values; a cell
pinned closer than that fails the audit. `python -m etl audit` runs it over the warehouse.

Speed (an ETL night audits every complete month, and suppression re-audits after each
round of complementary cells), without giving up exactness:
- Published cells are constants: each relation becomes a row over its HIDDEN cells only, so
  the linear system splits into independent blocks (connected components of hidden cells
  through relations), each a small LP; blocks without hidden cells cost nothing.
- Capped cells that hang off one total (daily cells under an office-month) are eliminated
  exactly: their sum bounds the total, and the total's range gives theirs (`Stars`).
- Each block is one HiGHS model kept in memory (highspy): a new objective restarts from the
  previous optimal basis, a few pivots instead of a fresh solve.
- Every LP solution is a feasible point for all the cells of its block: a cell whose observed
  values already span k-2 needs no LP of its own, and a few solves with random directions
  settle most cells of a block at once. Only the others get their own min and max LPs.
- `auditor()` remembers the blocks it solved: the next round re-solves only blocks that
  changed.

The modules: etl.audit_stars (the relations as one incidence list, the exact elimination),
etl.audit_lp (blocks and HiGHS: `bounds`, `widths`, `auditor`, `pinned`), etl.audit_warehouse
(the published months as the attacker reads them, findings, `render`, the previous
publication of a revised month), etl.audit_revision (new >= old for a revision by late
nights only, and the joint audit of old and new). Every public name is importable from here.
"""

from etl.aggregate_family import link_growth, only_late_nights
from etl.audit_lp import TOL, Bounds, Cache, auditor, bounds, pinned, widths
from etl.audit_revision import audit_revision
from etl.audit_stars import Incidence, Relations
from etl.audit_warehouse import (
    PUBLISHED_NIGHTS,
    Finding,
    audit_system,
    audit_warehouse,
    families_of,
    previous_publication,
    published_families,
    render,
)

__all__ = [
    "PUBLISHED_NIGHTS",
    "TOL",
    "Bounds",
    "Cache",
    "Finding",
    "Incidence",
    "Relations",
    "audit_revision",
    "audit_system",
    "audit_warehouse",
    "auditor",
    "bounds",
    "families_of",
    "link_growth",
    "only_late_nights",
    "pinned",
    "previous_publication",
    "published_families",
    "render",
    "widths",
]
