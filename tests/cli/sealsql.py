#!/usr/bin/env python3
"""Runs SQL on a plant's file with mes_seal() and mes_mac() defined as
core/base/seal.c defines them, written again from mes(7)'s description.

usage: sealsql.py DB SQL [KEY_FILE]

The tests use it two ways.  As a plant program that knows the scheme, to
set up what no mesctl command writes (a test's lots and ledger rows on an
unkeyed plant).  And as the forger mes(7) describes: someone who has the
database file and this program's sources but not the plant key.  On an
unkeyed plant that forger's seals pass verify (which is what "unkeyed"
says); with a key, seals made without it, or with another key, fail.
That the seals it makes on an unkeyed plant pass is also a check that the
canonical form is what mes(7) says it is.
"""
import hashlib
import sqlite3
import struct
import sys

UNKEYED = "unkeyed"


def load_key(path):
    if not path:
        return None
    with open(path) as f:
        return bytes.fromhex(f.read().strip())


def key_id(key):
    if key is None:
        return UNKEYED
    return hashlib.blake2b(b"mes plant key id", digest_size=8,
                           key=key).hexdigest()


def mac_start(key, domain):
    h = hashlib.blake2b(digest_size=32, key=key or b"")
    h.update(domain.encode() + b"\0")
    return h


def u64(v):
    return struct.pack(">Q", v & 0xFFFFFFFFFFFFFFFF)


def put_value(h, v):
    # SQLite's type codes: 1 integer, 2 real, 3 text, 4 blob, 5 null.
    if v is None:
        h.update(b"\x05")
    elif isinstance(v, int):
        h.update(b"\x01" + u64(v))
    elif isinstance(v, float):
        h.update(b"\x02" + struct.pack(">d", v))
    elif isinstance(v, str):
        b = v.encode()
        h.update(b"\x03" + u64(len(b)) + b)
    else:
        h.update(b"\x04" + u64(len(v)) + bytes(v))


def register(con, key):
    """mes_seal, mes_mac and mes_chain on con, made with key (None:
    unkeyed), as core/base/seal.c and audit.c make them."""
    kid = key_id(key)

    def seal(tbl, rowid, *cols):
        h = mac_start(key, "row")
        h.update(tbl.encode() + b"\0" + u64(rowid) + u64(len(cols)))
        for c in cols:
            put_value(h, c)
        return kid + ":" + h.hexdigest()

    def mac(domain, text):
        h = mac_start(key, domain)
        h.update(text.encode())
        return kid + ":" + h.hexdigest()

    def chain(*fields):
        # core/base/audit.c's chain hash: "<length>:<bytes>;" per field.
        h = hashlib.sha256()
        for f in fields:
            b = ("" if f is None else str(f)).encode()
            h.update(str(len(b)).encode() + b":" + b + b";")
        return h.hexdigest()

    con.create_function("mes_seal", -1, seal)
    con.create_function("mes_mac", 2, mac)
    con.create_function("mes_chain", 11, chain)


def main():
    db, sql = sys.argv[1], sys.argv[2]
    key = load_key(sys.argv[3] if len(sys.argv) > 3 else None)
    con = sqlite3.connect(db, isolation_level=None, timeout=10)
    register(con, key)
    con.executescript(sql)
    con.close()


if __name__ == "__main__":
    main()
