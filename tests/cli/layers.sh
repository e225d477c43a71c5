#!/bin/sh
# The layer rules of the design, checked on the source.
. tests/cli/lib.inc
CORE_FILES=$(ls core/*.h core/*/*.[ch])
bad=$(grep -l -E '#include <(n)?curses' $CORE_FILES drivers/*/*.[ch] drivers/*/prog/*.c 2>/dev/null)
check "core and drivers never include curses" test -z "$bad"
bad=$(grep -l 'sqlite3.h' console/*/*.[ch] drivers/*/*.[ch] drivers/*/prog/*.c 2>/dev/null)
check "only core includes sqlite3.h" test -z "$bad"
bad=$(grep -l -i -E '"(SELECT|INSERT|UPDATE|DELETE) ' console/*/*.c drivers/*/*.c drivers/*/prog/*.c 2>/dev/null)
check "no SQL above core" test -z "$bad"
bad=$(grep -l '#include <iniparser' $CORE_FILES console/*/*.c drivers/*/*.c | grep -v '^core/base/config.c$')
check "only core/base/config.c includes iniparser.h" test -z "$bad"
bad=$(grep -l 'libpq-fe.h' $CORE_FILES console/*/*.[ch] drivers/*/*.[ch] drivers/*/prog/*.c 2>/dev/null | grep -v '^core/hub/')
check "only core/hub/ includes libpq-fe.h" test -z "$bad"
# The solver is pure computation: the plant is read into its model and
# the plan written back by production/schedule*.c, never by the solver.
bad=$(grep -l -i -E 'sqlite3|"(SELECT|INSERT|UPDATE|DELETE|BEGIN) |<curses|<stdio.h>.*fopen' core/schedule/*.[ch] 2>/dev/null)
check "core/schedule/ (the solver) has no SQL and no database" test -z "$bad"
# Arrows: console -> core; drivers -> core's public headers (error codes,
# mes.ini, the machine data they hand over); core -> neither.
bad=$(grep -l -E '#include "(base|production|schedule|materials|quality|machines|exchange|demo|hub|twin|food)/' console/*/*.[ch] drivers/*/*.[ch] drivers/*/prog/*.c 2>/dev/null)
check "programs and drivers include only core's public headers" test -z "$bad"
[ -z "$bad" ] || echo "$bad" | sed 's/^/#   /'
bad=$(grep -l -E '#include "(production|schedule|materials|quality|machines|exchange|demo|hub|twin|food)/' core/base/*.[ch] core/schedule/*.[ch] 2>/dev/null)
check "core/base/ and core/schedule/ use no other folder of core" test -z "$bad"
bad=$(grep -l -E '#include "(ui|dispatch|scan|maint|mesctl|modbus|scanner|collect|plcsim|label|daemon|ship)/|#include "(ui|text|qual|dispatch|scan|mesctl|mb|scanner|serial|scan_frame|label|dlog)\.h"' $CORE_FILES 2>/dev/null)
check "core includes nothing of console or drivers" test -z "$bad"
# The folder map a newcomer reads first names every file, and nothing
# that is not there.
missing=$(for f in $CORE_FILES core/*/*.sh; do grep -q "^- \`${f#core/}\`" core/README.md || echo "$f"; done)
check "core/README.md names every file of core" test -z "$missing"
[ -z "$missing" ] || echo "$missing" | sed 's/^/#   missing: /'
stale=$(sed -n 's/^- `\([^`]*\)`.*/\1/p' core/README.md | while read -r f; do [ -e "core/$f" ] || echo "$f"; done)
check "core/README.md names no file that is gone" test -z "$stale"
[ -z "$stale" ] || echo "$stale" | sed 's/^/#   gone: /'
for f in man/*.[1-8]; do
	out=$(mandoc -Tlint -W warning "$f" 2>&1)
	check "man page $f is mandoc -Tlint clean" test -z "$out"
	[ -z "$out" ] || echo "$out" | sed 's/^/#   /'
done
# The project's headers are searched for quoted includes only (-iquote):
# with -Icore, core/sched.h stood in for <sched.h> inside <pthread.h>, and
# gcc then left every project header out of that file's dependencies, so
# a change to core/base/internal.h did not rebuild core/base/wqueue.o.
check "the build adds no -I for the project's own folders" sh -c "! make -s options | grep -qE -- '-I(core|console|drivers|tests)'"
check "a file that includes <pthread.h> depends on its project headers" grep -q 'core/base/internal.h' $B/core/base/wqueue.d
