#!/bin/sh
# mes-maint the way a technician uses it: through a real `ssh -t` session
# into an sshd started here on a loopback port (its own host key and
# config in the temp dir), inside tmux at 80x24 with TERM=vt220: log in,
# give a downtime its reason, turn the breakdown into an order, work it
# and sign it off.  Without an sshd the same screen runs in tmux directly.
. tests/cli/lib.inc
. tests/cli/tmux.inc
MAINT=$B/mes-maint
SSHD_PID=""
cleanup() {
	tm_cleanup
	[ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
q() { sqlite3 -cmd ".timeout 5000" "$T/plant.db" "$1"; }

expect_rc "mes-maint --version" 0 $T/o "$MAINT" --version
expect_rc "mes-maint with a stray argument is a usage error" 2 $T/o "$MAINT" extra
echo 0000 | "$MESCTL" init --admin setup >/dev/null
MES_PIN=0000 "$MESCTL" --user setup demo-seed >/dev/null
echo 7777 | MES_PIN=0000 "$MESCTL" --user setup asset demo-seed >/dev/null
# A breakdown the PLC reported with a fault nobody mapped to a reason.
q "INSERT INTO downtime_events (asset_id, start_ts, end_ts, source, fault_text) VALUES ((SELECT id FROM assets WHERE code = 'M-CNC-01'), '2026-11-26T08:00:00.000Z', '2026-11-26T08:25:00.000Z', 'plc', 'fault 199')"
expect_rc "mesctl downtime list --unassigned shows it" 0 $T/o "$MESCTL" downtime list --unassigned
check "... with the PLC's fault" has $T/o "fault 199"

# ---- an sshd of our own on a free loopback port ----
start_sshd() {
	[ -x /usr/sbin/sshd ] || { echo "#   no /usr/sbin/sshd (openssh-server)"; return 1; }
	mkdir -p $T/ssh && chmod 700 $T/ssh
	ssh-keygen -q -t ed25519 -N "" -f $T/ssh/host_key || return 1
	ssh-keygen -q -t ed25519 -N "" -f $T/ssh/id || return 1
	cp $T/ssh/id.pub $T/ssh/authorized_keys
	[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
	SSH_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	cat > $T/ssh/sshd_config <<CFG
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $T/ssh/host_key
AuthorizedKeysFile $T/ssh/authorized_keys
PidFile $T/ssh/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
PermitUserEnvironment no
CFG
	/usr/sbin/sshd -D -e -f $T/ssh/sshd_config 2>$T/ssh/sshd.log &
	SSHD_PID=$!
	end=$(( $(now_ms) + 30000 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		ssh -p "$SSH_PORT" -i $T/ssh/id -o BatchMode=yes \
		    -o StrictHostKeyChecking=no -o UserKnownHostsFile=$T/ssh/known \
		    -o LogLevel=ERROR "$(id -un)@127.0.0.1" true 2>$T/ssh/client.log && return 0
		kill -0 "$SSHD_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "#   sshd did not let us in:"; sed 's/^/#   /' $T/ssh/sshd.log $T/ssh/client.log | tail -8
	return 1
}
if start_sshd; then
	ok "an sshd runs on 127.0.0.1:$SSH_PORT with its own host key"
	CMD="ssh -t -p $SSH_PORT -i $T/ssh/id -o StrictHostKeyChecking=no -o UserKnownHostsFile=$T/ssh/known -o LogLevel=ERROR $(id -un)@127.0.0.1 env MES_CONFIG=$MES_CONFIG $MAINT --shared"
	VIA="over ssh -t"
else
	echo "# sshd cannot run here: mes-maint runs in tmux directly"
	CMD="env MES_CONFIG=$MES_CONFIG $MAINT --shared"
	VIA="in tmux"
fi

tm_start m vt220 "$CMD"
check "mes-maint starts locked $VIA (vt220, 80x24)" wait_for m "terminal is locked" 10
keys m "100005" Enter
check "a badge asks for the PIN" wait_for m "PIN"
keys m "4444" Enter
check "badge + PIN logs the technician in" wait_for m "Mai Tanaka"
check "the asset tree shows the machines" wait_for m "M-CNC-01"
check "... and the downtime waiting for a reason" wait_for m "Downtime without reason: 1"
check "the technician's bar offers no replanning (a lead's)" sh -c "! tmux -L $TMUX_SOCK capture-pane -p -t m | tail -n 1 | grep -q Replan"
keys m "g"
check "... and g says who replans, not \"may not create work orders\"" wait_for m "replanning the plant needs a lead or an admin"

keys m "s"
check "s opens the downtime list" wait_for m "fault 199"
keys m Enter
check "Enter asks for the reason" wait_for m "Downtime 1 on M-CNC-01"
keys m " " Tab "bearing noise"; keys m Enter
check "the reason is assigned" wait_for m "downtime 1: reason"
check "... in the database" test "$(q "SELECT count(*) FROM downtime_events WHERE reason_code IS NOT NULL AND id = 1")" = 1
keys m "r"
check "r turns the breakdown into an order" wait_for m "MO-000001 opened"
keys m Escape
keys m "p"
check "p lists the open orders" wait_for m "Breakdown of M-CNC-01"
keys m "s"
check "s starts the order" wait_for m "MO-000001 started"
keys m "r"
check "r books parts and labor" wait_for m "Book to MO-000001"
keys m "Bearing 6205" Tab "2" Tab "1.5" Tab "replaced"; keys m Enter
check "... booked" wait_for m "booked to MO-000001"
keys m "c"
check "c marks it done" wait_for m "c again to sign it off"
keys m "c"
check "c on a done order asks for a signature" wait_for m "Sign off MO-000001: safe to run"
keys m "mai" Tab "0000" Enter
check "a wrong PIN signs nothing: the form says so and stays open" \
	wait_for m "log-in refused"
check "... with the login kept" sh -c "tmux -L $TMUX_SOCK capture-pane -p -t m | grep -q 'Login *mai'"
check "... and the order still done" test "$(q "SELECT status FROM maint_orders WHERE mo_no = 'MO-000001'")" = done
keys m Up BSpace BSpace BSpace "luis" Tab "2222" Enter
check "a lead cannot sign that a machine is safe to run" wait_for m "needs the role maintenance"
keys m "c"
wait_for m "Sign off MO-000001" >/dev/null
keys m "mai" Tab "4444" Enter
check "the technician's login + PIN signs it off" wait_for m "signed off: M-CNC-01 is safe to run"
check "... signed-off in the database with a signature" test "$(q "SELECT count(*) FROM maint_orders m JOIN signatures s ON s.id = m.signature_id WHERE m.status = 'signed-off' AND s.meaning = 'safe to run' AND s.login = 'mai'")" = 1
keys m Escape
tm_quit m
check "q quits" wait_for m "EXITED=0" 5
expect_rc "the audit trail is intact" 0 $T/o "$MESCTL" audit verify
