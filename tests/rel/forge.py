#!/usr/bin/env python3
"""A forgery run: edits a keyed plant's file behind mes's back, the way
someone with the file, the sqlite3 shell and mes's sources (but not the
plant key) would, and counts how many of them `mesctl audit verify`
detects.  One forgery per trial, on a fresh copy of the plant.

usage: forge.py DB CLEAN TRIALS SEED -- MESCTL-COMMAND...

Kinds, chosen in turn with rows and columns at random: a changed value,
a deleted row, an inserted copy (each with the table's triggers dropped
first, since the shell cannot write through them), and a change made
through the triggers with the seals recomputed without the key.
Prints "ok"/"not ok" per kind and "figure forge trials=N detected=N".
"""
import importlib.util
import os
import random
import shutil
import sqlite3
import subprocess
import sys

SEALED = ["users", "lots", "inv_moves", "genealogy", "signatures",
          "inspections", "measurements", "nonconformances"]
HERE = os.path.dirname(os.path.abspath(__file__))


def forger_functions(con):
    """mes_seal and mes_mac as the scheme defines them, without a key:
    tests/cli/sealsql.py's, the independent implementation."""
    path = os.path.join(HERE, "..", "cli", "sealsql.py")
    spec = importlib.util.spec_from_file_location("sealsql", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    mod.register(con, None)


def columns(con, t):
    return [(r[1], r[5]) for r in con.execute("PRAGMA table_info(%s)" % t)]


def drop_triggers(con, t):
    for (name,) in con.execute("SELECT name FROM sqlite_master WHERE "
                               "type = 'trigger' AND tbl_name = ?", (t,)).fetchall():
        con.execute("DROP TRIGGER %s" % name)


def changed(v):
    if v is None:
        return 1
    if isinstance(v, (int, float)):
        return v * 10 + 1
    if isinstance(v, bytes):
        return v + b"x"
    return v + "x"


def forge(con, rng, kind):
    tables = [t for t in SEALED
              if con.execute("SELECT count(*) FROM %s" % t).fetchone()[0]]
    t = rng.choice(tables)
    rowid = rng.choice([r[0] for r in con.execute("SELECT rowid FROM %s" % t)])
    cols = [c for c, pk in columns(con, t) if not pk]
    col = rng.choice(cols)
    if kind == "reseal":
        forger_functions(con)
        old = con.execute("SELECT %s FROM %s WHERE rowid = ?" % (col, t),
                          (rowid,)).fetchone()[0]
        con.execute("UPDATE %s SET %s = ? WHERE rowid = ?" % (t, col),
                    (changed(old), rowid))
        return "%s.%s of row %d, resealed without the key" % (t, col, rowid)
    drop_triggers(con, t)
    if kind == "delete":
        con.execute("DELETE FROM %s WHERE rowid = ?" % t, (rowid,))
        return "row %d of %s deleted" % (rowid, t)
    if kind == "insert":
        row = con.execute("SELECT %s FROM %s WHERE rowid = ?" %
                          (", ".join(cols), t), (rowid,)).fetchone()
        row = [changed(v) if isinstance(v, str) else v for v in row]
        con.execute("INSERT INTO %s (%s) VALUES (%s)" %
                    (t, ", ".join(cols), ", ".join("?" * len(cols))), row)
        return "a copy of row %d of %s inserted" % (rowid, t)
    old = con.execute("SELECT %s FROM %s WHERE rowid = ?" % (col, t),
                      (rowid,)).fetchone()[0]
    con.execute("UPDATE %s SET %s = ? WHERE rowid = ?" % (t, col),
                (changed(old), rowid))
    return "%s.%s of row %d changed" % (t, col, rowid)


def main():
    db, clean, trials, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    rng = random.Random(seed)
    kinds = ["edit", "delete", "insert", "reseal"]
    done = {k: [0, 0] for k in kinds}
    missed = []
    for i in range(trials):
        kind = kinds[i % len(kinds)]
        for side in ("-wal", "-shm"):
            if os.path.exists(db + side):
                os.remove(db + side)
        what = None
        # A forgery a UNIQUE or NOT NULL constraint refuses is no forgery:
        # draw again (CHECK constraints the forger switches off, as the
        # shell can).
        for attempt in range(50):
            shutil.copyfile(clean, db)
            con = sqlite3.connect(db, isolation_level=None)
            con.execute("PRAGMA ignore_check_constraints = ON")
            try:
                what = forge(con, rng, kind)
                break
            except sqlite3.Error:
                pass
            finally:
                con.close()
        if what is None:
            print("not ok - forgery run: no %s forgery could be made" % kind)
            continue
        r = subprocess.run(cmd, capture_output=True, text=True)
        done[kind][0] += 1
        if r.returncode != 0:
            done[kind][1] += 1
        else:
            missed.append(what)
    for k in kinds:
        n, d = done[k]
        print("%s - forgery run, %s: %d of %d detected by audit verify"
              % ("ok" if n == d else "not ok", k, d, n))
    for m in missed[:5]:
        print("#   not detected: " + m)
    total = sum(v[0] for v in done.values())
    found = sum(v[1] for v in done.values())
    print("figure forge trials=%d detected=%d" % (total, found))


main()
