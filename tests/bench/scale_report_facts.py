#!/usr/bin/env python3
"""National-scale AFCARS inputs from a state-scale log, for the report benchmark.

    python3 tests/bench/scale_report_facts.py DATABASE_URL COPIES

Adds COPIES copies of every row an AFCARS run reads to the report facts projectors'
tables: each case row marked `afcars`, and each person row those cases name. Every
16-byte id inside a copy (case, child, episode, placement, agreement, staff, provider)
gets the same copy-specific change in its last eight bytes, so a copy is another state's
worth of the same histories under other ids, with other record numbers.

Only for a benchmark database: no event of the log holds the copies, so the read models
no longer follow from the log there (a rebuild of the two projectors drops them).
Needs `psql` and the `msgpack` Python package (`pip install msgpack`).
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import uuid

import msgpack


def psql(url, script):
    return subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-qAt", "-F", "\t"],
        input=script, text=True, check=True, capture_output=True,
    ).stdout


def remap(value, mask):
    if isinstance(value, bytes) and len(value) == 16:
        return value[:8] + bytes(a ^ b for a, b in zip(value[8:], mask))
    if isinstance(value, list):
        return [remap(v, mask) for v in value]
    if isinstance(value, dict):
        return {remap(k, mask): remap(v, mask) for k, v in value.items()}
    return value


def records(data):
    unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
    unpacker.feed(data)
    return list(unpacker)


def ids_in(value, found):
    if isinstance(value, bytes) and len(value) == 16:
        found.add(str(uuid.UUID(bytes=value)))
    elif isinstance(value, list):
        for v in value:
            ids_in(v, found)
    elif isinstance(value, dict):
        for k, v in value.items():
            ids_in(k, found)
            ids_in(v, found)


def rows(url, sql):
    for line in psql(url, sql).splitlines():
        row_id, hex_facts = line.split("\t")
        yield uuid.UUID(row_id), records(bytes.fromhex(hex_facts))


def write_copies(out, rows_, masks, afcars):
    for row_id, recs in rows_:
        for mask in masks:
            copy_id = uuid.UUID(bytes=remap(row_id.bytes, mask))
            data = b"".join(msgpack.packb(remap(r, mask), use_bin_type=True) for r in recs)
            out.write(f"{copy_id}\t\\\\x{data.hex()}{afcars}\n")


def main():
    url, copies = sys.argv[1], int(sys.argv[2])
    masks = [hashlib.sha256(b"copy %d" % k).digest()[:8] for k in range(1, copies + 1)]
    cases = list(rows(url, "SELECT case_id, encode(facts, 'hex') FROM rm.case_facts WHERE afcars"))
    named = set()
    for _, recs in cases:
        ids_in(recs, named)
    with tempfile.TemporaryDirectory() as tmp:
        ids_file = os.path.join(tmp, "ids")
        with open(ids_file, "w") as out:
            out.write("\n".join(sorted(named)) + "\n")
        persons = list(rows(url, f"""
            CREATE TEMP TABLE named (id uuid PRIMARY KEY);
            \\copy named FROM '{ids_file}'
            SELECT person_id, encode(facts, 'hex') FROM rm.person_facts JOIN named ON id = person_id;
        """))
        case_file, person_file = os.path.join(tmp, "cases"), os.path.join(tmp, "persons")
        with open(case_file, "w") as out:
            write_copies(out, cases, masks, "\tt")
        with open(person_file, "w") as out:
            write_copies(out, persons, masks, "")
        psql(url, f"""
            CREATE TEMP TABLE c (case_id uuid, facts bytea, afcars boolean);
            \\copy c FROM '{case_file}'
            INSERT INTO rm.case_facts SELECT * FROM c;
            CREATE TEMP TABLE p (person_id uuid, facts bytea);
            \\copy p FROM '{person_file}'
            INSERT INTO rm.person_facts SELECT * FROM p;
        """)
    print(f"added {copies} copies of {len(cases)} cases and {len(persons)} persons")


if __name__ == "__main__":
    main()
