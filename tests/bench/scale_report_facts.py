#!/usr/bin/env python3
"""National-scale report inputs from a state-scale log, for the report benchmark.

    python3 tests/bench/scale_report_facts.py DATABASE_URL COPIES FISCAL_YEAR

Adds COPIES copies of every row the AFCARS, NYTD, CFSR and NCANDS (of FISCAL_YEAR)
runs read to the report facts projectors' tables: each case row marked `afcars` or
`victims` or holding FISCAL_YEAR in `ncands_years`, each person row those cases name,
and each person row marked `nytd`. Every 16-byte id inside a copy (case, person,
episode, placement, agreement, allegation, staff, provider) gets the same copy-specific
change in its last eight bytes, so a copy is another state's worth of the same histories
under other ids, with other record numbers; a copy keeps its original's flags.

Only for a benchmark database: no event of the log holds the copies, so the read models
no longer follow from the log there (a rebuild of the two projectors drops them).
Needs `psql`, and the `msgpack` and `numpy` Python packages.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import uuid

import msgpack
import numpy

ID_MARK = b"\xc4\x10"  # MessagePack bin 8 of 16 bytes: how the records hold an id


def psql(url, script):
    return subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t"],
        input=script, text=True, check=True, capture_output=True,
    ).stdout


def ids_at(data):
    """Each id in `data`'s records: its 16 bytes and their offset."""
    found = []
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
    unpacker.feed(data)
    # Each record is unpacked for its ids' values, which are then found at their
    # positions within the record, in order, so no byte elsewhere is taken for one.
    start = 0
    for record in unpacker:
        end = unpacker.tell()
        values = []
        ids_in(record, values)
        at = start
        for value in values:
            at = data.index(ID_MARK + value, at, end) + 2
            found.append((value, at))
            at += 16
        start = end
    return found


def ids_in(value, found):
    if isinstance(value, bytes) and len(value) == 16:
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            ids_in(v, found)
    elif isinstance(value, dict):
        for k, v in value.items():
            ids_in(k, found)
            ids_in(v, found)


def rows(url, sql):
    """(id, facts, the ids in the facts) of each row `sql` selects."""
    for line in psql(url, sql).splitlines():
        row_id, hex_facts = line.split("\t")
        data = bytes.fromhex(hex_facts)
        yield uuid.UUID(row_id).bytes, data, ids_at(data)


def copy_file(path, table_rows, masks):
    """A binary COPY file of (original id, copy id, facts) for every copy of every row."""
    ids = numpy.frombuffer(b"".join(r[0] for r in table_rows), dtype=numpy.uint8).reshape(-1, 16)
    facts = b"".join(r[1] for r in table_rows)
    lengths = numpy.array([len(r[1]) for r in table_rows], dtype=numpy.int64)
    ends = numpy.cumsum(lengths)
    starts = ends - lengths
    # The last eight bytes of every id in the facts, as indexes into `facts`.
    at = numpy.array([s + o for (_, _, found), s in zip(table_rows, starts) for _, o in found],
                     dtype=numpy.int64)
    halves = (at[:, None] + numpy.arange(8, 16)).ravel()
    source = numpy.frombuffer(facts, dtype=numpy.uint8)
    with open(path, "wb") as out:
        out.write(b"PGCOPY\n\xff\r\n\0" + struct.pack("!ii", 0, 0))
        for mask in masks:
            mask = numpy.frombuffer(mask, dtype=numpy.uint8)
            copied = source.copy()
            copied[halves] ^= numpy.tile(mask, len(at))
            copy_ids = ids.copy()
            copy_ids[:, 8:] ^= mask
            copied = copied.tobytes()
            for k, (row_id, _, _) in enumerate(table_rows):
                body = copied[starts[k]:ends[k]]
                out.write(struct.pack("!hi", 3, 16) + row_id + struct.pack("!i", 16)
                          + copy_ids[k].tobytes() + struct.pack("!i", len(body)) + body)
        out.write(struct.pack("!h", -1))


def main():
    url, copies, year = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    masks = [hashlib.sha256(b"copy %d" % k).digest()[:8] for k in range(1, copies + 1)]
    cases = list(rows(url, f"""SELECT case_id, encode(facts, 'hex') FROM rm.case_facts
        WHERE afcars OR victims OR ncands_years @> ARRAY[{year}]"""))
    named = {str(uuid.UUID(bytes=v)) for _, _, found in cases for v, _ in found}
    with tempfile.TemporaryDirectory() as tmp:
        ids_file = os.path.join(tmp, "ids")
        with open(ids_file, "w") as out:
            out.write("\n".join(sorted(named)) + "\n")
        persons = list(rows(url, f"""
            CREATE TEMP TABLE named (id uuid PRIMARY KEY);
            \\copy named FROM '{ids_file}'
            SELECT person_id, encode(facts, 'hex') FROM rm.person_facts WHERE nytd
            UNION ALL
            SELECT person_id, encode(facts, 'hex') FROM rm.person_facts JOIN named ON id = person_id
            WHERE NOT nytd;
        """))
        case_file, person_file = os.path.join(tmp, "cases"), os.path.join(tmp, "persons")
        copy_file(case_file, cases, masks)
        copy_file(person_file, persons, masks)
        psql(url, f"""
            CREATE TEMP TABLE c (original uuid, case_id uuid, facts bytea);
            \\copy c FROM '{case_file}' WITH (FORMAT binary)
            INSERT INTO rm.case_facts
            SELECT c.case_id, c.facts, o.afcars, o.victims, o.ncands_years
            FROM c JOIN rm.case_facts o ON o.case_id = c.original;
            CREATE TEMP TABLE p (original uuid, person_id uuid, facts bytea);
            \\copy p FROM '{person_file}' WITH (FORMAT binary)
            INSERT INTO rm.person_facts
            SELECT p.person_id, p.facts, o.nytd
            FROM p JOIN rm.person_facts o ON o.person_id = p.original;
        """)
    print(f"added {copies} copies of {len(cases)} cases and {len(persons)} persons")


if __name__ == "__main__":
    main()
