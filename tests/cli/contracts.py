#!/usr/bin/env python3
"""Header contracts, read off the code: every public function of core
(core/*.h) whose body, or a core-private function it calls, checks a
permission (tx_begin / perm_check with PERM_...) says in its comment the
roles that permission allows, as core/base/tx.c's table gives them:
"Roles: lead, admin."  A function that takes the handle and checks no
permission says "Roles: any (reads only)." or names who may call it
when it checks identity itself.  So the header cannot promise what the
code does not do.  With --write the lines are put in or corrected;
without it, one "ok" / "not ok" line per function."""
import glob, re, sys

ROLE_BITS = {"MES_ROLE_OPERATOR": "operator", "MES_ROLE_LEAD": "lead",
             "MES_ROLE_QUALITY": "quality", "MES_ROLE_MAINTENANCE": "maintenance",
             "MES_ROLE_RECEIVING": "receiving", "MES_ROLE_ADMIN": "admin"}
ORDER = list(ROLE_BITS.values())

def perm_table():
    s = open("core/base/tx.c").read()
    table = {}
    for m in re.finditer(r"\[(PERM_[A-Z_]+)\]\s*=\s*\{\s*\"[^\"]*\",\s*([^}]*)\}", s):
        bits = m.group(2)
        if "MES_ROLE_ALL" in bits:
            table[m.group(1)] = "anyone logged in"
        else:
            names = {ROLE_BITS[b] for b in re.findall(r"MES_ROLE_[A-Z]+", bits)}
            table[m.group(1)] = ", ".join(r for r in ORDER if r in names)
    return table

FUNC = re.compile(r"(?m)^(?:static )?[a-z][^;{}()\n]*?\b([a-z_0-9]+)\(([^;{]*?)\)\n\{\n(.*?)\n\}\n", re.S)

# A change may name its permission in a table it hands to a shared
# driver (an import kind): such a table counts as the function's own.
DATA = re.compile(r"(?m)^(?:static )?const struct [a-z_0-9]+ ([a-z_0-9]+)(?:\[\])? = \{(.*?)\};", re.S)
TABLES = {}

def functions():
    src = {}
    for f in glob.glob("core/*/*.c"):
        if f == "core/base/tx.c":
            continue    # the checks themselves
        text = open(f).read()
        for m in FUNC.finditer(text):
            src[m.group(1)] = (m.group(2), m.group(3))
        for m in DATA.finditer(text):
            perms = set(re.findall(r"\bPERM_[A-Z_]+\b", m.group(2)))
            if perms:
                TABLES[m.group(1)] = perms
    return src

def perms_of(name, src, seen):
    if name in seen or name not in src:
        return set()
    seen.add(name)
    body = src[name][1]
    found = set(re.findall(r"\bPERM_[A-Z_]+\b", body)) - {"PERM_COUNT"}
    for ident in set(re.findall(r"\b([a-z_0-9]+)\b", body)) & set(TABLES):
        found |= TABLES[ident]
    for callee in set(re.findall(r"\b([a-z_0-9]+)\(", body)):
        found |= perms_of(callee, src, seen)
    return found

WRITES = re.compile(r"\btx_begin|\bdb_exec\(|\"(INSERT|UPDATE|DELETE|REPLACE) ")

# A read snapshot begins and ends a transaction, but writes nothing.
READ_SNAPSHOT = {"mes_db_read_begin", "mes_db_read_end"}

def writes(name, src, seen):
    if name in seen or name not in src or name in READ_SNAPSHOT:
        return False
    seen.add(name)
    body = src[name][1]
    return bool(WRITES.search(body)) or any(
        writes(c, src, seen) for c in set(re.findall(r"\b([a-z_0-9]+)\(", body)))

# The handle itself, and the calls that seed a whole demo plant through
# the checked calls (they have every role's checks inside): no one
# permission to name.
NOT_ACTIONS = {"mes_db_open", "mes_db_close", "mes_db_errmsg", "mes_db_path",
               "mes_db_data_version", "mes_db_read_begin", "mes_db_read_end",
               "mes_db_schema_version", "mes_session_user",
               "mes_terminal_set", "mes_logout", "mes_demo_seed",
               "mes_machine_demo_seed"}
SAID = {"mes_login_pin": "Roles: none (this is the log-in).",
        "mes_login_unix": "Roles: none (this is the log-in).",
        "mes_user_passwd": "Roles: anyone logged in for their own PIN; admin for another's.",
        "mes_status_get": "Roles: any (reads only).",
        # It names PERM_PLAN only to ask whether the session holds it.
        "mes_schedule_allowed": "Roles: any (reads only).",
        # Keeping the figures (store) is the only write.
        "mes_twin_simulate": "Roles: any (reads only); lead, admin to keep the figures.",
        # They simulate without keeping, and open a scenario's copy
        # without MES_OPEN_CREATE: nothing is written.
        "mes_scenario_figures": "Roles: any (reads only).",
        "mes_scenario_list": "Roles: any (reads only).",
        "mes_scenario_open": "Roles: any (reads only).",
        "mes_db_migrate": "Roles: none checked: whoever may write the file (mesctl migrate).",
        "mes_user_bootstrap": "Roles: none: it works only on a database without users.",
        "mes_master_import": "Roles: the kind's (lead, admin: items, work centers, "
                             "routings; quality, admin: plans; admin: users)."}

DECL = r"(?m)^[a-z][^;{}()\n]*\b%s\("

def public():
    out = {}
    for h in sorted(glob.glob("core/*.h")):
        for fn in re.findall(DECL % "(mes_[a-z0-9_]+)", open(h).read()):
            out.setdefault(fn, h)
    return out

def wanted():
    table, src, want = perm_table(), functions(), {}
    for fn, h in public().items():
        if fn not in src or fn in NOT_ACTIONS:
            continue
        if fn in SAID:
            want[fn] = SAID[fn]
            continue
        perms = perms_of(fn, src, set())
        if len(perms) == 2 and "PERM_SIGN" in perms:
            perms.discard("PERM_SIGN")
            want[fn] = "Roles: %s, signed by the PIN of the user it names." % table[perms.pop()]
        elif len(perms) == 1:
            want[fn] = "Roles: %s." % table[perms.pop()]
        elif len(perms) > 1:
            want[fn] = "Roles: %s." % "; ".join(
                "%s to %s" % (table[p], p[5:].lower().replace("_", " ")) for p in sorted(perms))
        elif "struct mes_db *" in src[fn][0]:
            want[fn] = ("Roles: none checked (writes; see the comment)." if writes(fn, src, set())
                        else "Roles: any (reads only).")
    return want

def comment_before(s, pos):
    end = s.rfind("*/", 0, pos)
    if end < 0 or s[end + 2:pos] != "\n":
        return None
    return s.rfind("/*", 0, end), end + 2

def locate(fn, h):
    s = open(h).read()
    return s, re.search(DECL % re.escape(fn), s).start()

ROLES_RE = re.compile(r"Roles: [^.]*\.")

def flat(text):
    return re.sub(r"\s*\n\s*\*\s*", " ", text)

def write(fn, h, line):
    s, pos = locate(fn, h)
    c = comment_before(s, pos)
    if c and ROLES_RE.search(flat(s[c[0]:c[1]])):
        body = flat(s[c[0]:c[1]])
        if ROLES_RE.search(body).group(0) == line:
            return
        new = ROLES_RE.sub(line, s[c[0]:c[1]]) if ROLES_RE.search(s[c[0]:c[1]]) else None
        if new is None:
            raise SystemExit("%s: a Roles sentence split over lines; fix by hand" % fn)
        s = s[:c[0]] + new + s[c[1]:]
    elif c:
        body = s[c[0]:c[1]]
        lines = body.split("\n")
        if lines[-1].strip() == "*/":
            new = "\n".join(lines[:-1] + [" * " + line, lines[-1]])
        elif len(lines) == 1 and len(body) + 2 + len(line) <= 79:
            new = body[:-2].rstrip() + "  " + line + " */"
        else:
            new = body[:-2].rstrip() + "\n * " + line + " */"
        s = s[:c[0]] + new + s[c[1]:]
    else:
        s = s[:pos] + "/* %s */\n" % line + s[pos:]
    open(h, "w").write(s)

def main():
    want, pub, bad = wanted(), public(), 0
    for fn in sorted(want):
        if "--write" in sys.argv:
            write(fn, pub[fn], want[fn])
            continue
        s, pos = locate(fn, pub[fn])
        c = comment_before(s, pos)
        got = ROLES_RE.search(flat(s[c[0]:c[1]])) if c else None
        if got and got.group(0) == want[fn]:
            print("ok - %s: %s" % (fn, want[fn]))
        else:
            print('not ok - %s (%s): the code says "%s", the header "%s"'
                  % (fn, pub[fn], want[fn], got.group(0) if got else "nothing"))
            bad += 1
    return 1 if bad else 0

sys.exit(main())
