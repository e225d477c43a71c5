# mes: plain GNU make.  `make help` lists the targets.
#
# Laid out as one file list, then the rules, then the targets people
# type: what is built is named once, in the lists below, and nothing
# later adds to a list that an earlier rule has already read.
VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
SBINDIR   ?= $(PREFIX)/sbin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/mes
SYSCONFDIR ?= /etc/mes
DESTDIR   ?=
BUILD     ?= build
# The lists below name program rules before `all:`; a plain `make` builds
# everything, not the first program listed.
.DEFAULT_GOAL := all
PKG_CONFIG ?= pkg-config

PKGS       = ncursesw sqlite3 libmodbus libserialport libsodium libxml-2.0 libpq
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -I/usr/include/iniparser
# --as-needed: a program is linked only to the libraries it calls (the
# terminal programs never load libpq, which only mesctl and mes-ship use).
DEP_LIBS   = -Wl,--as-needed $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -liniparser -lm

CFLAGS    ?= -O2 -g
WARN       = -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
# Warnings stop the build in `make check` and CI, where they are ours to
# fix; a plant building a release with a newer compiler is not stopped by a
# warning that compiler invented (make WERROR=-Werror to have it anyway).
WERROR    ?=
SAN_FLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
# Quoted includes only (-iquote): core's public headers by name ("mes.h"),
# a private one by its folder ("base/internal.h"), drivers' by theirs
# ("modbus/mb.h").
INCLUDES   = -iquote core -iquote console -iquote drivers -iquote $(BUILD)/gen
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=600 -D_DEFAULT_SOURCE \
             $(WARN) $(WERROR) $(DEP_CFLAGS) $(INCLUDES) \
             -DSYSCONFDIR=\"$(SYSCONFDIR)\" -DDATADIR=\"$(DATADIR)\" \
             -MMD -MP $(if $(SAN),$(SAN_FLAGS)) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(if $(SAN),$(SAN_FLAGS)) $(LDFLAGS)

# Debian 12 packages: to build, then what the tests drive for real.
BUILD_DEBS = gcc make pkg-config libncurses-dev libsqlite3-dev libmodbus-dev \
             libserialport-dev libiniparser-dev libsodium-dev libxml2-dev \
             libpq-dev
# Every program a test runs, imports or looks for is named here, since CI
# starts from a minimal root: pymodbus's server imports serial and
# serial_asyncio but only recommends them, and mount and chattr are what
# the disk-full and read-only faults use; faketime sets a clock back;
# clang and its runtime build the fuzzers, valgrind runs the suite again.
TEST_DEBS  = sqlite3 tmux socat mandoc libxml2-utils mbpoll python3 \
             python3-pymodbus python3-serial python3-serial-asyncio \
             procps openssh-server mount e2fsprogs faketime \
             clang libclang-rt-14-dev valgrind postgresql-15 \
             postgresql-15-partman

# ---- the file list --------------------------------------------------
objs = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard $(1))))

# libmes: core/<domain>/*.c and two files generated from data/: the
# schema's migrations and the GS1 syntax dictionary's AI table.
MIGRATIONS = $(sort $(wildcard data/migrations/*.sql))
GS1_DICT   = data/gs1/gs1-syntax-dictionary.txt
CORE_OBJ   = $(call objs,core/*/*.c) $(BUILD)/gen/migrations.o $(BUILD)/gen/gs1_ai.o
# libmesdrv: device I/O (drivers/*/*.c; the programs' mains are in
# drivers/*/prog/, outside the archive).
DRV_OBJ    = $(call objs,drivers/*/*.c)
# libmesui: what the terminal programs share.
UI_OBJ     = $(call objs,console/ui/*.c)

LIBMES     = $(BUILD)/libmes.a
LIBDRV     = $(BUILD)/libmesdrv.a
LIBUI      = $(BUILD)/libmesui.a

# The programs: where each one's own files are, and the archives it links.
BIN_PROGS  = mes-dispatch mes-quality mes-scan mes-maint mes-plcsim
SBIN_PROGS = mesctl mes-collect mes-ship
PROGS      = $(addprefix $(BUILD)/,$(BIN_PROGS) $(SBIN_PROGS))
$(BUILD)/mes-dispatch: $(call objs,console/dispatch/*.c) $(LIBUI) $(LIBDRV) $(LIBMES)
$(BUILD)/mes-quality:  $(call objs,console/quality/*.c)  $(LIBUI) $(LIBDRV) $(LIBMES)
$(BUILD)/mes-scan:     $(call objs,console/scan/*.c)     $(LIBUI) $(LIBDRV) $(LIBMES)
$(BUILD)/mes-maint:    $(call objs,console/maint/*.c)    $(LIBUI) $(LIBMES)
$(BUILD)/mesctl:       $(call objs,console/mesctl/*.c)   $(LIBUI) $(LIBDRV) $(LIBMES)
$(BUILD)/mes-collect:  $(call objs,drivers/collect/prog/*.c) $(LIBDRV) $(LIBMES)
$(BUILD)/mes-plcsim:   $(call objs,drivers/plcsim/prog/*.c)  $(LIBDRV) $(LIBMES)
$(BUILD)/mes-ship:     $(call objs,drivers/ship/prog/*.c)    $(LIBDRV) $(LIBMES)

# Benchmarks and test programs built from one source file each.
BENCHES    = $(addprefix $(BUILD)/bench/,core genplant genhistory gentwin twin sched receive genlots collect logins hubload)
UNIT_BIN   = $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(sort $(wildcard tests/unit/test_*.c)))
REL_BIN    = $(BUILD)/tests/roles $(BUILD)/tests/scanpty
REL_SRC    = $(sort $(wildcard tests/rel/rel_*.c))
# A new parser gets a fuzz target by one word here, a tests/fuzz/fz_<name>.c
# with LLVMFuzzerTestOneInput and a seed corpus in tests/fuzz/<name>/.
FUZZ_TARGETS = gs1 csv ini traveler scanframe b2mml
FUZZ_REPLAY  = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)

MANPAGES   = $(sort $(wildcard man/*.[1-8]))
# MESA's V0700 schemas where they always were, V0701 beside them.
B2MML_XSD  = $(sort $(wildcard data/b2mml/*.xsd))
B2MML_XSD_V0701 = $(sort $(wildcard data/b2mml/v0701/*.xsd))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all check check-reliability bench bench-sched demo install uninstall \
        clean deps help unit asan-unit print-debs lint-man options fuzz fuzz-bin FORCE
all: $(PROGS) $(UNIT_BIN) $(BENCHES) $(BUILD)/tests/relwork $(REL_BIN) $(FUZZ_REPLAY)

# ---- the rules ------------------------------------------------------
# Every object depends on the flags it was built with, so `make check`
# after a plain `make` rebuilds with -Werror instead of trusting objects
# that were allowed to warn.
FLAGS_STAMP = $(BUILD)/gen/flags
$(FLAGS_STAMP): FORCE
	@$(PKG_CONFIG) --exists $(PKGS) || { $(PKG_CONFIG) --print-errors --exists $(PKGS); \
	    echo "make: libraries missing; 'make deps' installs them (Debian: $(BUILD_DEBS))"; exit 1; }
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(BUILD)/gen/migrations.c: $(MIGRATIONS) core/base/gen-migrations.sh
	@mkdir -p $(@D)
	$(Q)sh core/base/gen-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

# A new dictionary release is a data update.
$(BUILD)/gen/gs1_ai.c: $(GS1_DICT) data/gs1/iso3166.txt data/gs1/iso4217.txt data/gs1/packagetype.txt core/materials/gen-gs1.sh
	@mkdir -p $(@D)
	$(Q)sh core/materials/gen-gs1.sh $(GS1_DICT) > $@.tmp || { rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c $(FLAGS_STAMP)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBMES): $(CORE_OBJ)
$(LIBDRV): $(DRV_OBJ)
$(LIBUI):  $(UI_OBJ)
$(LIBMES) $(LIBDRV) $(LIBUI):
	@echo "  AR    $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

# Objects first, then the archives in the order each program named them.
$(PROGS):
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# One source file, linked against the archives it reaches (a static
# archive adds only what is used).
ONE_FILE = $(Q)mkdir -p $(@D); echo "  CC    $<"; \
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote $(<D) -o $@ $(filter %.c %.a,$^) $(DEP_LIBS)

$(BENCHES): $(BUILD)/bench/%: bench/%.c $(LIBDRV) $(LIBMES) $(FLAGS_STAMP)
	$(ONE_FILE)

# The fixture is an archive, so a test that needs no database does not
# pull in libmes.
$(BUILD)/tests/libfixture.a: $(BUILD)/tests/unit/fixture.o
	$(Q)rm -f $@ && $(AR) rcs $@ $<
$(UNIT_BIN): $(BUILD)/tests/%: tests/unit/%.c $(BUILD)/tests/libfixture.a $(LIBDRV) $(LIBMES) $(FLAGS_STAMP)
	$(ONE_FILE)
# test_modbus starts the simulator it talks to.
$(BUILD)/tests/test_modbus: | $(BUILD)/mes-plcsim

$(REL_BIN): $(BUILD)/tests/%: tests/rel/%.c $(LIBDRV) $(LIBMES) $(FLAGS_STAMP)
	$(ONE_FILE)
$(BUILD)/tests/relwork: $(REL_SRC) tests/rel/rel.h $(LIBMES) $(FLAGS_STAMP)
	$(ONE_FILE)

# The fuzz corpus replayed without libFuzzer (tests/fuzz/replay.c is the
# main): make check builds these in $(BUILD)/asan, under ASan and UBSan.
$(FUZZ_REPLAY): $(BUILD)/fuzz/replay-%: tests/fuzz/fz_%.c tests/fuzz/replay.c $(LIBDRV) $(LIBMES) $(FLAGS_STAMP)
	$(ONE_FILE)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- the targets ----------------------------------------------------
help:
	@echo "make [all|check|check-reliability|bench|bench-sched|demo|install|uninstall|"
	@echo "      clean|deps|lint-man|fuzz|options|print-debs]"

options:
	@echo "CC=$(CC) CFLAGS=$(ALL_CFLAGS)"; echo "LIBS=$(DEP_LIBS)"

print-debs:
	@echo $(BUILD_DEBS) $(TEST_DEBS)

unit: $(UNIT_BIN) $(FUZZ_REPLAY)

# The same unit tests built with AddressSanitizer + UBSan in their own tree.
asan-unit:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 CFLAGS="-O1 -g" unit

deps:
	@missing=""; for p in $(BUILD_DEBS) $(if $(filter check check-reliability,$(MAKECMDGOALS)),$(TEST_DEBS)); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "These Debian packages are missing. Install them, then run make again:"; \
	    echo "  sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

check: deps
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror all
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror asan-unit
	$(Q)BUILD=$(BUILD) sh tests/run.sh

# The whole reliability suite (16 writers killed over many rounds, 64 at
# once for 30 s, faults, devices, fuzzing, valgrind, security); make
# check runs a short form through tests/cli/reliability.sh.
FUZZ_SECONDS ?= 60
FUZZ_CC     ?= clang
check-reliability: deps
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror all
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror asan-unit
	$(Q)$(MAKE) --no-print-directory fuzz-bin
	$(Q)BUILD=$(BUILD) REL_FULL=1 FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/rel/run.sh

# libFuzzer binaries: the libraries again, built by clang with coverage
# instrumentation in their own tree (warnings are gcc's business there).
FUZZ_BUILD = $(BUILD)/fuzzlib
fuzz-bin:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    WARN="-w" WERROR= SAN= CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	    $(FUZZ_BUILD)/libmesdrv.a $(FUZZ_BUILD)/libmes.a
	$(Q)for t in $(FUZZ_TARGETS); do \
	    echo "  FUZZ  $(BUILD)/fuzz/fuzz-$$t"; mkdir -p $(BUILD)/fuzz; \
	    $(FUZZ_CC) -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
	      -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(DEP_CFLAGS) $(INCLUDES) \
	      -o $(BUILD)/fuzz/fuzz-$$t tests/fuzz/fz_$$t.c \
	      $(FUZZ_BUILD)/libmesdrv.a $(FUZZ_BUILD)/libmes.a $(DEP_LIBS) || exit 1; \
	done

fuzz: fuzz-bin
	$(Q)BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/rel/fuzz.sh

bench: all
	$(Q)BUILD=$(BUILD) sh bench/run.sh

# SCHED_TIME_LIMIT (seconds per instance, default 10) shortens a trial run.
bench-sched: $(BUILD)/bench/sched
	$(Q)BUILD=$(BUILD) sh bench/sched.sh

DEMO_DIR = demo
demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh data/demo.sh $(DEMO_DIR)

lint-man:
	$(Q)for f in $(MANPAGES); do mandoc -Tlint -W warning $$f || exit 1; done

# The database directory shared by group mes only (2770: the group's
# accounts make the -wal, -shm and -lock files there, and files made
# inside get the group); the configuration readable by the group only
# and left as it is when it exists (the site's settings).  Not root (a
# staging DESTDIR): the group and the directory are left to the site.
MES_GROUP ?= mes
MES_DBDIR ?= /var/lib/mes
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/migrations \
	    $(DESTDIR)$(DATADIR)/labels $(DESTDIR)$(DATADIR)/b2mml/v0701
	[ -d $(DESTDIR)$(SYSCONFDIR) ] || install -d -m 750 $(DESTDIR)$(SYSCONFDIR)
	install -m 755 $(addprefix $(BUILD)/,$(BIN_PROGS)) $(DESTDIR)$(BINDIR)/
	install -m 755 $(addprefix $(BUILD)/,$(SBIN_PROGS)) $(DESTDIR)$(SBINDIR)/
	for f in $(MANPAGES); do s=$${f##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/; done
	install -m 644 $(MIGRATIONS) $(DESTDIR)$(DATADIR)/migrations/
	install -m 644 data/mes.ini.example data/mes-collect.service data/mes-ship.service \
	    $(DESTDIR)$(DATADIR)/
	install -m 644 data/labels/lot.zpl data/labels/unit.zpl $(DESTDIR)$(DATADIR)/labels/
	install -m 644 $(B2MML_XSD) data/b2mml/README $(DESTDIR)$(DATADIR)/b2mml/
	install -m 644 $(B2MML_XSD_V0701) data/b2mml/v0701/README data/b2mml/v0701/LICENSE \
	    $(DESTDIR)$(DATADIR)/b2mml/v0701/
	[ -e $(DESTDIR)$(SYSCONFDIR)/mes.ini ] || \
	    install -m 640 data/mes.ini.example $(DESTDIR)$(SYSCONFDIR)/mes.ini
	$(Q)if [ "$$(id -u)" != 0 ]; then \
	  echo "install: not root, so $(DESTDIR)$(MES_DBDIR) and the group $(MES_GROUP) are left to you (see README: A real plant)"; \
	else \
	  getent group $(MES_GROUP) >/dev/null || groupadd --system $(MES_GROUP) || exit 1; \
	  install -d -m 2770 -g $(MES_GROUP) $(DESTDIR)$(MES_DBDIR) && \
	  install -d -m 750 -g $(MES_GROUP) $(DESTDIR)$(SYSCONFDIR) && \
	  chgrp $(MES_GROUP) $(DESTDIR)$(SYSCONFDIR)/mes.ini && chmod 640 $(DESTDIR)$(SYSCONFDIR)/mes.ini; \
	fi

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(BIN_PROGS)) $(addprefix $(DESTDIR)$(SBINDIR)/,$(SBIN_PROGS))
	for f in $(MANPAGES); do s=$${f##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${f##*/}; done
	rm -rf $(DESTDIR)$(DATADIR)
	@echo "left $(DESTDIR)$(SYSCONFDIR)/mes.ini in place (your configuration)"

clean:
	rm -rf $(BUILD)
