#!/bin/sh
# Backups and a damaged file: the backup never lands on the database or
# its side files (by name or by inode), keeps the database's mode and
# group, is audited; status, audit verify and backup all notice a file
# whose pages were damaged behind the program's back, say what to do, and
# a damaged database never overwrites the last good backup.
. tests/cli/lib.inc
DB=$T/plant.db
A() { MES_PIN=0000 "$MESCTL" --user setup "$@"; }
mode() { stat -c %a "$1"; }
inode() { stat -c %i "$1"; }

echo 0000 | "$MESCTL" init --admin setup >/dev/null 2>&1
A demo-seed >/dev/null 2>&1
chmod 640 $DB
ino=$(inode $DB)

# ---- the target is the database: refused, by any name ----
cd $T
expect_rc "backup onto ./plant.db (the live file, relative) is refused" 1 $T/o A backup ./plant.db
check "... saying it is the database" has $T/o "is the database: a backup goes to another file"
check "... the database is the same file" test "$(inode $DB)" = "$ino"
check "... with its mode" test "$(mode $DB)" = 640
cd "$TOP"
expect_rc "backup onto its -wal file is refused" 1 $T/o A backup $DB-wal
check "... naming it" has $T/o "the database's -wal file"
expect_rc "backup onto its -shm file is refused" 1 $T/o A backup $DB-shm
expect_rc "backup onto the writers' queue file is refused" 1 $T/o A backup $DB-lock
ln $DB $T/hard.db
expect_rc "backup onto a hard link to the database is refused" 1 $T/o A backup $T/hard.db
rm -f $T/hard.db
ln -s $DB $T/sym.db
expect_rc "backup onto a symbolic link to it is refused" 1 $T/o A backup $T/sym.db
rm -f $T/sym.db
mkdir $T/sub; ln -s $T $T/sub/up
expect_rc "backup onto the database through a linked directory is refused" 1 $T/o A backup $T/sub/up/plant.db
check "... and nothing was audited or changed" sh -c "'$MESCTL' audit verify >/dev/null && test \$(stat -c %i $DB) = $ino"

# ---- a good backup ----
expect_rc "a backup to another file" 0 $T/o A backup $T/good.db
check "... has the database's mode (0640), not 0644" test "$(mode $T/good.db)" = 640
check "... and its group" test "$(stat -c %g $T/good.db)" = "$(stat -c %g $DB)"
check "... leaves no .part file" test ! -e $T/good.db.part
expect_rc "... is written to the audit trail" 0 $T/o A audit show --since 2000
check "... as backup, naming the copy" has $T/o "backup .*good.db"
chmod 600 $DB
A backup $T/owner.db >/dev/null 2>&1
check "a database readable by its owner only gives a backup the same (0600)" test "$(mode $T/owner.db)" = 600
chmod 640 $DB
expect_rc "status of a sound file" 0 $T/o "$MESCTL" status
check "... says the quick check passed" has $T/o "integrity  ok (quick check)"
expect_rc "status --json of a sound file" 0 $T/o "$MESCTL" --json status
check "... integrity ok" has $T/o '"integrity":"ok"'

# ---- the file damaged: pages overwritten behind the program's back ----
sqlite3 $DB "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp $T/good.db $T/last-good.db
sum_before=$(sha256sum < $T/last-good.db)
# three pages the audit trail's rows are on (an empty page, such as a
# new index's root, would hide the damage)
python3 - "$DB" $(sqlite3 $DB "SELECT pageno FROM dbstat WHERE name = 'audit' AND pagetype = 'leaf' ORDER BY pageno DESC LIMIT 3") <<'PY'
import os, random, sys
random.seed(3)
with open(sys.argv[1], "r+b") as f:
    for p in sys.argv[2:]:
        f.seek((int(p) - 1) * 4096 + 200); f.write(os.urandom(300))
PY
check "(the damage is real: sqlite3's own integrity_check fails)" sh -c "! sqlite3 $DB 'PRAGMA integrity_check' 2>&1 | grep -qx ok"
expect_rc "status of a damaged file exits 1" 1 $T/o "$MESCTL" status
check "... saying DAMAGED on the first line" sh -c "head -n 1 $T/o | grep -q '^DAMAGED .*plant.db is damaged'"
check "... with what to do" has $T/o "restore it from the last good backup (see mesctl(8), RESTORING)"
expect_rc "status --json of a damaged file exits 1" 1 $T/o "$MESCTL" --json status
check "... integrity damaged" has $T/o '"integrity":"damaged"'
expect_rc "audit verify of a damaged file exits 1" 1 $T/o "$MESCTL" audit verify
check "... DATABASE DAMAGED, not 'intact'" sh -c "grep -q 'DATABASE DAMAGED' $T/o && ! grep -q intact $T/o"
expect_rc "backup of a damaged file exits 1" 1 $T/o A backup $T/last-good.db
check "... saying no backup was written" has $T/o "no backup was written, $T/last-good.db is as it was"
check "... the last good backup is untouched" test "$(sha256sum < $T/last-good.db)" = "$sum_before"
check "... and no .part file is left" test ! -e $T/last-good.db.part

# ---- restoring, as mesctl(8) RESTORING says ----
mv $DB $T/damaged.db; rm -f $DB-wal $DB-shm
install -m 640 $T/last-good.db $DB
expect_rc "the restored backup passes status" 0 $T/o "$MESCTL" status
expect_rc "... and audit verify" 0 $T/o "$MESCTL" audit verify
