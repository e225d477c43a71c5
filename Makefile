# mes: plain GNU make.  `make help` lists the targets.
VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
SBINDIR   ?= $(PREFIX)/sbin
MANDIR    ?= $(PREFIX)/share/man
DATADIR   ?= $(PREFIX)/share/mes
SYSCONFDIR ?= /etc/mes
DESTDIR   ?=
BUILD     ?= build
PKG_CONFIG ?= pkg-config

PKGS       = ncursesw sqlite3 libmodbus libserialport libsodium libxml-2.0
DEP_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null) -I/usr/include/iniparser
DEP_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -liniparser -lm

CFLAGS    ?= -O2 -g
WARN       = -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
# Warnings stop the build in `make check` and CI, where they are ours to
# fix; a plant building a release with a newer compiler is not stopped by a
# warning that compiler invented (make WERROR=-Werror to have it anyway).
WERROR    ?=
SAN_FLAGS  = -fsanitize=address,undefined -fno-sanitize-recover=all \
             -fno-omit-frame-pointer
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=600 -D_DEFAULT_SOURCE $(WARN) $(WERROR) \
             $(DEP_CFLAGS) -iquote core -iquote console -iquote $(BUILD)/gen \
             -DSYSCONFDIR=\"$(SYSCONFDIR)\" -DDATADIR=\"$(DATADIR)\" \
             -MMD -MP $(if $(SAN),$(SAN_FLAGS)) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(if $(SAN),$(SAN_FLAGS)) $(LDFLAGS)

# Debian 12 packages: to build, then what the tests drive for real.
BUILD_DEBS = gcc make pkg-config libncurses-dev libsqlite3-dev libmodbus-dev \
             libserialport-dev libiniparser-dev libsodium-dev libxml2-dev
# Every program a test runs, imports or looks for is named here, since CI
# starts from a minimal root: pymodbus's server imports serial and
# serial_asyncio but only recommends them, and mount and chattr are what
# the disk-full and read-only faults use; faketime sets a clock back.
TEST_DEBS  = sqlite3 tmux socat mandoc libxml2-utils mbpoll python3 \
             python3-pymodbus python3-serial python3-serial-asyncio \
             procps openssh-server mount e2fsprogs faketime

CORE_SRC   = $(sort $(wildcard core/*.c))
CORE_OBJ   = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/migrations.o
LIBMES     = $(BUILD)/libmes.a
MIGRATIONS = $(sort $(wildcard data/migrations/*.sql))

DRV_SRC    = $(sort $(wildcard drivers/*/*.c))
DRV_OBJ    = $(DRV_SRC:%.c=$(BUILD)/%.o)
LIBDRV     = $(BUILD)/libmesdrv.a

UI_SRC     = $(sort $(wildcard console/ui/*.c))
UI_OBJ     = $(UI_SRC:%.c=$(BUILD)/%.o)
LIBUI      = $(BUILD)/libmesui.a

DISPATCH_SRC = $(sort $(wildcard console/dispatch/*.c))
DISPATCH_OBJ = $(DISPATCH_SRC:%.c=$(BUILD)/%.o)

MESCTL_SRC = $(sort $(wildcard console/mesctl/*.c))
MESCTL_OBJ = $(MESCTL_SRC:%.c=$(BUILD)/%.o)
PROGS      = $(BUILD)/mesctl $(BUILD)/mes-dispatch
BENCHES    = $(BUILD)/bench/core $(BUILD)/bench/genplant

UNIT_SRC   = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FIXTURE_LIB = $(BUILD)/tests/libfixture.a

MANPAGES   = $(sort $(wildcard man/*.[1-8]))

ifeq ($(V),1)
Q =
else
Q = @
endif

.PHONY: all check bench demo install uninstall clean deps help unit asan-unit print-debs \
        lint-man options
all: $(PROGS) $(UNIT_BIN)

print-debs:
	@echo $(BUILD_DEBS) $(TEST_DEBS)

help:
	@echo "make [all|check|bench|demo|install|uninstall|clean|deps|lint-man|options]"

options:
	@echo "CC=$(CC) CFLAGS=$(ALL_CFLAGS)"; echo "LIBS=$(DEP_LIBS)"

# Every object depends on the flags it was built with, so `make check`
# after a plain `make` rebuilds with -Werror instead of trusting objects
# that were allowed to warn.
FLAGS_STAMP = $(BUILD)/gen/flags
.PHONY: FORCE
$(FLAGS_STAMP): FORCE
	@$(PKG_CONFIG) --exists $(PKGS) || { $(PKG_CONFIG) --print-errors --exists $(PKGS); \
	    echo "make: libraries missing; 'make deps' installs them (Debian: $(BUILD_DEBS))"; exit 1; }
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' | cmp -s - $@ 2>/dev/null || \
	    echo '$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS)' > $@

$(BUILD)/gen/migrations.c: $(MIGRATIONS) core/gen-migrations.sh
	@mkdir -p $(@D)
	$(Q)sh core/gen-migrations.sh $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/migrations.o: $(BUILD)/gen/migrations.c $(FLAGS_STAMP)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBMES): $(CORE_OBJ)
	@echo "  AR    $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIBDRV): $(DRV_OBJ)
	@echo "  AR    $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIBUI): $(UI_OBJ)
	@echo "  AR    $@"
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/mes-dispatch: $(DISPATCH_OBJ) $(LIBUI) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(DISPATCH_OBJ) $(LIBUI) $(LIBMES) $(DEP_LIBS)

$(BUILD)/mesctl: $(MESCTL_OBJ) $(LIBUI) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MESCTL_OBJ) $(LIBUI) $(LIBMES) $(DEP_LIBS)

# An archive, so a test that needs no database does not pull in libmes.
$(BUILD)/tests/fixture.o: tests/unit/fixture.c $(FLAGS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) -iquote tests/unit -c -o $@ $<

$(FIXTURE_LIB): $(BUILD)/tests/fixture.o
	$(Q)rm -f $@ && $(AR) rcs $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(FIXTURE_LIB) $(LIBMES) $(LIBDRV) $(FLAGS_STAMP)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote tests/unit -iquote drivers -o $@ $< $(FIXTURE_LIB) $(LIBDRV) $(LIBMES) $(DEP_LIBS)

unit: $(UNIT_BIN)

$(BUILD)/bench/core $(BUILD)/bench/genplant: $(BUILD)/bench/%: bench/%.c $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBMES) $(DEP_LIBS)

# The same unit tests built with AddressSanitizer + UBSan in their own tree.
asan-unit:
	$(Q)$(MAKE) --no-print-directory BUILD=$(BUILD)/asan SAN=1 CFLAGS="-O1 -g" unit

deps:
	@missing=""; for p in $(BUILD_DEBS) $(if $(filter check,$(MAKECMDGOALS)),$(TEST_DEBS)); do \
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

bench: all $(BENCHES)
	$(Q)BUILD=$(BUILD) sh bench/run.sh

DEMO_DIR = demo
demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)BUILD=$(BUILD) sh data/demo.sh $(DEMO_DIR)

lint-man:
	$(Q)for f in $(MANPAGES); do mandoc -Tlint -W warning $$f || exit 1; done

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR) \
	    $(DESTDIR)$(DATADIR)/migrations
	# Not readable by everyone; left as it is when it exists (group mes).
	[ -d $(DESTDIR)$(SYSCONFDIR) ] || install -d -m 750 $(DESTDIR)$(SYSCONFDIR)
	install -m 755 $(BUILD)/mesctl $(DESTDIR)$(SBINDIR)/mesctl
	install -m 755 $(BUILD)/mes-dispatch $(DESTDIR)$(BINDIR)/mes-dispatch
	for f in $(MANPAGES); do s=$${f##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    install -m 644 $$f $(DESTDIR)$(MANDIR)/man$$s/; done
	install -m 644 $(MIGRATIONS) $(DESTDIR)$(DATADIR)/migrations/
	install -m 644 data/mes.ini.example $(DESTDIR)$(DATADIR)/mes.ini.example
	[ -e $(DESTDIR)$(SYSCONFDIR)/mes.ini ] || \
	    install -m 640 data/mes.ini.example $(DESTDIR)$(SYSCONFDIR)/mes.ini

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/mesctl $(DESTDIR)$(BINDIR)/mes-dispatch
	for f in $(MANPAGES); do s=$${f##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${f##*/}; done
	rm -rf $(DESTDIR)$(DATADIR)
	@echo "left $(DESTDIR)$(SYSCONFDIR)/mes.ini in place (your configuration)"

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- gs1 ---
# core/gs1*.c validate against a table compiled from GS1's Barcode Syntax
# Dictionary, so a new dictionary release is a data update.
GS1_DICT = data/gs1/gs1-syntax-dictionary.txt

$(BUILD)/gen/gs1_ai.c: $(GS1_DICT) core/gen-gs1.sh
	@mkdir -p $(@D)
	$(Q)sh core/gen-gs1.sh $(GS1_DICT) > $@.tmp || { rm -f $@.tmp; exit 1; }
	$(Q)mv $@.tmp $@

# The pattern rule wants gen/gs1_ai.c in the source tree, not in $(BUILD).
$(BUILD)/gen/gs1_ai.o: $(BUILD)/gen/gs1_ai.c $(FLAGS_STAMP)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# $(LIBMES)'s prerequisite list was expanded where its rule stands, before
# this line; naming the object on the rule itself is what puts it in $^.
CORE_OBJ += $(BUILD)/gen/gs1_ai.o
$(LIBMES): $(BUILD)/gen/gs1_ai.o
$(BUILD)/core/gs1.o: | $(BUILD)/gen/gs1_ai.c
# --- end gs1 ---

# --- sched ---
all: $(BUILD)/bench/sched

$(BUILD)/bench/sched: bench/sched.c $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBMES) $(DEP_LIBS)

# SCHED_TIME_LIMIT (seconds per instance, default 10) shortens a trial run.
.PHONY: bench-sched
bench-sched: $(BUILD)/bench/sched
	$(Q)BUILD=$(BUILD) sh bench/sched.sh
# --- end sched ---

# --- modbus ---
# The programs' mains sit one directory down (drivers/*/prog/), outside the
# drivers/*/*.c wildcard that fills $(LIBDRV): that archive's prerequisites
# were fixed where its rule stands, so filtering DRV_SRC here would not take
# them out again.
PLCSIM_OBJ  = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard drivers/plcsim/prog/*.c)))
COLLECT_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard drivers/collect/prog/*.c)))

$(BUILD)/mes-plcsim: $(PLCSIM_OBJ) $(LIBDRV) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(PLCSIM_OBJ) $(LIBDRV) $(LIBMES) $(DEP_LIBS)

$(BUILD)/mes-collect: $(COLLECT_OBJ) $(LIBDRV) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(COLLECT_OBJ) $(LIBDRV) $(LIBMES) $(DEP_LIBS)

# test_modbus starts the simulator it talks to.
$(BUILD)/tests/test_modbus: | $(BUILD)/mes-plcsim

all: $(BUILD)/mes-plcsim $(BUILD)/mes-collect

.PHONY: install-modbus uninstall-modbus
install: install-modbus
install-modbus: $(BUILD)/mes-plcsim $(BUILD)/mes-collect
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR)
	install -m 755 $(BUILD)/mes-plcsim $(DESTDIR)$(BINDIR)/mes-plcsim
	install -m 755 $(BUILD)/mes-collect $(DESTDIR)$(SBINDIR)/mes-collect

uninstall: uninstall-modbus
uninstall-modbus:
	rm -f $(DESTDIR)$(BINDIR)/mes-plcsim $(DESTDIR)$(SBINDIR)/mes-collect
# --- end modbus ---

# --- scan ---
# mes-scan, the receiving and materials station; the lot-label driver that
# mesctl uses too; the receiving and genealogy benchmarks.  mesctl's link
# line reads $(MESCTL_OBJ) when it runs, so the driver archive goes in
# there (ahead of libmes); its prerequisite list was fixed earlier, hence
# the extra prerequisite line.
SCAN_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard console/scan/*.c)))
MESCTL_OBJ += $(LIBDRV)
$(BUILD)/mesctl: $(LIBDRV)

$(BUILD)/mes-scan: $(SCAN_OBJ) $(LIBUI) $(LIBDRV) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(SCAN_OBJ) $(LIBUI) $(LIBDRV) $(LIBMES) $(DEP_LIBS)

$(BUILD)/bench/receive $(BUILD)/bench/genlots: $(BUILD)/bench/%: bench/%.c $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBMES) $(DEP_LIBS)

all: $(BUILD)/mes-scan $(BUILD)/bench/receive $(BUILD)/bench/genlots

.PHONY: install-scan uninstall-scan
install: install-scan
install-scan: $(BUILD)/mes-scan
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/labels
	install -m 755 $(BUILD)/mes-scan $(DESTDIR)$(BINDIR)/mes-scan
	install -m 644 data/labels/lot.zpl $(DESTDIR)$(DATADIR)/labels/lot.zpl

uninstall: uninstall-scan
uninstall-scan:
	rm -f $(DESTDIR)$(BINDIR)/mes-scan
# --- end scan ---
# --- quality ---
QUALITY_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard console/quality/*.c)))

$(BUILD)/mes-quality: $(QUALITY_OBJ) $(LIBUI) $(LIBDRV) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(QUALITY_OBJ) $(LIBUI) $(LIBDRV) $(LIBMES) $(DEP_LIBS)

all: $(BUILD)/mes-quality

.PHONY: install-quality uninstall-quality
install: install-quality
install-quality: $(BUILD)/mes-quality
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(BUILD)/mes-quality $(DESTDIR)$(BINDIR)/mes-quality

uninstall: uninstall-quality
uninstall-quality:
	rm -f $(DESTDIR)$(BINDIR)/mes-quality
# --- end quality ---

# --- reliability ---
# make check-reliability: the whole suite (16 writers killed over many
# rounds, 64 at once for 30 s, faults, devices, fuzzing, valgrind,
# security); make check runs a short form through tests/cli/reliability.sh.
# make fuzz: libFuzzer on each target for FUZZ_SECONDS.  A new parser gets
# a fuzz target by one word in FUZZ_TARGETS, a tests/fuzz/fz_<name>.c with
# LLVMFuzzerTestOneInput and a seed corpus in tests/fuzz/<name>/; code
# outside the three libraries goes in FUZZ_OBJ (none today: every parser
# a target reaches is in libmes or libmesdrv).
TEST_DEBS   += clang libclang-rt-14-dev valgrind
FUZZ_TARGETS = gs1 csv ini traveler scanframe b2mml
FUZZ_OBJ     =
FUZZ_SECONDS ?= 60
FUZZ_CC     ?= clang
REL_SRC      = $(sort $(wildcard tests/rel/rel_*.c))
FUZZ_REPLAY  = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay-%)
FUZZ_LIBS    = $(addprefix $(BUILD)/,$(FUZZ_OBJ)) $(LIBUI) $(LIBDRV) $(LIBMES)

$(BUILD)/tests/relwork: $(REL_SRC) tests/rel/rel.h $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote tests/rel -o $@ $(REL_SRC) $(LIBMES) $(DEP_LIBS)

# The corpus replayed without libFuzzer (tests/fuzz/replay.c is the main):
# make check builds these in $(BUILD)/asan, under ASan and UBSan.
$(BUILD)/fuzz/replay-%: tests/fuzz/fz_%.c tests/fuzz/replay.c $(FUZZ_LIBS)
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote drivers -o $@ $< tests/fuzz/replay.c $(FUZZ_LIBS) $(DEP_LIBS)

# roles: each state-changing core function as each role against the
# README's table.
$(BUILD)/tests/roles: tests/rel/roles.c $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIBMES) $(DEP_LIBS)

$(BUILD)/tests/scanpty: tests/rel/scanpty.c $(LIBDRV) $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote drivers -o $@ $< $(LIBDRV) $(LIBMES) $(DEP_LIBS)

all: $(BUILD)/tests/relwork $(BUILD)/tests/roles $(BUILD)/tests/scanpty $(FUZZ_REPLAY)
unit: $(FUZZ_REPLAY)

# libFuzzer binaries: the libraries again, built by clang with coverage
# instrumentation in their own tree (warnings are gcc's business there).
FUZZ_BUILD = $(BUILD)/fuzzlib
.PHONY: fuzz fuzz-bin check-reliability
fuzz-bin:
	$(Q)$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    WARN="-w" WERROR= SAN= CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	    $(addprefix $(FUZZ_BUILD)/,$(FUZZ_OBJ)) $(FUZZ_BUILD)/libmesui.a \
	    $(FUZZ_BUILD)/libmesdrv.a $(FUZZ_BUILD)/libmes.a
	$(Q)for t in $(FUZZ_TARGETS); do \
	    echo "  FUZZ  $(BUILD)/fuzz/fuzz-$$t"; mkdir -p $(BUILD)/fuzz; \
	    $(FUZZ_CC) -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
	      -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(DEP_CFLAGS) -iquote core -iquote console -iquote drivers \
	      -o $(BUILD)/fuzz/fuzz-$$t tests/fuzz/fz_$$t.c \
	      $(addprefix $(FUZZ_BUILD)/,$(FUZZ_OBJ)) $(FUZZ_BUILD)/libmesui.a \
	      $(FUZZ_BUILD)/libmesdrv.a $(FUZZ_BUILD)/libmes.a $(DEP_LIBS) || exit 1; \
	done

fuzz: fuzz-bin
	$(Q)BUILD=$(BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/rel/fuzz.sh

# The database directory shared by group mes only (2770: the group's
# accounts make the -wal, -shm and -lock files there, and files made
# inside get the group); the configuration readable by the group only;
# as root the group is created when missing.  Not root (a staging
# DESTDIR): say what is left.
MES_GROUP ?= mes
MES_DBDIR ?= /var/lib/mes
.PHONY: install-secure
install: install-secure
install-secure:
	$(Q)if [ "$$(id -u)" != 0 ]; then \
	  echo "install: not root, so $(DESTDIR)$(MES_DBDIR) and the group $(MES_GROUP) are left to you (see README: A real plant)"; \
	else \
	  getent group $(MES_GROUP) >/dev/null || groupadd --system $(MES_GROUP) || exit 1; \
	  install -d -m 2770 -g $(MES_GROUP) $(DESTDIR)$(MES_DBDIR) && \
	  install -d -m 750 -g $(MES_GROUP) $(DESTDIR)$(SYSCONFDIR) && \
	  { [ -e $(DESTDIR)$(SYSCONFDIR)/mes.ini ] || \
	    install -m 640 -g $(MES_GROUP) data/mes.ini.example $(DESTDIR)$(SYSCONFDIR)/mes.ini; } && \
	  chgrp $(MES_GROUP) $(DESTDIR)$(SYSCONFDIR)/mes.ini && chmod 640 $(DESTDIR)$(SYSCONFDIR)/mes.ini; \
	fi

check-reliability: deps
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror all
	$(Q)$(MAKE) --no-print-directory WERROR=-Werror asan-unit
	$(Q)$(MAKE) --no-print-directory fuzz-bin
	$(Q)BUILD=$(BUILD) REL_FULL=1 FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" sh tests/rel/run.sh
# --- end reliability ---

# --- maint ---
# mes-maint, the maintenance screen; bench/collect sets the collector's
# poll loop beside a bare libmodbus loop.
MAINT_OBJ = $(patsubst %.c,$(BUILD)/%.o,$(sort $(wildcard console/maint/*.c)))

$(BUILD)/mes-maint: $(MAINT_OBJ) $(LIBUI) $(LIBMES)
	@echo "  LD    $@"
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(MAINT_OBJ) $(LIBUI) $(LIBMES) $(DEP_LIBS)

$(BUILD)/bench/collect: bench/collect.c $(LIBDRV) $(LIBMES)
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -iquote drivers -o $@ $< $(LIBDRV) $(LIBMES) $(DEP_LIBS)

all: $(BUILD)/mes-maint $(BUILD)/bench/collect
bench: $(BUILD)/bench/collect

.PHONY: install-maint uninstall-maint
install: install-maint
install-maint: $(BUILD)/mes-maint
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)
	install -m 755 $(BUILD)/mes-maint $(DESTDIR)$(BINDIR)/mes-maint
	install -m 644 data/mes-collect.service $(DESTDIR)$(DATADIR)/mes-collect.service

uninstall: uninstall-maint
uninstall-maint:
	rm -f $(DESTDIR)$(BINDIR)/mes-maint
# --- end maint ---

# --- exchange ---
# The MESA B2MML schemas the ERP exchange's files validate against
# (data/b2mml/README).
B2MML_XSD = $(sort $(wildcard data/b2mml/*.xsd))

.PHONY: install-exchange uninstall-exchange
install: install-exchange
install-exchange:
	install -d $(DESTDIR)$(DATADIR)/b2mml
	install -m 644 $(B2MML_XSD) data/b2mml/README $(DESTDIR)$(DATADIR)/b2mml/

uninstall: uninstall-exchange
uninstall-exchange:
	rm -rf $(DESTDIR)$(DATADIR)/b2mml
# --- end exchange ---

# Programs compiled straight from one source file follow the flags too.
$(BENCHES) $(BUILD)/bench/sched $(BUILD)/bench/receive $(BUILD)/bench/genlots \
$(BUILD)/bench/collect $(BUILD)/tests/relwork $(BUILD)/tests/roles \
$(BUILD)/tests/scanpty $(FUZZ_REPLAY): $(FLAGS_STAMP)
