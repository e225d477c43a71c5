#!/bin/sh
# The layer rules of the design, checked on the source.
. tests/cli/lib.inc
bad=$(grep -l -E '#include <(n)?curses' core/*.[ch] drivers/*/*.[ch] 2>/dev/null)
check "core and drivers never include curses" test -z "$bad"
bad=$(grep -l 'sqlite3.h' console/*/*.[ch] drivers/*/*.[ch] 2>/dev/null)
check "only core includes sqlite3.h" test -z "$bad"
bad=$(grep -l -i -E '"(SELECT|INSERT|UPDATE|DELETE) ' console/*/*.c drivers/*/*.c 2>/dev/null)
check "no SQL above core" test -z "$bad"
bad=$(grep -l 'iniparser.h' core/*.c console/*/*.c drivers/*/*.c | grep -v '^core/config.c$')
check "only core/config.c includes iniparser.h" test -z "$bad"
for f in man/*.[1-8]; do
	out=$(mandoc -Tlint -W warning "$f" 2>&1)
	check "man page $f is mandoc -Tlint clean" test -z "$out"
	[ -z "$out" ] || echo "$out" | sed 's/^/#   /'
done
# The project's headers are searched for quoted includes only (-iquote):
# with -Icore, core/sched.h stood in for <sched.h> inside <pthread.h>, and
# gcc then left every project header out of that file's dependencies, so
# a change to core/internal.h did not rebuild core/wqueue.o.
check "the build adds no -I for the project's own folders" sh -c "! make -s options | grep -qE -- '-I(core|console|drivers|tests)'"
check "a file that includes <pthread.h> depends on its project headers" grep -q 'core/internal.h' $B/core/wqueue.d
