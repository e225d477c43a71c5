#!/bin/sh
# mesctl's usage texts, its --help and its man page name the same
# commands and subcommands: the first two are made from the tables in
# console/mesctl, and the man page's COMMANDS list must name each entry
# of the tables and nothing else.  Needs no database.
. tests/cli/lib.inc
MAN=${MAN:-man/mesctl.8}

# "CMD" or "CMD SUB", one a line: mesctl --help shows a command at two
# spaces and its subcommands, if any, on the lines below it.
help_pairs() {
	awk '/^commands:/ { on = 1; next }
	on && /^$/ { on = 0 }
	on && /^  [a-z]/ { if (c != "") print c; cmd = $1; c = cmd; next }
	on && /^   / { c = ""; for (i = 1; i <= NF; i++) print cmd " " $i }
	END { if (c != "") print c }' "$1" | sort -u
}
# The same from the man page: the first words of each .It of the list in
# COMMANDS (not of the lists nested in it), with "Cm a | b" alternatives.
man_pairs() {
	awk '/^\.Sh / { sec = $2; next }
	sec != "COMMANDS" { next }
	/^\.Bl/ { depth++; next }
	/^\.El/ { depth--; next }
	depth != 1 { next }
	/^\.It Xo/ { xo = 1; next }
	xo { xo = 0; sub(/^\./, ".It ") }
	/^\.It / {
		n = split($0, t, " ")
		if (t[2] != "Cm") { print "UNREAD: " $0; next }
		if (t[4] ~ /^[a-z][a-z0-9-]*$/) { print t[3] " " t[4]; next }
		if (t[4] != "Cm") { print t[3]; next }
		print t[3] " " t[5]
		for (k = 6; k < n && t[k] == "|"; k += 2) print t[3] " " t[k + 1]
	}' "$1" | sort -u
}
# "CMD" or "CMD SUB" of each usage line mesctl printed.
usage_pairs() {
	sed -n 's/^\(usage:\|      \) mesctl \([a-z0-9-]*\)\( [a-z][a-z0-9-]*\)\{0,1\}\( .*\)\{0,1\}$/\2\3/p' "$1" | sort -u
}

expect_rc "--help" 0 $T/help "$MESCTL" --help
expect_rc "help is --help" 0 $T/help2 "$MESCTL" help
check "... the same text" cmp -s $T/help $T/help2
help_pairs $T/help > $T/h
man_pairs $MAN > $T/m
check "--help names commands and subcommands ($(wc -l < $T/h))" test "$(wc -l < $T/h)" -gt 80
check "the man page's COMMANDS are all read" sh -c "! grep -q UNREAD $T/m"
check "every command and subcommand of --help is in the man page" sh -c \
	"comm -23 $T/h $T/m > $T/only_help; [ ! -s $T/only_help ] || { sed 's/^/#   not in the man page: /' $T/only_help; false; }"
check "the man page names nothing mesctl does not list" sh -c \
	"comm -13 $T/h $T/m > $T/only_man; [ ! -s $T/only_man ] || { sed 's/^/#   not in mesctl: /' $T/only_man; false; }"

# Each is accepted by the dispatch, and the help of each, its usage
# error and --help agree.
bad=""; cmds=""
while read -r cmd sub; do
	"$MESCTL" $cmd $sub --help > $T/one 2>&1 && grep -q "^usage: mesctl $cmd${sub:+ $sub}\( \|$\)" $T/one ||
		bad="$bad $cmd${sub:+/$sub}"
	case " $cmds " in *" $cmd "*) ;; *) cmds="$cmds $cmd" ;; esac
done < $T/h
check "mesctl COMMAND [SUB] --help for each of them${bad:+ (not:$bad)}" test -z "$bad"
bad=""
for cmd in $cmds; do
	"$MESCTL" $cmd --help > $T/cmd 2>&1 || bad="$bad $cmd"
	usage_pairs $T/cmd > $T/u
	grep "^$cmd\( \|$\)" $T/h | cmp -s - $T/u || bad="$bad $cmd"
done
check "mesctl COMMAND --help shows the usage of all its subcommands${bad:+ (not:$bad)}" test -z "$bad"
bad=""
for cmd in $(sed -n 's/^\([a-z0-9-]*\) .*/\1/p' $T/h | sort -u); do
	"$MESCTL" $cmd > $T/err 2>&1; rc=$?
	"$MESCTL" $cmd --help 2>&1 | grep '^\(usage:\|      \) ' > $T/want
	grep '^\(usage:\|      \) ' $T/err | cmp -s - $T/want && [ $rc -eq 2 ] || bad="$bad $cmd"
done
check "a command without its subcommand is a usage error with those lines${bad:+ (not:$bad)}" test -z "$bad"

expect_rc "an unknown subcommand is a usage error" 2 $T/o "$MESCTL" user frobnicate
check "... naming it" has $T/o 'unknown subcommand "frobnicate"'
check "... with the usage of user" has $T/o "^usage: mesctl user add"
expect_rc "help of an unknown command is a usage error" 2 $T/o "$MESCTL" help frobnicate
expect_rc "a subcommand's usage error shows its own synopsis" 2 $T/o "$MESCTL" order hold
check "... and only it" sh -c "[ \"\$(grep -c '^\(usage:\|      \) ' $T/o)\" = 1 ] && grep -q '^usage: mesctl order hold WO --reason TEXT' $T/o"
check "the man page's SYNOPSIS shows help" sh -c "sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' $MAN | grep -q '^\.Cm help'"
if command -v mandoc >/dev/null 2>&1; then
	check "the man page is mandoc -Tlint clean" sh -c "mandoc -Tlint -W warning $MAN >$T/lint 2>&1 || { sed 's/^/#   /' $T/lint; false; }"
fi
