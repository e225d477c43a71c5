#!/bin/sh
# make install / uninstall into a staging root: PREFIX and DESTDIR honoured.
. tests/cli/lib.inc
R=$T/root
expect_rc "make install DESTDIR=... PREFIX=/usr" 0 $T/o make --no-print-directory -s BUILD=$BUILD DESTDIR=$R PREFIX=/usr SYSCONFDIR=/etc/mes install
check "mesctl installed in sbin" test -x $R/usr/sbin/mesctl
check "the installed mesctl runs" $R/usr/sbin/mesctl --version
check "mesctl(8) installed" test -f $R/usr/share/man/man8/mesctl.8
check "mes.ini(5) installed" test -f $R/usr/share/man/man5/mes.ini.5
check "migrations installed under share/mes" test -f $R/usr/share/mes/migrations/0001_initial.sql
check "example config installed" test -f $R/usr/share/mes/mes.ini.example
check "a config is put in place" test -f $R/etc/mes/mes.ini
echo "# site setting" >> $R/etc/mes/mes.ini
make --no-print-directory -s BUILD=$BUILD DESTDIR=$R PREFIX=/usr SYSCONFDIR=/etc/mes install >/dev/null 2>&1
check "a second install keeps the site's config" grep -q "site setting" $R/etc/mes/mes.ini
expect_rc "make uninstall" 0 $T/o make --no-print-directory -s BUILD=$BUILD DESTDIR=$R PREFIX=/usr SYSCONFDIR=/etc/mes uninstall
check "mesctl removed" test ! -e $R/usr/sbin/mesctl
check "man page removed" test ! -e $R/usr/share/man/man8/mesctl.8
check "the config stays" test -f $R/etc/mes/mes.ini
