#!/usr/bin/python3
"""A Modbus TCP peer that misbehaves on purpose, for tests/rel/devices.sh.

badplc.py MODE PORTFILE: listens on a free port on 127.0.0.1 (written to
PORTFILE) and answers every request the wrong way:
  tid      a well-formed answer under a different transaction ID
  short    the first 5 bytes of a well-formed answer, then nothing
  garbage  random bytes
  length   an MBAP length that disagrees with the PDU
  close    closes the connection on every request
It answers holding/input register reads with zeros when it answers at all.
"""
import os
import socket
import struct
import sys
import threading


def answer(req):
    tid, pid, length, unit = struct.unpack(">HHHB", req[:7])
    fc = req[7]
    if fc in (3, 4):
        count = struct.unpack(">H", req[10:12])[0]
        pdu = bytes([fc, 2 * count]) + b"\0" * (2 * count)
    elif fc in (1, 2):
        count = struct.unpack(">H", req[10:12])[0]
        n = (count + 7) // 8
        pdu = bytes([fc, n]) + b"\0" * n
    else:
        pdu = bytes([fc | 0x80, 1])
    return tid, unit, pdu


def serve(conn, mode):
    with conn:
        while True:
            head = conn.recv(7)
            if len(head) < 7:
                return
            length = struct.unpack(">H", head[4:6])[0]
            body = conn.recv(length - 1)
            if mode == "close":
                return
            tid, unit, pdu = answer(head + body)
            if mode == "tid":
                tid = (tid + 1) & 0xFFFF
            frame = struct.pack(">HHHB", tid, 0, len(pdu) + 1, unit) + pdu
            if mode == "length":
                frame = struct.pack(">HHHB", tid, 0, len(pdu) + 9, unit) + pdu
            if mode == "short":
                frame = frame[:5]
            if mode == "garbage":
                frame = os.urandom(len(frame))
            conn.sendall(frame)


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(portfile + ".tmp", portfile)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, mode), daemon=True).start()


main()
