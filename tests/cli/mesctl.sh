#!/bin/sh
# mesctl end to end on real files: init, users, roles, audit, backup.
. tests/cli/lib.inc
DB=$T/plant.db
as_admin() { MES_PIN=4321 "$MESCTL" --user boss "$@"; }

expect_rc "no command is a usage error" 2 $T/o "$MESCTL"
expect_rc "unknown command is a usage error" 2 $T/o "$MESCTL" frobnicate
expect_rc "--version" 0 $T/o "$MESCTL" --version
check "--version prints the version" has $T/o "mesctl 0"
expect_rc "status of a missing database fails and says init" 1 $T/o "$MESCTL" status
check "... with the hint" has $T/o "mesctl init"

expect_rc "init creates the database" 0 $T/o sh -c "echo 4321 | '$MESCTL' init --admin boss --name 'Big Boss'"
expect_rc "init again refuses and keeps the file" 1 $T/o sh -c "echo 4321 | '$MESCTL' init --admin boss"
check "... saying so" has $T/o "already exists"
expect_rc "init with a short PIN fails and leaves no file" 1 $T/o sh -c "echo 12 | '$MESCTL' --db $T/x.db init --admin a"
check "... no file left" test ! -e $T/x.db

expect_rc "demo-seed as admin" 0 $T/o as_admin demo-seed
check "demo-seed prints the demo users" has $T/o "olga"
expect_rc "status" 0 $T/o "$MESCTL" status
check "status counts the orders" has $T/o "orders     6"
expect_rc "status --json" 0 $T/o "$MESCTL" --json status
check "status --json is JSON" has $T/o '"work_centers":6'

expect_rc "user add as admin" 0 $T/o sh -c "echo 2468 | MES_PIN=4321 '$MESCTL' --user boss user add nina --name 'Nina K' --role operator,receiving --badge 777"
expect_rc "user add with a bad role is a usage error" 2 $T/o sh -c "echo 2468 | MES_PIN=4321 '$MESCTL' --user boss user add z --name Z --role king"
check "... naming the role" has $T/o 'unknown role "king"'
expect_rc "an operator may not add users" 1 $T/o sh -c "echo 2468 | MES_PIN=1111 '$MESCTL' --user olga user add y --name Y --role admin"
check "... permission denied, naming the role" has $T/o "needs the role admin"
expect_rc "wrong PIN is refused" 1 $T/o env MES_PIN=0000 "$MESCTL" --user nina user list
expect_rc "an unknown login is refused" 1 $T/o2 env MES_PIN=0000 "$MESCTL" --user nosuchone user list
check "... with the same message as the wrong PIN: which logins exist stays unsaid" cmp -s $T/o $T/o2
expect_rc "badge + PIN works" 0 $T/o env MES_PIN=2468 "$MESCTL" --user 777 user list
expect_rc "user list --json" 0 $T/o as_admin --json user list
check "... lists nina" has $T/o '"login":"nina"'
expect_rc "user disable" 0 $T/o as_admin user disable nina --reason "left the company"
expect_rc "a disabled user cannot log in" 1 $T/o env MES_PIN=2468 "$MESCTL" --user nina user list
expect_rc "an unknown system account is refused" 1 $T/o env MES_USER= "$MESCTL" user list
expect_rc "--user \"\" is a usage error, not the system account" 2 $T/o "$MESCTL" --user "" user list
check "... saying so" has $T/o "give a login or badge"

expect_rc "audit verify on an intact trail" 0 $T/o "$MESCTL" audit verify
check "... says intact" has $T/o "intact"
check "... and warns of no clock going back" sh -c "! grep -q 'time goes backwards' $T/o"
# The server's clock set back ten minutes (libfaketime): the change is
# chained and kept in sequence, and verify points at it.
expect_rc "a change made with the clock set back 10 minutes" 0 $T/o \
	faketime -f -10m env MES_PIN=4321 "$MESCTL" --user boss user enable nina
expect_rc "audit verify: still intact" 0 $T/o "$MESCTL" audit verify
check "... but warns that time goes backwards, naming the record" has $T/o "warning: time goes backwards at record [0-9]* (.*), after record [0-9]*"
expect_rc "... --json counts it" 0 $T/o "$MESCTL" --json audit verify
check "... as time_steps_back" has $T/o '"time_steps_back":[12]'
as_admin user disable nina --reason "left the company" >/dev/null
expect_rc "audit show --user" 0 $T/o as_admin audit show --user nina
check "... shows the wrong PIN" has $T/o "login.fail"
expect_rc "audit show --json --since" 0 $T/o as_admin --json audit show --since 2000-01-01
check "... records are JSON" has $T/o '"action":"user.disable"'
expect_rc "an operator may not read the audit trail" 1 $T/o env MES_PIN=1111 "$MESCTL" --user olga audit show

expect_rc "backup while in use" 0 $T/o as_admin backup $T/copy.db
expect_rc "the backup verifies" 0 $T/o "$MESCTL" --db $T/copy.db audit verify

# ---- migrate an older schema (this one brought back to version 6) ----
old6() {
	rm -f $T/old.db $T/old.db-wal $T/old.db-shm
	sqlite3 "$DB" ".backup $T/old.db"
	unseal=$(for t in users lots inv_moves genealogy signatures inspections measurements nonconformances; do
		printf 'DROP TRIGGER %s_seal_insert; DROP TRIGGER %s_seal_update; DROP TRIGGER %s_seal_delete; ' $t $t $t; done)
	sqlite3 $T/old.db "$(unjournal $T/old.db) $unseal DROP TABLE row_seals; ALTER TABLE audit DROP COLUMN mac; ALTER TABLE signatures DROP COLUMN sig_mac;
		DROP TABLE login_failures; ALTER TABLE exchange_runs DROP COLUMN upto_event; PRAGMA user_version = 6"
}
old6
expect_rc "migrate with a --user whose PIN is wrong refuses" 1 $T/o env MES_PIN=0000 "$MESCTL" --db $T/old.db --user boss migrate
check "... saying the log-in failed, and leaves the schema" sh -c "grep -q 'log-in' $T/o && [ \$(sqlite3 $T/old.db 'PRAGMA user_version') = 6 ]"
expect_rc "migrate as an admin brings 6 up to date" 0 $T/o env MES_PIN=4321 "$MESCTL" --db $T/old.db --user boss migrate
check "... saying so" has $T/o "schema 6 -> "
old6
expect_rc "migrate without --user by a system account that is no MES user" 0 $T/o env MES_USER= "$MESCTL" --db $T/old.db migrate
check "... says so as a note, not an error" sh -c "grep -q '^note: no MES log-in' $T/o && ! grep -q 'mesctl: log-in' $T/o"
check "... and the schema is current" sh -c "'$MESCTL' --db $T/old.db status | grep -q '(current)'"

# Tampering with the sqlite3 shell: the chain names the record.
sqlite3 "$DB" "DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '{\"name\":\"forged\"}' WHERE seq = 7"
expect_rc "audit verify catches a row edited with sqlite3" 1 $T/o "$MESCTL" audit verify
check "... naming record 7" has $T/o "record 7"
sqlite3 "$T/copy.db" "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 3"
expect_rc "audit verify catches a deleted row" 1 $T/o "$MESCTL" --db $T/copy.db audit verify
check "... naming record 3" has $T/o "record 3"

# Configuration errors name file, section and key.
printf '[auth]\nmax_failures = lots\n' > $T/bad.ini
expect_rc "a bad config value fails" 1 $T/o "$MESCTL" --config $T/bad.ini status
check "... naming the key" has $T/o "max_failures"
expect_rc "a missing --config file fails" 1 $T/o "$MESCTL" --config $T/none.ini status

# A database newer than the program.
sqlite3 "$T/copy.db" "PRAGMA user_version = 99"
expect_rc "a newer schema is refused" 1 $T/o "$MESCTL" --db $T/copy.db audit verify
check "... saying it is newer" has $T/o "newer"
printf 'not a database at all, just text that is long enough.....................................................' > $T/junk.db
expect_rc "a file that is not a database is refused" 1 $T/o "$MESCTL" --db $T/junk.db status
check "... clearly" has $T/o "not an MES database"
