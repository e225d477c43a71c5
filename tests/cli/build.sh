#!/bin/sh
# The build: warnings stop make check and CI (-Werror), not a plant's
# plain make with a compiler that warns about something new.  Objects are
# rebuilt when the flags change, so make check after a plain make does not
# trust objects that were allowed to warn.
. tests/cli/lib.inc
WB=$T/build
OBJ=$WB/core/base/util.o
WARN_H=$TOP/tests/data/build/warns.h
expect_rc "a plain make with a compiler that warns builds" 0 $T/o \
	make -s BUILD=$WB CFLAGS="-O0 -Wall -include $WARN_H" $OBJ
check "... and shows the warning" has $T/o "warning: .*a warning a newer compiler"
check "... the object is there" test -s $OBJ
expect_rc "with WERROR=-Werror (as make check builds) the warning stops it" 2 $T/o \
	make -s BUILD=$WB CFLAGS="-O0 -Wall -include $WARN_H" WERROR=-Werror $OBJ
check "... as an error" has $T/o "error: .*a warning a newer compiler"
expect_rc "... and again: the object the plain build left is not trusted" 2 $T/o \
	make -s BUILD=$WB CFLAGS="-O0 -Wall -include $WARN_H" WERROR=-Werror $OBJ
expect_rc "without the warning, -Werror builds it" 0 $T/o \
	make -s BUILD=$WB CFLAGS="-O0" WERROR=-Werror $OBJ
make BUILD=$WB CFLAGS="-O0" WERROR=-Werror $OBJ >$T/o 2>&1
check "the same flags again: nothing is rebuilt" sh -c "! grep -q 'CC.*core/base/util.c' $T/o"
make BUILD=$WB CFLAGS="-O0" $OBJ >$T/o 2>&1
check "other flags: the object is rebuilt" has $T/o "CC.*core/base/util.c"
make -n check >$T/o 2>&1
check "make check builds with -Werror" has $T/o "WERROR=-Werror all"
check "... and so does the reliability suite" sh -c "make -n check-reliability 2>&1 | grep -q 'WERROR=-Werror all'"
check ".ci/run runs make check" grep -qx 'make check' .ci/run
check ".ci/run installs make before it asks make for the packages" \
	sh -c "awk '/install.*--no-install-recommends make >/ {m = NR} /print-debs/ {p = NR} END {exit !(m && p && m < p)}' .ci/run"
# A plain `make` (no goal) is what the README and a packager type: it must
# build every program, not whichever rule happens to come first.
make -n -p BUILD=$WB 2>/dev/null | awk '/^\.DEFAULT_GOAL/ {print $3}' > $T/goal
check "a plain make's goal is all" grep -qx all $T/goal
make -n BUILD=$WB >$T/o 2>&1
for p in mes-dispatch mes-quality mes-scan mes-maint mesctl mes-collect mes-plcsim; do
	check "a plain make builds $p" has $T/o "$WB/$p"
done
