#!/bin/sh
# The code style .editorconfig states, where a machine can check it.
. tests/cli/lib.inc
SRC=$(git ls-files '*.c' '*.h' 2>/dev/null)
[ -n "$SRC" ] || SRC=$(find core console drivers tests bench -name '*.[ch]')
bad=$(grep -n '[[:space:]]$' $SRC | head -5)
check "no trailing white space in C files" test -z "$bad"
[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
bad=$(for f in $SRC; do expand -t8 "$f" | awk -v F="$f" 'length > 100 {print F":"FNR": "length" columns"}'; done | head -5)
check "no line of C over 100 columns" test -z "$bad"
[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
# One definition style: the return type on the line of the name.
split_defs() {
	awk 'prev ~ /^(static |const |unsigned |struct )*[a-z_0-9]+( \*+)?$/ &&
	     $0 ~ /^[a-z_0-9]+\(/ {print FILENAME":"FNR": "$0} {prev = $0}' "$@"
}
bad=$(split_defs $SRC | head -5)
check "every function definition has its return type on its line" test -z "$bad"
[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
bad=$(grep -n "$(printf ' \t')" $SRC | head -5)
check "no space before a tab" test -z "$bad"
[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
# Each check fails on a file that breaks it.
printf 'int\nf(void)\n{\n\treturn 0; \n}\n' > $T/bad.c
check "... the definition check catches the other style" test -n "$(split_defs $T/bad.c)"
check "... the white-space check catches a trailing blank" grep -q '[[:space:]]$' $T/bad.c
