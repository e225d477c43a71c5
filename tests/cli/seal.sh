#!/bin/sh
# Nothing forged: the records that matter and the audit trail against
# someone who has the database file and the sqlite3 shell, on a plant
# with a key (K) and one without (U).  tests/cli/sealsql.py is the forger
# who knows the scheme but not the key.
. tests/cli/lib.inc
. tests/cli/seal.inc

expect_rc "keygen writes a plant key" 0 $T/o "$MESCTL" audit keygen $T/plant.key
check "... mode 0640" test "$(stat -c %a $T/plant.key)" = 640
expect_rc "keygen never overwrites a key" 1 $T/o "$MESCTL" audit keygen $T/plant.key
check "... saying why" has $T/o "never overwritten"
"$MESCTL" audit keygen $T/other.key >/dev/null
ini $T/k.db "[audit]
key_file = $T/plant.key
" $T/k.ini
ini $T/u.db "" $T/u.ini
ini $T/k.db "[audit]
key_file = $T/other.key
" $T/wrong.ini

plant $T/k.ini $T/k.db $T/plant.key
plant $T/u.ini $T/u.db
K() { MES_CONFIG=$T/k.ini "$MESCTL" "$@"; }
U() { MES_CONFIG=$T/u.ini "$MESCTL" "$@"; }

expect_rc "an untouched keyed plant verifies clean" 0 $T/o K audit verify
check "... every sealed table read" has $T/o "sealed records intact: [1-9][0-9]* records"
check "... naming its key" has $T/o "records are keyed with plant key [0-9a-f]\{16\}"
expect_rc "an untouched unkeyed plant verifies clean" 0 $T/o U audit verify
check "... and says plainly that it is unkeyed" has $T/o "warning: records are unkeyed"
K audit anchor > $T/k.anchor
U audit anchor > $T/u.anchor
check "an anchor carries the MAC" grep -q '^[0-9]* [0-9a-f]\{64\} [0-9a-f]\{16\}:[0-9a-f]\{64\}$' $T/k.anchor
for d in k u; do cp $T/$d.db $T/$d.clean; done
reset() { for d in k u; do rm -f $T/$d.db-wal $T/$d.db-shm; cp $T/$d.clean $T/$d.db; done; }

# ---- the sqlite3 shell cannot write a sealed table while its triggers exist ----
for db in k u; do
	expect_rc "$db: the shell cannot multiply the ledger by 10" 1 $T/o sqlite3 $T/$db.db "UPDATE inv_moves SET qty = qty * 10"
	check "... the seal's function is not in its connection" has $T/o "no such function: mes_seal"
	expect_rc "$db: the shell cannot give a user every role" 1 $T/o sqlite3 $T/$db.db "UPDATE users SET roles = 63 WHERE login = 'olga'"
	check "... refused the same way" has $T/o "no such function: mes_seal"
	expect_rc "$db: nor add a lot" 1 $T/o sqlite3 $T/$db.db "INSERT INTO lots (lot_no, item_id, created) VALUES ('LX', 1, 'x')"
	expect_rc "$db: nor delete a measurement" 1 $T/o sqlite3 $T/$db.db "DELETE FROM measurements"
done

# ---- with the triggers dropped first, verify names what changed ----
for P in K U; do
	reset; db=$(echo $P | tr KU ku)
	sqlite3 $T/$db.db "DROP TRIGGER inv_moves_no_update; DROP TRIGGER inv_moves_seal_update; UPDATE inv_moves SET qty = qty * 10"
	expect_rc "$P: the ledger multiplied by 10 is caught" 1 $T/o $P audit verify
	check "... naming the row and 'changed outside mes'" has $T/o "inv_moves row 1 changed outside mes"
	check "... and the dropped trigger" has $T/o "trigger inv_moves_seal_update was dropped outside mes"
	reset
	sqlite3 $T/$db.db "DROP TRIGGER users_seal_update; UPDATE users SET roles = 63 WHERE login = 'olga'"
	expect_rc "$P: roles=63 is caught" 1 $T/o $P audit verify
	check "... naming the user's row" has $T/o "users row [0-9]* changed outside mes"
	reset
	sqlite3 $T/$db.db "DROP TRIGGER lots_seal_delete; DELETE FROM lots WHERE lot_no = 'LC'"
	expect_rc "$P: a deleted lot is caught" 1 $T/o $P audit verify
	check "... its seal remains" has $T/o "lots row 3 was deleted outside mes"
	reset
	sqlite3 $T/$db.db "DROP TRIGGER genealogy_seal_insert; INSERT INTO genealogy (parent_lot_id, child_lot_id, qty, ts) VALUES (1, 3, 1, 'x')"
	expect_rc "$P: an inserted genealogy link is caught" 1 $T/o $P audit verify
	check "... it has no seal" has $T/o "genealogy row 2 was inserted outside mes"
done

# ---- the forger who knows the scheme but not the key ----
reset
$FORGE $T/u.db "UPDATE users SET roles = 63 WHERE login = 'olga'"
expect_rc "U: seals recomputed without a key pass: unkeyed proves nothing against that" 0 $T/o U audit verify
check "... which verify says" has $T/o "warning: records are unkeyed"
$FORGE $T/k.db "UPDATE users SET roles = 63 WHERE login = 'olga'"
expect_rc "K: seals recomputed without the key fail" 1 $T/o K audit verify
check "... sealed without a key" has $T/o "users row [0-9]* is sealed without a key, not with this plant key"
reset
$FORGE $T/k.db "UPDATE users SET roles = 63 WHERE login = 'olga'" $T/other.key
expect_rc "K: seals made with another key fail" 1 $T/o K audit verify
check "... naming that key" has $T/o "users row [0-9]* is sealed with key [0-9a-f]*, not with this plant key"

# A record appended after the newest anchor, chained as the program would.
append=$(cat <<'SQL'
INSERT INTO audit (seq, ts, user_id, login, action, tbl, rec_key, old_value, new_value, reason, prev_hash, hash, mac)
SELECT seq + 1, ts, 1, login, 'user.roles', 'users', 'olga', '', '{"roles":63}', '', hash,
 mes_chain(seq + 1, ts, 1, login, 'user.roles', 'users', 'olga', '', '{"roles":63}', '', hash),
 mes_mac('audit', mes_chain(seq + 1, ts, 1, login, 'user.roles', 'users', 'olga', '', '{"roles":63}', '', hash))
FROM audit ORDER BY seq DESC LIMIT 1
SQL
)
reset
$FORGE $T/u.db "$append"
check "U: the forged record is in" test "$(sqlite3 $T/u.db "SELECT new_value FROM audit ORDER BY seq DESC LIMIT 1")" = '{"roles":63}'
expect_rc "U: a chained forgery after the anchor passes, with the anchor" 0 $T/o U audit verify --anchor $T/u.anchor
check "... and verify says the records are unkeyed" has $T/o "warning: records are unkeyed"
$FORGE $T/k.db "$append"
expect_rc "K: a chained forgery after the anchor fails" 1 $T/o K audit verify --anchor $T/k.anchor
check "... at that record, for want of the key" has $T/o "AUDIT TRAIL BROKEN at record [0-9]*: record [0-9]* carries no keyed MAC"

# An anchor made up without the key.
reset
awk '{print $1, $2, "unkeyed:" substr($3, 18)}' $T/k.anchor > $T/fake.anchor
expect_rc "K: the true anchor checks out" 0 $T/o K audit verify --anchor $T/k.anchor
expect_rc "K: an anchor whose MAC was not made with the key fails" 1 $T/o K audit verify --anchor $T/fake.anchor
check "... saying so" has $T/o "the anchor of record"

# ---- the key file ----
reset
expect_rc "a wrong key file is named as such" 1 $T/o env MES_CONFIG=$T/wrong.ini "$MESCTL" audit verify
check "... by its key id" has $T/o "a wrong key file"
check "... not as every record forged" sh -c "! grep -q 'changed outside mes' $T/o && grep -q 'most likely the wrong one' $T/o"
chmod 644 $T/plant.key
expect_rc "a key file others may read is refused" 1 $T/o K status
check "... saying to chmod 640 it" has $T/o "key_file $T/plant.key: mode 0644.*run: chmod 640"
chmod 660 $T/plant.key
expect_rc "a key file its group may write is refused" 1 $T/o K status
chmod 640 $T/plant.key
printf 'not a key\n' > $T/bad.key; chmod 640 $T/bad.key
ini $T/k.db "[audit]
key_file = $T/bad.key
" $T/bad.ini
expect_rc "a file that holds no key is refused" 1 $T/o env MES_CONFIG=$T/bad.ini "$MESCTL" status
check "... saying what a key looks like" has $T/o "not a plant key"

# ---- the migration seals what is there, with the key ----
reset
unseal=$(for t in users lots inv_moves genealogy signatures inspections measurements nonconformances; do
	printf 'DROP TRIGGER %s_seal_insert; DROP TRIGGER %s_seal_update; DROP TRIGGER %s_seal_delete; ' $t $t $t; done)
sqlite3 $T/k.db "$(unjournal $T/k.db) $unseal DROP TABLE row_seals; ALTER TABLE audit DROP COLUMN mac; ALTER TABLE signatures DROP COLUMN sig_mac; PRAGMA user_version = 8"
expect_rc "a plant at version 8 migrates" 0 $T/o env MES_USER= MES_CONFIG=$T/k.ini "$MESCTL" migrate
expect_rc "... and its existing records verify, sealed with the key" 0 $T/o K audit verify
check "... keyed" has $T/o "records are keyed with plant key"
