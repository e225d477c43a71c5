#!/bin/sh
# The short form of make check-reliability (tests/rel/run.sh): crash,
# concurrency, faults, devices, security, the fuzz corpora under ASan and
# valgrind, in about a minute.
exec sh tests/rel/run.sh
