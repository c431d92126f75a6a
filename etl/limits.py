"""Per-file limits of the ETL's readers, in one place.

Why limits at all: the landing area is written by other systems, and one hostile or broken
file (a zip bomb, a JSON nested 2,000 levels deep, 20 million empty rows) must not take the
nightly run down or block the other files and nights. Past a limit a file is refused as
``unreadable_file`` with a reason that names the limit (never a value), or, where only some
records are at fault, those records are quarantined and the rest is read.

How they were chosen: a national night is ~25,000 visits (a few MB) and a facility snapshot
~50,000 rows, so every limit is one to two orders of magnitude above real deliveries, and
together they keep one file's reading under ~1 GiB of memory (bench/hostile_probe.py
measures the worst cases). Changing one is a one-line edit here; the README's ETL section
lists them.
"""

from __future__ import annotations

MiB = 1 << 20

# -- every format
MAX_FILE_BYTES = 128 * MiB  # size on disk; bounds CSV and JSON reading (text ~2-4x in memory)
MAX_ROWS = 1_000_000  # data records per file (Excel's own sheet limit is 1,048,576)
MAX_COLUMNS = 256  # the widest contract table has 15 columns
MAX_CELL_CHARS = 32_767  # Excel's own cell limit; a longer value quarantines its row

# -- CSV
MAX_LINE_BYTES = 1 * MiB  # one physical line; pyarrow's parse block is sized above it

# -- JSON
MAX_JSON_DEPTH = 32  # an array of flat objects is depth 2
MAX_JSON_BYTES = 64 * MiB  # JSON is decoded to one Python str: up to 4 bytes a character

# -- XLSX (a zip of XML members)
MAX_XLSX_MEMBERS = 1_000  # a real workbook has 10-30
MAX_XLSX_CENTRAL_DIRECTORY_BYTES = 1 * MiB  # the zip's index, read before any member
MAX_XLSX_TOTAL_BYTES = 128 * MiB  # all members together, decompressed (as declared)
MAX_XLSX_SHEET_BYTES = 64 * MiB  # the first worksheet, decompressed: streamed (20k visits ~ 4 MiB)
MAX_XLSX_SHARED_STRINGS_BYTES = 64 * MiB  # decompressed; held in memory as a list of strings
MAX_XLSX_OTHER_MEMBER_BYTES = 16 * MiB  # workbook, relationships, styles: held in memory
MAX_XLSX_TEXT_CHARS = 128 * MiB  # all cell text materialised (shared strings repeat for free)
MAX_XML_DEPTH = 64  # element nesting; a worksheet is 5 deep
MAX_XML_TOKEN_BYTES = 1 * MiB  # bytes between two '>' (a tag, or a cell's text)
